"""Pledge services: amounts, due dates, idempotency, lifecycle, progress; energy and payroll maths."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import catalogue, energy, payroll, pledges
from campaigns.catalogue import CampaignView
from campaigns.energy import EnergyUnit
from campaigns.kinds import PledgeKind, PledgeRules, Recurrence
from campaigns.loader import load_campaigns
from campaigns.people import PersonView, get_or_create, set_neighbourhood, set_region
from campaigns.pledges import AmountError, PledgeDraft
from campaigns.progress import measure
from handlers.pledges import amount_words
from i18n import words
from storage.models import Pledge
from storage.unit_of_work import UnitOfWork

SHIPPED = Path(__file__).resolve().parents[2] / "campaigns" / "definitions"
TODAY = date(2026, 11, 24)  # 3 Azar 1405


@pytest.mark.parametrize("text, expected", [
    ("۵۰۰٬۰۰۰", 500_000), ("500,000", 500_000), ("٥٠٠٠٠٠", 500_000), ("۵۰۰ هزار", 500_000),
    ("۲ میلیون تومان", 2_000_000), ("پانصد", None), ("12a", None), ("", None),
])
def test_parse_tomans(text: str, expected: int | None) -> None:
    assert pledges.parse_tomans(text, amount_words()) == expected


def test_amount_limits() -> None:
    rules = PledgeRules(min_tomans=50_000, max_tomans=1_000_000)
    assert pledges.check_amount("۴۹٬۹۹۹", rules) == AmountError.TOO_SMALL
    assert pledges.check_amount("1000001", rules) == AmountError.TOO_LARGE
    assert pledges.check_amount("سلام", rules) == AmountError.NOT_A_NUMBER
    assert pledges.check_amount("۵۰٬۰۰۰", rules) == 50_000


def test_due_dates() -> None:
    assert pledges.due_on(Recurrence.ONCE, TODAY) == TODAY + timedelta(days=7)
    assert pledges.due_on(Recurrence.MONTHLY, TODAY) == date(2026, 12, 21)  # 30 Azar 1405
    assert pledges.end_of_jalali_month(date(2027, 3, 1)) == date(2027, 3, 20)  # 29 Esfand 1405


@pytest.mark.parametrize("text, expected", [
    ("۴۳۲۱", 4321), ("0987", 987), ("9999", 9999), ("0", 0), ("۱۸٬۷۵۴٬۳۲۱", 4321), ("187543210 ریال", 3210),
    ("12345", payroll.DigitsError.AMBIGUOUS), ("123456", payroll.DigitsError.AMBIGUOUS),
    ("abc", payroll.DigitsError.NOT_DIGITS), ("-12", payroll.DigitsError.NOT_DIGITS),
])
def test_payslip_digits(text: str, expected: int | payroll.DigitsError) -> None:
    assert payroll.payslip_digits(text, words("answers-unit-rial")) == expected


async def _setup(session: AsyncSession, user_id: int = 1, county: str | None = None) -> PersonView:
    await load_campaigns(UnitOfWork(session), SHIPPED)
    person = await get_or_create(UnitOfWork(session), "telegram", user_id, user_id, "fa")
    person = await set_region(UnitOfWork(session), person.id, "isfahan", county or "isfahan-kashan")
    return await set_neighbourhood(UnitOfWork(session), person.id, "fin")


async def _campaign(session: AsyncSession, slug: str) -> CampaignView:
    campaign = await catalogue.by_slug(UnitOfWork(session), slug)
    assert campaign is not None
    return campaign


async def test_same_key_makes_one_pledge_and_progress_counts_it(
        session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        person = await _setup(session)
        dowry = await _campaign(session, "dowry-sets")
        draft = PledgeDraft(campaign_id=dowry.id, kind=PledgeKind.CASH, amount=15_000_000)
        key = pledges.idempotency_key(person.id, dowry.id, "n1")
        first, created = await pledges.create(UnitOfWork(session), person.id, draft, key, TODAY)
        again, created_again = await pledges.create(UnitOfWork(session), person.id, draft, key, TODAY)
        assert created and not created_again and first.id == again.id
        count = (await session.execute(select(func.count()).select_from(Pledge))).scalar_one()
        assert count == 1
        progress = await measure(UnitOfWork(session), dowry)
        assert (progress.current, progress.target, progress.percent) == (15_000_000, 50_000_000_000, 0)
        assert await pledges.cancel(UnitOfWork(session), person.id, first.id)
        assert (await measure(UnitOfWork(session), dowry)).current == 0
        assert not await pledges.cancel(UnitOfWork(session), person.id, first.id)


async def test_a_racing_duplicate_is_reported_as_already_made(
        session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as one, session_pool() as two:
        person = await _setup(one)
        dowry = await _campaign(one, "dowry-sets")
        draft = PledgeDraft(campaign_id=dowry.id, kind=PledgeKind.CASH, amount=100_000)
        key = pledges.idempotency_key(person.id, dowry.id, "race")
        # The second session saw no pledge under the key when it looked, then hits the unique index.
        await pledges.create(UnitOfWork(one), person.id, draft, key, TODAY)
        from storage.repositories.pledges import PledgeRepository

        original = PledgeRepository.by_key
        calls = {"n": 0}

        async def blind_first(self: PledgeRepository, k: str) -> Pledge | None:
            calls["n"] += 1
            return None if calls["n"] == 1 else await original(self, k)

        PledgeRepository.by_key = blind_first  # type: ignore[method-assign]
        try:
            saved, created = await pledges.create(UnitOfWork(two), person.id, draft, key, TODAY)
        finally:
            PledgeRepository.by_key = original  # type: ignore[method-assign]
        assert not created and saved.amount == 100_000


async def test_mark_overdue_flips_only_open_pledges_past_due(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        person = await _setup(session)
        dowry = await _campaign(session, "dowry-sets")
        once = PledgeDraft(campaign_id=dowry.id, kind=PledgeKind.CASH, amount=100_000)
        monthly = PledgeDraft(campaign_id=dowry.id, kind=PledgeKind.CASH, amount=100_000,
                              recurrence=Recurrence.MONTHLY)
        a, _ = await pledges.create(UnitOfWork(session), person.id, once, "k-a", TODAY)
        b, _ = await pledges.create(UnitOfWork(session), person.id, monthly, "k-b", TODAY)
        c, _ = await pledges.create(UnitOfWork(session), person.id, once, "k-c", TODAY)
        await pledges.fulfil(UnitOfWork(session), c.id)
        assert await pledges.mark_overdue(UnitOfWork(session), TODAY + timedelta(days=7)) == 0
        assert await pledges.mark_overdue(UnitOfWork(session), TODAY + timedelta(days=8)) == 1
        assert await pledges.mark_overdue(UnitOfWork(session), date(2026, 12, 22)) == 1
        statuses = {p.id: p.status.value for p in await pledges.of_person(UnitOfWork(session), person.id)}
        assert statuses == {a.id: "overdue", b.id: "overdue", c.id: "fulfilled"}


async def test_items_progress_for_in_kind(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        person = await _setup(session)
        heaters = await _campaign(session, "low-consumption-heaters")
        draft = PledgeDraft(campaign_id=heaters.id, kind=PledgeKind.IN_KIND, item="gas-heater", quantity=310)
        await pledges.create(UnitOfWork(session), person.id, draft, "k-h", TODAY)
        progress = await measure(UnitOfWork(session), heaters)
        assert (progress.current, progress.target, progress.percent) == (310, 2000, 15)


async def test_energy_saving_value_wheelchairs_and_aggregates(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        sara = await _setup(session, 1)
        reza = await _setup(session, 2, county="isfahan-isfahan")
        drive = await _campaign(session, "energy-wheelchairs")
        await energy.report(UnitOfWork(session), sara, drive, 400, EnergyUnit.KWH, TODAY, baseline=True)
        await energy.report(UnitOfWork(session), sara, drive, 300, EnergyUnit.KWH, TODAY)
        await energy.report(UnitOfWork(session), sara, drive, 500, EnergyUnit.KWH,
                            date(2026, 12, 30))  # a rise: no saving
        mine = await energy.report(UnitOfWork(session), reza, drive, 200_000_000, EnergyUnit.RIAL, TODAY, baseline=True)
        assert mine.saving.saved == 0
        mine = await energy.report(UnitOfWork(session), reza, drive, 100_000_000, EnergyUnit.RIAL, TODAY)
        assert (mine.saving.saved, mine.saving.value_rials, mine.saving.wheelchairs) == (100_000_000, 100_000_000, 0)
        standing = await energy.standing(UnitOfWork(session), sara.id, drive)
        assert standing.saving.saved == 100 and standing.saving.value_rials == 150_000
        totals = await energy.campaign_total(UnitOfWork(session), drive)
        assert totals.value_rials == 100_150_000 and totals.wheelchairs == 0
        assert totals.by_province["isfahan"].value_rials == 100_150_000
        assert totals.by_county["isfahan-kashan"].value_rials == 150_000
        assert totals.by_neighbourhood["isfahan-kashan/fin"].saved == 100
        await energy.report(UnitOfWork(session), reza, drive, 0 + 1, EnergyUnit.RIAL, date(2026, 12, 30))
        progress = await measure(UnitOfWork(session), drive)
        assert progress.current == (100_000_000 + 199_999_999 + 150_000) // 200_000_000 == 1


async def test_payroll_month_is_replaced_and_totals_group(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        sara = await _setup(session, 1)
        reza = await _setup(session, 2)
        shokraneh = await _campaign(session, "shokraneh-salamat")
        _, created = await payroll.pledge_month(UnitOfWork(session), sara.id, shokraneh.id, "health", 4321, "isfahan",
                                                None, TODAY)
        _, again = await payroll.pledge_month(UnitOfWork(session), sara.id, shokraneh.id, "health", 1234, "isfahan",
                                              None, TODAY)
        await payroll.pledge_month(UnitOfWork(session), sara.id, shokraneh.id, "health", 1000, "isfahan", None,
                                   date(2026, 12, 25))
        await payroll.pledge_month(UnitOfWork(session), reza.id, shokraneh.id, "education", 9999, "tehran", None, TODAY)
        assert created and not again
        totals = await payroll.totals(UnitOfWork(session), shokraneh.id)
        assert [(t.key, t.rials, t.people) for t in totals.by_agency] == [("education", 9999, 1),
                                                                          ("health", 2234, 1)]
        assert {t.key: t.rials for t in totals.by_province} == {"isfahan": 2234, "tehran": 9999}
        assert (await measure(UnitOfWork(session), shokraneh)).current == 123 + 100 + 999

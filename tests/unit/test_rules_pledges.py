"""The pledge rules, field by field: reading amounts, the limits, what a saved pledge holds, cancelling a
month or a series, fulfilling, and the monthly rollover's choice of series."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import pledges
from campaigns.kinds import PledgeKind, PledgeRules, Recurrence
from campaigns.pledges import AmountError, AmountWords, CancelScope, PledgeDraft, PledgeStatus, PledgeView
from handlers.pledges import amount_words
from storage.models import Person, Pledge, utcnow
from storage.unit_of_work import UnitOfWork
from tests.broadcast_factories import add_campaign, add_people

Pool = async_sessionmaker[AsyncSession]
AZAR_3 = date(2026, 11, 24)  # 3 Azar 1405
DEY_1 = date(2026, 12, 22)  # 1 Dey 1405


# -- reading amounts ------------------------------------------------------------------------------------

def test_the_longest_unit_and_scale_words_are_tried_first() -> None:
    # "x" ends "ax" too: read as the shorter word first, "500 ax" would leave "500 a", not a number.
    words = AmountWords(units=("x", "ax"), thousand=("q",), million=("kq",), billion=())
    assert pledges.parse_tomans("500 ax", words) == 500
    assert pledges.parse_tomans("500 x", words) == 500
    assert pledges.parse_tomans("٥ kq", words) == 5_000_000
    assert pledges.parse_tomans("٥ q", words) == 5_000
    assert pledges.parse_tomans("kq", words) is None and pledges.parse_tomans("ax", words) is None


def test_amount_limits_are_inclusive() -> None:
    rules = PledgeRules(min_tomans=50_000, max_tomans=1_000_000)
    assert pledges.check_amount("٥٠٬٠٠٠", rules) == 50_000
    assert pledges.check_amount("٤٩٬٩٩٩", rules) == AmountError.TOO_SMALL
    assert pledges.check_amount("١٬٠٠٠٬٠٠٠", rules) == 1_000_000
    assert pledges.check_amount("١٬٠٠٠٬٠٠١", rules) == AmountError.TOO_LARGE
    anything = PledgeRules(min_tomans=0, max_tomans=10)
    assert pledges.check_amount("1", anything) == 1  # at least one toman, even when the minimum is 0
    assert pledges.check_amount("0", anything) == AmountError.TOO_SMALL
    # The words come from the caller: Persian scale words only with the Persian list.
    assert pledges.check_amount("۵۰۰ هزار", PledgeRules(), amount_words()) == 500_000
    assert pledges.check_amount("۵۰۰ هزار", PledgeRules()) == AmountError.NOT_A_NUMBER
    assert pledges.check_amount("۹" * 19, PledgeRules()) == AmountError.TOO_LARGE


# -- what a pledge holds ----------------------------------------------------------------------------------

async def _person_and_campaign(session: AsyncSession, **campaign: object) -> tuple[int, int]:
    [person] = await add_people(session, 1)
    return person, await add_campaign(session, **campaign)  # type: ignore[arg-type]


async def test_a_saved_pledge_and_its_view(session_pool: Pool) -> None:
    async with session_pool() as session:
        person, campaign = await _person_and_campaign(session)
        draft = PledgeDraft(campaign_id=campaign, kind=PledgeKind.IN_KIND, item="gas-heater", quantity=12,
                            province_code="isfahan", county_code="isfahan-kashan", recurrence=Recurrence.MONTHLY,
                            agency="health", answers={"company": "Sepahan"}, amount=3)
        saved, created = await pledges.create(UnitOfWork(session), person, draft, "k1", AZAR_3)
        assert created
        expected = PledgeView(id=saved.id, campaign_id=campaign, kind=PledgeKind.IN_KIND, amount=3, item="gas-heater",
                              quantity=12, province_code="isfahan", county_code="isfahan-kashan",
                              recurrence=Recurrence.MONTHLY, period="1405-09", status=PledgeStatus.PLEDGED,
                              due_on=date(2026, 12, 21), created_at=saved.created_at, agency="health",
                              answers={"company": "Sepahan"})
        assert saved == expected and saved.created_at is not None
        assert await pledges.get(UnitOfWork(session), person, saved.id) == expected
        assert await pledges.of_person(UnitOfWork(session), person) == [expected]
        row = await session.get_one(Pledge, saved.id)
        assert (row.status, row.idempotency_key, row.period) == ("pledged", "k1", "1405-09")
        once, _ = await pledges.create(UnitOfWork(session), person,
                                       PledgeDraft(campaign_id=campaign, kind=PledgeKind.CASH,
                                                   amount=100), "k2", AZAR_3)
        assert (once.period, once.recurrence, once.due_on, once.answers, once.item) == (
            None, Recurrence.ONCE, AZAR_3 + timedelta(days=7), {}, None)


async def test_get_is_only_the_persons_own(session_pool: Pool) -> None:
    async with session_pool() as session:
        person, campaign = await _person_and_campaign(session)
        [other] = await add_people(session, 1, first_chat=5000)
        mine, _ = await pledges.create(UnitOfWork(session), person,
                                       PledgeDraft(campaign_id=campaign, kind=PledgeKind.CASH,
                                                   amount=100), "k", AZAR_3)
        assert await pledges.get(UnitOfWork(session), other, mine.id) is None
        assert await pledges.get(UnitOfWork(session), person, mine.id + 1) is None
        assert not await pledges.cancel(UnitOfWork(session), other, mine.id)
        assert (await session.get_one(Pledge, mine.id)).status == "pledged"


async def test_fulfil_once(session_pool: Pool) -> None:
    async with session_pool() as session:
        person, campaign = await _person_and_campaign(session)
        saved, _ = await pledges.create(UnitOfWork(session), person,
                                        PledgeDraft(campaign_id=campaign, kind=PledgeKind.CASH,
                                                    amount=100), "k", AZAR_3)
        assert await pledges.fulfil(UnitOfWork(session), saved.id) is True
        row = await session.get_one(Pledge, saved.id)
        await session.refresh(row)
        assert row.status == "fulfilled" and row.fulfilled_at is not None
        assert await pledges.fulfil(UnitOfWork(session), saved.id) is False
        assert await pledges.fulfil(UnitOfWork(session), saved.id + 1) is False
        assert not await pledges.cancel(UnitOfWork(session), person, saved.id)


# -- cancelling a month or a series ------------------------------------------------------------------------

async def _series(session: AsyncSession, person: int, campaign: int) -> tuple[int, int, int]:
    """A monthly series: Azar (the first row), Dey and Bahman already made."""
    first, _ = await pledges.create(UnitOfWork(session), person, PledgeDraft(campaign_id=campaign, kind=PledgeKind.CASH,
                                                                             amount=100, recurrence=Recurrence.MONTHLY),
                                    "s", AZAR_3)
    assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1) == 1
    assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1 + timedelta(days=30)) == 1  # 1 Bahman
    rows = (await session.execute(select(Pledge.id).order_by(Pledge.id))).scalars().all()
    return first.id, rows[1], rows[2]


async def _state(session: AsyncSession) -> list[tuple[str, bool, bool]]:
    session.expire_all()
    rows = (await session.execute(select(Pledge).order_by(Pledge.id))).scalars().all()
    return [(r.status, r.cancelled_at is not None, r.stopped_at is not None) for r in rows]


async def test_cancelling_a_series_from_its_middle(session_pool: Pool) -> None:
    async with session_pool() as session:
        person, campaign = await _person_and_campaign(session)
        _, dey, _ = await _series(session, person, campaign)
        await pledges.fulfil(UnitOfWork(session),
                             (await session.execute(select(Pledge.id).order_by(Pledge.id))).scalars().first())
        assert await pledges.cancel(UnitOfWork(session), person, dey)
        # Azar (paid) stays paid; Dey and the month made ahead of it are cancelled; the series is stopped.
        assert await _state(session) == [("fulfilled", False, True), ("cancelled", True, True),
                                         ("cancelled", True, True)]
        assert not await pledges.cancel(UnitOfWork(session), person, dey)


async def test_cancelling_only_this_month(session_pool: Pool) -> None:
    async with session_pool() as session:
        person, campaign = await _person_and_campaign(session)
        azar, dey, bahman = await _series(session, person, campaign)
        assert await pledges.cancel(UnitOfWork(session), person, dey, CancelScope.MONTH)
        assert await _state(session) == [("pledged", False, False), ("cancelled", True, False),
                                         ("pledged", False, False)]
        assert await pledges.cancel(UnitOfWork(session), person, azar)  # then the whole series, from its first row
        assert await _state(session) == [("cancelled", True, True), ("cancelled", True, True),
                                         ("cancelled", True, True)]
        assert bahman > dey > azar


async def test_cancelling_a_series_leaves_other_series_and_stopped_rows_alone(session_pool: Pool) -> None:
    async with session_pool() as session:
        person, campaign = await _person_and_campaign(session)
        other_campaign = await add_campaign(session, "other")
        mine, _ = await pledges.create(UnitOfWork(session), person,
                                       PledgeDraft(campaign_id=campaign, kind=PledgeKind.CASH,
                                                   amount=100, recurrence=Recurrence.MONTHLY),
                                       "a", AZAR_3)
        theirs, _ = await pledges.create(UnitOfWork(session), person, PledgeDraft(
            campaign_id=other_campaign, kind=PledgeKind.CASH, amount=100, recurrence=Recurrence.MONTHLY), "b", AZAR_3)
        long_ago = utcnow() - timedelta(days=400)
        await session.execute(update(Pledge).where(Pledge.id == mine.id).values(stopped_at=long_ago))
        await session.commit()
        assert await pledges.cancel(UnitOfWork(session), person, mine.id)
        first = await session.get_one(Pledge, mine.id)
        await session.refresh(first)
        assert first.stopped_at is not None and first.stopped_at < utcnow() - timedelta(days=300)  # kept as it was
        assert await _state(session) == [("cancelled", True, True), ("pledged", False, False)]
        assert theirs.id != mine.id


async def test_cancelling_a_payroll_month_stops_that_campaigns_payroll_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        person, campaign = await _person_and_campaign(session)
        other_campaign = await add_campaign(session, "other")

        async def payroll(campaign_id: int, key: str, today: date, kind: PledgeKind = PledgeKind.PAYROLL,
                          recurrence: Recurrence = Recurrence.MONTHLY) -> int:
            view, _ = await pledges.create(UnitOfWork(session), person,
                                           PledgeDraft(campaign_id=campaign_id, kind=kind, amount=4321,
                                                       recurrence=recurrence), key, today)
            return view.id

        azar = await payroll(campaign, "p1", AZAR_3)
        await payroll(campaign, "p2", DEY_1)
        await payroll(other_campaign, "p3", AZAR_3)  # another campaign's payroll
        await payroll(campaign, "p4", AZAR_3, kind=PledgeKind.CASH)  # a monthly cash pledge to the same one
        await payroll(campaign, "p5", AZAR_3, recurrence=Recurrence.ONCE)
        assert await pledges.cancel(UnitOfWork(session), person, azar)
        assert await _state(session) == [("cancelled", True, True), ("cancelled", True, True),
                                         ("pledged", False, False), ("pledged", False, False),
                                         ("pledged", False, False)]


# -- the monthly rollover ------------------------------------------------------------------------------

async def test_which_series_roll_into_the_new_month(session_pool: Pool) -> None:
    async with session_pool() as session:
        people = await add_people(session, 2)
        live = await add_campaign(session, "live")
        closing = await add_campaign(session, "closing", ends_on=DEY_1)
        ended = await add_campaign(session, "ended", ends_on=DEY_1 - timedelta(days=1))
        paused = await add_campaign(session, "paused", status="paused")

        async def monthly(person: int, campaign: int, key: str, kind: PledgeKind = PledgeKind.CASH,
                          recurrence: Recurrence = Recurrence.MONTHLY, today: date = AZAR_3) -> int:
            view, _ = await pledges.create(UnitOfWork(session), person, PledgeDraft(
                campaign_id=campaign, kind=kind, amount=1000, item="stove" if kind is PledgeKind.IN_KIND else None,
                quantity=2 if kind is PledgeKind.IN_KIND else None, province_code="isfahan",
                county_code="isfahan-kashan", agency="a", answers={"q": "x"}, recurrence=recurrence), key, today)
            return view.id

        cash = await monthly(people[0], live, "cash")
        kind = await monthly(people[0], live, "in-kind", kind=PledgeKind.IN_KIND)
        last_day = await monthly(people[0], closing, "closing")
        await monthly(people[0], ended, "ended")
        await monthly(people[0], paused, "paused")
        await monthly(people[0], live, "payroll", kind=PledgeKind.PAYROLL)
        await monthly(people[0], live, "once", recurrence=Recurrence.ONCE)
        await monthly(people[0], live, "this-month", today=DEY_1)  # made in Dey already
        stopped = await monthly(people[0], live, "stopped")
        await session.execute(update(Pledge).where(Pledge.id == stopped).values(stopped_at=utcnow()))
        await monthly(people[1], live, "forgotten")
        await session.execute(update(Person).where(Person.id == people[1]).values(forgotten_at=utcnow()))
        await session.commit()

        assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1) == 3
        rolled = (await session.execute(select(Pledge).where(Pledge.series_id.is_not(None))
                                        .order_by(Pledge.series_id))).scalars().all()
        assert [r.series_id for r in rolled] == [cash, kind, last_day]
        first = rolled[0]
        assert (first.person_id, first.campaign_id, first.kind, first.amount, first.item, first.quantity,
                first.province_code, first.county_code, first.agency, first.answers, first.recurrence,
                first.period, first.status, first.due_on, first.idempotency_key) == (
            people[0], live, "cash", 1000, None, None, "isfahan", "isfahan-kashan", "a", {"q": "x"}, "monthly",
            "1405-10", "pledged", date(2027, 1, 20), f"roll:{cash}:1405-10")
        assert (rolled[1].item, rolled[1].quantity, rolled[1].kind) == ("stove", 2, "in_kind")
        assert first.created_at is not None
        # In Bahman: cash, in kind and the series begun in Dey; `closing` has ended, and the rows rolled in Dey
        # are months of their series, not series of their own.
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1 + timedelta(days=30)) == 3


async def test_the_rollover_goes_through_every_batch(session_pool: Pool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pledges, "ROLL_BATCH", 2)
    async with session_pool() as session:
        people = await add_people(session, 5)
        campaign = await add_campaign(session, "live")
        for i, person in enumerate(people):
            await pledges.create(UnitOfWork(session), person,
                                 PledgeDraft(campaign_id=campaign, kind=PledgeKind.CASH, amount=10,
                                             recurrence=Recurrence.MONTHLY), f"k{i}", AZAR_3)
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1) == 5
        rolled = (await session.execute(select(Pledge.person_id).where(Pledge.series_id.is_not(None))
                                        .order_by(Pledge.person_id))).scalars().all()
        assert rolled == people
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1) == 0


async def test_cancelling_a_series_cancels_its_own_open_later_months_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        person, campaign = await _person_and_campaign(session)
        [neighbour] = await add_people(session, 1, first_chat=7000)
        azar, dey, bahman = await _series(session, person, campaign)
        # Dey is paid already; the neighbour's own monthly pledge began in Dey.
        await pledges.fulfil(UnitOfWork(session), dey)
        theirs, _ = await pledges.create(UnitOfWork(session), neighbour, PledgeDraft(
            campaign_id=campaign, kind=PledgeKind.CASH, amount=5, recurrence=Recurrence.MONTHLY), "n", DEY_1)
        assert await pledges.cancel(UnitOfWork(session), person, azar)
        session.expire_all()
        statuses = dict((await session.execute(select(Pledge.id, Pledge.status))).all())
        assert statuses == {azar: "cancelled", dey: "fulfilled", bahman: "cancelled", theirs.id: "pledged"}

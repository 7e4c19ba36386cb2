"""Monthly pledges live month after month: the rollover (idempotent, concurrent, stopped series,
payroll not rolled, Jalali month ends incl. Esfand of a leap year), cancelling one month or the series,
who the monthly reminder reaches, and the daily jobs running once a day with two workers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import catalogue, payroll, pledges
from campaigns.broadcasts import audience
from campaigns.broadcasts.daily import STALE_AFTER, run_due
from campaigns.broadcasts.dto import Membership, Segment
from campaigns.callbacks import MyPledgeAction
from campaigns.jalali import IRAN_TZ
from campaigns.kinds import PledgeKind, Recurrence
from campaigns.loader import load_campaigns
from campaigns.people import PersonView, forget, get_or_create, set_region
from campaigns.pledges import CancelScope, PledgeDraft, PledgeView
from storage.db import create_engine, create_session_pool
from storage.models import Campaign, Pledge
from storage.models.broadcasts import JobRun
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

Pool = async_sessionmaker[AsyncSession]
SHIPPED = Path(__file__).resolve().parents[2] / "campaigns" / "definitions"
AZAR_3 = date(2026, 11, 24)  # 3 Azar 1405
DEY_1 = date(2026, 12, 22)  # 1 Dey 1405


async def _person(session: AsyncSession, user_id: int) -> PersonView:
    person = await get_or_create(UnitOfWork(session), "telegram", user_id, user_id, "fa")
    return await set_region(UnitOfWork(session), person.id, "isfahan", "isfahan-kashan")


async def _shipped(session: AsyncSession, slug: str) -> int:
    """The shipped campaign files loaded; the id of the campaign `slug`."""
    await load_campaigns(UnitOfWork(session), SHIPPED)
    return await _campaign_id(session, slug)


async def _campaign_id(session: AsyncSession, slug: str) -> int:
    view = await catalogue.by_slug(UnitOfWork(session), slug)
    assert view is not None
    return view.id


async def _monthly(session: AsyncSession, person: PersonView, campaign_id: int, key: str, today: date = AZAR_3,
                   kind: PledgeKind = PledgeKind.CASH, recurrence: Recurrence = Recurrence.MONTHLY) -> PledgeView:
    draft = PledgeDraft(campaign_id=campaign_id, kind=kind, amount=200_000 if kind is PledgeKind.CASH else None,
                        item="sewing-machine" if kind is PledgeKind.IN_KIND else None,
                        quantity=2 if kind is PledgeKind.IN_KIND else None, province_code="isfahan",
                        county_code="isfahan-kashan", recurrence=recurrence, answers={"note": "x"})
    view, _ = await pledges.create(UnitOfWork(session), person.id, draft, key, today)
    return view


async def _rows(session: AsyncSession) -> list[tuple[int | None, str | None, str, int | None, date | None]]:
    rows = await session.execute(select(Pledge.series_id, Pledge.period, Pledge.status, Pledge.amount, Pledge.due_on)
                                 .order_by(Pledge.id))
    return [tuple(row) for row in rows.all()]  # type: ignore[misc]


async def test_rollover_makes_each_month_once(session_pool: Pool) -> None:
    async with session_pool() as session:
        dowry = await _shipped(session, "dowry-sets")
        sara = await _person(session, 1)
        first = await _monthly(session, sara, dowry, "k1")
        item = await _monthly(session, sara, dowry, "k2", kind=PledgeKind.IN_KIND)
        await _monthly(session, sara, dowry, "k3", recurrence=Recurrence.ONCE)
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), AZAR_3) == 0  # made this month: nothing to roll
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1) == 2
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1) == 0
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1 + timedelta(days=29)) == 0  # 30 Dey
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1 + timedelta(days=30)) == 2  # 1 Bahman
        rolled = (await session.execute(select(Pledge).where(Pledge.series_id == first.id)
                                        .order_by(Pledge.period))).scalars().all()
        assert [(p.period, p.amount, p.status, p.due_on, p.province_code, p.county_code, p.answers)
                for p in rolled] == [
            ("1405-10", 200_000, "pledged", date(2027, 1, 20), "isfahan", "isfahan-kashan", {"note": "x"}),
            ("1405-11", 200_000, "pledged", date(2027, 2, 19), "isfahan", "isfahan-kashan", {"note": "x"})]
        assert [p.idempotency_key for p in rolled] == [f"roll:{first.id}:1405-10", f"roll:{first.id}:1405-11"]
        items = (await session.execute(select(Pledge.item, Pledge.quantity).where(Pledge.series_id == item.id)
                                       )).all()
        assert set(items) == {("sewing-machine", 2)}


async def test_jalali_month_ends_in_a_leap_year(session_pool: Pool) -> None:
    async with session_pool() as session:
        await load_campaigns(UnitOfWork(session), SHIPPED)
        # The test campaign runs for years; open it wide so 1403 is inside it.
        await session.execute(update(Campaign).where(Campaign.slug == "dowry-sets").values(ends_on=None))
        await session.commit()
        dowry = await _campaign_id(session, "dowry-sets")
        sara = await _person(session, 1)
        root = await _monthly(session, sara, dowry, "k1", today=date(2025, 2, 1))  # 13 Bahman 1403
        # 1403 is a leap year: Esfand has 30 days, 30 Esfand 1403 = 20 March 2025.
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), date(2025, 2, 19)) == 1  # 1 Esfand 1403
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), date(2025, 3, 20)) == 0  # 30 Esfand: same month
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), date(2025, 3, 21)) == 1  # 1 Farvardin 1404
        # 1404 is not: 29 Esfand 1404 = 20 March 2026 ends the year.
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), date(2026, 3, 20)) == 1  # 29 Esfand 1404
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), date(2026, 3, 21)) == 1  # 1 Farvardin 1405
        rows = [row for row in await _rows(session) if row[0] == root.id]
    assert [(row[1], row[4]) for row in rows] == [("1403-12", date(2025, 3, 20)), ("1404-01", date(2025, 4, 20)),
                                                 ("1404-12", date(2026, 3, 20)), ("1405-01", date(2026, 4, 20))]


async def _monthly_givers(session_pool: Pool, count: int) -> None:
    """The shipped campaigns, and `count` people in Kashan each with a monthly dowry pledge made on 3 Azar."""
    async with session_pool() as session:
        dowry = await _shipped(session, "dowry-sets")
        for user in range(1, count + 1):
            await _monthly(session, await _person(session, user), dowry, f"k{user}")


@asynccontextmanager
async def _two_workers(db_url: str) -> AsyncIterator[list[Pool]]:
    """Two engines on the test database, as two worker processes would have; disposed on the way out."""
    engines = [create_engine(db_url, pool_size=2) for _ in range(2)]
    try:
        yield [create_session_pool(engine) for engine in engines]
    finally:
        for engine in engines:
            await engine.dispose()


async def test_two_concurrent_rollovers_make_one_row_a_month(db_url: str, session_pool: Pool) -> None:
    await _monthly_givers(session_pool, 30)

    async def roll(pool: Pool) -> int:
        async with pool() as session:
            return await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1)

    async with _two_workers(db_url) as pools:
        made = await asyncio.gather(*(roll(pool) for pool in pools for _ in range(3)))
    assert sum(made) == 30
    async with session_pool() as session:
        per_series = (await session.execute(select(Pledge.series_id, func.count()).where(
            Pledge.series_id.is_not(None)).group_by(Pledge.series_id))).all()
    assert len(per_series) == 30 and {count for _, count in per_series} == {1}


async def test_stopped_series_forgotten_donors_payroll_and_closed_campaigns_are_not_rolled(
        session_pool: Pool) -> None:
    async with session_pool() as session:
        dowry = await _shipped(session, "dowry-sets")
        energy = await _campaign_id(session, "energy-wheelchairs")
        shokraneh = await _campaign_id(session, "shokraneh-salamat")
        people = [await _person(session, user) for user in range(1, 7)]
        skipped = await _monthly(session, people[0], dowry, "skip")
        stopped = await _monthly(session, people[1], dowry, "stop")
        forgotten = await _monthly(session, people[2], dowry, "forgot")
        await payroll.pledge_month(UnitOfWork(session), people[3].id, shokraneh, "health", 4321, "isfahan", None,
                                   AZAR_3)
        closed = await _monthly(session, people[4], energy, "closed")
        paid = await _monthly(session, people[5], dowry, "paid")
        assert await pledges.cancel(UnitOfWork(session), people[0].id, skipped.id, CancelScope.MONTH)
        assert await pledges.cancel(UnitOfWork(session), people[1].id, stopped.id)  # the default stops the series
        await forget(UnitOfWork(session), people[2].id)
        await pledges.fulfil(UnitOfWork(session), paid.id)
        await pledges.mark_overdue(UnitOfWork(session), DEY_1)
        await session.execute(update(Campaign).where(Campaign.id == energy).values(status="closed"))
        await session.commit()
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1) == 2
        series = set((await session.execute(select(Pledge.series_id).where(Pledge.series_id.is_not(None))
                                            )).scalars())
    assert series == {skipped.id, paid.id}
    assert forgotten.id not in series and closed.id not in series and stopped.id not in series


async def test_stopping_a_series_from_a_later_month(session_pool: Pool) -> None:
    async with session_pool() as session:
        dowry = await _shipped(session, "dowry-sets")
        sara = await _person(session, 1)
        root = await _monthly(session, sara, dowry, "k1")
        await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1)
        dey = (await session.execute(select(Pledge.id).where(Pledge.series_id == root.id))).scalar_one()
        assert not await pledges.cancel(UnitOfWork(session), 999, dey)  # not theirs
        assert await pledges.cancel(UnitOfWork(session), sara.id, dey, CancelScope.SERIES)
        assert not await pledges.cancel(UnitOfWork(session), sara.id, dey)  # already cancelled
        stopped = (await session.execute(select(Pledge.id, Pledge.status, Pledge.stopped_at.is_not(None))
                                         .order_by(Pledge.id))).all()
        assert [(row[1], row[2]) for row in stopped] == [("pledged", True), ("cancelled", True)]
        assert await pledges.roll_monthly_pledges(UnitOfWork(session), DEY_1 + timedelta(days=30)) == 0


async def test_monthly_reminder_audience_follows_the_series(session_pool: Pool) -> None:
    async with session_pool() as session:
        shokraneh = await _shipped(session, "shokraneh-salamat")
        people = [await _person(session, user) for user in range(1, 5)]
        for person in people[:3]:
            await payroll.pledge_month(UnitOfWork(session), person.id, shokraneh, "health", 1234, "isfahan", None,
                                       AZAR_3)
        mine = {p.id: (await pledges.of_person(UnitOfWork(session), p.id))[0] for p in people[:3]}
        await pledges.cancel(UnitOfWork(session), people[1].id, mine[people[1].id].id,
                             CancelScope.MONTH)  # skips Azar only
        await pledges.cancel(UnitOfWork(session), people[2].id, mine[people[2].id].id, CancelScope.SERIES)  # stops
        await pledges.mark_overdue(UnitOfWork(session), DEY_1)  # people[0]'s Azar row is now overdue: still a pledger
        segment = Segment(campaign_id=shokraneh, membership=Membership.MONTHLY_PLEDGER, onboarded_only=False)
        reached = [r.person_id for r in await audience.sample(UnitOfWork(session), segment, limit=10)]
        assert reached == [people[0].id, people[1].id]
        # Pledging again after stopping starts again.
        await payroll.pledge_month(UnitOfWork(session), people[2].id, shokraneh, "health", 99, "isfahan", None, DEY_1)
        assert await audience.count(UnitOfWork(session), segment) == 3


async def test_overdue_reminder_reaches_pledges_flipped_to_overdue(session_pool: Pool) -> None:
    async with session_pool() as session:
        dowry = await _shipped(session, "dowry-sets")
        sara, reza = await _person(session, 1), await _person(session, 2)
        await _monthly(session, sara, dowry, "k1", recurrence=Recurrence.ONCE)
        await _monthly(session, reza, dowry, "k2", recurrence=Recurrence.ONCE)
        later = datetime(2026, 12, 10, 12, tzinfo=IRAN_TZ)
        await pledges.mark_overdue(UnitOfWork(session), later.date())
        segment = Segment(campaign_id=dowry, membership=Membership.OVERDUE, onboarded_only=False)
        assert await audience.count(UnitOfWork(session), segment, now=later) == 2


async def test_daily_jobs_run_once_a_day_with_two_workers(db_url: str, session_pool: Pool) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several workers share the database only on PostgreSQL")
    await _monthly_givers(session_pool, 10)
    morning = datetime(2026, 12, 22, 0, 1, tzinfo=IRAN_TZ)  # just after midnight, 1 Dey 1405
    async with _two_workers(db_url) as pools:
        uows = [UnitOfWorkFactory(pool) for pool in pools]
        runs = await asyncio.gather(*(run_due(u, morning, worker=f"w{i}") for i, u in enumerate(uows * 3)))
        again = await asyncio.gather(*(run_due(u, morning + timedelta(hours=5)) for u in uows))
    done = [run for run in runs if run]
    assert sorted(name for run in done for name in run) == ["expire_teen_requests", "mark_overdue",
                                                            "roll_monthly_pledges"]
    assert sum(run.get("roll_monthly_pledges", 0) for run in done) == 10
    assert sum(run.get("mark_overdue", 0) for run in done) == 10  # Azar's rows, due 30 Azar
    assert again == [{}, {}]
    async with session_pool() as session:
        jobs = (await session.execute(select(JobRun.job, JobRun.day, JobRun.finished_at.is_not(None)))).all()
        rows = (await session.execute(select(func.count()).select_from(Pledge))).scalar_one()
    assert sorted(jobs) == [("expire_teen_requests", date(2026, 12, 22), True),
                            ("mark_overdue", date(2026, 12, 22), True),
                            ("roll_monthly_pledges", date(2026, 12, 22), True)]
    assert rows == 20


async def test_daily_jobs_each_iran_day_and_stale_take_over(session_pool: Pool) -> None:
    calls: list[date] = []

    async def job(session: AsyncSession, day: date) -> int:
        calls.append(day)
        return 1

    async def broken(session: AsyncSession, day: date) -> int:
        raise RuntimeError("database went away")

    # 23:59 on 30 Azar and 00:01 on 1 Dey Iran time are two days (20:29 and 20:31 UTC of one day).
    late = datetime(2026, 12, 21, 23, 59, tzinfo=IRAN_TZ)
    uows = UnitOfWorkFactory(session_pool)
    assert await run_due(uows, late, jobs=(("j", job),)) == {"j": 1}
    assert await run_due(uows, late - timedelta(hours=1), jobs=(("j", job),)) == {}
    assert await run_due(uows, late + timedelta(minutes=2), jobs=(("j", job),)) == {"j": 1}
    assert calls == [date(2026, 12, 21), date(2026, 12, 22)]

    noon = datetime(2026, 12, 22, 12, 0, tzinfo=IRAN_TZ)
    with pytest.raises(RuntimeError):
        await run_due(uows, noon, jobs=(("b", broken),))
    assert await run_due(uows, noon + timedelta(minutes=5), jobs=(("b", job),)) == {}  # maybe running
    taken = await run_due(uows, noon + STALE_AFTER + timedelta(seconds=1), jobs=(("b", job),))
    assert taken == {"b": 1}


def test_my_pledges_offers_one_month_or_the_whole_monthly_pledge() -> None:
    from campaigns.callbacks import MyPledgeButton
    from handlers.my_pledges import cancelled_key, monthly_cancel_keyboard
    from i18n import translator

    t = translator("fa")
    rows = monthly_cancel_keyboard(7, t).inline_keyboard
    assert [[(b.text, b.callback_data) for b in row] for row in rows] == [
        [(t("pl-cancel-yes"), MyPledgeButton(action=MyPledgeAction.CANCEL_YES, id=7).pack()),
         (t("pl-cancel-no"), MyPledgeButton(action=MyPledgeAction.KEEP, id=7).pack())],
        [(t("pl-cancel-month-only"), MyPledgeButton(action=MyPledgeAction.SKIP_MONTH, id=7).pack())]]
    monthly = PledgeView(id=7, campaign_id=1, kind=PledgeKind.CASH, amount=1, item=None, quantity=None,
                         province_code=None, county_code=None, recurrence=Recurrence.MONTHLY, period="1405-09",
                         status=pledges.PledgeStatus.PLEDGED, due_on=None, created_at=datetime(2026, 11, 24),
                         agency=None, answers={})
    once = PledgeView(**{**monthly.__dict__, "recurrence": Recurrence.ONCE})
    assert cancelled_key(monthly, CancelScope.MONTH) == "pl-cancelled-month"
    assert cancelled_key(monthly, CancelScope.SERIES) == "pl-series-stopped"
    assert cancelled_key(once, CancelScope.SERIES) == "pl-cancelled"

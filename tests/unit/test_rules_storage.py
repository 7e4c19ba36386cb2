"""The rules' SQL in storage/repositories (issue 12 after issue 14's move), where mutation testing found it
unguarded: an audience page is the lowest ids first (a broadcast streams it by keyset), a manager's pledge export
keeps to the scope and the campaign and is oldest first, a manager's "fulfilled" changes that one open pledge,
a press that comes too late after a refusal is remembered as too late, and a pledge's insert-once speaks
PostgreSQL's dialect on PostgreSQL.

The order tests make the database's own order differ from the ids': SQLite walks an index (the campaign-and-
status index) and PostgreSQL's heap puts an updated row last, so only ORDER BY passes on both."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from campaigns import assignments, exports
from campaigns.assignments import Answer
from campaigns.audit import Actor
from campaigns.broadcasts import Segment
from campaigns.broadcasts import audience as aud
from campaigns.followup import Fulfil, fulfil_one
from campaigns.roles import Scope
from storage.models import Campaign, Person, Pledge, utcnow
from storage.models.roles import RoleLevel
from storage.repositories.base import insert_for
from storage.unit_of_work import UnitOfWork
from tests.broadcast_factories import add_people
from tests.unit.quota_support import called_out, responses_of

Pool = async_sessionmaker[AsyncSession]
ISFAHAN = Scope(RoleLevel.PROVINCIAL, "isfahan")
KASHAN = Scope(RoleLevel.COUNTY, "isfahan", "isfahan-kashan")


async def test_an_audience_page_holds_the_lowest_ids_first(session_pool: Pool) -> None:
    async with session_pool() as session:
        first = await add_people(session, 1, province_code="tehran")
        second = await add_people(session, 1, first_chat=2000, province_code="isfahan")
        await session.execute(update(Person).where(Person.id == first[0]).values(last_seen_at=utcnow()))
        await session.commit()
        both = Segment(provinces=("tehran", "isfahan"))
        assert [r.person_id for r in await aud.sample(UnitOfWork(session), both, limit=1)] == first
        pages = [[r.person_id for r in page] async for page in aud.stream(UnitOfWork(session), both, batch=1)]
        assert pages == [first, second]


async def _pledges(session: AsyncSession) -> tuple[int, int, dict[str, int]]:
    """Two campaigns; pledges in Kashan (winter, then school), in Isfahan's other county (winter, fulfilled: first
    in the campaign-and-status index) and in Tehran (winter); the first Kashan pledge is written again last, so
    PostgreSQL's heap no longer holds it first."""
    now = utcnow()
    winter = Campaign(slug="winter", kind="cash", status="active", regions=[], definition={}, checksum="x")
    school = Campaign(slug="school", kind="cash", status="active", regions=[], definition={}, checksum="x")
    session.add_all([school, winter])
    await session.flush()
    donor = (await session.execute(insert(Person).returning(Person.id), [{
        "platform": "telegram", "platform_user_id": 1, "chat_id": 1, "referral_code": "r-donor", "created_at": now,
        "last_seen_at": now, "onboarded_at": now}])).scalar_one()
    made = {"kashan-winter": (winter.id, "isfahan", "isfahan-kashan", "pledged"),
            "kashan-school": (school.id, "isfahan", "isfahan-kashan", "pledged"),
            "isfahan-winter": (winter.id, "isfahan", "isfahan-isfahan", "fulfilled"),
            "tehran-winter": (winter.id, "tehran", "tehran-tehran", "pledged")}
    ids: dict[str, int] = {}
    for key, (campaign_id, province, county, status) in made.items():
        pledge = Pledge(person_id=donor, campaign_id=campaign_id, kind="cash", amount=100, province_code=province,
                        county_code=county, status=status, idempotency_key=key)
        session.add(pledge)
        await session.flush()
        ids[key] = pledge.id
    await session.execute(update(Pledge).where(Pledge.id == ids["kashan-winter"]).values(amount=200))
    await session.commit()
    return winter.id, school.id, ids


async def test_a_pledge_export_keeps_to_the_scope_and_the_campaign_oldest_first(session_pool: Pool) -> None:
    async with session_pool() as session:
        winter, school, ids = await _pledges(session)
        uow = UnitOfWork(session)
        kashan = await exports.pledges(uow, KASHAN, "en")
        assert [row[:3] for row in kashan.rows] == [(ids["kashan-winter"], "winter", "r-donor"),
                                                    (ids["kashan-school"], "school", "r-donor")]
        isfahan = await exports.pledges(uow, ISFAHAN, "en")
        assert [row[0] for row in isfahan.rows] == [ids["kashan-winter"], ids["kashan-school"], ids["isfahan-winter"]]
        assert [row[0] for row in (await exports.pledges(uow, ISFAHAN, "en", winter)).rows] == [
            ids["kashan-winter"], ids["isfahan-winter"]]
        assert [row[0] for row in (await exports.pledges(uow, KASHAN, "en", school)).rows] == [ids["kashan-school"]]


async def test_a_pledge_export_stops_at_its_limit(session_pool: Pool) -> None:
    async with session_pool() as session:
        _, _, ids = await _pledges(session)
        rows = [row async for row in UnitOfWork(session).reports.pledge_rows("isfahan", None, None, limit=2)]
        assert [row[0] for row in rows] == [ids["kashan-winter"], ids["kashan-school"]]


async def test_fulfilling_one_pledge_changes_that_open_pledge_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        _, _, ids = await _pledges(session)
        donor = (await session.execute(select(Pledge.person_id).where(Pledge.id == ids["kashan-winter"]))).scalar_one()
        assert donor is not None
        isfahan = Actor(donor, RoleLevel.PROVINCIAL, "isfahan")
        assert await fulfil_one(UnitOfWork(session), isfahan, ids["kashan-winter"]) is Fulfil.DONE
        assert await fulfil_one(UnitOfWork(session), isfahan, ids["kashan-winter"]) is Fulfil.NOT_OPEN
        assert await fulfil_one(UnitOfWork(session), isfahan, ids["tehran-winter"]) is Fulfil.OUT_OF_SCOPE
        rows = await session.execute(select(Pledge.idempotency_key, Pledge.status))
        statuses = {key: status for key, status in rows.all()}
        assert statuses == {"kashan-winter": "fulfilled", "kashan-school": "pledged", "isfahan-winter": "fulfilled",
                            "tehran-winter": "pledged"}


async def test_a_refusal_then_a_press_too_late_is_remembered_as_too_late(session_pool: Pool) -> None:
    async with session_pool() as session:
        _actor, (a, b), job = await called_out(session, 2, headcount=1)
        assert (await assignments.decline(UnitOfWork(session), job.id, b)).answer is Answer.DECLINED
        assert (await assignments.accept(UnitOfWork(session), job.id, a)).filled
        assert (await assignments.accept(UnitOfWork(session), job.id, b)).answer is Answer.FILLED
        assert await responses_of(session, job.id) == {a: "accepted", b: "too_late"}


def test_the_insert_once_of_a_postgresql_session_speaks_postgresql() -> None:
    # No server is needed: the engine connects on first use, and compiling uses only its dialect.
    engine = create_async_engine("postgresql+asyncpg://hamyar@127.0.0.1/unused")
    session = AsyncSession(engine)
    statement = insert_for(session, Pledge).values(idempotency_key="k").on_conflict_do_nothing(
        index_elements=[Pledge.idempotency_key])
    assert "ON CONFLICT (idempotency_key) DO NOTHING" in str(statement.compile(dialect=postgresql.dialect()))


async def test_the_monthly_rollover_walks_every_series_by_id_in_batches(session_pool: Pool,
                                                                       monkeypatch: object) -> None:
    """Six monthly series, rolled two at a time: every one gets this month's pledge exactly once (the keyset moves
    from each batch's last id). The donors were registered in the opposite order to their pledges and the two
    first pledges written again last; both databases still return this query by id (its `id > last` condition
    walks the primary key), so a missing ORDER BY is not visible here — the ORDER BY is kept as the contract."""
    from datetime import date

    import pytest

    from campaigns import pledges as pledge_rules

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(pledge_rules, "ROLL_BATCH", 2)
    now = utcnow()
    async with session_pool() as session:
        campaign = Campaign(slug="monthly", kind="cash", status="active", regions=[], definition={}, checksum="x")
        session.add(campaign)
        await session.flush()
        donors = (await session.execute(insert(Person).returning(Person.id), [{
            "platform": "telegram", "platform_user_id": n, "chat_id": n, "referral_code": f"r-{n}", "created_at": now,
            "last_seen_at": now, "onboarded_at": now} for n in range(1, 7)])).scalars().all()
        series = []
        for donor in reversed(donors):
            series.append((await session.execute(insert(Pledge).returning(Pledge.id), [{
                "person_id": donor, "campaign_id": campaign.id, "kind": "cash", "amount": 100_000,
                "recurrence": "monthly", "period": "1403-01", "status": "fulfilled",
                "idempotency_key": f"k-{donor}", "created_at": now}])).scalar_one())
        await session.execute(update(Pledge).where(Pledge.id.in_(series[:2])).values(amount=200_000))
        await session.commit()
        made = await pledge_rules.roll_monthly_pledges(UnitOfWork(session), date(2025, 3, 25))  # 1404-01-05
        rolled = (await session.execute(select(Pledge.series_id).where(Pledge.period == "1404-01"))).scalars().all()
    assert made == 6
    assert sorted(rolled) == sorted(series)

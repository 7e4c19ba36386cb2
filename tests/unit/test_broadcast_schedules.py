"""Scheduled and relative messages: Jalali input, a monthly reminder firing exactly once per month
(also with two workers), N days after joining without a pledge, overdue pledges."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.broadcasts import BroadcastRefused, MessageSpec, Refusal, create_schedule, parse_when
from campaigns.broadcasts.schedules import MONTHLY_TEXT_KEY, tick
from campaigns.jalali import IRAN_TZ
from storage.db import create_engine, create_session_pool
from storage.models import Membership, Pledge
from storage.models.broadcasts import Broadcast, Delivery, ScheduleFiring, ScheduleKind
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.broadcast_factories import add_campaign, add_people

Pool = async_sessionmaker[AsyncSession]
# 1 Azar 1403 is 21 November 2024.
AZAR_1 = datetime(2024, 11, 21, 0, 5, tzinfo=IRAN_TZ)


def test_parse_jalali_moment() -> None:
    assert parse_when("۱۴۰۳/۰۹/۰۱ ۱۸:۳۰") == datetime(2024, 11, 21, 18, 30, tzinfo=IRAN_TZ)
    assert parse_when("1403-09-01") == datetime(2024, 11, 21, 9, 0, tzinfo=IRAN_TZ)
    assert parse_when("1403/13/01") is None
    assert parse_when("tomorrow") is None


async def _monthly_setup(pool: Pool) -> int:
    async with pool() as session:
        campaign = await add_campaign(session)
        ids = await add_people(session, 3)
        session.add_all([Pledge(person_id=i, campaign_id=campaign, kind="cash", amount=100, recurrence="monthly",
                                status="pledged", idempotency_key=f"m{i}") for i in ids[:2]])
        await session.commit()
        return await create_schedule(UnitOfWork(session), ScheduleKind.MONTHLY_PLEDGE, MessageSpec(),
                                     campaign_id=campaign, now=AZAR_1 - timedelta(days=40))


async def test_monthly_reminder_fires_once_a_month(session_pool: Pool) -> None:
    await _monthly_setup(session_pool)
    assert len(await tick(UnitOfWorkFactory(session_pool), AZAR_1)) == 1
    assert await tick(UnitOfWorkFactory(session_pool), AZAR_1 + timedelta(hours=5)) == []
    assert await tick(UnitOfWorkFactory(session_pool), AZAR_1 + timedelta(days=20)) == []
    assert len(await tick(UnitOfWorkFactory(session_pool), AZAR_1 + timedelta(days=30))) == 1  # 1 Dey
    async with session_pool() as session:
        broadcasts = (await session.execute(select(Broadcast).order_by(Broadcast.id))).scalars().all()
        deliveries = (await session.execute(select(func.count()).select_from(Delivery))).scalar_one()
    assert [b.text_args for b in broadcasts] == [{"period": "1403-09"}, {"period": "1403-10"}]
    assert all(b.text_key == MONTHLY_TEXT_KEY for b in broadcasts)
    assert deliveries == 4


async def test_monthly_reminder_fires_once_with_two_workers(db_url: str, session_pool: Pool) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several workers share one outbox only on PostgreSQL")
    await _monthly_setup(session_pool)
    engines = [create_engine(db_url, pool_size=2) for _ in range(2)]
    pools = [create_session_pool(engine) for engine in engines]
    try:
        results = await asyncio.gather(*(tick(UnitOfWorkFactory(pool), AZAR_1) for pool in pools for _ in range(3)))
    finally:
        for engine in engines:
            await engine.dispose()
    assert sum(len(r) for r in results) == 1
    async with session_pool() as session:
        firings = (await session.execute(select(func.count()).select_from(ScheduleFiring))).scalar_one()
        deliveries = (await session.execute(select(func.count()).select_from(Delivery))).scalar_one()
    assert (firings, deliveries) == (1, 2)


async def test_after_join_without_pledge_reaches_each_person_once(session_pool: Pool) -> None:
    async with session_pool() as session:
        campaign = await add_campaign(session)
        ids = await add_people(session, 3)
        joined = AZAR_1 - timedelta(days=10)
        session.add_all([Membership(person_id=i, campaign_id=campaign, joined_at=joined) for i in ids])
        session.add(Pledge(person_id=ids[0], campaign_id=campaign, kind="cash", amount=1, status="pledged",
                           idempotency_key="p0"))
        await session.commit()
        await create_schedule(UnitOfWork(session), ScheduleKind.AFTER_JOIN, MessageSpec(text="still with us?"),
                              campaign_id=campaign, days=7, now=AZAR_1 - timedelta(days=30))
    uows = UnitOfWorkFactory(session_pool)
    assert len(await tick(uows, AZAR_1)) == 1
    assert len(await tick(uows, AZAR_1 + timedelta(days=1))) == 1  # a new day: nobody new is due
    async with session_pool() as session:
        people = (await session.execute(select(Delivery.person_id))).scalars().all()
    assert sorted(people) == ids[1:]


async def test_overdue_and_one_off_schedule(session_pool: Pool) -> None:
    async with session_pool() as session:
        campaign = await add_campaign(session)
        ids = await add_people(session, 2)
        session.add(Pledge(person_id=ids[1], campaign_id=campaign, kind="cash", amount=1, status="pledged",
                           due_on=date(2024, 11, 1), idempotency_key="o1"))
        await session.commit()
        await create_schedule(UnitOfWork(session), ScheduleKind.PLEDGE_OVERDUE, MessageSpec(), campaign_id=campaign,
                              now=AZAR_1 - timedelta(days=1))
        await create_schedule(UnitOfWork(session), ScheduleKind.AT, MessageSpec(text="tonight"), at="1403/09/01 20:00",
                              now=AZAR_1 - timedelta(days=1))
        with pytest.raises(BroadcastRefused) as caught:
            await create_schedule(UnitOfWork(session), ScheduleKind.AT, MessageSpec(text="x"), at="1403/08/01 20:00",
                                  now=AZAR_1)
        assert caught.value.code is Refusal.SCHEDULE_IN_PAST
    uows = UnitOfWorkFactory(session_pool)
    assert len(await tick(uows, AZAR_1)) == 1  # the overdue reminder; the one-off is not due yet
    assert len(await tick(uows, AZAR_1 + timedelta(hours=21))) == 1  # 20:00 Iran: the one-off
    assert await tick(uows, AZAR_1 + timedelta(hours=22)) == []
    async with session_pool() as session:
        rows = (await session.execute(select(Delivery.person_id, Broadcast.text_key, Broadcast.text).join(
            Broadcast, Broadcast.id == Delivery.broadcast_id).order_by(Delivery.id))).all()
    assert rows[0] == (ids[1], "broadcast-pledge-overdue", None)
    assert {r[0] for r in rows[1:]} == set(ids)

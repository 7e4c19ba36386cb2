"""The engine through aiogram against the Bot API emulator: the platform's rate limit respected,
a 429 honoured for its retry_after, a 403 (either dialect) marking the person unreachable, and a
worker process killed with SIGKILL mid-broadcast losing nothing after a restart."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.broadcasts import MessageSpec, Segment, SendConfig, SendLoop, create_broadcast
from campaigns.errors import RateLimited
from emulator import BotApiEmulator
from storage.models import Person
from storage.models.broadcasts import Delivery
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.broadcast_factories import NO_QUIET, add_people
from tests.limiter_support import (
    EPS,
    Attempt,
    Count,
    GrantedMemory,
    GrantedRedis,
    SimClock,
    SimSender,
    Span,
    busiest_second,
)
from worker.botapi import BotApiClient
from worker.loop import BotApiSender

Pool = async_sessionmaker[AsyncSession]
ROOT = Path(__file__).resolve().parents[2]


async def _send_all(pool: Pool, emu: BotApiEmulator, rate: float, redis_url: str | None = None,
                    platform: str = "telegram") -> list[Attempt]:
    """Send the outbox through the emulator; every attempt at its slot on the limiter's own timeline
    (simulated time in memory, Redis' clock through Redis)."""
    token = next(iter(emu.bots.values())).token
    client = BotApiClient(token, emu.base_url, timeout=10)
    clock = None if redis_url else SimClock()
    limiter = (GrantedRedis(Redis.from_url(redis_url), {"b": rate}) if redis_url
               else GrantedMemory({"b": rate}, clock=clock))
    sender = SimSender(BotApiSender(client), limiter, clock)
    loop = SendLoop(UnitOfWorkFactory(pool), sender, limiter, SendConfig("it", platform, "b", rate=rate))
    try:
        await loop.run_until_idle(timeout=60)
    finally:
        await client.close()
        await limiter.close()
    return sender.attempts


async def test_rate_limit_respected(session_pool: Pool, emu: BotApiEmulator, redis_url: str | None) -> None:
    async with session_pool() as session:
        await add_people(session, 120)
        await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="سلام"), NO_QUIET)
    emu.faults.global_rate = 60.0
    emu.faults.per_chat_rate = 1.0
    attempts = await _send_all(session_pool, emu, 60.0, redis_url)
    assert emu.stats.http_429 == 0
    assert emu.stats.sends_ok == 120 and set(emu.stats.delivered.values()) == {1}
    # Counted on the limiter's timeline, not the machine's clock: slots never closer than 1/60 s, never
    # more than 60 in a second.
    times = sorted(a.at for a in attempts)
    gaps = [b - a for a, b in pairwise(times)]
    assert len(times) == 120 and min(gaps) >= 1 / 60 - EPS
    assert busiest_second([Span(t, t) for t in times]).most <= 60
    if redis_url is None:
        # Simulated time never falls behind the slots: exactly 60 a second, 120 messages over 119/60 s.
        assert gaps == pytest.approx([1 / 60] * 119, abs=1e-9)
        assert busiest_second([Span(t, t) for t in times]) == Count(60, 60)


async def test_429_honoured_for_its_retry_after(session_pool: Pool, emu: BotApiEmulator) -> None:
    async with session_pool() as session:
        await add_people(session, 3)
        await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="hi"), NO_QUIET)
    # The platform allows 1 message every 2 s while we believe in 100/s: each 429 says retry_after=2.
    emu.faults.global_rate = 0.5
    emu.faults.global_burst = 1.0
    attempts = await _send_all(session_pool, emu, 100.0)
    assert emu.stats.sends_ok == 3 and set(emu.stats.delivered.values()) == {1}
    assert emu.stats.http_429 >= 1 and emu.stats.http_429 == sum(a.outcome == "RateLimited" for a in attempts)
    # On the limiter's (simulated) timeline: nothing begun after a 429 came back goes before its
    # retry_after is over, counted from when it came back, and the first one goes exactly then. (A send
    # begun before the 429 came back, its request overlapping, was on its way: it may be refused too.)
    def pause_end(attempt: Attempt) -> float:
        return max((seen.ended + seen.error.retry_after for seen in attempts[:attempt.began]
                    if isinstance(seen.error, RateLimited) and seen.error.retry_after is not None), default=0.0)

    assert all(attempt.at >= pause_end(attempt) - 1e-9 for attempt in attempts), attempts
    for i, limited in enumerate(attempts):
        later = [attempt for attempt in attempts if attempt.began > i]
        if isinstance(limited.error, RateLimited) and later:
            first = min(later, key=lambda attempt: attempt.at)
            assert first.at == pytest.approx(pause_end(first), abs=1e-9), attempts


@pytest.mark.parametrize("dialect", ["telegram", "bale"])
async def test_403_marks_unreachable(session_pool: Pool, emu: BotApiEmulator, dialect: str) -> None:
    emu.dialect = dialect
    async with session_pool() as session:
        ids = await add_people(session, 4)
        await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="hi"), NO_QUIET)
    emu.faults.blocked = {1001}
    emu.faults.deactivated = {1002}
    await _send_all(session_pool, emu, 200.0)
    async with session_pool() as session:
        unreachable = (await session.execute(select(Person.id).where(Person.unreachable.is_(True)))).scalars()
        statuses = dict((await session.execute(select(Delivery.chat_id, Delivery.status))).all())
    assert sorted(unreachable) == ids[1:3]
    assert statuses == {1000: "sent", 1001: "blocked", 1002: "blocked", 1003: "sent"}


def _worker(db_url: str, redis_url: str | None, emu: BotApiEmulator, rate: float) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": redis_url or "", "TELEGRAM_API_BASE": emu.base_url,
           "TELEGRAM_TOKEN": next(iter(emu.bots.values())).token, "SEND_RATE": str(rate), "LOG_LEVEL": "WARNING",
           "LOG_FORMAT": "text", "HAMYAR_WORKER_ID": "kill-test", "PYTHONPATH": str(ROOT)}
    env.pop("BALE_TOKEN", None)
    return subprocess.Popen([sys.executable, "-m", "worker"], cwd=ROOT / "tests", env=env)


async def test_kill_and_resume_loses_nothing(session_pool: Pool, db_url: str, redis_url: str | None,
                                             emu: BotApiEmulator) -> None:
    count = 400
    async with session_pool() as session:
        await add_people(session, count)
        broadcast = await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="hi"), NO_QUIET)
    rate = 150.0
    emu.faults.global_rate = rate
    worker = _worker(db_url, redis_url, emu, rate)
    try:
        for _ in range(1200):
            if emu.stats.sends_ok >= count // 2:
                break
            await asyncio.sleep(0.025)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        async with session_pool() as session:
            in_flight = (await session.execute(select(func.count()).select_from(Delivery).where(
                Delivery.broadcast_id == broadcast, Delivery.status == "claimed"))).scalar_one()
        assert 0 < emu.stats.sends_ok < count
        worker = _worker(db_url, redis_url, emu, rate)
        for _ in range(1200):
            if len(emu.stats.delivered) >= count:
                break
            await asyncio.sleep(0.025)
        await asyncio.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)
    assert len(emu.stats.delivered) == count  # nothing lost
    duplicates = sum(n - 1 for n in emu.stats.delivered.values())
    assert duplicates <= in_flight
    async with session_pool() as session:
        sent = (await session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.broadcast_id == broadcast, Delivery.status == "sent"))).scalar_one()
    assert sent == count

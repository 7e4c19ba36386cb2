"""Daily jobs of the worker: flip pledges past due to overdue, then make the new Jalali month's pledges.

Each job runs once per Iran day across every worker: the first to insert the unique (job, day) row runs
it. A run that died half-way (its row still unfinished after STALE_AFTER) is taken over by another
worker; both jobs are idempotent, so a take-over never doubles anything."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.jalali import IRAN_TZ
from campaigns.pledges import mark_overdue, roll_monthly_pledges
from storage.models import utcnow
from storage.models.broadcasts import JobRun

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)
Job = Callable[[AsyncSession, date], Awaitable[int]]
# In order: a pledge past due is flagged before the month's new rows are made.
JOBS: tuple[tuple[str, Job], ...] = (("mark_overdue", mark_overdue), ("roll_monthly_pledges", roll_monthly_pledges))


async def claim(pool: async_sessionmaker[AsyncSession], job: str, day: date, worker: str, now: datetime) -> bool:
    """Take a job's run of a day: True for exactly one worker (or for a take-over of a stale run)."""
    async with pool() as session:
        session.add(JobRun(job=job, day=day, worker=worker, started_at=now, result={}))
        try:
            await session.commit()
            return True
        except IntegrityError:
            await session.rollback()
        result = await session.execute(update(JobRun).where(
            JobRun.job == job, JobRun.day == day, JobRun.finished_at.is_(None),
            JobRun.started_at < now - STALE_AFTER).values(started_at=now, worker=worker))
        await session.commit()
        return int(getattr(result, "rowcount", 0) or 0) == 1


async def _finish(pool: async_sessionmaker[AsyncSession], job: str, day: date, count: int) -> None:
    async with pool() as session:
        await session.execute(update(JobRun).where(JobRun.job == job, JobRun.day == day)
                              .values(finished_at=utcnow(), result={"count": count}))
        await session.commit()


async def run_due(pool: async_sessionmaker[AsyncSession], now: datetime | None = None, worker: str = "",
                  jobs: tuple[tuple[str, Job], ...] = JOBS) -> dict[str, int]:
    """Run today's jobs this worker claims; returns what each run did (empty when others ran them)."""
    now = now or utcnow()
    day = now.astimezone(IRAN_TZ).date()
    done: dict[str, int] = {}
    for name, job in jobs:
        if not await claim(pool, name, day, worker, now):
            continue
        async with pool() as session:
            count = await job(session, day)
        await _finish(pool, name, day, count)
        log.info("daily job done", extra={"job": name, "day": day.isoformat(), "count": count})
        done[name] = count
    return done


async def run_daily(pool: async_sessionmaker[AsyncSession], stop: asyncio.Event, every: float = 60.0,
                    clock: Callable[[], datetime] = utcnow, worker: str = "") -> None:
    """Check every minute whether today's jobs still need running, until `stop` is set."""
    while not stop.is_set():
        try:
            await run_due(pool, clock(), worker)
        except Exception:
            log.exception("daily jobs failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)

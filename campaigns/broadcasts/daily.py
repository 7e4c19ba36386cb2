"""Daily jobs of the worker: flip pledges past due to overdue, make the new Jalali month's pledges, and erase
teens whose guardian did not answer within 14 days.

Each job runs once per Iran day across every worker: the first to insert the unique (job, day) row runs
it. A run that died half-way (its row still unfinished after STALE_AFTER) is taken over by another
worker; both jobs are idempotent, so a take-over never doubles anything."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from campaigns.jalali import IRAN_TZ
from campaigns.pledges import mark_overdue, roll_monthly_pledges
from campaigns.teens import expire_unconfirmed
from storage.models import utcnow
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)
Job = Callable[[UnitOfWork, date], Awaitable[int]]
# In order: a pledge past due is flagged before the month's new rows are made.
# A teen's request unanswered for 14 days: the teen is told and their personal data erased (campaigns/teens.py).
JOBS: tuple[tuple[str, Job], ...] = (("mark_overdue", mark_overdue), ("roll_monthly_pledges", roll_monthly_pledges),
                                     ("expire_teen_requests", expire_unconfirmed))


async def claim(uows: UnitOfWorkFactory, job: str, day: date, worker: str, now: datetime) -> bool:
    """Take a job's run of a day: True for exactly one worker (or for a take-over of a stale run)."""
    async with uows() as uow:
        if await uow.schedules.start_job(job, day, worker, now):
            await uow.commit()
            return True
        await uow.rollback()
        taken = await uow.schedules.take_over_job(job, day, worker, now, now - STALE_AFTER)
        await uow.commit()
        return taken


async def _finish(uows: UnitOfWorkFactory, job: str, day: date, count: int) -> None:
    async with uows() as uow:
        await uow.schedules.finish_job(job, day, count, utcnow())
        await uow.commit()


async def run_due(uows: UnitOfWorkFactory, now: datetime | None = None, worker: str = "",
                  jobs: tuple[tuple[str, Job], ...] = JOBS) -> dict[str, int]:
    """Run today's jobs this worker claims; returns what each run did (empty when others ran them)."""
    now = now or utcnow()
    day = now.astimezone(IRAN_TZ).date()
    done: dict[str, int] = {}
    for name, job in jobs:
        if not await claim(uows, name, day, worker, now):
            continue
        async with uows() as uow:
            count = await job(uow, day)
        await _finish(uows, name, day, count)
        log.info("daily job done", extra={"job": name, "day": day.isoformat(), "count": count})
        done[name] = count
    return done


async def run_daily(uows: UnitOfWorkFactory, stop: asyncio.Event, every: float = 60.0,
                    clock: Callable[[], datetime] = utcnow, worker: str = "") -> None:
    """Check every minute whether today's jobs still need running, until `stop` is set."""
    while not stop.is_set():
        try:
            await run_due(uows, clock(), worker)
        except Exception:
            log.exception("daily jobs failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)

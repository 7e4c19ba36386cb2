"""Queries and writes on schedules, their firings and job runs; the unit of work commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from storage.models.broadcasts import JobRun, Schedule, ScheduleFiring
from storage.repositories.base import Repository


class ScheduleRepository(Repository):
    """Every SQL statement on schedules, their firings and job runs.

    The unique keys on firings (schedule, occurrence) and job runs (job, day) are how several workers
    agree on who fires or runs what: the methods that write them flush at once and answer None/False on
    a conflict; the caller then rolls the unit of work back."""

    # Schedules

    def add(self, schedule: Schedule) -> None:
        """Stage a new schedule (written at the commit)."""
        self.session.add(schedule)

    async def create(self, schedule: Schedule) -> int:
        """Stage a new schedule and return its id (flushed, not committed)."""
        return await self._written(schedule)

    async def by_id(self, schedule_id: int) -> Schedule | None:
        """A schedule by id."""
        return await self.session.get(Schedule, schedule_id)

    async def active(self) -> Sequence[Schedule]:
        """Every active schedule."""
        return (await self.session.execute(select(Schedule).where(Schedule.active.is_(True)))).scalars().all()

    async def by_source_prefix(self, prefix: str) -> Sequence[Schedule]:
        """Schedules whose source name starts with `prefix` (a campaign file's events: "<slug>#")."""
        return (await self.session.execute(select(Schedule).where(Schedule.source.like(f"{prefix}%")))).scalars().all()

    # Firings

    async def fired(self, schedule_ids: Sequence[int]) -> set[tuple[int, str]]:
        """(schedule id, occurrence) of every firing these schedules have had."""
        if not schedule_ids:
            return set()
        rows = await self.session.execute(select(ScheduleFiring.schedule_id, ScheduleFiring.occurrence).where(
            ScheduleFiring.schedule_id.in_(schedule_ids)))
        return {(schedule_id, occurrence) for schedule_id, occurrence in rows}

    async def claim_firing(self, schedule_id: int, occurrence: str, now: datetime) -> ScheduleFiring | None:
        """Write the firing of one occurrence now; None when another worker already did (roll back then)."""
        firing = ScheduleFiring(schedule_id=schedule_id, occurrence=occurrence, fired_at=now)
        self.session.add(firing)
        try:
            await self.session.flush()
        except IntegrityError:
            return None
        return firing

    async def link_firing(self, firing: ScheduleFiring, broadcast_id: int) -> bool:
        """Record the broadcast a firing made and write what is staged; False on a conflict (roll back then)."""
        firing.broadcast_id = broadcast_id
        try:
            await self.session.flush()
        except IntegrityError:
            return False
        return True

    # Daily job runs

    async def start_job(self, job: str, day: date, worker: str, now: datetime) -> bool:
        """Write the run of a job on a day; False when one exists already (roll back then)."""
        self.session.add(JobRun(job=job, day=day, worker=worker, started_at=now, result={}))
        try:
            await self.session.flush()
        except IntegrityError:
            return False
        return True

    async def take_over_job(self, job: str, day: date, worker: str, now: datetime, started_before: datetime
                            ) -> bool:
        """Take over a run still unfinished that started before `started_before`; True for the one who did."""
        result = await self.session.execute(update(JobRun).where(
            JobRun.job == job, JobRun.day == day, JobRun.finished_at.is_(None),
            JobRun.started_at < started_before).values(started_at=now, worker=worker))
        return int(getattr(result, "rowcount", 0) or 0) == 1

    async def finish_job(self, job: str, day: date, count: int, now: datetime) -> None:
        """Mark a run finished with what it did."""
        await self.session.execute(update(JobRun).where(JobRun.job == job, JobRun.day == day)
                                   .values(finished_at=now, result={"count": count}))

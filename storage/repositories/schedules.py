"""Queries and writes on schedules, their firings and job runs; the unit of work commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class ScheduleRepository:
    """Every SQL statement on schedules, their firings and job runs."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

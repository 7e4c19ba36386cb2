"""Queries and writes on volunteer registrations; the caller's service commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Volunteer, utcnow


class VolunteerRepository:
    """Registrations by person, and the one-row-per-person upsert."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_person(self, person_id: int) -> Volunteer | None:
        """The registration of a person."""
        result = await self.session.execute(select(Volunteer).where(Volunteer.person_id == person_id))
        return result.scalar_one_or_none()

    async def upsert(self, person_id: int, **values: Any) -> None:
        """Insert a registration, or update the person's existing one (atomic on concurrent taps)."""
        now = utcnow()
        dialect = self.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(Volunteer).values(person_id=person_id, registered_at=now, updated_at=now, **values)
        statement = statement.on_conflict_do_update(
            index_elements=[Volunteer.person_id], set_={**values, "updated_at": now})
        await self.session.execute(statement)

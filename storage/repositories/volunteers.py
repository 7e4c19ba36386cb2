"""Queries and writes on volunteer registrations; the caller's service commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, case, cast, func, select

from storage.models import Person, Volunteer, utcnow
from storage.repositories.base import Repository, insert_for
from storage.repositories.regions import within


class VolunteerRepository(Repository):
    """Registrations by person, and the one-row-per-person upsert."""

    async def by_person(self, person_id: int) -> Volunteer | None:
        """The registration of a person."""
        # populate_existing: a row this session holds from before an upsert is read afresh, not from memory.
        result = await self.session.execute(select(Volunteer).where(Volunteer.person_id == person_id)
                                            .execution_options(populate_existing=True))
        return result.scalar_one_or_none()

    async def upsert(self, person_id: int, **values: Any) -> Volunteer:
        """Insert a registration, or update the person's existing one (atomic on concurrent taps); the row as
        saved."""
        now = utcnow()
        statement = insert_for(self.session, Volunteer).values(person_id=person_id, registered_at=now,
                                                               updated_at=now, **values)
        statement = statement.on_conflict_do_update(
            index_elements=[Volunteer.person_id], set_={**values, "updated_at": now})
        result = await self.session.scalars(statement.returning(Volunteer),
                                            execution_options={"populate_existing": True})
        return result.one()

    # Statistics and exports inside a manager's region (province/county codes; None: any) ---------------

    async def count_within(self, province_code: str | None, county_code: str | None) -> int:
        """Volunteers serving in a region."""
        result = await self.session.execute(select(func.count()).select_from(Volunteer).where(
            *within(Volunteer.province_code, Volunteer.county_code, province_code, county_code)))
        return int(result.scalar_one())

    async def count_with_axis_within(self, axis: str, province_code: str | None, county_code: str | None) -> int:
        """Volunteers serving in a region who chose an axis."""
        result = await self.session.execute(select(func.count()).select_from(Volunteer).where(
            *within(Volunteer.province_code, Volunteer.county_code, province_code, county_code),
            cast(Volunteer.axes, String).like(f'%"{axis}"%')))
        return int(result.scalar_one())

    async def count_by_specialty_within(self, province_code: str | None, county_code: str | None
                                        ) -> list[tuple[str, int]]:
        """Volunteers serving in a region by specialty, the most common first."""
        result = await self.session.execute(
            select(Volunteer.specialty, func.count())
            .where(*within(Volunteer.province_code, Volunteer.county_code, province_code, county_code))
            .group_by(Volunteer.specialty).order_by(func.count().desc()))
        return [(specialty, int(n)) for specialty, n in result.all()]

    async def count_by_region_within(self, by_province: bool, province_code: str | None, county_code: str | None
                                     ) -> list[tuple[str | None, int]]:
        """Volunteers serving in a region by the province (or county) they serve, the largest first."""
        region = Volunteer.province_code if by_province else Volunteer.county_code
        result = await self.session.execute(
            select(region, func.count())
            .where(*within(Volunteer.province_code, Volunteer.county_code, province_code, county_code))
            .group_by(region).order_by(func.count().desc()))
        return [(code, int(n)) for code, n in result.all()]

    async def registered_since_within(self, week_start: datetime, month_start: datetime, province_code: str | None,
                                      county_code: str | None) -> tuple[int, int]:
        """Volunteers serving in a region who registered since the week's start and since the month's start."""
        def since(moment: datetime) -> Any:
            return func.coalesce(func.sum(case((Volunteer.registered_at >= moment, 1), else_=0)), 0)

        result = await self.session.execute(
            select(since(week_start), since(month_start))
            .where(Volunteer.registered_at >= min(week_start, month_start),
                   *within(Volunteer.province_code, Volunteer.county_code, province_code, county_code)))
        week, month = result.one()
        return int(week), int(month)

    def _filtered(self, province_code: str | None, county_code: str | None, axis: str | None,
                  specialty: str | None, on_call: bool | None) -> list[Any]:
        where = [Person.forgotten_at.is_(None),
                 *within(Volunteer.province_code, Volunteer.county_code, province_code, county_code)]
        if axis is not None:
            where.append(cast(Volunteer.axes, String).like(f'%"{axis}"%'))
        if specialty is not None:
            where.append(Volunteer.specialty == specialty)
        if on_call is not None:
            where.append(Volunteer.on_call.is_(on_call))
        return where

    async def count_filtered(self, province_code: str | None, county_code: str | None, axis: str | None,
                             specialty: str | None, on_call: bool | None) -> int:
        """Volunteers (not forgotten) serving in a region with an axis, a specialty and on call or not (None: any)."""
        result = await self.session.execute(
            select(func.count()).select_from(Volunteer).join(Person, Person.id == Volunteer.person_id)
            .where(*self._filtered(province_code, county_code, axis, specialty, on_call)))
        return int(result.scalar_one())

    async def page_filtered(self, province_code: str | None, county_code: str | None, axis: str | None,
                            specialty: str | None, on_call: bool | None, offset: int, limit: int
                            ) -> list[tuple[Volunteer, str | None]]:
        """One page of those volunteers, newest registration first, each with the person's first name (never a
        phone number or national ID: the list is shown to managers)."""
        result = await self.session.execute(
            select(Volunteer, Person.first_name).join(Person, Person.id == Volunteer.person_id)
            .where(*self._filtered(province_code, county_code, axis, specialty, on_call))
            .order_by(Volunteer.id.desc()).offset(offset).limit(limit))
        return [(volunteer, name) for volunteer, name in result.all()]

"""Volunteers as a manager's dashboard lists them: counts by axis, specialty, region and on call, and a page of
registrations filtered by those, inside the manager's region. First names only: never a phone number or a
national ID (VolunteerLine has no field for either)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from campaigns import stats
from campaigns.regions import load_regions
from campaigns.roles import Scope
from campaigns.volunteers import Axis, Day, Hours, Specialty, VolunteerOffer
from storage.unit_of_work import UnitOfWork

PAGE_SIZE = 25


class NotInRegion(PermissionError):
    """A filter names a province or county outside the manager's region."""


class UnknownRegion(LookupError):
    """A filter names a province or county that does not exist."""


@dataclass(frozen=True)
class VolunteerFilter:
    """What the list is narrowed to (None: any)."""

    axis: Axis | None = None
    specialty: Specialty | None = None
    province_code: str | None = None
    county_code: str | None = None
    on_call: bool | None = None


@dataclass(frozen=True, kw_only=True)
class VolunteerLine(VolunteerOffer):
    """One registration in the list: what the volunteer offers, their first name and when they registered."""

    id: int
    first_name: str | None
    registered_at: datetime


@dataclass(frozen=True)
class VolunteerCounts:
    """Volunteers inside the region in all, by axis, by specialty, by province or county, and on call."""

    figures: stats.VolunteerStats
    on_call: int


def area(scope: Scope, wanted: VolunteerFilter) -> tuple[str | None, str | None]:
    """The (province, county) codes the list keeps to: the filter's region, which must lie inside the scope."""
    regions = load_regions()
    if wanted.county_code:
        county = regions.county(wanted.county_code)
        if county is None or (wanted.province_code and county.province_code != wanted.province_code):
            raise UnknownRegion(wanted.county_code)
        if not scope.covers(county.province_code, county.code):
            raise NotInRegion(wanted.county_code)
        return None, county.code
    if wanted.province_code:
        if regions.province(wanted.province_code) is None:
            raise UnknownRegion(wanted.province_code)
        if scope.national or scope.covers(wanted.province_code):
            return wanted.province_code, None
        raise NotInRegion(wanted.province_code)
    return scope.area()


async def counts(uow: UnitOfWork, scope: Scope) -> VolunteerCounts:
    """The region's volunteers counted by axis, specialty, region and on call."""
    on_call = await uow.volunteers.count_filtered(*scope.area(), None, None, True)
    return VolunteerCounts(await stats.volunteers(uow, scope), on_call)


async def page(uow: UnitOfWork, scope: Scope, wanted: VolunteerFilter, number: int = 0, size: int = PAGE_SIZE
               ) -> tuple[list[VolunteerLine], int]:
    """One page of the registrations the filter keeps inside the scope, newest first, and how many it keeps in
    all (NotInRegion or UnknownRegion for a filter's region)."""
    province, county = area(scope, wanted)
    axis = wanted.axis.value if wanted.axis else None
    specialty = wanted.specialty.value if wanted.specialty else None
    total = await uow.volunteers.count_filtered(province, county, axis, specialty, wanted.on_call)
    rows = await uow.volunteers.page_filtered(province, county, axis, specialty, wanted.on_call,
                                              number * size, size)
    lines = [VolunteerLine(id=v.id, first_name=name, registered_at=v.registered_at,
                           axes=tuple(Axis(a) for a in v.axes if a in Axis._value2member_map_),
                           specialty=Specialty(v.specialty),
                           days=tuple(Day(d) for d in v.days if d in Day._value2member_map_), hours=Hours(v.hours),
                           on_call=v.on_call, province_code=v.province_code, county_code=v.county_code)
             for v, name in rows]
    return lines, total

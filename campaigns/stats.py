"""Statistics inside a manager's region: campaign participation and pledges, volunteers, fairness.

People count in the region they live in; pledges in the region they were pledged to (a pledge to
"anywhere" counts only nationally); volunteers in the region they serve."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns.regions import load_regions
from campaigns.roles import Scope
from campaigns.volunteers import AXES
from storage.models import Membership, Person, Pledge, Volunteer
from storage.models.roles import RoleLevel

LIVE = ("pledged", "fulfilled", "overdue")
_TOMANS = case((Pledge.kind == "payroll", Pledge.amount // 10), else_=Pledge.amount)


@dataclass(frozen=True)
class RegionRow:
    """One province or county's line in a campaign's table."""

    code: str | None
    participants: int = 0
    pledges: int = 0
    amount: int = 0
    fulfilled: int = 0


@dataclass(frozen=True)
class CampaignStats:
    """A campaign's participation and pledges inside a scope, in all and region by region."""

    participants: int
    pledges: int
    amount: int  # tomans (payroll rials counted as tomans)
    items: int
    fulfilled: int
    rows: tuple[RegionRow, ...]

    @property
    def fulfilled_percent(self) -> int:
        """Whole percent of pledges fulfilled."""
        return self.fulfilled * 100 // self.pledges if self.pledges else 0


@dataclass(frozen=True)
class VolunteerStats:
    """Volunteers inside a scope: in all, by axis, by specialty, region by region."""

    total: int
    by_axis: tuple[tuple[str, int], ...]
    by_specialty: tuple[tuple[str, int], ...]
    by_region: tuple[tuple[str | None, int], ...]


@dataclass(frozen=True)
class CountyRate:
    """A county's count per thousand people."""

    county_code: str
    province_code: str
    count: int
    population: int

    @property
    def per_thousand(self) -> float:
        """Count per thousand residents."""
        return self.count * 1000 / self.population if self.population else 0.0


def breakdown_level(scope: Scope) -> str:
    """Tables break down by province for national managers, by county for the others."""
    return "province" if scope.national else "county"


async def campaign(session: AsyncSession, scope: Scope, campaign_id: int) -> CampaignStats:
    """Participants, pledges, amounts and the fulfilled share of one campaign inside a scope."""
    by_province = scope.national
    person_region = Person.province_code if by_province else Person.county_code
    pledge_region = Pledge.province_code if by_province else Pledge.county_code
    members = dict((await session.execute(
        select(person_region, func.count()).select_from(Membership).join(Person, Person.id == Membership.person_id)
        .where(Membership.campaign_id == campaign_id, Membership.left_at.is_(None), Person.forgotten_at.is_(None),
               *scope.where(Person.province_code, Person.county_code))
        .group_by(person_region))).all())
    pledge_rows = (await session.execute(
        select(pledge_region, func.count(), func.coalesce(func.sum(_TOMANS), 0),
               func.sum(case((Pledge.status == "fulfilled", 1), else_=0)),
               func.coalesce(func.sum(case((Pledge.kind == "in_kind", Pledge.quantity), else_=0)), 0))
        .where(Pledge.campaign_id == campaign_id, Pledge.status.in_(LIVE),
               *scope.where(Pledge.province_code, Pledge.county_code))
        .group_by(pledge_region))).all()
    pledges = {code: (int(n), int(amount or 0), int(done or 0), int(items or 0))
               for code, n, amount, done, items in pledge_rows}
    codes = sorted(set(members) | set(pledges), key=lambda c: (c is None, c or ""))
    rows = tuple(RegionRow(code, int(members.get(code, 0)), *pledges.get(code, (0, 0, 0, 0))[:3])
                 for code in codes)
    return CampaignStats(participants=sum(int(v) for v in members.values()),
                         pledges=sum(p[0] for p in pledges.values()), amount=sum(p[1] for p in pledges.values()),
                         items=sum(p[3] for p in pledges.values()), fulfilled=sum(p[2] for p in pledges.values()),
                         rows=rows)


async def volunteers(session: AsyncSession, scope: Scope) -> VolunteerStats:
    """Volunteers inside a scope by axis, by specialty and by province (national) or county."""
    where = scope.where(Volunteer.province_code, Volunteer.county_code)
    total = int((await session.execute(select(func.count()).select_from(Volunteer).where(*where))).scalar_one())
    by_axis = []
    for axis in AXES:
        n = (await session.execute(select(func.count()).select_from(Volunteer).where(
            *where, cast(Volunteer.axes, String).like(f'%"{axis.value}"%')))).scalar_one()
        by_axis.append((axis.value, int(n)))
    specialties = (await session.execute(select(Volunteer.specialty, func.count()).where(*where)
                                         .group_by(Volunteer.specialty).order_by(func.count().desc()))).all()
    region = Volunteer.province_code if scope.national else Volunteer.county_code
    regions = (await session.execute(select(region, func.count()).where(*where).group_by(region)
                                     .order_by(func.count().desc()))).all()
    return VolunteerStats(total, tuple(by_axis), tuple((s, int(n)) for s, n in specialties),
                          tuple((code, int(n)) for code, n in regions))


async def fewest_per_thousand(session: AsyncSession, scope: Scope, metric: str, limit: int = 10) -> list[CountyRate]:
    """Counties inside a scope with the fewest volunteers (or live pledges) per thousand people."""
    if metric == "volunteers":
        column, where = Volunteer.county_code, scope.where(Volunteer.province_code, Volunteer.county_code)
        query = select(column, func.count()).select_from(Volunteer).where(*where).group_by(column)
    else:
        column, where = Pledge.county_code, scope.where(Pledge.province_code, Pledge.county_code)
        query = select(column, func.count()).where(Pledge.status.in_(LIVE), *where).group_by(column)
    counts = dict((await session.execute(query)).all())
    rates = [CountyRate(county.code, province.code, int(counts.get(county.code, 0)), county.population)
             for province in load_regions().provinces for county in province.counties
             if county.population > 0 and (scope.national or scope.covers(province.code, county.code))]
    if scope.level is RoleLevel.COUNTY:
        rates = [r for r in rates if r.county_code == scope.county_code]
    return sorted(rates, key=lambda r: (r.per_thousand, -r.population))[:limit]

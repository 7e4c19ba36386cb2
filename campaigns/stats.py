"""Statistics inside a manager's region: campaign participation and pledges, volunteers, fairness.

People count in the region they live in; pledges in the region they were pledged to (a pledge to
"anywhere" counts only nationally); volunteers in the region they serve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from campaigns.audit import Actor, record
from campaigns.regions import load_regions
from campaigns.roles import Scope, scope_of_actor
from campaigns.volunteers import AXES
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork


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


async def campaign(uow: UnitOfWork, scope: Scope, campaign_id: int) -> CampaignStats:
    """Participants, pledges, amounts and the fulfilled share of one campaign inside a scope."""
    by_province = scope.national
    members = await uow.campaigns.members_by_region(campaign_id, by_province, *scope.area())
    pledges = {area[-1]: (n, amount, done, items) for _, area, n, amount, done, items
               in await pledge_sums(uow, [campaign_id], 1 if by_province else 2, *scope.area())}
    codes = sorted(set(members) | set(pledges), key=lambda c: (c is None, c or ""))
    rows = tuple(RegionRow(code, int(members.get(code, 0)), *pledges.get(code, (0, 0, 0, 0))[:3])
                 for code in codes)
    return CampaignStats(participants=sum(int(v) for v in members.values()),
                         pledges=sum(p[0] for p in pledges.values()), amount=sum(p[1] for p in pledges.values()),
                         items=sum(p[3] for p in pledges.values()), fulfilled=sum(p[2] for p in pledges.values()),
                         rows=rows)


async def pledge_sums(uow: UnitOfWork, campaign_ids: list[int] | None, levels: int, province_code: str | None,
                      county_code: str | None, since: datetime | None = None, until: datetime | None = None
                      ) -> list[tuple[int, tuple[str | None, ...], int, int, int, int]]:
    """Pledges by campaign and area (1 province, 2 and county, 3 and neighbourhood): how many, tomans, fulfilled,
    items. The one query behind the managers' tables and the monthly message to participants
    (campaigns/area_feedback.py); with `since`/`until`, what happened in that span."""
    return await uow.pledges.sums_by_area(campaign_ids, levels, province_code, county_code, since, until)


async def view_campaign(uow: UnitOfWork, actor: Actor, campaign_id: int) -> CampaignStats:
    """A manager looks at a campaign's statistics inside their region; audited; commits."""
    scope = scope_of_actor(actor)
    result = await campaign(uow, scope, campaign_id)
    record(uow, actor, "stats_view", {"campaign_id": campaign_id}, count=result.participants,
           province_code=scope.province_code, county_code=scope.county_code)
    await uow.commit()
    return result


async def volunteers(uow: UnitOfWork, scope: Scope) -> VolunteerStats:
    """Volunteers inside a scope by axis, by specialty and by province (national) or county."""
    area = scope.area()
    total = await uow.volunteers.count_within(*area)
    by_axis = [(axis.value, await uow.volunteers.count_with_axis_within(axis.value, *area)) for axis in AXES]
    specialties = await uow.volunteers.count_by_specialty_within(*area)
    regions = await uow.volunteers.count_by_region_within(scope.national, *area)
    return VolunteerStats(total, tuple(by_axis), tuple(specialties), tuple(regions))


async def view_volunteers(uow: UnitOfWork, actor: Actor) -> VolunteerStats:
    """A manager looks at the volunteers inside their region; audited; commits."""
    scope = scope_of_actor(actor)
    result = await volunteers(uow, scope)
    record(uow, actor, "stats_view", {"what": "volunteers"}, count=result.total,
           province_code=scope.province_code, county_code=scope.county_code)
    await uow.commit()
    return result


async def fewest_per_thousand(uow: UnitOfWork, scope: Scope, metric: str, limit: int = 10) -> list[CountyRate]:
    """Counties inside a scope with the fewest volunteers (or live pledges) per thousand people."""
    if metric == "volunteers":
        counts = dict(await uow.volunteers.count_by_region_within(False, *scope.area()))
    else:
        counts = await uow.pledges.live_count_by_county(*scope.area())
    rates = [CountyRate(county.code, province.code, int(counts.get(county.code, 0)), county.population)
             for province in load_regions().provinces for county in province.counties
             if county.population > 0 and (scope.national or scope.covers(province.code, county.code))]
    if scope.level is RoleLevel.COUNTY:
        rates = [r for r in rates if r.county_code == scope.county_code]
    return sorted(rates, key=lambda r: (r.per_thousand, -r.population))[:limit]

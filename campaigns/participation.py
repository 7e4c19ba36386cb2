"""Participation inside a manager's region for the dashboard: a campaign's members and pledges by province and by
county (one grouped query each), and the people and volunteers new this week and this month.

People count in the region they live in; pledges in the region they were pledged to (as in campaigns/stats.py);
volunteers in the region they serve. The week starts on Saturday and the month on the first of the Jalali month,
both at midnight in Iran."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from campaigns.jalali import IRAN_TZ, start_of_jalali_month
from campaigns.roles import Scope
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class RegionTotals:
    """A campaign's figures in one province or county."""

    participants: int = 0
    pledges: int = 0
    fulfilled: int = 0


@dataclass(frozen=True)
class CampaignAreas:
    """A campaign inside a scope: its totals, and the same figures by province and by county code."""

    participants: int
    pledges: int
    fulfilled: int
    amount: int  # tomans (payroll rials counted as tomans)
    items: int
    by_province: dict[str, RegionTotals] = field(default_factory=dict)
    by_county: dict[str, RegionTotals] = field(default_factory=dict)

    @property
    def fulfilled_percent(self) -> int:
        """Whole percent of pledges fulfilled."""
        return self.fulfilled * 100 // self.pledges if self.pledges else 0


@dataclass(frozen=True)
class Newcomers:
    """People who joined a campaign and volunteers who registered since the week's and the month's start."""

    week_start: datetime
    month_start: datetime
    participants_week: int
    participants_month: int
    volunteers_week: int
    volunteers_month: int


def _add(into: dict[str, list[int]], code: str | None, values: tuple[int, int, int]) -> None:
    if code:
        for index, value in enumerate(values):
            into[code][index] += value


async def campaign_areas(uow: UnitOfWork, scope: Scope, campaign_id: int) -> CampaignAreas:
    """A campaign's participants, pledges and fulfilled pledges inside a scope, in all, by province and by county
    (two grouped queries, whatever the number of regions)."""
    return (await campaigns_areas(uow, scope, [campaign_id]))[campaign_id]


async def campaigns_areas(uow: UnitOfWork, scope: Scope, campaign_ids: list[int]) -> dict[int, CampaignAreas]:
    """campaign_areas for several campaigns at once, by campaign id: still two grouped queries, however many
    campaigns (the overview reads every active campaign; one query per campaign scanned the people each time)."""
    if not campaign_ids:
        return {}
    members = await uow.campaigns.members_by_campaign_area(campaign_ids, *scope.area())
    pledges = await _pledges_by_place(uow, scope, campaign_ids)
    return {campaign_id: _areas(members[campaign_id], pledges[campaign_id]) for campaign_id in campaign_ids}


async def _pledges_by_place(uow: UnitOfWork, scope: Scope, campaign_ids: list[int]
                            ) -> dict[int, dict[tuple[str | None, str | None], tuple[int, int, int, int]]]:
    """Each campaign's live pledges inside a scope by the (province, county) pledged to: how many, tomans, how many
    fulfilled, items — the managers' stats' own grouped query (uow.pledges.sums_by_area at two levels)."""
    found: dict[int, dict[tuple[str | None, str | None], tuple[int, int, int, int]]] = {c: {} for c in campaign_ids}
    for campaign_id, area, count, tomans, fulfilled, items in await uow.pledges.sums_by_area(
            campaign_ids, 2, *scope.area()):
        found[campaign_id][(area[0], area[1])] = (count, tomans, fulfilled, items)
    return found


def _areas(members: dict[tuple[str | None, str | None], int],
           pledges: dict[tuple[str | None, str | None], tuple[int, int, int, int]]) -> CampaignAreas:
    """One campaign's totals, by province and by county, from its grouped members and pledges."""
    provinces: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    counties: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (province, county), n in members.items():
        _add(provinces, province, (n, 0, 0))
        _add(counties, county, (n, 0, 0))
    for (province, county), (n, _amount, done, _items) in pledges.items():
        _add(provinces, province, (0, n, done))
        _add(counties, county, (0, n, done))
    return CampaignAreas(
        participants=sum(members.values()), pledges=sum(p[0] for p in pledges.values()),
        fulfilled=sum(p[2] for p in pledges.values()), amount=sum(p[1] for p in pledges.values()),
        items=sum(p[3] for p in pledges.values()),
        by_province={code: RegionTotals(*v) for code, v in provinces.items()},
        by_county={code: RegionTotals(*v) for code, v in counties.items()})


def week_start(now: datetime) -> datetime:
    """The start of the Iranian week (Saturday, midnight in Iran) holding a moment, in UTC."""
    local = now.astimezone(IRAN_TZ)
    days_since_saturday = (local.weekday() - 5) % 7  # Monday is 0, Saturday 5
    midnight = datetime.combine(local.date() - timedelta(days=days_since_saturday), time(), IRAN_TZ)
    return midnight.astimezone(UTC)


def month_start(now: datetime) -> datetime:
    """The start of the Jalali month holding a moment (the first, midnight in Iran), in UTC."""
    return datetime.combine(start_of_jalali_month(now), time(), IRAN_TZ).astimezone(UTC)


async def newcomers(uow: UnitOfWork, scope: Scope, now: datetime) -> Newcomers:
    """People who joined a campaign (still members) and volunteers who registered inside a scope since the start of
    this week and of this Jalali month (one statement each)."""
    week, month = week_start(now), month_start(now)
    people_week, people_month = await uow.campaigns.newcomers_within(week, month, *scope.area())
    volunteers_week, volunteers_month = await uow.volunteers.registered_since_within(week, month, *scope.area())
    return Newcomers(week, month, people_week, people_month, volunteers_week, volunteers_month)

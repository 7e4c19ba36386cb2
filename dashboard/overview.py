"""The overview of a manager's region: active campaigns with their progress, the people and volunteers new this week
and this month, and participation per 1,000 people by province for the map; and a province's page (its counties),
refused and audited outside the manager's scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from campaigns import catalogue, participation, progress, teens
from campaigns.catalogue import Openness, today_in_iran
from campaigns.participation import Newcomers, RegionTotals
from campaigns.regions import load_regions
from campaigns.roles import Scope
from campaigns.teens import TeenCount
from dashboard.access import FIGURES_ELSEWHERE, missing, out_of_region, page, signed_in
from dashboard.auth import Manager, now
from dashboard.figures import (
    AreaFigure,
    county_figures,
    legend,
    lowest_first,
    province_figures,
    province_in_scope,
    rate_text,
    shaded,
)
from dashboard.geo import province_map
from dashboard.rendering import UOWS, texts
from dashboard.snapshots import FIGURES, setup_snapshots
from i18n import Translator
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class CampaignLine:
    """An active campaign inside the manager's region: participants, pledges and fulfilled ones; the campaign's
    whole goal only for a national manager (a region's managers see their region's figures only)."""

    id: int
    title: str
    participants: int
    pledges: int
    fulfilled: int
    fulfilled_percent: int
    goal_current: int | None
    goal_target: int | None
    goal_percent: int | None


async def active_campaigns(uow: UnitOfWork, scope: Scope) -> list[catalogue.CampaignView]:
    """Open campaigns that reach the manager's region."""
    today = today_in_iran()
    province = scope.province_code
    if scope.county_code and not province:
        found = load_regions().province_of(scope.county_code)
        province = found.code if found else None
    return [c for c in await catalogue.listing(uow, None, include_ended=True)
            if c.openness(today) is Openness.OPEN and (scope.national or not c.regions or c.covers(province))]


def _sum(into: dict[str, list[int]], totals: dict[str, RegionTotals]) -> None:
    for code, found in totals.items():
        into[code][0] += found.participants
        into[code][1] += found.pledges
        into[code][2] += found.fulfilled


def _totals(summed: dict[str, list[int]]) -> dict[str, RegionTotals]:
    return {code: RegionTotals(*values) for code, values in summed.items()}


async def overview(uow: UnitOfWork, scope: Scope, t: Translator) -> tuple[list[CampaignLine], list[AreaFigure], float]:
    """The campaigns, the provinces' figures (shaded; those outside the scope without numbers) and the top rate."""
    lines: list[CampaignLine] = []
    by_province: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    campaigns = await active_campaigns(uow, scope)
    all_areas = await participation.campaigns_areas(uow, scope, [c.id for c in campaigns])
    for campaign in campaigns:
        areas = all_areas[campaign.id]
        _sum(by_province, areas.by_province)
        goal = await progress.measure(uow, campaign) if scope.national else None
        lines.append(CampaignLine(campaign.id, campaign.title(t.language), areas.participants, areas.pledges,
                                  areas.fulfilled, areas.fulfilled_percent,
                                  goal.current if goal else None, goal.target if goal else None,
                                  min(goal.percent, 100) if goal else None))
    figures = province_figures(_totals(by_province), scope, t.language)
    return lines, figures, shaded(figures)[1]


async def province_counties(uow: UnitOfWork, scope: Scope, province_code: str, t: Translator) -> list[AreaFigure]:
    """A province's counties inside the scope: members of the active campaigns per 1,000 residents, lowest first."""
    # A national manager's province page reads only that province, like a provincial manager's.
    local = Scope(RoleLevel.PROVINCIAL, province_code) if scope.national else scope
    by_county: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    campaigns = await active_campaigns(uow, scope)
    for areas in (await participation.campaigns_areas(uow, local, [c.id for c in campaigns])).values():
        _sum(by_county, areas.by_county)
    figures = [f for f in county_figures(_totals(by_county), scope, province_code, t.language) if f.in_scope]
    return lowest_first(shaded(figures)[0])


async def overview_page(request: web.Request, manager: Manager, uow: UnitOfWork) -> web.Response:
    """The overview of the manager's region (GET / with a session)."""
    t = texts(request)

    async def compute() -> tuple[list[CampaignLine], list[AreaFigure], float, Newcomers]:
        lines, figures, top = await overview(uow, manager.scope, t)
        return lines, figures, top, await participation.newcomers(uow, manager.scope, now())

    # Summing the whole region live took ~880 ms nationally (500,000 pledges): up to FIGURES_TTL old, said on the page.
    snapshot = await request.app[FIGURES].get(("overview", manager.scope, t.language), compute)
    lines, figures, top, newcomers = snapshot.value
    teen_counts = await teens.counts(uow, *manager.scope.area())
    return page(request, manager, "overview.html", campaigns=lines, figures=figures, legend=legend(top, t),
                updated=snapshot.time_text(t.language),
                map=province_map(), rate=lambda v: rate_text(v, t), newcomers=newcomers,
                province_link=lambda code: f"/province/{code}", teens=teen_lines(teen_counts, t.language),
                teen_total=TeenCount(None, None, *(sum(getattr(c, f) for c in teen_counts)
                                                   for f in ("awaiting", "confirmed", "closed"))))


def teen_lines(counts: list[TeenCount], language: str) -> list[tuple[str, str, TeenCount]]:
    """The MANA teens' counts as (province, county, counts) named in the reader's language, by province and county
    in the shipped order."""
    regions = load_regions()
    order = {c.code: i for i, c in enumerate(c for p in regions.provinces for c in p.counties)}
    order.update({p.code: i * 10_000 for i, p in enumerate(regions.provinces)})

    def name(place: Any) -> str:
        return place.name(language) if place is not None else ""

    ranked = sorted(counts, key=lambda c: (order.get(c.province_code or "", -1), order.get(c.county_code or "", -1)))
    return [(name(regions.province(c.province_code)), name(regions.county(c.county_code)), c) for c in ranked]


async def province_page(request: web.Request) -> web.Response:
    """GET /province/{code}: a province's counties by participation per 1,000, lowest first. Outside the
    manager's region: 403; a province that does not exist: 404; both written to the audit log."""
    code = request.match_info["code"]
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if isinstance(manager, web.Response):
            return manager
        t = texts(request)  # after the manager is known: their own language
        province = load_regions().province(code)
        if province is None:
            return await missing(request, uow, manager, province=code[:64])
        if not province_in_scope(manager.scope, code):
            return await out_of_region(request, uow, manager, FIGURES_ELSEWHERE, province=code)
        snapshot = await request.app[FIGURES].get(("province", manager.scope, code, t.language),
                                                  lambda: province_counties(uow, manager.scope, code, t))
        return page(request, manager, "province.html", province=province.name(t.language), figures=snapshot.value,
                    updated=snapshot.time_text(t.language),
                    rate=lambda v: rate_text(v, t))


def setup_overview(app: web.Application) -> None:
    """Register the province page (the overview is the home page's, in dashboard.app)."""
    if FIGURES not in app:
        setup_snapshots(app)
    app.router.add_get("/province/{code}", province_page, name="province")

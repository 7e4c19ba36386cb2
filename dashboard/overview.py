"""The overview of a manager's region: active campaigns with their progress, and participation per 1,000 people by
province for the map; and a province's page (its counties), refused and audited outside the manager's scope."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from campaigns import catalogue, progress, stats
from campaigns.audit import record
from campaigns.catalogue import Openness, today_in_iran
from campaigns.regions import load_regions
from campaigns.roles import Scope
from dashboard.auth import Manager, manager_of, now, refused, set_session_cookie
from dashboard.geo import province_map
from dashboard.login import touched
from dashboard.rendering import CONFIG, UOWS, refusal, render, texts
from i18n import Translator
from i18n.digits import to_persian_digits
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork

SHADES = 4  # participation is drawn in four steps above none (s1…s4); s0 is none, "out" is outside the scope


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


@dataclass(frozen=True)
class AreaFigure:
    """Participation in one province or county: campaign members living there per 1,000 residents."""

    code: str
    name: str
    participants: int
    population: int
    in_scope: bool
    shade: int = 0

    @property
    def per_thousand(self) -> float:
        """Participants per 1,000 residents."""
        return self.participants * 1000 / self.population if self.population else 0.0


def rate_text(value: float, t: Translator) -> str:
    """A rate with three decimals (as the bot's fairness list) in the reader's digits."""
    text = f"{value:.3f}"
    return to_persian_digits(text.replace(".", "٫")) if t.language == "fa" else text


def _shaded(figures: list[AreaFigure]) -> tuple[list[AreaFigure], float]:
    """Each figure's shade (0: none; 1…SHADES by equal steps up to the highest rate in scope) and that rate."""
    top = max((f.per_thousand for f in figures if f.in_scope), default=0.0)
    shaded = [AreaFigure(f.code, f.name, f.participants, f.population, f.in_scope,
                         min(SHADES, math.ceil(f.per_thousand / top * SHADES)) if top and f.participants else 0)
              for f in figures]
    return shaded, top


async def active_campaigns(uow: UnitOfWork, scope: Scope, language: str) -> list[catalogue.CampaignView]:
    """Open campaigns that reach the manager's region."""
    today = today_in_iran()
    province = scope.province_code
    if scope.county_code and not province:
        county = load_regions().county(scope.county_code)
        province = county.province_code if county else None
    return [c for c in await catalogue.listing(uow, None, include_ended=True)
            if c.openness(today) is Openness.OPEN and (scope.national or not c.regions or c.covers(province))]


async def overview(uow: UnitOfWork, scope: Scope, t: Translator) -> tuple[list[CampaignLine], list[AreaFigure], float]:
    """The campaigns, the provinces' figures (shaded; those outside the scope without numbers) and the top rate."""
    regions = load_regions()
    lines: list[CampaignLine] = []
    by_province: dict[str, int] = defaultdict(int)
    for campaign in await active_campaigns(uow, scope, t.language):
        in_scope_stats = await stats.campaign(uow, scope, campaign.id)
        for row in in_scope_stats.rows:
            county_row = None if scope.national else regions.county(row.code)
            province_code = row.code if scope.national else county_row.province_code if county_row else None
            if province_code:
                by_province[province_code] += row.participants
        goal = await progress.measure(uow, campaign) if scope.national else None
        lines.append(CampaignLine(campaign.id, campaign.title(t.language), in_scope_stats.participants,
                                  in_scope_stats.pledges, in_scope_stats.fulfilled, in_scope_stats.fulfilled_percent,
                                  goal.current if goal else None, goal.target if goal else None,
                                  min(goal.percent, 100) if goal else None))
    county = regions.county(scope.county_code) if scope.county_code else None
    figures: list[AreaFigure] = []
    for province in regions.provinces:
        in_scope = scope.national or scope.covers(province.code) or (county is not None
                                                                     and county.province_code == province.code)
        population = county.population if county is not None and in_scope else sum(
            c.population for c in province.counties)
        figures.append(AreaFigure(province.code, province.name(t.language),
                                  by_province.get(province.code, 0) if in_scope else 0, population, in_scope))
    shaded, top = _shaded(figures)
    return lines, shaded, top


async def county_figures(uow: UnitOfWork, scope: Scope, province_code: str, t: Translator) -> list[AreaFigure]:
    """A province's counties inside the scope: members of the active campaigns per 1,000 residents."""
    province = load_regions().province(province_code)
    assert province is not None
    counts: dict[str, int] = defaultdict(int)
    # A national manager's province page breaks down by county like a provincial manager's.
    local = Scope(RoleLevel.PROVINCIAL, province_code) if scope.national else scope
    for campaign in await active_campaigns(uow, scope, t.language):
        for row in (await stats.campaign(uow, local, campaign.id)).rows:
            if row.code:
                counts[row.code] += row.participants
    figures = [AreaFigure(c.code, c.name(t.language), counts.get(c.code, 0), c.population,
                          scope.covers(province_code, c.code))
               for c in province.counties]
    return sorted(_shaded([f for f in figures if f.in_scope])[0], key=lambda f: (f.per_thousand, -f.population))


def _legend(top: float, t: Translator) -> list[tuple[str, str]]:
    """The legend's rows: a shade's class and the range of rates it stands for."""
    rows = [("s0", t("dashboard-legend-none"))]
    for step in range(1, SHADES + 1):
        rows.append((f"s{step}", t("dashboard-legend-range", low=rate_text(top * (step - 1) / SHADES, t),
                                   high=rate_text(top * step / SHADES, t))))
    rows.append(("out", t("dashboard-legend-out")))
    return rows


def _page(request: web.Request, manager: Manager, template: str, **context: Any) -> web.Response:
    response = render(request, template, manager=manager, **context)
    config = request.app[CONFIG]
    set_session_cookie(response, config, touched(config.secret, manager.session, now()))
    return response


async def overview_page(request: web.Request, manager: Manager, uow: UnitOfWork) -> web.Response:
    """The overview of the manager's region (GET / with a session)."""
    t = texts(request)
    lines, figures, top = await overview(uow, manager.scope, t)
    return _page(request, manager, "overview.html", campaigns=lines, figures=figures, legend=_legend(top, t),
                 map=province_map(), rate=lambda v: rate_text(v, t))


async def province_page(request: web.Request) -> web.Response:
    """GET /province/{code}: a province's counties by participation per 1,000, lowest first. Outside the
    manager's region: 403, written to the audit log; a province that does not exist: 404."""
    code = request.match_info["code"]
    t = texts(request)
    async with request.app[UOWS]() as uow:
        manager = await manager_of(request, uow)
        if manager is None:
            return render(request, "welcome.html", status=401)
        if not isinstance(manager, Manager):
            return refused(request, manager)
        province = load_regions().province(code)
        if province is None:
            return refusal(request, 404, "dashboard-not-found-heading", "dashboard-not-found")
        scope = manager.scope
        county = load_regions().county(scope.county_code) if scope.county_code else None
        if not (scope.covers(code) or (county is not None and county.province_code == code)):
            record(uow, manager.actor, "dashboard_out_of_scope", {"province": code},
                   province_code=scope.province_code, county_code=scope.county_code)
            await uow.commit()
            return refusal(request, 403, "dashboard-out-of-scope-heading", "dashboard-out-of-scope")
        figures = await county_figures(uow, scope, code, t)
        return _page(request, manager, "province.html", province=province.name(t.language), figures=figures,
                     rate=lambda v: rate_text(v, t))


def setup_overview(app: web.Application) -> None:
    """Register the province page (the overview is the home page's, in dashboard.app)."""
    app.router.add_get("/province/{code}", province_page, name="province")

"""A campaign's page: its progress, the province map shaded by participation per 1,000 people (a province opens its
county map), a table of the same figures sortable by any column (server-side, from the query string), and spatial
fairness: the counties with the fewest participants per 1,000 people first, with their population.

Everything is limited to the manager's scope; a campaign or province that does not exist answers 404, one outside
the manager's region 403, both written to the audit log. htmx swaps the county panel and the table in place when a
province or a column is chosen (the same URLs serve whole pages without JavaScript). Two grouped queries read the
figures, whatever the number of regions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from campaigns import catalogue, participation, progress
from campaigns.catalogue import CampaignView
from campaigns.participation import CampaignAreas
from campaigns.progress import Progress
from campaigns.regions import load_regions
from dashboard import figures
from dashboard.access import FIGURES_ELSEWHERE, missing, out_of_region, page, signed_in
from dashboard.auth import Manager
from dashboard.geo import county_map, province_map
from dashboard.rendering import UOWS, texts
from dashboard.snapshots import FIGURES, setup_snapshots
from i18n import Translator

SORTS = ("name", "participants", "population", "rate", "pledges", "fulfilled")
FAIRNESS_LIMIT = 25  # counties shown in the fairness list (the lowest rates)
COUNTY_PANEL, TABLE = "county-panel", "figures"  # the ids htmx swaps


@dataclass(frozen=True)
class Sorting:
    """The table's order: a column and a direction, read from the query string (anything else: by name)."""

    column: str = "name"
    descending: bool = False

    @classmethod
    def of(cls, query: Any) -> Sorting:
        """The order a page's query string asks for; unknown columns or directions fall back to the default."""
        column = query.get("sort", "name")
        if column not in SORTS:
            return cls()
        return cls(column, query.get("order") == "desc")

    def query(self, column: str) -> str:
        """The query string a column's heading links to: this column again reversed, another from its natural end
        (names A→Z, numbers the largest first)."""
        descending = not self.descending if column == self.column else column != "name"
        return f"?sort={column}&order={'desc' if descending else 'asc'}"

    @property
    def own(self) -> str:
        """This order's query string (kept when a province is chosen)."""
        return f"?sort={self.column}&order={'desc' if self.descending else 'asc'}"

    def aria(self, column: str) -> str | None:
        """The heading's aria-sort value, on the sorted column only."""
        if column != self.column:
            return None
        return "descending" if self.descending else "ascending"

    def apply(self, places: list[figures.AreaFigure], language: str) -> list[figures.AreaFigure]:
        """The rows inside the scope in this order (Persian names in the shipped order, which is alphabetical)."""
        rows = [f for f in places if f.in_scope]
        if self.column == "name":
            rows = rows if language == "fa" else sorted(rows, key=lambda f: f.name)
            return rows[::-1] if self.descending else rows
        keys = {"participants": lambda f: f.participants, "population": lambda f: f.population,
                "rate": lambda f: f.per_thousand, "pledges": lambda f: f.pledges, "fulfilled": lambda f: f.fulfilled}
        return sorted(rows, key=keys[self.column], reverse=self.descending)


def _goal(view: CampaignView, measured: Progress | None) -> dict[str, Any]:
    goal = view.definition.goal
    return {"target": goal.target, "unit": goal.unit, "measured": measured,
            "percent": min(measured.percent, 100) if measured else None}


def _county_panel(areas: CampaignAreas, manager: Manager, province_code: str, t: Translator) -> dict[str, Any]:
    province = load_regions().province(province_code)
    assert province is not None
    counties = figures.county_figures(areas.by_county, manager.scope, province_code, t.language)
    outlines = county_map(province_code)
    missing = [c.name(t.language) for c in province.counties
               if outlines is None or c.code in outlines.unmatched_regions]
    return {"code": province_code, "name": province.name(t.language), "figures": counties,
            "ranked": figures.lowest_first(counties), "map": outlines,
            "legend": figures.legend(figures.shaded(counties)[1], t),
            "missing": ("، " if t.language == "fa" else ", ").join(missing)}


def _province_name(county_code: str, language: str) -> str:
    province = load_regions().province_of(county_code)
    return province.name(language) if province else ""


async def _campaign_or_refusal(request: web.Request, uow: Any, manager: Manager
                               ) -> CampaignView | web.Response:
    raw = request.match_info["id"]
    view = await catalogue.by_id(uow, int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if view is None:
        return await missing(request, uow, manager, campaign=raw[:32])
    scope = manager.scope
    reached = any(figures.province_in_scope(scope, code) for code in view.regions)
    if not scope.national and view.regions and not reached:
        return await out_of_region(request, uow, manager, FIGURES_ELSEWHERE, campaign_id=view.id)
    return view


async def campaign_page(request: web.Request) -> web.Response:
    """GET /campaign/{id}[/province/{code}]?sort=&order=: the campaign's page, with a province's county panel open
    when one is named. Asked by htmx for the county panel or the table alone, only that part is sent."""
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if isinstance(manager, web.Response):
            return manager
        t = texts(request)  # after the manager is known: their own language
        view = await _campaign_or_refusal(request, uow, manager)
        if isinstance(view, web.Response):
            return view
        province_code = request.match_info.get("code")
        if province_code is not None:
            if load_regions().province(province_code) is None:
                return await missing(request, uow, manager, campaign_id=view.id, province=province_code[:64])
            if not figures.province_in_scope(manager.scope, province_code):
                return await out_of_region(request, uow, manager, FIGURES_ELSEWHERE, campaign_id=view.id,
                                           province=province_code)
        scope = manager.scope

        async def compute() -> tuple[CampaignAreas, Progress | None]:
            return (await participation.campaign_areas(uow, scope, view.id),
                    await progress.measure(uow, view) if scope.national else None)

        # The page, its county panels and its re-sorted tables share one snapshot of the scope's figures.
        snapshot = await request.app[FIGURES].get(("campaign", scope, view.id), compute)
        areas, measured = snapshot.value
    sorting = Sorting.of(request.query)
    provinces = figures.province_figures(areas.by_province, scope, t.language)
    every_county = [f for p in provinces if p.in_scope
                    for f in figures.county_figures(areas.by_county, scope, p.code, t.language)]
    ranked = figures.lowest_first(every_county)
    # National managers compare provinces; a province's or county's managers compare their counties.
    rows = provinces if scope.national else every_county
    base = f"/campaign/{view.id}"
    context: dict[str, Any] = {
        "campaign": view, "title": view.title(t.language), "areas": areas, "goal": _goal(view, measured),
        "provinces": provinces, "map": province_map(), "legend": figures.legend(figures.shaded(provinces)[1], t),
        "rows": sorting.apply(rows, t.language), "by_province": scope.national, "sorting": sorting, "sorts": SORTS,
        "here_path": f"{base}/province/{province_code}" if province_code else base,
        "province_link": lambda code: f"{base}/province/{code}{sorting.own}",
        "fairness": ranked[:FAIRNESS_LIMIT], "fairness_total": len(ranked),
        "panel": _county_panel(areas, manager, province_code, t) if province_code else None,
        "base": base, "rate": lambda v: figures.rate_text(v, t), "updated": snapshot.time_text(t.language),
        "province_name": lambda code: _province_name(code, t.language),
    }
    target = request.headers.get("HX-Target") if request.headers.get("HX-Request") == "true" else None
    template = {COUNTY_PANEL: "county_panel.html", TABLE: "campaign_table.html"}.get(target or "", "campaign.html")
    return page(request, manager, template, fragment=template != "campaign.html", **context)


def setup_campaign(app: web.Application) -> None:
    """Register the campaign page and its province panels."""
    if FIGURES not in app:
        setup_snapshots(app)
    app.router.add_get("/campaign/{id}", campaign_page, name="campaign")
    app.router.add_get("/campaign/{id}/province/{code}", campaign_page, name="campaign-province")

"""The council report: one printable A4 page per province and Jalali quarter (provincial councils meet every three
months) with the province's county map, the quarter's figures and its Jalali date range; print.css drops the
navigation and fits the page to A4, so a manager prints it to PDF from the browser."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from campaigns import council
from campaigns.catalogue import today_in_iran
from campaigns.jalali import format_date
from campaigns.numerals import parse_int
from campaigns.regions import load_regions
from dashboard.access import FIGURES_ELSEWHERE, missing, out_of_region, page, signed_in
from dashboard.geo import county_map, province_map
from dashboard.rendering import UOWS, texts
from i18n import Translator
from i18n.digits import to_persian_digits


@dataclass(frozen=True)
class Shape:
    """One outline of the report's map: its path, its name, and whether it lies in the manager's region."""

    path: str
    name: str
    in_scope: bool


@dataclass(frozen=True)
class ReportMap:
    """The outlines drawn on the report and their frame."""

    width: float
    height: float
    shapes: tuple[Shape, ...]


def quarter_label(t: Translator, period: council.Quarter) -> str:
    """«فصل ۲ سال ۱۴۰۵» (a year is written without separators)."""
    year = to_persian_digits(str(period.year)) if t.language == "fa" else str(period.year)
    return t("files-quarter-name", quarter=period.number, year=year)


def report_map(province_code: str, county_code: str | None, language: str) -> ReportMap:
    """The province's counties (the manager's own county marked when they hold one), or, for a province without
    county outlines, the provinces of Iran with this one marked."""
    regions = load_regions()
    counties = county_map(province_code)
    if counties is not None:
        shapes = [Shape(path, county.name(language), county_code in (None, code))
                  for code, path in counties.paths.items() if (county := regions.county(code)) is not None]
        shapes += [Shape(path, name_fa if language == "fa" else name_en, False)
                   for name_fa, name_en, path in counties.unlisted]
        return ReportMap(counties.width, counties.height, tuple(shapes))
    provinces = province_map()
    return ReportMap(provinces.width, provinces.height, tuple(
        Shape(path, province.name(language), code == province_code)
        for code, path in provinces.paths.items() if (province := regions.province(code)) is not None))


async def report_page(request: web.Request) -> web.Response:
    """GET /report/{province}/{year}/{quarter}: the council report of a province's quarter inside the manager's
    region; 404 for a province or quarter that does not exist, 403 for a province outside the region (both
    audited)."""
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if isinstance(manager, web.Response):
            return manager
        t = texts(request)  # once the manager is known: their own language
        code = request.match_info["province"]
        province = load_regions().province(code)
        year, number = parse_int(request.match_info["year"]), parse_int(request.match_info["quarter"])
        period = council.quarter(year, number) if year is not None and number is not None else None
        if province is None or period is None:
            return await missing(request, uow, manager, province=code[:64],
                                 report=f"{request.match_info['year'][:8]}-{request.match_info['quarter'][:8]}")
        area = council.area_in(manager.scope, code)
        if area is None:
            return await out_of_region(request, uow, manager, FIGURES_ELSEWHERE, province=code,
                                       report=f"{period.year}-{period.number}")
        figures = await council.figures(uow, area, period)
        county = load_regions().county(area[1]) if area[1] else None
        previous = council.quarter(*_step(period.year, period.number, -1))
        following = council.quarter(*_step(period.year, period.number, 1))
        return page(request, manager, "report.html", province=province.name(t.language),
                    county=county.name(t.language) if county else None, code=code, period=period, figures=figures,
                    first_day=format_date(period.first_day, t.language),
                    last_day=format_date(period.last_day, t.language),
                    made_on=format_date(today_in_iran(), t.language), map=report_map(code, area[1], t.language),
                    previous=previous, following=following, label=lambda q: quarter_label(t, q))


def _step(year: int, number: int, by: int) -> tuple[int, int]:
    index = year * 4 + number - 1 + by
    return index // 4, index % 4 + 1


async def report_index(request: web.Request) -> web.Response:
    """GET /report: the provinces the manager may report on, each with this quarter's and the last quarter's
    report."""
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if isinstance(manager, web.Response):
            return manager
        t = texts(request)  # once the manager is known: their own language
        year, number = council.quarter_of(today_in_iran())
        quarters = [q for q in (council.quarter(year, number), council.quarter(*_step(year, number, -1))) if q]
        provinces = [(p.code, p.name(t.language)) for p in load_regions().provinces
                     if council.area_in(manager.scope, p.code) is not None]
        return page(request, manager, "report_index.html", provinces=provinces, quarters=quarters,
                    label=lambda q: quarter_label(t, q))


def setup_report(app: web.Application) -> None:
    """Register the council reports."""
    app.router.add_get("/report", report_index, name="reports")
    app.router.add_get("/report/{province}/{year}/{quarter}", report_page, name="report")

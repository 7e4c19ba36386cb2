"""The volunteers page: counts inside the manager's region by axis, specialty, region and on call, and a paged
list filtered by the query string (?axis=&specialty=&province=&county=&on_call=yes|no&page=). First names only:
no phone number or national ID reaches the page. A filter naming a region outside the manager's: 403, audited."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiMapping

from campaigns import volunteer_board
from campaigns.regions import load_regions
from campaigns.volunteer_board import NotInRegion, UnknownRegion, VolunteerFilter
from campaigns.volunteers import AXES, SPECIALTIES, Axis, Specialty
from dashboard.access import missing, out_of_region, page, signed_in
from dashboard.auth import Manager
from dashboard.rendering import UOWS, place_name, refusal, texts

MAX_PAGE = 10_000


def _choice(value: str, allowed: dict[str, object]) -> str | None:
    return value if value in allowed else None


def wanted(query: MultiMapping[str]) -> tuple[VolunteerFilter, int] | None:
    """The filter and page number a query string asks for; None when a value is not one the form offers."""
    axis, specialty = query.get("axis", ""), query.get("specialty", "")
    on_call = query.get("on_call", "")
    number = query.get("page", "0")
    if (axis and axis not in Axis._value2member_map_) or (specialty and specialty not in
                                                         Specialty._value2member_map_) \
            or on_call not in ("", "yes", "no") or not number.isdigit() or int(number) > MAX_PAGE:
        return None
    return VolunteerFilter(Axis(axis) if axis else None, Specialty(specialty) if specialty else None,
                           query.get("province") or None, query.get("county") or None,
                           None if not on_call else on_call == "yes"), int(number)


async def volunteers_page(request: web.Request) -> web.Response:
    """GET /volunteers: the counts and one page of the filtered list."""
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if not isinstance(manager, Manager):
            return manager
        asked = wanted(request.query)
        if asked is None:
            return refusal(request, 400, "live-bad-filter-heading", "live-bad-filter")
        chosen, number = asked
        try:
            lines, total = await volunteer_board.page(uow, manager.scope, chosen, number)
        except NotInRegion:
            return await out_of_region(request, uow, manager, volunteers_region=chosen.county_code
                                       or chosen.province_code)
        except UnknownRegion:
            return await missing(request, uow, manager, volunteers_region=(chosen.county_code
                                                                           or chosen.province_code or "")[:64])
        counts = await volunteer_board.counts(uow, manager.scope)
    t = texts(request)
    regions = load_regions()

    places = [(p.code, p.name(t.language)) for p in regions.provinces if manager.scope.covers(p.code)]
    counties = [(c.code, c.name(t.language)) for p in regions.provinces for c in p.counties
                if manager.scope.covers(p.code, c.code)] if not manager.scope.national else []
    query = {k: v for k, v in request.query.items() if k != "page" and v}
    size = volunteer_board.PAGE_SIZE
    return page(request, manager, "volunteers.html", counts=counts, lines=lines, total=total, number=number,
                chosen=chosen, axes=AXES, specialties=SPECIALTIES, provinces=places, counties=counties,
                place=lambda province, county: place_name(province, county, t.language),
                first=number * size + 1, last=number * size + len(lines),
                previous=f"/volunteers?{urlencode({**query, 'page': number - 1})}" if number else None,
                following=f"/volunteers?{urlencode({**query, 'page': number + 1})}"
                if (number + 1) * size < total else None)


def setup_people_pages(app: web.Application) -> None:
    """Register the volunteers page."""
    app.router.add_get("/volunteers", volunteers_page, name="volunteers")

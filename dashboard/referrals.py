"""The referrals page: the MOHEB teams' referrals inside the manager's region as counts — by kind of need, by
province (or county inside a province), by status — the overdue ones by id, and the median time to first contact.
The bot's own figures (campaigns.referral_stats): never a name, a phone or a note. /referrals/province/{code} narrows
to one province; outside the manager's region it answers 403 and is written to the audit log, a province that does
not exist 404."""

from __future__ import annotations

from aiohttp import web

from campaigns import referral_stats
from campaigns.regions import load_regions
from dashboard.access import FIGURES_ELSEWHERE, missing, out_of_region, page, signed_in
from dashboard.auth import Manager, now
from dashboard.figures import province_in_scope
from dashboard.rendering import UOWS, texts


def _name(code: str, language: str) -> str:
    """A province's or county's name ("" for none, the code itself for one no longer shipped)."""
    regions = load_regions()
    place = regions.province(code) or regions.county(code) if code else None
    return place.name(language) if place else code


async def referrals_page(request: web.Request) -> web.Response:
    """GET /referrals[/province/{code}]: the referral figures of the manager's region, or of one province in it."""
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if not isinstance(manager, Manager):
            return manager
        scope = manager.scope
        province_code = request.match_info.get("code")
        area = scope.area()
        if province_code is not None:
            if load_regions().province(province_code) is None:
                return await missing(request, uow, manager, referrals_province=province_code[:64])
            if not province_in_scope(scope, province_code):
                return await out_of_region(request, uow, manager, FIGURES_ELSEWHERE,
                                           referrals_province=province_code)
            if scope.national:
                area = (province_code, None)
        figures = await referral_stats.figures_in(uow, *area)
        more = await referral_stats.breakdown_in(uow, *area, now=now())
    t = texts(request)
    by_province = area == (None, None)  # the whole country: by province; inside one: by county
    places = figures.by_province if by_province else more.by_county
    return page(request, manager, "referrals.html", figures=figures, more=more, by_province=by_province,
                places=[(code, _name(code, t.language), count) for code, count in places],
                place=lambda code: _name(code, t.language),
                province=_name(province_code, t.language) if province_code else None)


def setup_referrals(app: web.Application) -> None:
    """Register the referrals page and its province view."""
    app.router.add_get("/referrals", referrals_page, name="referrals")
    app.router.add_get("/referrals/province/{code}", referrals_page, name="referrals-province")

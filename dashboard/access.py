"""What every live page asks first: who is signed in (or the page that says why not: dashboard.signed), and the
refusals a URL outside the manager's region or naming nothing that exists gets, written to the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from campaigns.audit import record
from campaigns.jalali import IRAN_TZ, format_date
from dashboard.auth import Manager, now, set_session_cookie
from dashboard.login import touched
from dashboard.rendering import CONFIG, refusal, render, texts
from dashboard.signed import signed_in
from i18n.digits import to_persian_digits
from storage.unit_of_work import UnitOfWork

__all__ = ["FIGURES_ELSEWHERE", "ITEM_ELSEWHERE", "MAX_ID", "missing", "moment", "out_of_region", "page", "path_id",
           "signed_in"]


MAX_ID = 2**31 - 1  # the database's integer ids: a longer number in a URL names nothing


def path_id(request: web.Request) -> int:
    """The `{id}` of the URL (its route allows digits only); a number no row can have reads as 0, which names no
    row either, so the page's own lookup answers `missing` (audited) like any other id that names nothing."""
    value = int(request.match_info["id"])
    return 0 if value > MAX_ID else value


def moment(value: datetime | None, language: str) -> str:
    """A moment as its Jalali date and Iran clock in the reader's digits ("" for none)."""
    if value is None:
        return ""
    local = value.astimezone(IRAN_TZ)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if language == "fa":
        return f"{format_date(local, language)}، {to_persian_digits(clock)}"
    return f"{format_date(local, language)}, {clock}"


def page(request: web.Request, manager: Manager, template: str, status: int = 200, **context: Any) -> web.Response:
    """A page for the manager (the session's idle time counts from now), with `when` for Jalali moments."""
    language = texts(request).language
    response = render(request, template, status=status, manager=manager,
                      when=lambda value: moment(value, language), **context)
    config = request.app[CONFIG]
    set_session_cookie(response, config, touched(config.secret, manager.session, now()))
    return response


# What a 403 page says: a province's or campaign's figures, or an item (a broadcast, volunteers, an assignment).
FIGURES_ELSEWHERE = ("dashboard-out-of-scope-heading", "dashboard-out-of-scope")
ITEM_ELSEWHERE = ("live-out-of-region-heading", "live-out-of-region")


async def out_of_region(request: web.Request, uow: UnitOfWork, manager: Manager,
                        wording: tuple[str, str] = ITEM_ELSEWHERE, /, **details: Any) -> web.Response:
    """403 for a URL naming something outside the manager's region, saying so in `wording` (heading and reason
    ids); written to the audit log (commits)."""
    await _audited(uow, manager, "dashboard_out_of_scope", details)
    return refusal(request, 403, *wording)


async def missing(request: web.Request, uow: UnitOfWork, manager: Manager, **details: Any) -> web.Response:
    """404 for a URL naming a broadcast, approval or assignment that does not exist; written to the audit log
    (commits): guessing ids is worth a manager's superior knowing."""
    await _audited(uow, manager, "dashboard_not_found", details)
    return refusal(request, 404, "dashboard-not-found-heading", "dashboard-not-found")


async def _audited(uow: UnitOfWork, manager: Manager, action: str, details: dict[str, Any]) -> None:
    scope = manager.scope
    record(uow, manager.actor, action, details, province_code=scope.province_code, county_code=scope.county_code)
    await uow.commit()

"""Login CSRF: a page elsewhere that holds a manager's login link or Mini App initData must not sign a visitor's browser
in as that manager by posting it. Both sign-in POSTs are refused when the browser says the form came from another
site: its Sec-Fetch-Site header (Fetch Metadata), or where a browser sends none, its Origin header against the
dashboard's own origin. The link's form also carries a token, as every other form carries the session's: an HMAC of
the link and a random nonce kept in a pre-session cookie (HttpOnly, SameSite=Strict, path /login/, five minutes) that
the link's page set in this browser. The Mini App's POST carries no such token, because its page runs in the
messenger's frame, where a SameSite=Strict cookie is neither set nor sent. A refusal is written to the audit log
under the manager the link or initData names, and changes nothing else: the link is not spent, no session cookie is
set or removed."""

from __future__ import annotations

import re
import secrets
from typing import Any

from aiohttp import web
from yarl import URL

from campaigns.audit import Actor, record
from campaigns.roles import Scope
from dashboard.login import LINK_LIFETIME, Signed, login_form_ok
from dashboard.rendering import CONFIG, DashboardConfig, refusal
from storage.unit_of_work import UnitOfWork

PRE_SESSION_COOKIE = "hamyar_dashboard_login"
FIELD = "csrf"
AUDIT_ACTION = "dashboard_login_csrf"
# "none" is the person's own doing (an address typed, a bookmark), never another page's.
_OWN = ("same-origin", "none")
_NONCE = re.compile(r"[A-Za-z0-9_-]{22}")


def own_origins(request: web.Request, config: DashboardConfig) -> set[str]:
    """The dashboard's origins: its public address, and the address this request reached."""
    return {str(URL(config.base_url).origin()), str(request.url.origin())}


def cross_site(request: web.Request) -> str | None:
    """Where the browser says this POST came from when that is another site (for the audit log), or None when it
    came from the dashboard's own page, or from no browser at all (every browser sends one of the two headers on a
    POST, and without a browser there is no one to sign in unawares)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return None if fetch_site in _OWN else f"sec-fetch-site: {fetch_site[:40]}"
    origin = request.headers.get("Origin")
    if origin is None or origin in own_origins(request, request.app[CONFIG]):
        return None
    return f"origin: {origin[:200]}"


def browser_nonce(request: web.Request) -> str:
    """This browser's pre-session nonce: the one its cookie holds (two tabs of links keep working), or a new one."""
    held = request.cookies.get(PRE_SESSION_COOKIE, "")
    return held if _NONCE.fullmatch(held) else secrets.token_urlsafe(16)


def keep_nonce(response: web.StreamResponse, config: DashboardConfig, nonce: str) -> None:
    """The pre-session cookie the link's page sets: sent back only by the dashboard's own pages, only to /login/."""
    response.set_cookie(PRE_SESSION_COOKIE, nonce, max_age=int(LINK_LIFETIME.total_seconds()), httponly=True,
                        secure=config.secure, samesite="Strict", path="/login/")


def forget_nonce(response: web.StreamResponse) -> None:
    """Remove the pre-session cookie once the session is open."""
    response.del_cookie(PRE_SESSION_COOKIE, path="/login/")


def link_form_refusal(request: web.Request, form: Any, link: Signed) -> dict[str, str] | None:
    """Why a posted login form is not the link's own page's in this browser (the audit's details), or None."""
    where = cross_site(request)
    if where is not None:
        return {"entry": "link", "from": where}
    posted = form.get(FIELD)
    nonce = request.cookies.get(PRE_SESSION_COOKIE, "")
    if not isinstance(posted, str) or not login_form_ok(request.app[CONFIG].secret, nonce, link, posted):
        return {"entry": "link", "from": "no token of this browser's page" if nonce else "no pre-session cookie"}
    return None


def mini_app_refusal(request: web.Request) -> dict[str, str] | None:
    """Why a Mini App's sign-in POST is not its own page's (the audit's details), or None."""
    where = cross_site(request)
    return None if where is None else {"entry": "mini_app", "from": where}


async def refused_login(request: web.Request, uow: UnitOfWork, person_id: int, scope: Scope,
                        details: dict[str, str]) -> web.Response:
    """The 403 page for a sign-in posted from elsewhere, written to the audit log under the manager it names
    (commits); no cookie is touched, so a visitor's own session, if any, stays as it was."""
    actor = Actor(person_id, scope.level, scope.province_code, scope.county_code)
    record(uow, actor, AUDIT_ACTION, details, province_code=scope.province_code, county_code=scope.county_code)
    await uow.commit()
    return refusal(request, 403, "dashboard-refused-login-csrf-heading", "dashboard-refused-login-csrf")

"""Who is asking: the session cookie checked, and the manager's role and region read from their grants on every
request (a revoked role ends access at the next one); the login link's page, its button, and logout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from campaigns import roles
from campaigns.audit import Actor
from campaigns.regions import load_regions
from campaigns.roles import Scope
from dashboard import login, login_csrf
from dashboard.login import COOKIE, LinkRefusal, Signed
from dashboard.rendering import (
    CONFIG,
    LANGUAGE_COOKIE,
    PERSON_LANGUAGE,
    UOWS,
    DashboardConfig,
    language_named,
    read_person_language,
    refusal,
    render,
    set_language_cookie,
    texts,
)
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Manager:
    """The manager behind a request: their session, and the scope their grants give them now."""

    session: Signed
    scope: Scope
    csrf: str
    scope_name: str

    @property
    def actor(self) -> Actor:
        """The manager as the audit log and the services name them."""
        return Actor(self.session.person_id, self.scope.level, self.scope.province_code, self.scope.county_code)


def now() -> datetime:
    """The current time (UTC)."""
    return datetime.now(UTC)


def scope_name(request: web.Request, scope: Scope) -> str:
    """The region a scope covers, as the page names it."""
    t = texts(request)
    regions = load_regions()
    place = regions.county(scope.county_code) if scope.county_code else regions.province(scope.province_code)
    if scope.national or place is None:
        return t("dashboard-scope-national")
    return place.name(t.language)


def see_other(location: str) -> web.Response:
    """A 303 to another page of the dashboard (returned, so the cookies set on it are sent)."""
    return web.Response(status=303, headers={"Location": location})


def set_session_cookie(response: web.StreamResponse, config: DashboardConfig, value: str) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS, gone after the idle time."""
    response.set_cookie(COOKIE, value, max_age=int(config.idle.total_seconds()), httponly=True,
                        secure=config.secure, samesite="Lax", path="/")


async def manager_of(request: web.Request, uow: UnitOfWork) -> Manager | LinkRefusal | None:
    """The manager whose valid session cookie came with the request; why not, or None without a cookie."""
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    config = request.app[CONFIG]
    session = await login.read_session(uow, config.secret, cookie, config.idle, now())
    if isinstance(session, LinkRefusal):
        return session
    scope = await roles.scope_of(uow, session.person_id)
    if scope is None:
        return LinkRefusal.NOT_MANAGER
    await read_person_language(request, uow, session.person_id)  # the pages speak the manager's language
    return Manager(session, scope, login.csrf_token(config.secret, session), scope_name(request, scope))


def refused(request: web.Request, why: LinkRefusal) -> web.Response:
    """The clear Persian 403 page for a refused login link or sign-in; no cookie is touched, so the session this
    browser may hold stays (any site can send a manager to a used or forged link: that must not log them out)."""
    return refusal(request, 403, f"dashboard-refused-{why.value}-heading", f"dashboard-refused-{why.value}")


def session_refused(request: web.Request, why: LinkRefusal) -> web.Response:
    """The clear Persian 403 page for a session cookie that no longer counts, that cookie removed."""
    response = refused(request, why)
    response.del_cookie(COOKIE, path="/")
    return response


async def login_page(request: web.Request) -> web.Response:
    """GET /login/{token}: a page with one button that posts the token; nothing is spent, so a messenger's or a
    mail proxy's preview fetch of the link leaves it whole. A link that could not open gets its 403 page now. The
    form carries this browser's login token (dashboard.login_csrf), whose nonce the page keeps in a cookie. Without a
    language cookie the page speaks the manager's own stored language (read with their role, in one statement) and its
    form posts it, so the sign-in keeps it; a refused link's page says nothing of the person (Persian, or the
    cookie's)."""
    config = request.app[CONFIG]
    token = request.match_info["token"]
    async with request.app[UOWS]() as uow:
        checked = await login.check_link(uow, config.secret, token, now())
        language = await login.holder_language(uow, checked) if isinstance(checked, Signed) else None
    if isinstance(checked, LinkRefusal):
        return refused(request, checked)
    if language is None:
        return refused(request, LinkRefusal.NOT_MANAGER)
    request[PERSON_LANGUAGE] = language  # what language_of falls back on when no cookie chose one
    nonce = login_csrf.browser_nonce(request)
    response = render(request, "login.html", token=token, csrf=login.login_form_token(config.secret, nonce, checked))
    login_csrf.keep_nonce(response, config, nonce)
    return response


async def open_link(request: web.Request) -> web.Response:
    """POST /login/{token}: a manager's one-time link opens a session; a forged, expired or used link, or one of a
    person who is no longer a manager, gets a 403 page and nothing changes. A form posted from another site, or
    without this browser's login token, is refused and audited (dashboard.login_csrf): the link stays unspent. A
    browser without a language cookie gets the one the link's page spoke (its form's `lang`), as the switch sets it."""
    config = request.app[CONFIG]
    token = request.match_info["token"]
    form = await request.post()
    async with request.app[UOWS]() as uow:
        live = login.live_link(config.secret, token, now())  # forged or expired: refused as the link's page is
        if isinstance(live, LinkRefusal):
            return refused(request, live)
        scope = await roles.scope_of(uow, live.person_id)
        if scope is None:
            return refused(request, LinkRefusal.NOT_MANAGER)
        why = login_csrf.link_form_refusal(request, form, live)
        if why is not None:
            return await login_csrf.refused_login(request, uow, live.person_id, scope, why)
        opened = await login.open_link(uow, config.secret, token, now())
    if isinstance(opened, LinkRefusal):
        return refused(request, opened)
    response = signed_in(config, opened.person_id)
    login_csrf.forget_nonce(response)
    language = language_named(form.get("lang"))
    if LANGUAGE_COOKIE not in request.cookies and language is not None:
        set_language_cookie(response, config, language)
    return response


def signed_in(config: DashboardConfig, person_id: int) -> web.Response:
    """A 303 to the overview that sets a new session cookie for this manager."""
    response = see_other("/")
    set_session_cookie(response, config, login.new_session(config.secret, person_id, now()))
    return response


async def logout(request: web.Request) -> web.Response:
    """POST /logout with the session's CSRF token: the session ends (its cookie refused from now on)."""
    config = request.app[CONFIG]
    form = await request.post()
    async with request.app[UOWS]() as uow:
        manager = await manager_of(request, uow)
        if not isinstance(manager, Manager):
            return session_refused(request, manager or LinkRefusal.EXPIRED)
        if not login.csrf_ok(config.secret, manager.session, str(form.get("csrf", ""))):
            return refusal(request, 403, "dashboard-refused-csrf-heading", "dashboard-refused-csrf")
        await login.end_session(uow, manager.session, config.idle, now())
    response = see_other("/")
    response.del_cookie(COOKIE, path="/")
    return response


def setup_auth(app: web.Application) -> None:
    """Register the login link's page and logout."""
    app.router.add_get("/login/{token}", login_page, name="login")
    app.router.add_post("/login/{token}", open_link, name="login-open")
    app.router.add_post("/logout", logout, name="logout")

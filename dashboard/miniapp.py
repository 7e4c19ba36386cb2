"""The dashboard inside the messenger (a Mini App): the bot's web_app button opens /app, whose script (ours, from
/static: no inline script, no telegram.org) posts the initData the messenger put in the address's fragment to
/app/session. The server checks its HMAC with the bot's token, refuses one older than an hour, finds the manager
behind that platform's user id and sets the same session cookie as the one-time link. The check is Telegram's scheme
as aiogram's `safe_parse_webapp_init_data` computes it, written here because the dashboard's process loads no
aiogram (tests/dashboard/test_dashboard_app.py); tests/dashboard/test_entry_initdata.py holds the two to the same
answers. Bale is checked the same way with the Bale bot's token; when that fails, the page says to open the
one-time link the bot sent beside the button. Both routes may be framed by the messengers' web clients (Telegram Web
and Bale's web client open Mini Apps in an iframe; dashboard.security), and a sign-in posted from another site is
refused and audited (dashboard.login_csrf). Inside such a frame the browser drops a cookie set there, so the page's
script says it is framed (the `framed` field) and a verified initData is answered with a fresh one-time login link to
open in a new tab instead of the cookie: that tab's link page sets the session first-party."""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

from aiohttp import web

from campaigns import people, roles
from dashboard import login_csrf
from dashboard.auth import now, refused, signed_in
from dashboard.login import LINK_LIFETIME, LinkRefusal, login_link
from dashboard.rendering import CONFIG, UOWS, DashboardConfig, read_person_language, refusal, render
from dashboard.security import allow_messenger_frames

INIT_DATA_LIFETIME = timedelta(hours=1)
CLOCK_SKEW = timedelta(minutes=1)
PLATFORMS = ("telegram", "bale")


class AppRefusal(enum.StrEnum):
    """Why a Mini App's initData opens no session (locale id: dashboard-entry-app-<code>)."""

    FORGED = "forged"  # not signed with this platform's bot token, or no initData at all
    STALE = "stale"  # signed more than INIT_DATA_LIFETIME ago
    UNAVAILABLE = "unavailable"  # no bot of that platform is configured


def bot_token(config: DashboardConfig, platform: str) -> str | None:
    """The token of this platform's bot, if the dashboard knows it."""
    return next((token for name, token in config.bot_tokens if name == platform), None)


def signed_fields(token: str, init_data: str) -> dict[str, str] | None:
    """initData's fields when its `hash` is the messenger's HMAC under this bot token, else None: the fields but
    `hash`, sorted by name, as `name=value` lines, under HMAC-SHA256 keyed by HMAC-SHA256("WebAppData", token)."""
    try:
        fields = dict(parse_qsl(init_data, strict_parsing=True))
    except ValueError:
        return None
    received = fields.pop("hash", None)
    if received is None:
        return None
    check = "\n".join(f"{name}={value}" for name, value in sorted(fields.items()))
    key = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, check.encode(), hashlib.sha256).hexdigest()
    return fields if hmac.compare_digest(expected, received) else None


def platform_user(token: str | None, init_data: str, at: datetime) -> int | AppRefusal:
    """The platform user id an initData was signed for with this bot token, or why it does not count."""
    if token is None:
        return AppRefusal.UNAVAILABLE
    fields = signed_fields(token, init_data)
    if fields is None:
        return AppRefusal.FORGED
    try:
        user_id = int(json.loads(fields["user"])["id"])
        signed_at = datetime.fromtimestamp(int(fields["auth_date"]), UTC)
    except (KeyError, ValueError, TypeError, OverflowError, OSError):  # signed, but not a person's Mini App launch
        return AppRefusal.FORGED
    if signed_at + INIT_DATA_LIFETIME <= at or signed_at > at + CLOCK_SKEW:
        return AppRefusal.STALE
    return user_id


def platform_of(value: object) -> str:
    """The platform a Mini App was opened on (Telegram unless it says Bale)."""
    return "bale" if value == "bale" else "telegram"


async def app_page(request: web.Request) -> web.Response:
    """GET /app: the Mini App's first page; its script posts the initData (without one it says where to start)."""
    allow_messenger_frames(request)
    return render(request, "miniapp.html", platform=platform_of(request.query.get("platform")))


def app_refused(request: web.Request, why: AppRefusal, platform: str) -> web.Response:
    """The 403 page for an initData that opens no session; on Bale it sends the manager to the one-time link."""
    if platform == "bale" and why is AppRefusal.FORGED:
        return refusal(request, 403, "dashboard-entry-app-bale-heading", "dashboard-entry-app-bale-fallback")
    return refusal(request, 403, f"dashboard-entry-app-{why.value}-heading", f"dashboard-entry-app-{why.value}")


def new_tab(request: web.Request, config: DashboardConfig, person_id: int) -> web.Response:
    """The answer to a verified sign-in from a framed page: no session cookie (the browser drops one set inside
    another site's frame) but a fresh one-time login link, the same as /dashboard sends, to open in a new tab."""
    link = login_link(config.base_url, config.secret, person_id, now())
    return render(request, "miniapp_new_tab.html", link=link, minutes=int(LINK_LIFETIME.total_seconds()) // 60)


async def open_session(request: web.Request) -> web.Response:
    """POST /app/session: a valid, fresh initData of a manager opens a session (303 to the overview), or, when the
    page said it runs in a frame, gets the page with a one-time link to open in a new tab; a forged or stale one, or
    one of a person who holds no manager role, gets a Persian 403 page and nothing changes; a manager's initData
    posted from another site gets one too, audited."""
    allow_messenger_frames(request)
    config = request.app[CONFIG]
    form = await request.post()
    platform = platform_of(form.get("platform"))
    user_id = platform_user(bot_token(config, platform), str(form.get("init_data", "")), now())
    if isinstance(user_id, AppRefusal):
        return app_refused(request, user_id, platform)
    async with request.app[UOWS]() as uow:
        row = await uow.people.view_row_by_platform_user(platform, user_id)
        person = people.view_of(row) if row is not None else None
        scope = await roles.scope_of(uow, person.id) if person is not None else None
        if person is None or scope is None:
            return refused(request, LinkRefusal.NOT_MANAGER)
        why = login_csrf.mini_app_refusal(request)
        if why is not None:
            return await login_csrf.refused_login(request, uow, person.id, scope, why)
        if form.get("framed") == "1":
            await read_person_language(request, uow, person.id)  # the page speaks the manager's language
            return new_tab(request, config, person.id)
    return signed_in(config, person.id)


def setup_miniapp(app: web.Application) -> None:
    """Register the Mini App's page and its session endpoint."""
    app.router.add_get("/app", app_page, name="miniapp")
    app.router.add_post("/app/session", open_session, name="miniapp-session")

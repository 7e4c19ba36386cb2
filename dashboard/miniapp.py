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
open in a new tab instead of the cookie: that tab's link page sets the session first-party.

These pages choose their language without a cookie (none sticks inside the frame) and link to no /language/… (it may
not be framed, and /app/session takes only POSTs): the language chosen with their own switch (`lang`, posted again
with the same initData), else the stored language of the person the initData names, else the page's hint (`hint`:
/app's ?lang=, which our script sets from the messenger's user.language_code), else Persian."""

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
from dashboard.auth import now, signed_in
from dashboard.login import LINK_LIFETIME, LinkRefusal, login_link
from dashboard.rendering import CONFIG, UOWS, DashboardConfig, language_named, render
from dashboard.security import MESSENGER_WEB_CLIENTS, allow_messenger_frames
from i18n import Translator, translator

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
    """GET /app: the Mini App's first page in ?lang='s language (Persian by default); its script posts the initData
    (without one it says where to start). Its language switch is /app again in the other language."""
    allow_messenger_frames(request)
    t = translator(language_named(request.query.get("lang")) or "fa")
    return render(request, "miniapp.html", t=t, platform=platform_of(request.query.get("platform")))


def answer(request: web.Request, t: Translator, template: str, again: dict[str, str] | None, status: int = 200,
           **context: object) -> web.Response:
    """A page answering /app/session in `t`'s language; its language switch posts `again` (what was posted) once
    more with the other language (no switch when `again` is None)."""
    return render(request, template, status=status, t=t, again=again, **context)


def mini_refusal(request: web.Request, t: Translator, heading_id: str, reason_id: str,
                 again: dict[str, str] | None) -> web.Response:
    """A 403 page answering /app/session, saying why."""
    return answer(request, t, "miniapp_page.html", again, status=403, heading=t(heading_id), reason=t(reason_id))


def app_refused(request: web.Request, t: Translator, why: AppRefusal, platform: str,
                again: dict[str, str]) -> web.Response:
    """The 403 page for an initData that opens no session; on Bale it sends the manager to the one-time link."""
    if platform == "bale" and why is AppRefusal.FORGED:
        return mini_refusal(request, t, "dashboard-entry-app-bale-heading", "dashboard-entry-app-bale-fallback", again)
    return mini_refusal(request, t, f"dashboard-entry-app-{why.value}-heading", f"dashboard-entry-app-{why.value}",
                        again)


def new_tab(request: web.Request, t: Translator, config: DashboardConfig, person_id: int,
            again: dict[str, str]) -> web.Response:
    """The answer to a verified sign-in from a framed page: no session cookie (the browser drops one set inside
    another site's frame) but a fresh one-time login link, the same as /dashboard sends, to open in a new tab."""
    link = login_link(config.base_url, config.secret, person_id, now())
    return answer(request, t, "miniapp_new_tab.html", again, link=link,
                  minutes=int(LINK_LIFETIME.total_seconds()) // 60, clients=" ".join(MESSENGER_WEB_CLIENTS))


async def open_session(request: web.Request) -> web.Response:
    """POST /app/session: a valid, fresh initData of a manager opens a session (303 to the overview), or, when the
    page said it runs in a frame, gets the page with a one-time link to open in a new tab; a forged or stale one, or
    one of a person who holds no manager role, gets a Persian 403 page and nothing changes; a manager's initData
    posted from another site gets one too, audited, without a language switch (that would post the initData again,
    from this site). The answer's language: the one its switch chose, else the person's own, else the page's hint."""
    allow_messenger_frames(request)
    config = request.app[CONFIG]
    form = await request.post()
    platform = platform_of(form.get("platform"))
    init_data = str(form.get("init_data", ""))
    framed = form.get("framed") == "1"
    again = {"platform": platform, "init_data": init_data, "framed": "1" if framed else ""}
    chosen, hint = language_named(form.get("lang")), language_named(form.get("hint")) or "fa"
    user_id = platform_user(bot_token(config, platform), init_data, now())
    if isinstance(user_id, AppRefusal):
        return app_refused(request, translator(chosen or hint), user_id, platform, again)
    async with request.app[UOWS]() as uow:
        row = await uow.people.view_row_by_platform_user(platform, user_id)
        person = people.view_of(row) if row is not None else None
        t = translator(chosen or (language_named(person.language) if person is not None else None) or hint)
        scope = await roles.scope_of(uow, person.id) if person is not None else None
        if person is None or scope is None:
            refusal = LinkRefusal.NOT_MANAGER
            return mini_refusal(request, t, f"dashboard-refused-{refusal.value}-heading",
                                f"dashboard-refused-{refusal.value}", again)
        why = login_csrf.mini_app_refusal(request)
        if why is not None:
            await login_csrf.refused_login(request, uow, person.id, scope, why)  # audited; its page links /language/
            return mini_refusal(request, t, "dashboard-refused-login-csrf-heading", "dashboard-refused-login-csrf",
                                None)
        if framed:
            return new_tab(request, t, config, person.id, again)
    return signed_in(config, person.id)


def setup_miniapp(app: web.Application) -> None:
    """Register the Mini App's page and its session endpoint."""
    app.router.add_get("/app", app_page, name="miniapp")
    app.router.add_post("/app/session", open_session, name="miniapp-session")

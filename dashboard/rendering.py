"""What every dashboard page shares: its settings and unit of work on the application, texts, and rendering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from campaigns.jalali import format_date
from campaigns.regions import load_regions
from i18n import LANGUAGES, Translator, translator
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

LANGUAGE_COOKIE = "hamyar_dashboard_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
PERSON_LANGUAGE = web.RequestKey("person_language", str)


@dataclass(frozen=True)
class DashboardConfig:
    """What the dashboard needs from the settings: its public address, the signing key and the idle time; the bots'
    tokens by platform (("telegram", token), ("bale", token)) check what a Mini App is opened with."""

    base_url: str
    secret: bytes
    idle: timedelta
    bot_tokens: tuple[tuple[str, str], ...] = ()

    @property
    def secure(self) -> bool:
        """True when managers reach the dashboard over HTTPS (the session cookie is then Secure)."""
        return self.base_url.startswith("https://")


CONFIG = web.AppKey("config", DashboardConfig)
UOWS = web.AppKey("uows", UnitOfWorkFactory)


def language_named(value: object) -> str | None:
    """A language the dashboard speaks, as a form, an address or a record names it; anything else (a hint in another
    language, a forged value) is None and so ignored."""
    return value if isinstance(value, str) and value in LANGUAGES else None


def language_of(request: web.Request) -> str:
    """The reader's language: the one chosen with the page's switch, else the signed-in manager's own (their person
    record, as the bot speaks to them), else Persian."""
    chosen = request.cookies.get(LANGUAGE_COOKIE) or request.get(PERSON_LANGUAGE, "")
    return chosen if chosen in LANGUAGES else "fa"


async def read_person_language(request: web.Request, uow: UnitOfWork, person_id: int) -> None:
    """Note the manager's own language on the request (one look-up by id, skipped when the switch chose one)."""
    if LANGUAGE_COOKIE not in request.cookies:
        request[PERSON_LANGUAGE] = await uow.people.language(person_id) or "fa"


def texts(request: web.Request) -> Translator:
    """The reader's translator (Persian, or English for a manager who reads English)."""
    return translator(language_of(request))


def place_name(province_code: str | None, county_code: str | None, language: str) -> str:
    """A province and county, comma-separated in the reader's language ("" when neither is known)."""
    regions = load_regions()
    names = [p.name(language) for p in (regions.province(province_code), regions.county(county_code)) if p is not None]
    return ("، " if language == "fa" else ", ").join(names)


def set_language_cookie(response: web.StreamResponse, config: DashboardConfig, language: str) -> None:
    """Remember the reader's language (a display choice, not a credential: readable by no script all the same)."""
    response.set_cookie(LANGUAGE_COOKIE, language if language in LANGUAGES else "fa", max_age=LANGUAGE_COOKIE_AGE,
                        httponly=True, secure=config.secure, samesite="Lax", path="/")


def safe_return(path: str) -> str:
    """A path on this dashboard to return to; anything else (another site, a scheme) becomes the home page."""
    return path if path.startswith("/") and not path.startswith(("//", "/\\")) else "/"


async def switch_language(request: web.Request) -> web.Response:
    """GET /language/{code}?next=<path>: the page again in another language (Persian or English), remembered in a
    cookie; an unknown language answers 404."""
    language = request.match_info["code"]
    if language not in LANGUAGES:
        raise web.HTTPNotFound()
    response = web.Response(status=303, headers={"Location": safe_return(request.query.get("next", "/"))})
    set_language_cookie(response, request.app[CONFIG], language)
    return response


def render(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    """A page from a template, with the texts (`t`), dates (`jdate`), the manager (if any), the page's own path
    (`here`, for the language switch) and the other language (`other_language`) in its context."""
    t = context.setdefault("t", texts(request))
    context.setdefault("manager", None)
    context.setdefault("here", request.path_qs)
    context.setdefault("other_language", "en" if t.language == "fa" else "fa")
    context.setdefault("jdate", lambda value: format_date(value, t.language) if isinstance(value, date | datetime)
                       else "")
    return aiohttp_jinja2.render_template(template, request, context, status=status)


def refusal(request: web.Request, status: int, heading_id: str, reason_id: str) -> web.Response:
    """A clear Persian page saying why, with the right 4xx status."""
    t = texts(request)
    return render(request, "refused.html", status=status, heading=t(heading_id), reason=t(reason_id))


def setup_language(app: web.Application) -> None:
    """Register the language switch."""
    app.router.add_get("/language/{code}", switch_language, name="language")

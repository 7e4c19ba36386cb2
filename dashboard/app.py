"""The dashboard's aiohttp application: a factory the entry point and the tests both build."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web

from dashboard.security import Handler, security_headers
from dashboard.static_files import setup_static
from i18n import Translator, translator
from storage.unit_of_work import UnitOfWorkFactory

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class DashboardConfig:
    """What the dashboard needs from the settings: its public address, the signing key and the idle time."""

    base_url: str
    secret: bytes
    idle: timedelta

    @property
    def secure(self) -> bool:
        """True when managers reach the dashboard over HTTPS (the session cookie is then Secure)."""
        return self.base_url.startswith("https://")


CONFIG = web.AppKey("config", DashboardConfig)
UOWS = web.AppKey("uows", UnitOfWorkFactory)


def texts(request: web.Request) -> Translator:
    """The reader's translator: Persian (English later, from the manager's own language)."""
    return translator("fa")


def render(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    """A page from a template, with the texts (`t`) and the manager (if any) in its context."""
    context.setdefault("t", texts(request))
    context.setdefault("manager", None)
    return aiohttp_jinja2.render_template(template, request, context, status=status)


def refusal(request: web.Request, status: int, heading_id: str, reason_id: str) -> web.Response:
    """A clear Persian page saying why, with the right 4xx status."""
    t = texts(request)
    return render(request, "refused.html", status=status, heading=t(heading_id), reason=t(reason_id))


@web.middleware
async def friendly_not_found(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A missing page answers with a Persian page instead of aiohttp's plain text."""
    try:
        return await handler(request)
    except web.HTTPNotFound:
        if request.path.startswith("/static/"):
            raise
        return refusal(request, 404, "dashboard-not-found-heading", "dashboard-not-found")


async def home(request: web.Request) -> web.Response:
    """GET /: how to sign in."""
    return render(request, "welcome.html")


async def health(request: web.Request) -> web.Response:
    """GET /healthz: the process answers."""
    return web.Response(text="ok")


def create_app(config: DashboardConfig, uows: UnitOfWorkFactory) -> web.Application:
    """The dashboard application over a unit-of-work factory."""
    app = web.Application(middlewares=[security_headers, friendly_not_found])
    app[CONFIG] = config
    app[UOWS] = uows
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES),
                         autoescape=jinja2.select_autoescape(default=True))
    setup_static(app)
    app.router.add_get("/", home, name="home")
    app.router.add_get("/healthz", health, name="health")
    return app

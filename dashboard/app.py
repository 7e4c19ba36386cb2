"""The dashboard's aiohttp application: a factory the entry point and the tests both build."""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from dashboard.assignments import setup_assignments
from dashboard.audit_page import setup_audit_page
from dashboard.auth import Manager, manager_of, session_refused, setup_auth
from dashboard.broadcasts import setup_broadcasts
from dashboard.campaign import setup_campaign
from dashboard.exports import setup_exports
from dashboard.followup import setup_followup
from dashboard.forms import setup_forms
from dashboard.miniapp import setup_miniapp
from dashboard.overview import overview_page, setup_overview
from dashboard.people_pages import setup_people_pages
from dashboard.referrals import setup_referrals
from dashboard.rendering import CONFIG, UOWS, DashboardConfig, refusal, render, setup_language
from dashboard.report import setup_report
from dashboard.security import Handler, security_headers
from dashboard.static_files import setup_static
from storage.unit_of_work import UnitOfWorkFactory

__all__ = ["DashboardConfig", "create_app"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


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
    """GET /: the overview of the manager's region; how to sign in without a session; 403 for a session that
    no longer counts (a revoked role, idle too long, logged out)."""
    async with request.app[UOWS]() as uow:
        manager = await manager_of(request, uow)
        if manager is None:
            return render(request, "welcome.html")
        if not isinstance(manager, Manager):
            return session_refused(request, manager)
        return await overview_page(request, manager, uow)


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
    setup_forms(app)
    setup_static(app)
    setup_auth(app)
    setup_miniapp(app)
    setup_overview(app)
    setup_exports(app)
    setup_followup(app)
    setup_report(app)
    setup_broadcasts(app)
    setup_people_pages(app)
    setup_assignments(app)
    setup_audit_page(app)
    setup_referrals(app)
    setup_campaign(app)
    setup_language(app)
    app.router.add_get("/", home, name="home")
    app.router.add_get("/healthz", health, name="health")
    return app

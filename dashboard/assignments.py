"""Assignments and call-outs on the dashboard, each with its fill state (accepted of the headcount, invited,
the waitlist, waves), refreshed live by htmx polling a fragment every few seconds; one assignment's page with its
waves. Outside the manager's region: 403; an assignment that does not exist: 404; both audited."""

from __future__ import annotations

from aiohttp import web

from campaigns import assignment_board
from campaigns.assignment_board import NotInRegion
from dashboard.access import missing, out_of_region, page, path_id, signed_in
from dashboard.auth import Manager
from dashboard.rendering import UOWS, place_name, texts

POLL_SECONDS = 3  # how often the page asks for the fill state again


async def _listing(request: web.Request, template: str) -> web.Response:
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if not isinstance(manager, Manager):
            return manager
        states = await assignment_board.in_region(uow, manager.actor)
    t = texts(request)
    return page(request, manager, template, states=states, poll=POLL_SECONDS,
                place=lambda a: place_name(a.province_code, a.county_code, t.language))


async def listing(request: web.Request) -> web.Response:
    """GET /assignments: the newest assignments and call-outs in the region with their fill state."""
    return await _listing(request, "assignments.html")


async def listing_fill(request: web.Request) -> web.Response:
    """GET /assignments/fill: the list's table alone (what the page polls)."""
    return await _listing(request, "assignments_fill.html")


async def _one(request: web.Request, template: str) -> web.Response:
    assignment_id = path_id(request)
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if not isinstance(manager, Manager):
            return manager
        try:
            state, waves = await assignment_board.one(uow, manager.actor, assignment_id)
        except NotInRegion:
            return await out_of_region(request, uow, manager, assignment=assignment_id)
        except LookupError:
            return await missing(request, uow, manager, assignment=assignment_id)
    t = texts(request)
    return page(request, manager, template, state=state, waves=waves, poll=POLL_SECONDS,
                place=lambda a: place_name(a.province_code, a.county_code, t.language))


async def detail(request: web.Request) -> web.Response:
    """GET /assignments/{id}: one assignment's fill state and its waves."""
    return await _one(request, "assignment.html")


async def detail_fill(request: web.Request) -> web.Response:
    """GET /assignments/{id}/fill: that page's live part alone (what the page polls)."""
    return await _one(request, "assignment_fill.html")


def setup_assignments(app: web.Application) -> None:
    """Register the assignments' pages and their live fragments."""
    app.router.add_get("/assignments", listing, name="assignments")
    app.router.add_get("/assignments/fill", listing_fill, name="assignments_fill")
    app.router.add_get(r"/assignments/{id:\d+}", detail, name="assignment")
    app.router.add_get(r"/assignments/{id:\d+}/fill", detail_fill, name="assignment_fill")

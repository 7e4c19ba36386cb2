"""The manager a files or report page is for: signed in with a session that still counts, or the page to answer
with instead (how to sign in, 401; why not, 403)."""

from __future__ import annotations

from aiohttp import web

from dashboard.auth import Manager, manager_of, session_refused
from dashboard.rendering import render
from storage.unit_of_work import UnitOfWork


async def signed_in(request: web.Request, uow: UnitOfWork) -> Manager | web.Response:
    """The manager behind the request, or the page to answer with."""
    manager = await manager_of(request, uow)
    if manager is None:
        return render(request, "welcome.html", status=401)
    if not isinstance(manager, Manager):
        return session_refused(request, manager)
    return manager

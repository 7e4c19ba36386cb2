"""Broadcasts on the dashboard: the list a manager oversees, a running one's progress live over server-sent
events, pause, resume and cancel, and the two-person approval; every action through the bot's own services
(campaigns/approvals.py), with the same rules and audit entries, POST only and CSRF-checked. An action already
taken (a double submit, or another manager first) changes nothing and says so with 409."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

import aiohttp_jinja2
from aiohttp import web

from campaigns import approvals, broadcast_board
from campaigns.approvals import ComposerError, ComposerRefusal, ControlAction
from campaigns.broadcasts import BroadcastRefused
from campaigns.broadcasts.control import Progress
from dashboard.access import MAX_ID, missing, out_of_region, page, path_id, signed_in
from dashboard.auth import Manager, manager_of
from dashboard.forms import csrf_refused, posted
from dashboard.rendering import UOWS, refusal, render, texts
from storage.unit_of_work import UnitOfWork

TICK = 1.5  # seconds between two reads of a running broadcast's counts
STREAM_FOR = 30 * 60.0  # a stream ends after this long; the browser's EventSource opens a new one
STOPPING = web.AppKey("live_stopping", asyncio.Event)


@dataclass
class Streams:
    """How many progress streams are open now (each holds a connection, never a database session)."""

    open: int = 0


STREAMS = web.AppKey("live_streams", Streams)


async def _refused(request: web.Request, uow: UnitOfWork, manager: Manager, error: ComposerError,
                   **what: int) -> web.Response:
    """The page for a refused look or action: 404 or 403 (audited) for what the URL names, 409 for the rest."""
    if error.code is ComposerRefusal.NOT_FOUND:
        return await missing(request, uow, manager, **what)
    if error.code is ComposerRefusal.OUT_OF_SCOPE:
        return await out_of_region(request, uow, manager, **what)
    return refusal(request, 409, "live-refused-heading", f"compose-refused-{error.code.value}")


async def listing(request: web.Request) -> web.Response:
    """GET /broadcasts[?before=<id>]: the broadcasts the manager oversees, newest first, and the requests
    waiting for a second manager in the region."""
    before = request.query.get("before", "")
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if not isinstance(manager, Manager):
            return manager
        start = int(before) if before.isdigit() and int(before) <= MAX_ID else None  # else: from the newest
        lines, older = await broadcast_board.newest(uow, manager.actor, start)
        waiting = await approvals.pending(uow, manager.actor)
        return page(request, manager, "broadcasts.html", broadcasts=lines, older=older, waiting=waiting)


async def detail(request: web.Request) -> web.Response:
    """GET /broadcasts/{id}: one broadcast's message, progress (live while it sends) and controls."""
    broadcast_id = path_id(request)
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if not isinstance(manager, Manager):
            return manager
        try:
            line, state = await broadcast_board.one(uow, manager.actor, broadcast_id)
        except ComposerError as exc:
            return await _refused(request, uow, manager, exc, broadcast=broadcast_id)
        return page(request, manager, "broadcast.html", broadcast=line, progress=state)


def _fragment(request: web.Request, state: Progress) -> str:
    return aiohttp_jinja2.render_string("broadcast_progress.html", request, {"t": texts(request), "progress": state})


def _event(name: str, html: str) -> bytes:
    """One server-sent event whose data is a piece of HTML (one `data:` line per line)."""
    lines = "".join(f"data: {line}\n" for line in html.strip().splitlines())
    return f"event: {name}\n{lines}\n".encode()


async def _ticked(request: web.Request, broadcast_id: int) -> Progress | None:
    """The broadcast's progress read now in a unit of work of its own; None when the session no longer counts
    (logged out, role revoked) or the broadcast went out of reach."""
    async with request.app[UOWS]() as uow:
        manager = await manager_of(request, uow)
        if not isinstance(manager, Manager):
            return None
        try:
            return await approvals.watch(uow, manager.actor, broadcast_id)
        except ComposerError:
            return None


async def events(request: web.Request) -> web.StreamResponse:
    """GET /broadcasts/{id}/events: the progress as server-sent events (`progress` with the bar's HTML, `done`
    once nothing is left to send). Counts are read every TICK seconds, each time in a unit of work closed before
    the wait; the stream ends when the broadcast is done, the browser leaves, the session ends or the server
    stops."""
    broadcast_id = path_id(request)
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if not isinstance(manager, Manager):
            return manager
        try:
            _, state = await broadcast_board.one(uow, manager.actor, broadcast_id)
        except ComposerError as exc:
            return await _refused(request, uow, manager, exc, broadcast=broadcast_id)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store",
                                           "X-Accel-Buffering": "no"})
    await response.prepare(request)
    streams = request.app[STREAMS]
    streams.open += 1
    try:
        await _stream(request, response, broadcast_id, state)
    finally:
        streams.open -= 1
    return response


async def _stream(request: web.Request, response: web.StreamResponse, broadcast_id: int, state: Progress) -> None:
    """Write the progress as it changes until the broadcast is done, the browser leaves, the session ends, the
    stream is STREAM_FOR old or the server stops."""
    stopping = request.app[STOPPING]
    ends = time.monotonic() + STREAM_FOR
    shown = ""
    with contextlib.suppress(ConnectionResetError):
        while True:
            fragment = _fragment(request, state)
            if fragment != shown:
                await response.write(_event("progress", fragment))
                shown = fragment
            if state.done:
                await response.write(_event("done", ""))
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), TICK)
            if stopping.is_set() or time.monotonic() > ends or request.transport is None or \
                    request.transport.is_closing():
                break
            ticked = await _ticked(request, broadcast_id)
            if ticked is None:
                break
            state = ticked


async def steer(request: web.Request) -> web.Response:
    """POST /broadcasts/{id}/{pause|resume|cancel}: the bot's control action (audited by it); back to the
    broadcast's page, or 409 when its state does not allow it (already paused, finished, cancelled)."""
    broadcast_id = path_id(request)
    action = ControlAction(request.match_info["action"])
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if not isinstance(manager, Manager):
            return manager
        if await posted(request, manager) is None:
            return csrf_refused(request)
        try:
            done = await approvals.steer(uow, manager.actor, broadcast_id, action)
        except ComposerError as exc:
            return await _refused(request, uow, manager, exc, broadcast=broadcast_id)
    if not done:
        return refusal(request, 409, "live-refused-heading", "live-steer-impossible")
    raise web.HTTPSeeOther(f"/broadcasts/{broadcast_id}")


async def review(request: web.Request) -> web.Response:
    """GET /approvals/{id}: a request waiting for a second manager, with its audience counted again now."""
    approval_id = path_id(request)
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if not isinstance(manager, Manager):
            return manager
        try:
            view, now_count = await approvals.review(uow, manager.actor, approval_id)
        except ComposerError as exc:
            return await _refused(request, uow, manager, exc, approval=approval_id)
        return page(request, manager, "broadcast_approval.html", approval=view, now_count=now_count,
                    own=view.composer_id == manager.actor.person_id)


async def decide(request: web.Request) -> web.Response:
    """POST /approvals/{id}/{approve|reject}: a second manager decides (never the composer: the service refuses
    them); approved, the broadcast is queued and its page opens. Decided before: 409, nothing changes."""
    approval_id = path_id(request)
    approving = request.match_info["decision"] == "approve"
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if not isinstance(manager, Manager):
            return manager
        if await posted(request, manager) is None:
            return csrf_refused(request)
        try:
            if approving:
                broadcast_id = await approvals.approve(uow, manager.actor, approval_id)
            else:
                await approvals.reject(uow, manager.actor, approval_id)
        except ComposerError as exc:
            return await _refused(request, uow, manager, exc, approval=approval_id)
        except BroadcastRefused as exc:  # the campaign ended or the audience emptied while it waited
            t = texts(request)
            return render(request, "refused.html", status=409, heading=t("live-refused-heading"),
                          reason=t(exc.locale_key, **exc.details))
    raise web.HTTPSeeOther(f"/broadcasts/{broadcast_id}" if approving else "/broadcasts")


async def _stop_streams(app: web.Application) -> None:
    app[STOPPING].set()


def setup_broadcasts(app: web.Application) -> None:
    """Register the broadcasts' pages, their event stream and actions."""
    app[STOPPING] = asyncio.Event()
    app[STREAMS] = Streams()
    app.on_shutdown.append(_stop_streams)
    app.router.add_get("/broadcasts", listing, name="broadcasts")
    app.router.add_get(r"/broadcasts/{id:\d+}", detail, name="broadcast")
    app.router.add_get(r"/broadcasts/{id:\d+}/events", events, name="broadcast_events")
    app.router.add_post(r"/broadcasts/{id:\d+}/{action:pause|resume|cancel}", steer, name="broadcast_steer")
    app.router.add_get(r"/approvals/{id:\d+}", review, name="approval")
    app.router.add_post(r"/approvals/{id:\d+}/{decision:approve|reject}", decide, name="approval_decide")

"""Broadcasts on the dashboard over HTTP: the list in the manager's scope, the progress stream while the worker
sends over the emulator, pause, resume and cancel through the bot's services (audited once, a double submit
changing nothing), the two-person approval, CSRF, and refusals outside the scope or for what does not exist."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from dashboard.broadcasts import STREAMS
from dashboard.forms import HEADER
from storage.models.broadcasts import Broadcast, BroadcastKind, Delivery, DeliveryStatus
from storage.models.roles import RoleLevel
from tests.dashboard.conftest import fa
from tests.dashboard.live_support import (
    audit_actions,
    count,
    manager,
    one_batch,
    send_loop,
    session_cookie,
    sign_in_as,
    submit,
)
from tests.e2e.harness import Harness
from tests.e2e.managers import add_people


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


async def status_of(hamyar: Harness, broadcast_id: int) -> str:
    async with hamyar.session() as session:
        return str((await session.execute(select(Broadcast.status).where(Broadcast.id == broadcast_id))).scalar_one())


async def events_until_done(web: TestClient, broadcast_id: int, between: Callable[[], Awaitable[None]]
                            ) -> list[str]:
    """The `progress` events' data of a broadcast's stream, read until its `done` event; `between` runs after each
    event (the worker's next step)."""
    response = await web.get(f"/broadcasts/{broadcast_id}/events")
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/event-stream")
    seen: list[str] = []
    name, data = "", []
    while True:
        async with asyncio.timeout(60):  # a stream that stalls fails the test instead of hanging it
            line = (await response.content.readline()).decode()
        assert line, "the stream ended before its done event"
        if line.startswith("event: "):
            name = line[7:].strip()
        elif line.startswith("data: "):
            data.append(line[6:].rstrip("\n"))
        elif line == "\n":
            if name == "done":
                response.close()
                return seen
            seen.append("\n".join(data))
            data = []
            await between()


async def test_progress_streams_while_the_worker_sends_and_ends_when_done(hamyar: Harness, web: TestClient) -> None:
    national = await manager(hamyar, 910001, RoleLevel.NATIONAL)
    await add_people(hamyar, 12, 700_000, "isfahan", "isfahan-isfahan")
    queued = await submit(hamyar, national, "سلام به داوطلبان اصفهان", "isfahan")
    assert queued.broadcast_id is not None and queued.count == 12
    sign_in_as(web, national)

    listing = await (await web.get("/broadcasts")).text()
    assert f'href="/broadcasts/{queued.broadcast_id}"' in listing and fa("compose-status-running") in listing
    page = await (await web.get(f"/broadcasts/{queued.broadcast_id}")).text()
    assert f'sse-connect="/broadcasts/{queued.broadcast_id}/events"' in page
    assert fa("live-broadcast-sent-of", sent=0, total=12) in page

    loop = send_loop(hamyar)

    async def worker_step() -> None:
        await one_batch(loop)

    shown = await events_until_done(web, queued.broadcast_id, worker_step)
    sent = [int(m) for m in re.findall(r'<progress [^>]*value="(\d+)"', "\n".join(shown))]
    assert sent[0] == 0 and sent[-1] == 12 and sent == sorted(sent) and len(set(sent)) >= 3, sent
    assert fa("live-broadcast-sent-of", sent=12, total=12) in shown[-1]
    assert fa("compose-status-done") in shown[-1]
    assert await count(hamyar, Delivery, Delivery.status == DeliveryStatus.SENT) == 12
    chats = hamyar.emu.bot(hamyar.token).chats
    assert all(any(m.text == "سلام به داوطلبان اصفهان" for m in chats[700_000 + i].bot_messages())
               for i in range(12))


async def test_pause_resume_cancel_go_through_the_bots_service_once(hamyar: Harness, web: TestClient) -> None:
    national = await manager(hamyar, 910001, RoleLevel.NATIONAL)
    await add_people(hamyar, 12, 700_000, "isfahan", "isfahan-isfahan")
    queued = await submit(hamyar, national, "پیام آزمایشی", "isfahan")
    broadcast_id = queued.broadcast_id
    sign_in_as(web, national)
    token = csrf_of(await (await web.get(f"/broadcasts/{broadcast_id}")).text())

    forged = await web.post(f"/broadcasts/{broadcast_id}/pause", data={}, allow_redirects=False)
    assert forged.status == 403 and fa("dashboard-refused-csrf-heading") in await forged.text()
    wrong = await web.post(f"/broadcasts/{broadcast_id}/pause", data={"csrf": "x" + token}, allow_redirects=False)
    assert wrong.status == 403
    assert await status_of(hamyar, broadcast_id) == "running"

    paused = await web.post(f"/broadcasts/{broadcast_id}/pause", data={"csrf": token}, allow_redirects=False)
    assert paused.status == 303 and paused.headers["Location"] == f"/broadcasts/{broadcast_id}"
    again = await web.post(f"/broadcasts/{broadcast_id}/pause", data={"csrf": token}, allow_redirects=False)
    assert again.status == 409 and fa("live-steer-impossible") in await again.text()
    assert await status_of(hamyar, broadcast_id) == "paused"
    loop = send_loop(hamyar)
    assert not await one_batch(loop), "the worker claims nothing of a paused broadcast"
    assert await count(hamyar, Delivery, Delivery.status == DeliveryStatus.SENT) == 0

    # An htmx request carries the token in its header instead of the form.
    resumed = await web.post(f"/broadcasts/{broadcast_id}/resume", headers={HEADER: token}, allow_redirects=False)
    assert resumed.status == 303
    assert await one_batch(loop)
    assert await count(hamyar, Delivery, Delivery.status == DeliveryStatus.SENT) == 5

    cancelled = await web.post(f"/broadcasts/{broadcast_id}/cancel", data={"csrf": token}, allow_redirects=False)
    assert cancelled.status == 303
    assert (await web.post(f"/broadcasts/{broadcast_id}/cancel", data={"csrf": token})).status == 409
    assert not await one_batch(loop)
    assert await count(hamyar, Delivery, Delivery.status == DeliveryStatus.CANCELLED) == 7
    page = await (await web.get(f"/broadcasts/{broadcast_id}")).text()
    assert fa("compose-status-cancelled") in page and "sse-connect" not in page and "/pause" not in page

    steps = await audit_actions(hamyar, "broadcast_pause", "broadcast_resume", "broadcast_cancel")
    assert steps == [(a, {"broadcast_id": broadcast_id}, national.person_id)
                     for a in ("broadcast_pause", "broadcast_resume", "broadcast_cancel")]


async def test_two_person_approval_never_by_the_requester(hamyar: Harness, web: TestClient) -> None:
    composer = await manager(hamyar, 910001, RoleLevel.PROVINCIAL, "isfahan")
    second = await manager(hamyar, 910002, RoleLevel.PROVINCIAL, "isfahan")
    outsider = await manager(hamyar, 910003, RoleLevel.PROVINCIAL, "tehran")
    await add_people(hamyar, 6, 700_000, "isfahan", "isfahan-isfahan")
    waiting = await submit(hamyar, composer, "پیام بزرگ", "isfahan", threshold=3)
    assert waiting.approval_id is not None and waiting.broadcast_id is None
    approval = waiting.approval_id

    sign_in_as(web, composer)
    listing = await (await web.get("/broadcasts")).text()
    assert f'href="/approvals/{approval}"' in listing and fa("live-approval-yours") in listing
    own_page = await (await web.get(f"/approvals/{approval}")).text()
    assert fa("live-approval-own") in own_page and f"/approvals/{approval}/approve" not in own_page
    own = await web.post(f"/approvals/{approval}/approve", data={"csrf": csrf_of(own_page)}, allow_redirects=False)
    assert own.status == 409 and fa("compose-refused-own-broadcast") in await own.text()

    sign_in_as(web, outsider)
    elsewhere = await web.get(f"/approvals/{approval}")
    assert elsewhere.status == 403 and fa("live-out-of-region-heading") in await elsewhere.text()

    sign_in_as(web, second)
    page = await (await web.get(f"/approvals/{approval}")).text()
    assert f"/approvals/{approval}/approve" in page
    token = csrf_of(page)
    assert (await web.post(f"/approvals/{approval}/approve", allow_redirects=False)).status == 403
    approved = await web.post(f"/approvals/{approval}/approve", data={"csrf": token}, allow_redirects=False)
    assert approved.status == 303
    broadcast_id = int(approved.headers["Location"].rsplit("/", 1)[1])
    twice = await web.post(f"/approvals/{approval}/approve", data={"csrf": token}, allow_redirects=False)
    assert twice.status == 409 and fa("compose-refused-not-pending") in await twice.text()
    # One broadcast (the composer's notice of the decision is a service notice, not counted here).
    assert await count(hamyar, Broadcast, Broadcast.kind == BroadcastKind.ORDINARY) == 1
    decisions = await audit_actions(hamyar, "broadcast_request", "broadcast_approve")
    assert [(a, who) for a, _, who in decisions] == [("broadcast_request", composer.person_id),
                                                      ("broadcast_approve", second.person_id)]
    assert decisions[1][1]["broadcast_id"] == broadcast_id
    assert (await web.get(f"/broadcasts/{broadcast_id}")).status == 200

    turned_down = await submit(hamyar, composer, "پیام دیگر", "isfahan", threshold=3)
    rejected = await web.post(f"/approvals/{turned_down.approval_id}/reject", data={"csrf": token},
                              allow_redirects=False)
    assert rejected.status == 303 and rejected.headers["Location"] == "/broadcasts"
    late = await web.post(f"/approvals/{turned_down.approval_id}/approve", data={"csrf": token})
    assert late.status == 409 and await count(hamyar, Broadcast, Broadcast.kind == BroadcastKind.ORDINARY) == 1
    assert [a for a, _, _ in await audit_actions(hamyar, "broadcast_reject")] == ["broadcast_reject"]


async def test_another_regions_or_a_missing_broadcast_is_refused_and_audited(hamyar: Harness,
                                                                            web: TestClient) -> None:
    tehran = await manager(hamyar, 910001, RoleLevel.PROVINCIAL, "tehran")
    isfahan = await manager(hamyar, 910002, RoleLevel.PROVINCIAL, "isfahan")
    await add_people(hamyar, 3, 700_000, "tehran")
    queued = await submit(hamyar, tehran, "پیام تهران", "tehran")
    broadcast_id = queued.broadcast_id
    sign_in_as(web, isfahan)
    assert f"/broadcasts/{broadcast_id}" not in await (await web.get("/broadcasts")).text()
    for path in (f"/broadcasts/{broadcast_id}", f"/broadcasts/{broadcast_id}/events"):
        refused = await web.get(path)
        assert refused.status == 403 and fa("live-out-of-region-heading") in await refused.text()
    token = csrf_of(await (await web.get("/broadcasts")).text())
    steer = await web.post(f"/broadcasts/{broadcast_id}/cancel", data={"csrf": token})
    assert steer.status == 403 and await status_of(hamyar, broadcast_id) == "running"
    missing = await web.get("/broadcasts/999999")
    assert missing.status == 404 and fa("dashboard-not-found-heading") in await missing.text()
    assert (await web.get("/broadcasts/99999999999999999999")).status == 404
    logged = await audit_actions(hamyar, "dashboard_out_of_scope", "dashboard_not_found")
    assert logged == [("dashboard_out_of_scope", {"broadcast": broadcast_id}, isfahan.person_id)] * 3 + [
        ("dashboard_not_found", {"broadcast": 999999}, isfahan.person_id),
        ("dashboard_not_found", {"broadcast": 0}, isfahan.person_id)]  # an id too long for any row reads as 0

    web.session.cookie_jar.clear()
    assert (await web.get("/broadcasts")).status == 401
    web.session.cookie_jar.update_cookies({"hamyar_dashboard": session_cookie(isfahan) + "x"})
    assert (await web.get("/broadcasts")).status == 403


async def open_streams(web: TestClient, expected: int) -> bool:
    """Wait (up to half a minute) until this many progress streams are open; whether they were."""
    streams = web.app[STREAMS] if web.app is not None else None
    for _ in range(300):
        if streams is not None and streams.open == expected:
            return True
        await asyncio.sleep(0.1)
    return False


async def test_a_stream_ends_when_the_browser_leaves_or_the_session_ends(hamyar: Harness, web: TestClient) -> None:
    national = await manager(hamyar, 910001, RoleLevel.NATIONAL)
    await add_people(hamyar, 3, 700_000, "isfahan")
    queued = await submit(hamyar, national, "پیامی که کسی نمی‌فرستدش", "isfahan")
    sign_in_as(web, national)

    left = await web.get(f"/broadcasts/{queued.broadcast_id}/events")
    assert (await left.content.readline()) == b"event: progress\n"
    assert await open_streams(web, 1)
    left.close()  # the browser leaves while the broadcast still runs
    assert await open_streams(web, 0)

    kept = await web.get(f"/broadcasts/{queued.broadcast_id}/events")
    assert (await kept.content.readline()) == b"event: progress\n"
    token = csrf_of(await (await web.get("/broadcasts")).text())
    assert (await web.post("/logout", data={"csrf": token}, allow_redirects=False)).status == 303
    async with asyncio.timeout(30):
        rest = await kept.content.read()  # the server ends the stream: its session no longer counts
    assert b"event: done" not in rest
    assert await open_streams(web, 0)


async def test_the_list_pages_through_the_broadcasts_a_manager_oversees(hamyar: Harness, web: TestClient) -> None:
    national = await manager(hamyar, 910001, RoleLevel.NATIONAL)
    tehran = await manager(hamyar, 910002, RoleLevel.PROVINCIAL, "tehran")
    await add_people(hamyar, 1, 700_000, "isfahan")
    ids = [(await submit(hamyar, national, f"پیام {n}", "isfahan")).broadcast_id for n in range(22)]
    own = (await submit(hamyar, tehran, "پیام تهران", "tehran")).broadcast_id
    sign_in_as(web, national)
    first = await (await web.get("/broadcasts")).text()
    shown = [int(n) for n in re.findall(r'<a href="/broadcasts/(\d+)">', first)]
    assert shown == [own, *reversed(ids[3:])]  # twenty a page, newest first
    older = re.search(r'href="/broadcasts\?before=(\d+)"', first)
    assert older and int(older.group(1)) == ids[3]
    second = await (await web.get(f"/broadcasts?before={older.group(1)}")).text()
    assert [int(n) for n in re.findall(r'<a href="/broadcasts/(\d+)">', second)] == [ids[2], ids[1], ids[0]]
    assert "?before=" not in second
    assert (await web.get("/broadcasts?before=99999999999999999999")).status == 200

    sign_in_as(web, tehran)
    theirs = await (await web.get("/broadcasts")).text()
    assert [int(n) for n in re.findall(r'<a href="/broadcasts/(\d+)">', theirs)] == [own]

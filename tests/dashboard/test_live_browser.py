"""The live pages in the system Chromium (Playwright by its executable path): a broadcast submitted through the
bot's own service is seen progressing on its page over server-sent events while the worker's send loop sends it
over the emulator, until it reaches its total; pause, resume and cancel pressed on the page change what the worker
claims; a second manager approves in another browser context while the composer cannot; a forged POST without the
CSRF token is refused; the volunteers page shows no phone number; the assignments table refreshes itself; another
region's pages are refused and appear in the audit log. axe-core finds no serious or critical violation and the
console no CSP violation. Screenshots in HAMYAR_TEST_ARTIFACTS when it is set."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from campaigns import assignments, callouts
from dashboard.login import COOKIE
from storage.models.broadcasts import Delivery, DeliveryStatus
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork
from tests.assignment_factories import add_volunteers, form
from tests.browser import needs_chromium
from tests.dashboard.conftest import fa
from tests.dashboard.live_support import count, manager, one_batch, send_loop, session_cookie, submit
from tests.dashboard.test_dashboard_browser import DESKTOP, PHONE, artifacts, serious_violations
from tests.e2e.harness import Harness
from tests.e2e.managers import add_people

pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")
pytestmark = needs_chromium


async def opened_as(browser: Any, base: str, actor: Any, viewport: dict[str, int] = DESKTOP) -> tuple[Any, Any,
                                                                                                       list[str]]:
    """A browser context signed in as this manager (the cookie their login link sets), a page in it, and the
    console's CSP complaints as they come."""
    context = await browser.new_context(viewport=viewport)
    await context.add_cookies([{"name": COOKIE, "value": session_cookie(actor), "url": base}])
    page = await context.new_page()
    complaints: list[str] = []
    page.on("console", lambda m: complaints.append(m.text) if "Content Security Policy" in m.text else None)
    return context, page, complaints


async def shows(page: Any, text: str) -> None:
    """Wait until the page shows this text (pushed by the server or refreshed by htmx; no reload here)."""
    await page.get_by_text(text, exact=False).first.wait_for(timeout=30_000)


async def bar(page: Any) -> tuple[str, str]:
    """The progress bar's value and maximum."""
    progress = page.locator("#progress progress")
    return await progress.get_attribute("value"), await progress.get_attribute("max")


async def test_progress_moves_while_the_worker_sends_and_the_page_steers_it(site: tuple[Harness, str],
                                                                             browser: Any, tmp_path: Path) -> None:
    hamyar, base = site
    national = await manager(hamyar, 910001, RoleLevel.NATIONAL)
    await add_people(hamyar, 12, 700_000, "isfahan", "isfahan-isfahan")
    first = await submit(hamyar, national, "پیام نخست به داوطلبان", "isfahan")
    context, page, complaints = await opened_as(browser, base, national, PHONE)
    loop = send_loop(hamyar)

    await page.goto(f"{base}/broadcasts/{first.broadcast_id}")
    await shows(page, fa("live-broadcast-sent-of", sent=0, total=12))
    opened_at = page.url
    assert await bar(page) == ("0", "12")
    assert await one_batch(loop)
    await shows(page, fa("live-broadcast-sent-of", sent=5, total=12))  # pushed by the server: no reload
    assert page.url == opened_at and await bar(page) == ("5", "12")
    assert await serious_violations(page) == []
    await page.screenshot(path=str(artifacts(tmp_path) / "dashboard-broadcast-progress-phone.png"), full_page=True)

    await page.get_by_role("button", name=fa("live-pause")).click()
    await page.get_by_role("button", name=fa("live-resume")).wait_for()
    await shows(page, fa("live-broadcast-status", status=fa("compose-status-paused")))
    assert not await one_batch(loop), "the worker claims nothing of a paused broadcast"
    assert await count(hamyar, Delivery, Delivery.status == DeliveryStatus.SENT) == 5

    await page.get_by_role("button", name=fa("live-resume")).click()
    await page.get_by_role("button", name=fa("live-pause")).wait_for()
    assert await one_batch(loop)
    await shows(page, fa("live-broadcast-sent-of", sent=10, total=12))
    assert await one_batch(loop)
    await shows(page, fa("live-broadcast-status", status=fa("compose-status-done")))
    assert await bar(page) == ("12", "12")
    assert fa("live-broadcast-sent-of", sent=12, total=12) in await page.locator("#progress").inner_text()

    second = await submit(hamyar, national, "پیام دوم به داوطلبان", "isfahan")
    await page.goto(f"{base}/broadcasts/{second.broadcast_id}")
    assert await one_batch(loop)
    await shows(page, fa("live-broadcast-sent-of", sent=5, total=12))
    await page.get_by_role("button", name=fa("live-cancel")).click()
    await shows(page, fa("live-broadcast-status", status=fa("compose-status-cancelled")))
    assert await page.get_by_role("button", name=fa("live-pause")).count() == 0
    assert not await one_batch(loop)
    assert await count(hamyar, Delivery, Delivery.broadcast_id == second.broadcast_id,
                       Delivery.status == DeliveryStatus.CANCELLED) == 7
    assert await count(hamyar, Delivery, Delivery.broadcast_id == second.broadcast_id,
                       Delivery.status == DeliveryStatus.SENT) == 5
    await page.set_viewport_size(DESKTOP)
    assert await serious_violations(page) == []
    assert complaints == []
    await context.close()


async def test_a_second_manager_approves_in_another_browser(site: tuple[Harness, str], browser: Any) -> None:
    hamyar, base = site
    composer = await manager(hamyar, 910001, RoleLevel.PROVINCIAL, "isfahan")
    approver = await manager(hamyar, 910002, RoleLevel.PROVINCIAL, "isfahan")
    await add_people(hamyar, 6, 700_000, "isfahan", "isfahan-isfahan")
    waiting = await submit(hamyar, composer, "پیامی برای همهٔ اصفهان", "isfahan", threshold=3)
    approval = waiting.approval_id

    mine, composer_page, _ = await opened_as(browser, base, composer)
    await composer_page.goto(f"{base}/approvals/{approval}")
    await shows(composer_page, fa("live-approval-own"))
    assert await composer_page.get_by_role("button", name=fa("live-approve")).count() == 0
    token = await composer_page.locator('input[name="csrf"]').first.get_attribute("value")
    forged = await composer_page.request.post(f"{base}/approvals/{approval}/approve")
    assert forged.status == 403
    own = await composer_page.request.post(f"{base}/approvals/{approval}/approve", form={"csrf": token})
    assert own.status == 409 and fa("compose-refused-own-broadcast") in await own.text()

    theirs, page, complaints = await opened_as(browser, base, approver)
    await page.goto(f"{base}/broadcasts")
    await page.locator(f'a[href="/approvals/{approval}"]').click()
    await page.get_by_role("button", name=fa("live-approve")).click()
    await page.wait_for_url(re.compile(r".*/broadcasts/\d+$"))
    broadcast_id = int(page.url.rsplit("/", 1)[1])
    await shows(page, fa("live-broadcast-sent-of", sent=0, total=waiting.count))  # the managers live there too
    assert await serious_violations(page) == []

    refused = await page.request.post(f"{base}/broadcasts/{broadcast_id}/cancel")  # no CSRF token
    assert refused.status == 403 and fa("dashboard-refused-csrf-heading") in await refused.text()
    again = await composer_page.request.post(f"{base}/approvals/{approval}/approve", form={"csrf": token})
    assert again.status == 409
    loop = send_loop(hamyar)
    while await one_batch(loop):
        pass
    await shows(page, fa("live-broadcast-status", status=fa("compose-status-done")))
    assert complaints == []
    await mine.close()
    await theirs.close()


async def test_volunteers_assignments_and_refusals_in_scope(site: tuple[Harness, str], browser: Any,
                                                            tmp_path: Path) -> None:
    hamyar, base = site
    isfahan = await manager(hamyar, 910001, RoleLevel.PROVINCIAL, "isfahan")
    tehran = await manager(hamyar, 910002, RoleLevel.PROVINCIAL, "tehran")
    await add_people(hamyar, 2, 700_000, "tehran")
    elsewhere = await submit(hamyar, tehran, "پیام تهران", "tehran")
    async with hamyar.session() as session:
        volunteers = await add_volunteers(session, 3, first_chat=800_000, phone="+989121234567")
        callout, _ = await callouts.publish(UnitOfWork(session), form(headcount=2, urgent=True),
                                            assignments.Manager(isfahan, "telegram", 1))
    context, page, complaints = await opened_as(browser, base, isfahan)

    await page.goto(f"{base}/volunteers")
    await shows(page, fa("live-volunteers-total", total=3, on_call=3))
    text = await page.locator("main").inner_text()
    assert "V800000" in text and not re.search(r"9121234567|۹۱۲۱۲۳۴۵۶۷", await page.content())
    await page.get_by_label(fa("live-filter-specialty")).select_option("doctor")
    await page.get_by_role("button", name=fa("live-filter-apply")).click()
    await shows(page, fa("live-volunteers-none"))
    assert "specialty=doctor" in page.url
    assert await serious_violations(page) == []

    await page.goto(f"{base}/assignments")
    await shows(page, fa("live-fill", accepted=0, headcount=2))
    async with hamyar.session() as session:
        for pid in volunteers[:2]:
            await assignments.accept(UnitOfWork(session), callout.id, pid)
    await shows(page, fa("live-fill", accepted=2, headcount=2))  # htmx polled it: no reload
    assert await serious_violations(page) == []
    await page.screenshot(path=str(artifacts(tmp_path) / "dashboard-assignments-desktop.png"), full_page=True)

    for path in (f"/broadcasts/{elsewhere.broadcast_id}", "/volunteers?province=tehran"):
        refused = await page.goto(base + path)
        assert refused is not None and refused.status == 403
        await shows(page, fa("live-out-of-region-heading"))
    missing = await page.goto(f"{base}/assignments/424242")
    assert missing is not None and missing.status == 404

    await page.goto(f"{base}/audit")
    await shows(page, fa("live-audit-dashboard_out_of_scope"))
    assert await page.get_by_text(fa("live-audit-dashboard_out_of_scope")).count() == 2
    assert await page.get_by_text(fa("live-audit-dashboard_not_found")).count() == 1
    assert await page.get_by_text(fa("live-audit-broadcast_send")).count() == 0  # Tehran's, not in the region
    assert await serious_violations(page) == []
    assert complaints == []
    await context.close()

"""The dashboard in the system Chromium, driven by Playwright (by its executable path: no browser download): a
manager logs in from the link the bot sent over the emulator, the overview's map has 31 province shapes, a
provincial manager gets 403 on another province, a reused link is refused, and axe-core finds no serious or
critical violation; screenshots at phone and desktop sizes are kept in HAMYAR_TEST_ARTIFACTS when it is set.

Skipped (with the reason) when Chromium or Playwright is missing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from storage.models.roles import RoleLevel
from tests.browser import AXE, needs_chromium
from tests.dashboard.conftest import MANAGER, fa, link_from_bot
from tests.dashboard.test_overview import join_first_campaign
from tests.e2e.harness import Harness
from tests.e2e.managers import add_people, make_manager

playwright_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")

pytestmark = needs_chromium
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PROVINCIAL = 900102


async def serious_violations(page: Any) -> list[tuple[str, str, list[Any]]]:
    """axe-core's serious and critical violations on the page (axe is evaluated by the test, outside the page's
    CSP, which rightly refuses any script the dashboard did not serve)."""
    await page.evaluate(AXE.read_text(encoding="utf-8"))
    result = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


async def sign_in_from_page(page: Any, base: str) -> None:
    """Press the login link's one button (the link's page itself spends nothing); the overview opens."""
    await page.get_by_role("button", name=fa("dashboard-entry-login-button")).click()
    await page.wait_for_url(base + "/")


def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("HAMYAR_TEST_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def test_a_manager_logs_in_from_the_bots_link_and_sees_the_map(site: tuple[Harness, str], browser: Any,
                                                                      tmp_path: Path) -> None:
    hamyar, base = site
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    await join_first_campaign(hamyar, await add_people(hamyar, 40, 700_000, "isfahan", "isfahan-isfahan"))
    link = base + await link_from_bot(hamyar, base=base)

    context = await browser.new_context(viewport=PHONE)
    page = await context.new_page()
    csp_errors: list[str] = []
    page.on("console", lambda message: csp_errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    opened = await page.goto(link)
    assert opened is not None and opened.status == 200
    await sign_in_from_page(page, base)
    await page.wait_for_selector("svg path.province")
    assert await page.locator("svg path.province").count() == 31
    assert await page.locator("svg a path.province").count() == 31
    assert await page.get_attribute("html", "dir") == "rtl"
    assert await page.locator("figcaption", has_text="© OpenStreetMap").count() == 1
    assert await page.evaluate("document.fonts.check('15px Vazirmatn', 'سلام')")
    assert await serious_violations(page) == []
    folder = artifacts(tmp_path)
    await page.screenshot(path=str(folder / "dashboard-overview-phone.png"), full_page=True)
    await page.set_viewport_size(DESKTOP)
    assert await serious_violations(page) == []
    await page.screenshot(path=str(folder / "dashboard-overview-desktop.png"), full_page=True)
    assert csp_errors == []

    again = await page.goto(link)  # the same link a second time, even in the same browser
    assert again is not None and again.status == 403
    assert await page.locator("h2", has_text=fa("dashboard-refused-used-heading")).count() == 1
    assert await serious_violations(page) == []
    await context.close()


async def test_a_provincial_manager_gets_403_on_another_province(site: tuple[Harness, str], browser: Any,
                                                                  tmp_path: Path) -> None:
    hamyar, base = site
    await make_manager(hamyar, PROVINCIAL, RoleLevel.PROVINCIAL, province="isfahan", name="Provincial")
    link = base + await link_from_bot(hamyar, PROVINCIAL, base=base)
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    await page.goto(link)
    await sign_in_from_page(page, base)
    await page.wait_for_selector("svg path.province")
    assert await page.locator("svg path.province").count() == 31
    assert await page.locator("svg a path.province").count() == 1
    await page.click("svg a")
    assert page.url == base + "/province/isfahan"
    assert await serious_violations(page) == []

    refused = await page.goto(base + "/province/tehran")
    assert refused is not None and refused.status == 403
    assert await page.locator("h2", has_text=fa("dashboard-out-of-scope-heading")).count() == 1
    await page.screenshot(path=str(artifacts(tmp_path) / "dashboard-out-of-scope.png"))
    await context.close()

"""The Mini App's page in the system Chromium: opened at the address the messenger opens (the emulator's signed
initData in its fragment), its own script posts the initData and the overview opens, with no CSP violation;
opened without initData it says where to start. The login link's page passes
axe-core. Skipped (with the reason) when Chromium or Playwright is missing."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.webapp import launch_url, sign_init_data
from storage.models.roles import RoleLevel
from tests.browser import needs_chromium
from tests.dashboard.conftest import MANAGER, fa, link_from_bot
from tests.dashboard.test_dashboard_browser import PHONE, serious_violations
from tests.e2e.harness import Harness
from tests.e2e.managers import make_manager

pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")
pytestmark = needs_chromium


async def test_the_mini_app_page_posts_its_init_data_and_opens_the_overview(site: tuple[Harness, str],
                                                                             browser: Any) -> None:
    hamyar, base = site
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    context = await browser.new_context(viewport=PHONE)
    page = await context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))

    await page.goto(f"{base}/app?platform=telegram")  # no initData: say where to start
    assert await page.locator("#app-no-data").is_visible()
    assert await page.locator("#app-wait").is_hidden()
    assert await serious_violations(page) == []

    # The messenger opens the Mini App afresh, with the signed initData in the fragment.
    app = await context.new_page()
    app.on("console", lambda message: console.append(message.text))
    init_data = sign_init_data(hamyar.token, {"id": MANAGER, "first_name": "Manager"})
    await app.goto(launch_url(f"{base}/app?platform=telegram", init_data))
    await app.wait_for_url(base + "/")
    await app.wait_for_selector("svg path.province")
    assert await app.locator("h2", has_text=fa("dashboard-overview-heading", region="").strip()).count() >= 1
    assert not [line for line in console if "Content Security Policy" in line], console
    await context.close()


async def test_the_login_links_page_passes_axe(site: tuple[Harness, str], browser: Any) -> None:
    hamyar, base = site
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    link = base + await link_from_bot(hamyar, base=base)
    context = await browser.new_context(viewport=PHONE)
    page = await context.new_page()
    opened = await page.goto(link)
    assert opened is not None and opened.status == 200
    assert await page.get_by_role("button", name=fa("dashboard-entry-login-button")).count() == 1
    assert await serious_violations(page) == []
    await context.close()

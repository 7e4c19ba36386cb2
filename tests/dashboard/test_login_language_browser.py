"""In the system Chromium (Playwright, by its executable path), a fresh browser with no cookies: a manager who chose
English in the bot opens their login link, gets the English page, presses its button and lands on the English
overview; the dashboard's language cookie is now set, so their next page is English too.

Skipped (with the reason) when Chromium or Playwright is missing."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.rendering import LANGUAGE_COOKIE
from tests.browser import needs_chromium
from tests.dashboard.test_dashboard_browser import DESKTOP
from tests.dashboard.test_login_language import en, english_readers_link
from tests.e2e.harness import Harness

pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")

pytestmark = needs_chromium


async def test_an_english_reader_signs_in_in_english(site: tuple[Harness, str], browser: Any) -> None:
    hamyar, base = site
    link = base + await english_readers_link(hamyar, base)
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()

    opened = await page.goto(link)
    assert opened is not None and opened.status == 200
    assert (await page.get_attribute("html", "lang"), await page.get_attribute("html", "dir")) == ("en", "ltr")
    await page.get_by_role("button", name=en("dashboard-entry-login-button")).click()
    await page.wait_for_url(base + "/")
    assert await page.get_attribute("html", "lang") == "en"
    assert await page.locator("h2", has_text=en("dashboard-overview-heading", region="Isfahan")).count() == 1
    assert [c["value"] for c in await context.cookies() if c["name"] == LANGUAGE_COOKIE] == ["en"]

    await page.goto(base + "/province/isfahan")
    assert await page.get_attribute("html", "lang") == "en"
    await context.close()

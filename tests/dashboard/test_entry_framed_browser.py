"""The Mini App inside a messenger's web client, in the system Chromium: a page at https://web.telegram.org (served by
Playwright's routing; the production headers let exactly that origin frame /app) frames the dashboard's /app, served
for real on a loopback port, at the address the messenger opens (the emulator's signed initData in its fragment).
The browser drops a cookie set inside that cross-site frame, so the frame signs no one in; instead its page shows
«باز کردن داشبورد در زبانهٔ تازه», a fresh one-time link that, followed, opens a tab of its own whose button signs the
manager in first-party and lands on the overview. The link, opened again there, is refused and the manager stays
signed in. Inside the frame the language switch stays on the Mini App's framable routes: the page first asks for
the messenger's language (user.language_code, here English) with /app?lang=en, the answer still speaks the manager's
own (Persian), and «English» then «فارسی» post the sign-in again, each answered in that language with a fresh link,
nothing refused. A web client that lets its frame open no window (a sandbox without allow-popups) is asked, with
Telegram's `web_app_open_link` event, to open the link itself. Chromium is launched with its Local Network Access
checks off: they refuse a public page's frame of a loopback address, which is where the dashboard runs here (in
production both are public). Skipped (with the reason) when Chromium or Playwright is missing."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from dashboard.login import COOKIE
from emulator.webapp import launch_url, sign_init_data
from i18n import translator
from storage.models.roles import RoleLevel
from tests.browser import ARGS, CHROMIUM, needs_chromium
from tests.dashboard.conftest import MANAGER, fa
from tests.dashboard.test_dashboard_browser import PHONE, serious_violations, sign_in_from_page
from tests.e2e.harness import Harness
from tests.e2e.managers import make_manager

pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")
pytestmark = needs_chromium

CLIENT = "https://web.telegram.org"
en = translator("en")


@contextlib.asynccontextmanager
async def chromium_framing_loopback() -> AsyncIterator[Any]:
    """The system Chromium letting a public page (the routed web client) frame the loopback dashboard."""
    playwright_api = pytest.importorskip("playwright.async_api")
    async with playwright_api.async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                           args=[*ARGS, "--disable-features=LocalNetworkAccessChecks"])
        try:
            yield chromium
        finally:
            await chromium.close()


def client_page(src: str) -> str:
    """The messenger's web client: its own page, the Mini App in an iframe."""
    return f'<!doctype html><title>Telegram</title><iframe src="{src}" width="400" height="700"></iframe>'


async def session_cookies(context: Any) -> list[Any]:
    return [cookie for cookie in await context.cookies() if cookie["name"] == COOKIE and cookie["value"]]


async def test_the_framed_mini_app_offers_a_new_tab_that_lands_on_the_overview_signed_in(
        site: tuple[Harness, str]) -> None:
    hamyar, base = site
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    async with chromium_framing_loopback() as browser:
        await framed_sign_in(browser, hamyar, base)


async def framed_sign_in(browser: Any, hamyar: Harness, base: str) -> None:
    context = await browser.new_context(viewport=PHONE)
    console: list[str] = []
    context.on("console", lambda message: console.append(message.text))
    sent: list[tuple[str, str | None]] = []
    context.on("request", lambda request: sent.append((request.url, request.post_data)))
    init_data = sign_init_data(hamyar.token, {"id": MANAGER, "first_name": "Manager", "language_code": "en"})
    app = launch_url(f"{base}/app?platform=telegram", init_data, platform="weba")
    await context.route(f"{CLIENT}/**", lambda route: route.fulfill(status=200, content_type="text/html",
                                                                   body=client_page(app)))
    messenger = await context.new_page()
    await messenger.goto(f"{CLIENT}/k/")

    frame = messenger.frame_locator("iframe")
    await frame.get_by_role("link", name=fa("dashboard-entry-app-new-tab-button")).wait_for()
    # The messenger's language asked for once (the wait page in English), the answer in the manager's own.
    assert (f"{base}/app?platform=telegram&lang=en", None) in sent, sent
    assert [data for url, data in sent if url == f"{base}/app/session" and data and "hint=en" in data], sent
    await frame.get_by_role("button", name=fa("dash-language-switch")).click()  # «English»
    await frame.get_by_role("link", name=en("dashboard-entry-app-new-tab-button")).wait_for()
    assert await frame.get_by_role("heading", name=en("dashboard-entry-app-new-tab-heading")).count() == 1
    assert await frame.locator("html[lang=en][dir=ltr]").count() == 1
    await frame.get_by_role("button", name=en("dash-language-switch")).click()  # «فارسی»
    button = frame.get_by_role("link", name=fa("dashboard-entry-app-new-tab-button"))
    await button.wait_for()
    assert await frame.locator("html[lang=fa][dir=rtl]").count() == 1
    assert not [url for url, _ in sent if "/language/" in url], sent
    assert not [line for line in console if "Refused" in line or "frame" in line.lower()], console
    assert await frame.get_by_role("heading", name=fa("dashboard-entry-app-new-tab-heading")).count() == 1
    assert await button.get_attribute("target") == "_blank"
    assert await button.get_attribute("rel") == "noopener"
    assert (await button.get_attribute("href") or "").startswith(f"{base}/login/")
    [inner] = [f for f in messenger.frames if f != messenger.main_frame]
    assert await serious_violations(inner) == []
    assert await session_cookies(context) == []  # nothing was signed in inside the frame

    async with context.expect_page() as opening:
        await button.click()
    tab = await opening.value
    await tab.wait_for_load_state()
    assert tab.url.startswith(f"{base}/login/")
    link = tab.url
    await sign_in_from_page(tab, base)
    assert fa("dashboard-overview-heading", region="اصفهان") in await tab.content()
    assert len(await session_cookies(context)) == 1

    # The link, opened again: refused, and the manager is still signed in (a refused link logs no one out).
    again = await tab.goto(link)
    assert again is not None and again.status == 403
    assert fa("dashboard-refused-used-heading") in await tab.content()
    await tab.goto(base + "/")
    assert fa("dashboard-overview-heading", region="اصفهان") in await tab.content()
    assert not [line for line in console if "Content Security Policy" in line], console
    await context.close()


def sandboxed_client_page(src: str) -> str:
    """A web client that frames the Mini App without letting it open windows (no allow-popups) and records the
    events the Mini App posts to it, as Telegram Web receives `web_app_open_link`."""
    return ('<!doctype html><title>Telegram</title>'
            '<script>window.received = []; window.addEventListener("message", function (event) {'
            ' window.received.push({origin: event.origin, data: event.data}); });</script>'
            f'<iframe sandbox="allow-scripts allow-same-origin allow-forms" src="{src}" width="400" height="700">'
            '</iframe>')


async def test_a_frame_that_may_open_no_window_asks_the_messenger_to_open_the_link(site: tuple[Harness, str]) -> None:
    hamyar, base = site
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    async with chromium_framing_loopback() as browser:
        context = await browser.new_context(viewport=PHONE)
        init_data = sign_init_data(hamyar.token, {"id": MANAGER, "first_name": "Manager", "language_code": "fa"})
        app = launch_url(f"{base}/app?platform=telegram", init_data, platform="weba")
        await context.route(f"{CLIENT}/**", lambda route: route.fulfill(
            status=200, content_type="text/html", body=sandboxed_client_page(app)))
        messenger = await context.new_page()
        await messenger.goto(f"{CLIENT}/k/")
        button = messenger.frame_locator("iframe").get_by_role("link", name=fa("dashboard-entry-app-new-tab-button"))
        await button.wait_for()
        link = await button.get_attribute("href") or ""
        assert link.startswith(f"{base}/login/")

        await button.click()
        await messenger.wait_for_function("window.received.length > 0", timeout=10_000)
        received = await messenger.evaluate("window.received")
        assert received == [{"origin": base, "data": json.dumps(
            {"eventType": "web_app_open_link", "eventData": {"url": link}}, separators=(",", ":"))}]
        assert len(context.pages) == 1  # the browser opened nothing: the messenger is asked to
        assert await session_cookies(context) == []

        # The messenger opens the link in a tab of its own: it signs the manager in there, once.
        tab = await context.new_page()
        await tab.goto(link)
        await sign_in_from_page(tab, base)
        assert fa("dashboard-overview-heading", region="اصفهان") in await tab.content()
        await context.close()

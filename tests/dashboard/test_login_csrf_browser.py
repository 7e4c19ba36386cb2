"""Login CSRF and framing in the system Chromium. A page of another site (localhost, while the dashboard is
127.0.0.1) holding a manager's login link and the token of its page submits the login form from a visitor's
browser: the visitor sees the Persian refusal, holds no session, the refusal is audited with the Sec-Fetch-Site the
browser sent, and the same browser's own press of the link's button still signs in. A page at https://web.telegram.org
or https://web.bale.ai frames the Mini App's page; neither frames any other page, and no other site frames either
(those origins, and the dashboard's public address, are served to the browser by Playwright's routing from the
loopback server). Skipped (with the reason) when Chromium or Playwright is missing."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web as aiohttp_web

from dashboard.login import COOKIE
from dashboard.login_csrf import AUDIT_ACTION
from storage.models.roles import RoleLevel
from tests.browser import ARGS, CHROMIUM, needs_chromium
from tests.dashboard.conftest import MANAGER, audited, fa, link_from_bot
from tests.dashboard.test_dashboard_browser import PHONE, sign_in_from_page
from tests.e2e.harness import Harness
from tests.e2e.managers import make_manager, person_id
from tests.ports import free_port

pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")
pytestmark = needs_chromium

PUBLIC = "https://dashboard.example.org"  # the dashboard's public address, as the browser sees it here


@contextlib.asynccontextmanager
async def attackers_page(html: str, host: str = "localhost") -> AsyncIterator[str]:
    """Another site's page (http://localhost:<port>/, a different site from 127.0.0.1) serving this HTML."""
    async def serve(_: aiohttp_web.Request) -> aiohttp_web.Response:
        return aiohttp_web.Response(text=html, content_type="text/html")

    app = aiohttp_web.Application()
    app.router.add_get("/", serve)
    runner = aiohttp_web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await aiohttp_web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://{host}:{port}/"
    finally:
        await runner.cleanup()


async def test_another_sites_page_cannot_sign_a_browser_in_with_a_managers_link(site: tuple[Harness, str],
                                                                                 browser: Any) -> None:
    hamyar, base = site
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    link = base + await link_from_bot(hamyar, base=base)
    async with aiohttp.ClientSession() as attacker, attacker.get(link) as page:  # the attacker's own visit
        token = re.search(r'name="csrf" value="([^"]+)"', await page.text())
    assert token

    context = await browser.new_context(viewport=PHONE)
    visitor = await context.new_page()
    async with attackers_page(attack(link, token.group(1))) as elsewhere:
        await visitor.goto(elsewhere)
        await visitor.wait_for_url(lambda url: not url.startswith(elsewhere))  # the form was submitted
        await visitor.wait_for_load_state()
    assert fa("dashboard-refused-login-csrf-heading") in await visitor.content()
    assert not [c for c in await context.cookies() if c["name"] == COOKIE]
    assert await audited(hamyar, AUDIT_ACTION) == [
        (await person_id(hamyar, MANAGER), {"entry": "link", "from": "sec-fetch-site: cross-site"}, "isfahan")]

    # The link was not spent: the manager, opening it in this same browser, signs in.
    opened = await visitor.goto(link)
    assert opened is not None and opened.status == 200
    await sign_in_from_page(visitor, base)
    assert fa("dashboard-overview-heading", region="اصفهان") in await visitor.content()
    assert len(await audited(hamyar, AUDIT_ACTION)) == 1
    await context.close()


def attack(link: str, token: str) -> str:
    """Another site's page that submits a manager's login form as soon as it loads."""
    return (f'<form method="post" action="{link}"><input type="hidden" name="csrf" value="{token}"></form>'
            "<script>document.forms[0].submit()</script>")


async def test_a_browser_without_fetch_metadata_is_judged_by_its_origin(site: tuple[Harness, str]) -> None:
    """Chromium sends no Sec-Fetch-Site to a plain-HTTP address that is not loopback (as browsers before 2023 sent
    none at all): the Origin header decides, and the dashboard's own pages send theirs (Referrer-Policy same-origin)."""
    playwright_api = pytest.importorskip("playwright.async_api")
    hamyar, base = site
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    port = base.rsplit(":", 1)[1]
    link = f"http://dashboard.test:{port}" + await link_from_bot(hamyar, base=base)
    async with aiohttp.ClientSession() as attacker, attacker.get(base + link.split(port, 1)[1]) as page:
        token = re.search(r'name="csrf" value="([^"]+)"', await page.text())
    assert token
    rules = "--host-resolver-rules=MAP dashboard.test 127.0.0.1, MAP attacker.test 127.0.0.1"
    async with playwright_api.async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*ARGS, rules])
        visitor = await (await chromium.new_context(viewport=PHONE)).new_page()
        async with attackers_page(attack(link, token.group(1)), "attacker.test") as elsewhere:
            await visitor.goto(elsewhere)
            await visitor.wait_for_url(lambda url: not url.startswith(elsewhere))
            await visitor.wait_for_load_state()
        assert fa("dashboard-refused-login-csrf-heading") in await visitor.content()
        [(_, details, _)] = await audited(hamyar, AUDIT_ACTION)
        assert details["from"].startswith("origin: http://attacker.test:")  # no Sec-Fetch-Site was sent

        await visitor.goto(link)
        await visitor.get_by_role("button", name=fa("dashboard-entry-login-button")).click()
        await visitor.wait_for_url(f"http://dashboard.test:{port}/")
        assert fa("dashboard-overview-heading", region=fa("dashboard-scope-national")) in await visitor.content()
        await chromium.close()
    assert len(await audited(hamyar, AUDIT_ACTION)) == 1


def framing(path: str) -> str:
    return f'<!doctype html><title>client</title><iframe src="{PUBLIC}{path}" width="400" height="600"></iframe>'


async def frame_of(context: Any, parent: str, path: str) -> str:
    """Open a page at `parent` framing the dashboard's `path`; the frame's text ("" when the browser refused it)."""
    page = await context.new_page()
    await page.route(f"{parent}/**", lambda route: route.fulfill(status=200, content_type="text/html",
                                                                body=framing(path)))
    await page.goto(f"{parent}/k/")
    frames = [frame for frame in page.frames if frame != page.main_frame]
    assert len(frames) == 1
    with contextlib.suppress(Exception):  # a refused frame holds the browser's error page, or no document
        return str(await frames[0].evaluate("document.body ? document.body.innerText : ''"))
    return ""


async def test_the_messengers_web_clients_frame_the_mini_app_and_nothing_else(site: tuple[Harness, str],
                                                                               browser: Any) -> None:
    _, base = site
    context = await browser.new_context(viewport=PHONE)

    async def to_loopback(route: Any) -> None:
        answer = await route.fetch(url=base + route.request.url.removeprefix(PUBLIC))
        await route.fulfill(response=answer)

    await context.route(f"{PUBLIC}/**", to_loopback)
    waiting = fa("dashboard-entry-app-heading")
    for client in ("https://web.telegram.org", "https://web.bale.ai"):
        assert waiting in await frame_of(context, client, "/app?platform=telegram"), client
        welcome = await frame_of(context, client, "/")
        assert fa("dashboard-welcome-heading") not in welcome, client
        assert fa("dashboard-entry-app-heading") not in welcome, client
    for stranger in ("https://attacker.example", "https://webk.telegram.org.attacker.example", "http://web.telegram.org"):
        assert waiting not in await frame_of(context, stranger, "/app?platform=telegram"), stranger
    # The same page, opened on its own (as the messengers' apps do), shows as usual.
    page = await context.new_page()
    await page.goto(f"{PUBLIC}/app?platform=telegram")
    assert waiting in await page.content()
    await context.close()

"""A login link's page speaks its manager's own language: in a browser without the dashboard's language cookie, the
page of a valid, unspent link speaks the language the manager chose in the bot, and pressing its button sets the
language cookie (as the page's language switch does) so the overview continues in it. An explicit language cookie
always wins; a refused link's page (used, forged, expired) says nothing of the person: Persian, or the cookie's
language. The page still asks the database two statements: whether the link was spent, and the holder's role with
their language in one."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient
from sqlalchemy import event

from dashboard.login import COOKIE, login_link
from dashboard.rendering import LANGUAGE_COOKIE
from i18n import translator
from storage.models.roles import RoleLevel
from tests.dashboard.conftest import BASE, MANAGER, fa, link_from_bot, login_form
from tests.dashboard.test_miniapp_language import en, english_dashboard_reply
from tests.e2e.harness import Harness
from tests.e2e.managers import make_manager, person_id


async def english_readers_link(hamyar: Harness, base: str = BASE) -> str:
    """A provincial manager of Isfahan who chose English in the bot's profile: the path of their /dashboard link."""
    _, reply = await english_dashboard_reply(hamyar)
    found = re.search(re.escape(base) + r"(/login/\S+)", reply.text or "")
    assert found, reply.text
    return found.group(1)


def speaks(html: str, language: str) -> bool:
    """True when a page is in this language (and its direction)."""
    return f'<html lang="{language}" dir="{"rtl" if language == "fa" else "ltr"}">' in html


def login_page_in(html: str, language: str) -> bool:
    """True when the link's page, with its button, speaks this language."""
    t = translator(language)
    return speaks(html, language) and t("dashboard-entry-login-heading") in html and \
        t("dashboard-entry-login-button") in html


async def press(web: TestClient, path: str) -> ClientResponse:
    """Open the link's page and press its button, posting every field of its form as a browser does; the session
    cookie kept in the client's jar (its test server is plain HTTP, where a browser would not send back a Secure
    cookie), the answer returned."""
    form = await login_form(web, path)  # the token, and the page's pre-session cookie kept
    html = await (await web.get(path)).text()  # the same page again (same nonce): its other fields
    form.update(re.findall(r'<input type="hidden" name="(?!csrf")([^"]+)" value="([^"]*)">', html))
    opened = await web.post(path, data=form, allow_redirects=False)
    assert opened.status == 303 and opened.headers["Location"] == "/", await opened.text()
    web.session.cookie_jar.update_cookies({COOKIE: opened.cookies[COOKIE].value})
    return opened


async def test_an_english_reader_in_a_fresh_browser_gets_english_and_keeps_it(hamyar: Harness,
                                                                             web: TestClient) -> None:
    path = await english_readers_link(hamyar)

    page = await web.get(path)
    html = await page.text()
    assert page.status == 200 and login_page_in(html, "en"), html
    opened = await press(web, path)

    chosen = opened.cookies[LANGUAGE_COOKIE]
    switched = (await web.get("/language/en?next=/", allow_redirects=False)).cookies[LANGUAGE_COOKIE]
    assert chosen.value == "en" and dict(chosen) == dict(switched)  # the switch's cookie, attribute for attribute
    assert chosen["httponly"] and chosen["secure"] and chosen["samesite"] == "Lax" and chosen["path"] == "/"
    web.session.cookie_jar.update_cookies({LANGUAGE_COOKIE: chosen.value})  # plain HTTP: a Secure cookie, kept

    overview = await (await web.get("/")).text()
    assert speaks(overview, "en") and en("dashboard-overview-heading", region="Isfahan") in overview, overview


async def test_a_persian_cookie_outweighs_the_managers_english(hamyar: Harness, web: TestClient) -> None:
    path = await english_readers_link(hamyar)
    web.session.cookie_jar.update_cookies({LANGUAGE_COOKIE: "fa"})

    page = await web.get(path)
    assert login_page_in(await page.text(), "fa")
    opened = await press(web, path)
    assert LANGUAGE_COOKIE not in opened.cookies  # the reader's own choice stays as it was

    overview = await (await web.get("/")).text()
    assert speaks(overview, "fa") and fa("dashboard-overview-heading", region="اصفهان") in overview


async def test_a_persian_reader_gets_persian_and_a_persian_cookie(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    path = await link_from_bot(hamyar)

    page = await web.get(path)
    assert login_page_in(await page.text(), "fa")
    opened = await press(web, path)
    assert opened.cookies[LANGUAGE_COOKIE].value == "fa"

    overview = await (await web.get("/")).text()
    assert speaks(overview, "fa") and fa("dashboard-overview-heading", region="اصفهان") in overview


async def test_a_refused_link_says_nothing_of_its_managers_language(hamyar: Harness, web: TestClient) -> None:
    path = await english_readers_link(hamyar)
    await press(web, path)
    web.session.cookie_jar.clear()  # another, fresh browser opens the spent link
    pid = await person_id(hamyar, MANAGER)
    forged = login_link("", b"another key", pid, datetime.now(UTC))
    expired = login_link("", b"test-dashboard-secret", pid, datetime.now(UTC) - timedelta(minutes=6))
    for bad, why in ((path, "used"), (forged, "forged"), (expired, "expired")):
        for method in (web.get, web.post):
            answer = await method(bad, data={"csrf": "x", "lang": "en"}, allow_redirects=False)
            html = await answer.text()
            assert answer.status == 403 and speaks(html, "fa"), (bad, html)
            assert LANGUAGE_COOKIE not in answer.cookies
        page = await (await web.get(bad)).text()
        assert fa(f"dashboard-refused-{why}-heading") in page, page

    web.session.cookie_jar.update_cookies({LANGUAGE_COOKIE: "en"})  # the cookie's language, as before
    answer = await web.get(path)
    html = await answer.text()
    assert answer.status == 403 and speaks(html, "en") and en("dashboard-refused-used-heading") in html


async def test_the_page_reads_the_language_with_the_role(hamyar: Harness, web: TestClient) -> None:
    path = await english_readers_link(hamyar)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    engine = hamyar.app.session_pool.kw["bind"]
    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        assert login_page_in(await (await web.get(path)).text(), "en")
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert len(statements) == 2, statements  # spent or not; the holder's role and language

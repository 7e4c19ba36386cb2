"""Login CSRF: a page elsewhere that holds a manager's login link (or Mini App initData) posts it from a visitor's
browser to sign that browser in as the manager. The browser's Sec-Fetch-Site or Origin header saying another site,
or a login form without the token of this browser's own link page, gets a Persian 403: no session cookie is set, the
visitor's own session is left alone, the link stays unspent for its manager, and the refusal is written to the audit
log under the manager the link names. The genuine press, from the link's own page, still signs in."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from dashboard.login import COOKIE
from dashboard.login_csrf import AUDIT_ACTION, PRE_SESSION_COOKIE
from emulator.webapp import sign_init_data
from storage.models.roles import RoleLevel
from tests.dashboard.conftest import BASE, MANAGER, audited, fa, link_from_bot, login_form
from tests.dashboard.test_dashboard_login import spent
from tests.dashboard.test_refusals import csrf_of
from tests.e2e.harness import Harness
from tests.e2e.managers import make_manager, person_id

VISITOR = 900177  # a manager of another province, signed in, whose browser is made to post someone else's link
CROSS_SITE = {"Sec-Fetch-Site": "cross-site", "Origin": "https://attacker.example"}


def login_csrf_refusal(html: str) -> bool:
    return fa("dashboard-refused-login-csrf-heading") in html and fa("dashboard-refused-login-csrf") in html


async def test_a_login_link_posted_from_another_site_signs_no_one_in_and_is_audited(
        hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    await make_manager(hamyar, VISITOR, RoleLevel.PROVINCIAL, province="tehran")
    link = await link_from_bot(hamyar)
    # The attacker opened the link's page in their own browser: its form token and nonce are theirs.
    page = await web.get(link)
    attackers, nonce = {"csrf": csrf_of(await page.text())}, page.cookies[PRE_SESSION_COOKIE].value
    web.session.cookie_jar.clear()
    visitor_session = await _signed_in_visitor(hamyar, web)

    # (what, form, headers, the pre-session cookie the visitor's browser sends)
    attempts = [  # even the attacker's nonce tossed into the visitor's browser does not pass a cross-site post
        ("cross-site, with the attacker's token and nonce", attackers, CROSS_SITE, nonce),
        ("another site's Origin, no Fetch Metadata", attackers, {"Origin": "https://attacker.example"}, nonce),
        ("a sandboxed page's null Origin", attackers, {"Origin": "null"}, nonce),
        ("same-site but another origin", attackers, {"Sec-Fetch-Site": "same-site"}, nonce),
        ("no form token", {}, {}, None),
        ("the attacker's token, no pre-session cookie", attackers, {}, None),
        ("the attacker's token, the visitor's own nonce", attackers, {}, "V" * 22),
    ]
    for what, form, headers, pre_session in attempts:
        web.session.cookie_jar.clear()
        web.session.cookie_jar.update_cookies({COOKIE: visitor_session})
        if pre_session is not None:
            web.session.cookie_jar.update_cookies({PRE_SESSION_COOKIE: pre_session})
        answer = await web.post(link, data=form, headers=headers, allow_redirects=False)
        assert answer.status == 403, what
        assert login_csrf_refusal(await answer.text()), what
        assert COOKIE not in answer.cookies, what  # neither a new session nor the visitor's own removed
        assert await _overview_region(web) == "تهران", what  # the visitor is still themself

    assert await spent(hamyar) == 1  # the visitor's own link only
    manager = await person_id(hamyar, MANAGER)
    entries = await audited(hamyar, AUDIT_ACTION)
    assert [(who, province) for who, _, province in entries] == [(manager, "isfahan")] * len(attempts)
    assert [details["from"] for _, details, _ in entries[:4]] == [
        "sec-fetch-site: cross-site", "origin: https://attacker.example", "origin: null", "sec-fetch-site: same-site"]
    assert [details["from"] for _, details, _ in entries[4:]] == [
        "no pre-session cookie", "no pre-session cookie", "no token of this browser's page"]
    assert all(details["entry"] == "link" for _, details, _ in entries)

    # The manager's own press, from the link's page in their own browser, still signs in (the link was not spent).
    web.session.cookie_jar.clear()
    own = await login_form(web, link)
    pressed = await web.post(link, data=own, headers={"Sec-Fetch-Site": "same-origin", "Origin": BASE},
                             allow_redirects=False)
    assert pressed.status == 303 and pressed.cookies[COOKIE].value
    assert pressed.cookies[PRE_SESSION_COOKIE].value == ""  # the pre-session cookie is removed
    web.session.cookie_jar.update_cookies({COOKIE: pressed.cookies[COOKIE].value})
    assert await _overview_region(web) == "اصفهان"
    assert len(await audited(hamyar, AUDIT_ACTION)) == len(attempts)


async def test_the_link_page_sets_a_strict_pre_session_cookie_and_binds_its_token_to_it(
        hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    link = await link_from_bot(hamyar)
    page = await web.get(link)
    cookie = page.headers["Set-Cookie"]
    assert cookie.startswith(f"{PRE_SESSION_COOKIE}=") and "SameSite=Strict" in cookie and "HttpOnly" in cookie
    assert "Path=/login/" in cookie and "Secure" in cookie and "Max-Age=300" in cookie

    # Two tabs of the same browser keep one nonce, so either page's button works; another browser's does not.
    first = await login_form(web, link)
    second = await login_form(web, link)
    assert first == second
    other = await login_form(web, await link_from_bot(hamyar))
    assert other != first  # bound to the link as well
    web.session.cookie_jar.update_cookies({PRE_SESSION_COOKIE: "B" * 22})  # another browser's nonce
    refused = await web.post(link, data=first, allow_redirects=False)
    assert refused.status == 403 and login_csrf_refusal(await refused.text())
    await login_form(web, link)  # the page opened again in this browser: a token of this nonce
    assert (await web.post(link, data=await login_form(web, link), allow_redirects=False)).status == 303


async def test_a_mini_app_init_data_posted_from_another_site_signs_no_one_in_and_is_audited(
        hamyar: Harness, app_web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    init_data = sign_init_data(hamyar.token, {"id": MANAGER, "first_name": "Manager"})
    form = {"init_data": init_data, "platform": "telegram"}

    for headers in (CROSS_SITE, {"Origin": "https://attacker.example"}):
        answer = await app_web.post("/app/session", data=form, headers=headers, allow_redirects=False)
        assert answer.status == 403 and login_csrf_refusal(await answer.text())
        assert COOKIE not in answer.cookies
    manager = await person_id(hamyar, MANAGER)
    entries = await audited(hamyar, AUDIT_ACTION)
    assert [(who, details["entry"], province) for who, details, province in entries] == [
        (manager, "mini_app", "isfahan")] * 2

    # From the Mini App's own page (inside the messenger's frame it is still the dashboard's origin): signed in.
    own = await app_web.post("/app/session", data=form, allow_redirects=False,
                             headers={"Sec-Fetch-Site": "same-origin", "Origin": BASE})
    assert own.status == 303 and own.cookies[COOKIE].value


async def _signed_in_visitor(hamyar: Harness, web: TestClient) -> str:
    """The visitor signs in with their own link: their session cookie."""
    path = await link_from_bot(hamyar, VISITOR)
    opened = await web.post(path, data=await login_form(web, path), allow_redirects=False)
    assert opened.status == 303
    return opened.cookies[COOKIE].value


async def _overview_region(web: TestClient) -> str:
    """The region the overview is of (whose session the client holds)."""
    html = await (await web.get("/")).text()
    for region in ("اصفهان", "تهران"):
        if fa("dashboard-overview-heading", region=region) in html:
            return region
    return ""

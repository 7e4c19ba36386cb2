"""The Mini App inside a messenger's web client (Telegram Web, Bale's web client frame it, and the browser drops a
cookie set in another site's frame): the page's script posts `framed=1` with the initData, and a verified one is
answered, still inside the frame, with a fresh one-time login link to open in a new tab — the same kind /dashboard
sends: it opens a session once and is refused the second time. A forged, stale or citizen's initData, or one posted
from another site, gets no link. Outside a frame (`framed` empty, as the page posts it there) the answer is the
session cookie and the overview, as before."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient

from dashboard.login import COOKIE
from emulator.webapp import sign_init_data
from storage.models.roles import RoleLevel
from tests.dashboard.conftest import BASE, MANAGER, fa, login_form, overview_shown
from tests.dashboard.test_dashboard_login import refusal_of, spent
from tests.dashboard.test_entry import no_session, open_app
from tests.dashboard.test_frame_headers import MESSENGERS, directives
from tests.e2e.harness import Harness
from tests.e2e.managers import make_manager

# The link, its words; data-clients (the web clients its script may ask to open it) must name exactly the two.
LINK = re.compile(r'<a id="app-new-tab" class="button" href="([^"]+)" target="_blank" rel="noopener"\s+'
                  r'data-clients="https://web.telegram.org https://web.bale.ai">([^<]+)</a>')


async def framed_post(web: TestClient, init_data: str, **headers: str) -> ClientResponse:
    """What the Mini App's page posts when it runs inside a frame."""
    return await web.post("/app/session", data={"init_data": init_data, "platform": "telegram", "framed": "1"},
                          headers=headers, allow_redirects=False)


async def test_a_framed_mini_app_gets_a_one_time_link_that_opens_a_session_once(hamyar: Harness,
                                                                               app_web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    _, init_data = await open_app(hamyar)

    answer = await framed_post(app_web, init_data)
    html = await answer.text()
    assert answer.status == 200, html
    assert no_session(answer)  # the browser would drop it inside the frame anyway
    assert directives(answer.headers["Content-Security-Policy"])["frame-ancestors"] == MESSENGERS
    assert fa("dashboard-entry-app-new-tab-heading") in html and fa("dashboard-entry-app-new-tab") in html
    assert fa("dashboard-entry-app-new-tab-once", minutes=5) in html and "۵" in html
    found = LINK.search(html)
    assert found, html
    link, words = found.groups()
    assert words == fa("dashboard-entry-app-new-tab-button")
    assert link.startswith(f"{BASE}/login/")
    assert await spent(hamyar) == 0  # made, not used

    # Another framed sign-in gets a fresh link of its own.
    again = LINK.search(await (await framed_post(app_web, init_data)).text())
    assert again and again.group(1) != link

    # Opened in a new tab: the link's page, its button, the session, the overview.
    path = link.removeprefix(BASE)
    form = await login_form(app_web, path)
    opened = await app_web.post(path, data=form, allow_redirects=False)
    assert opened.status == 303 and opened.headers["Location"] == "/"
    app_web.session.cookie_jar.update_cookies({COOKIE: opened.cookies[COOKIE].value})
    overview = await app_web.get("/")
    assert overview.status == 200 and fa("dashboard-overview-heading", region="اصفهان") in await overview.text()

    # The second time the same link is refused.
    used = await app_web.post(path, data=form, allow_redirects=False)
    assert used.status == 403 and refusal_of(await used.text(), "used") and COOKIE not in used.cookies
    page = await app_web.get(path, allow_redirects=False)
    assert page.status == 403 and refusal_of(await page.text(), "used")
    assert await spent(hamyar) == 1


async def test_forged_stale_citizens_and_cross_site_init_data_get_no_link(hamyar: Harness,
                                                                          app_web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    citizen = hamyar.user(1001)
    await hamyar.onboard(citizen)
    _, good = await open_app(hamyar)
    _, stale = await open_app(hamyar, auth_date=int((datetime.now(UTC) - timedelta(hours=2)).timestamp()))
    refused = {
        "forged": good.replace("hash=", "hash=0"),
        "re-keyed": sign_init_data("7000000009:another-bot", {"id": MANAGER, "first_name": "Manager"}),
        "stale": stale,
        "citizen's": sign_init_data(hamyar.token, {"id": 1001, "first_name": "Sara"}),
        "empty": "",
    }
    for why, init_data in refused.items():
        answer = await framed_post(app_web, init_data)
        html = await answer.text()
        assert answer.status == 403 and no_session(answer), why
        assert "/login/" not in html and fa("dashboard-entry-app-new-tab-button") not in html, why

    # A manager's genuine initData posted from another site's page: refused (and audited), no link either.
    answer = await framed_post(app_web, good, **{"Sec-Fetch-Site": "cross-site"})
    html = await answer.text()
    assert answer.status == 403 and fa("dashboard-refused-login-csrf-heading") in html and "/login/" not in html
    assert await spent(hamyar) == 0
    assert not await overview_shown(app_web)


async def test_outside_a_frame_the_answer_is_the_session_as_before(hamyar: Harness, app_web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    _, init_data = await open_app(hamyar)
    opened = await app_web.post("/app/session", data={"init_data": init_data, "platform": "telegram", "framed": ""},
                                allow_redirects=False)
    assert opened.status == 303 and opened.headers["Location"] == "/" and opened.cookies[COOKIE].value
    assert "/login/" not in await opened.text()
    app_web.session.cookie_jar.update_cookies({COOKIE: opened.cookies[COOKIE].value})
    assert await overview_shown(app_web)

"""Entry into the dashboard, end to end over the emulator: the login link's page spends nothing (a link preview's
fetch leaves it whole) and its button spends it once; /dashboard is limited to five links in ten minutes per manager
with a Persian reply saying when to ask again; over HTTPS the bot offers a Mini App button whose initData (signed by
the emulator with the bot's token, as the messenger signs it) opens a session, while a forged, stale or citizen's
initData is refused with 403; a revoked role ends a Mini App session at the next request."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import update

from dashboard.app import create_app
from dashboard.login import COOKIE
from dashboard.rendering import DashboardConfig
from emulator.webapp import sign_init_data
from i18n.digits import to_latin_digits
from storage.models.roles import RoleGrant, RoleLevel
from storage.unit_of_work import UnitOfWorkFactory
from tests.dashboard.conftest import BASE, MANAGER, SECRET, fa, link_from_bot, login_form, overview_shown
from tests.dashboard.test_dashboard_login import refusal_of, spent
from tests.e2e.harness import Harness, expect
from tests.e2e.managers import make_manager, running

APP_BUTTON = fa("dashboard-entry-web-app-button")
IRAN = timedelta(hours=3, minutes=30)


def no_session(answer: ClientResponse) -> bool:
    """True when an answer sets no session cookie (a refusal may only remove one)."""
    return COOKIE not in answer.cookies or not answer.cookies[COOKIE].value


def init_data_of(launch: str) -> str:
    """The initData the messenger put in a Mini App's address (what the page's script reads from its fragment)."""
    return parse_qs(urlsplit(launch).fragment)["tgWebAppData"][0]


async def open_app(hamyar: Harness, user_id: int = MANAGER, **signing: int) -> tuple[str, str]:
    """/dashboard, then the Mini App button: the address the messenger opens and its initData."""
    user = hamyar.user(user_id)
    await user.send_text("/dashboard")
    reply = await expect(user, fa("dashboard-link", link="").splitlines()[0])
    assert reply.button_texts() == [APP_BUTTON]
    launch = user.open_web_app(APP_BUTTON, **signing)
    return launch, init_data_of(launch)


async def test_the_links_page_spends_nothing_and_its_button_spends_it_once(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    path = await link_from_bot(hamyar)

    for _ in range(2):  # a messenger's preview, then the manager: both only see the page
        page = await web.get(path, allow_redirects=False)
        html = await page.text()
        assert page.status == 200 and COOKIE not in page.cookies
        assert fa("dashboard-entry-login-button") in html and f'action="{path}"' in html and 'method="post"' in html
    assert await spent(hamyar) == 0

    form = await login_form(web, path)
    opened = await web.post(path, data=form, allow_redirects=False)
    assert opened.status == 303 and opened.headers["Location"] == "/" and opened.cookies[COOKIE].value
    assert await spent(hamyar) == 1
    again = await web.post(path, data=form, allow_redirects=False)
    assert again.status == 403 and refusal_of(await again.text(), "used") and no_session(again)
    page = await web.get(path, allow_redirects=False)
    assert page.status == 403 and refusal_of(await page.text(), "used")
    assert await spent(hamyar) == 1


async def test_a_sixth_dashboard_in_ten_minutes_is_told_when_to_ask_again(hamyar: Harness) -> None:
    manager = await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    other = await make_manager(hamyar, MANAGER + 1, RoleLevel.PROVINCIAL, province="isfahan", name="Other")
    first = datetime.now(UTC)
    links = [await link_from_bot(hamyar) for _ in range(5)]
    assert len(set(links)) == 5
    last = datetime.now(UTC)

    await manager.send_text("/dashboard")
    prefix = fa("dashboard-entry-rate-limited", limit=5, window=10, minutes=999, time="").split("۹۹۹")[0]
    assert "۵" in prefix and "۱۰" in prefix
    reply = await expect(manager, prefix)
    assert "/login/" not in (reply.text or "") and reply.button_texts() == []
    found = re.search(r"([۰-۹]+) دقیقهٔ دیگر، ساعت ([۰-۹]{2}):([۰-۹]{2}) به وقت ایران", reply.text or "")
    assert found, reply.text
    assert 1 <= int(to_latin_digits(found.group(1))) <= 10
    hour, minute = (int(to_latin_digits(part)) for part in found.groups()[1:])
    earliest, latest = ((moment + timedelta(minutes=10) + IRAN).replace(second=0, microsecond=0)
                        for moment in (first, last))
    told = earliest.replace(hour=hour, minute=minute)
    assert earliest <= told <= latest or earliest <= told + timedelta(days=1) <= latest

    # The limit is the manager's own: another manager still gets a link.
    assert (await link_from_bot(hamyar, other.user_id)).startswith("/login/")


async def test_a_mini_app_session_from_a_signed_init_data_opens_the_overview(hamyar: Harness,
                                                                             app_web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    launch, init_data = await open_app(hamyar)
    assert launch.startswith(f"{BASE}/app?platform=telegram#tgWebAppData=")

    page = await app_web.get("/app?platform=telegram")
    html = await page.text()
    assert page.status == 200 and '<script src="/static/miniapp.js"></script>' in html
    assert "<script>" not in html and "telegram.org" not in html  # no inline script, no CDN
    assert 'action="/app/session"' in html and fa("dashboard-entry-app-wait") in html
    script = await app_web.get("/static/miniapp.js")
    assert script.status == 200 and "tgWebAppData" in await script.text()

    opened = await app_web.post("/app/session", data={"init_data": init_data, "platform": "telegram"},
                                allow_redirects=False)
    assert opened.status == 303 and opened.headers["Location"] == "/", await opened.text()
    cookie = opened.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie and "isfahan" not in cookie
    app_web.session.cookie_jar.update_cookies({COOKIE: opened.cookies[COOKIE].value})
    overview = await app_web.get("/")
    assert overview.status == 200 and fa("dashboard-overview-heading", region="اصفهان") in await overview.text()

    # The role revoked: the same session is refused at its next request.
    async with hamyar.session() as session:
        await session.execute(update(RoleGrant).values(revoked_at=datetime.now(UTC)))
        await session.commit()
    answer = await app_web.get("/")
    assert answer.status == 403 and refusal_of(await answer.text(), "not-manager")


async def test_forged_stale_and_citizens_init_data_are_refused(hamyar: Harness, app_web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    citizen = hamyar.user(1001)
    await hamyar.onboard(citizen)
    _, good = await open_app(hamyar)
    fields = parse_qs(good)
    mac = fields["hash"][0]
    flipped = good.replace(mac, mac[:-1] + ("0" if mac[-1] != "0" else "1"))
    user = fields["user"][0]
    other_key = sign_init_data("7000000009:another-bot", {"id": MANAGER, "first_name": "Manager"})
    someone_else = good.replace("%22id%22%3A900101", "%22id%22%3A900102")
    assert someone_else != good and "900101" in user
    _, stale = await open_app(hamyar, auth_date=int((datetime.now(UTC) - timedelta(hours=2)).timestamp()))
    citizens = sign_init_data(hamyar.token, {"id": 1001, "first_name": "Sara"})

    refused = {"forged": [flipped, other_key, someone_else, "", "hash=abc", "nonsense"], "stale": [stale],
               "not-manager": [citizens]}
    for why, payloads in refused.items():
        for init_data in payloads:
            answer = await app_web.post("/app/session", data={"init_data": init_data, "platform": "telegram"},
                                        allow_redirects=False)
            html = await answer.text()
            assert answer.status == 403, (why, init_data)
            assert no_session(answer), (why, init_data)
            if why == "not-manager":
                assert refusal_of(html, "not-manager")
            else:
                assert fa(f"dashboard-entry-app-{why}-heading") in html and fa(f"dashboard-entry-app-{why}") in html
    assert not await overview_shown(app_web)

    # No Bale bot is configured here: a Bale Mini App is sent to the one-time link.
    answer = await app_web.post("/app/session", data={"init_data": good, "platform": "bale"}, allow_redirects=False)
    assert answer.status == 403 and fa("dashboard-entry-app-unavailable") in await answer.text()

    # The genuine one still opens a session (an hour's validity: the page may be reloaded).
    opened = await app_web.post("/app/session", data={"init_data": good, "platform": "telegram"},
                                allow_redirects=False)
    assert opened.status == 303


@pytest.fixture
async def bale(db_url: str, redis_url: str | None) -> AsyncIterator[tuple[Harness, TestClient]]:
    """The bot on (emulated) Bale, and the dashboard knowing the Bale bot's token."""
    async with running(db_url, redis_url, platform="bale", dashboard_secret=SECRET.decode(),
                       dashboard_base_url=BASE) as harness:
        config = DashboardConfig(base_url=BASE, secret=SECRET, idle=timedelta(minutes=30),
                                 bot_tokens=(("bale", harness.token),))
        async with TestClient(TestServer(create_app(config, UnitOfWorkFactory(harness.app.session_pool)))) as client:
            yield harness, client


async def test_on_bale_the_same_check_opens_a_session_and_a_failed_one_points_to_the_link(
        bale: tuple[Harness, TestClient]) -> None:
    hamyar, web = bale
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    launch, init_data = await open_app(hamyar)
    assert launch.startswith(f"{BASE}/app?platform=bale#tgWebAppData=")
    page = await web.get("/app?platform=bale")
    assert page.status == 200 and fa("dashboard-entry-app-bale") in await page.text()

    forged = await web.post("/app/session", data={"init_data": init_data.replace("hash=", "hash=0"),
                                                  "platform": "bale"}, allow_redirects=False)
    html = await forged.text()
    assert forged.status == 403 and no_session(forged)
    assert fa("dashboard-entry-app-bale-heading") in html and fa("dashboard-entry-app-bale-fallback") in html
    # Bale's user ids are not Telegram's: the same initData does not pass as a Telegram one.
    as_telegram = await web.post("/app/session", data={"init_data": init_data, "platform": "telegram"},
                                 allow_redirects=False)
    assert as_telegram.status == 403 and fa("dashboard-entry-app-unavailable") in await as_telegram.text()

    opened = await web.post("/app/session", data={"init_data": init_data, "platform": "bale"},
                            allow_redirects=False)
    assert opened.status == 303
    web.session.cookie_jar.update_cookies({COOKIE: opened.cookies[COOKIE].value})
    assert await overview_shown(web)


async def test_a_platform_refusing_the_mini_app_button_still_gets_the_link(
        bale: tuple[Harness, TestClient]) -> None:
    hamyar, web = bale
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    hamyar.emu.faults.refuse_web_app = True  # a Bale bot without Mini Apps: 400 BUTTON_TYPE_INVALID
    path = await link_from_bot(hamyar)
    user = hamyar.user(MANAGER)
    reply = user.last_message()
    assert reply is not None and reply.button_texts() == []  # the link alone, no button
    assert hamyar.emu.stats.http_400 == 1  # the refused try with the button
    page = await web.get(path)  # and the link works
    assert page.status == 200 and fa("dashboard-entry-app-unavailable") not in await page.text()

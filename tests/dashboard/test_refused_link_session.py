"""A refused sign-in leaves the browser's session alone: any site can send a signed-in manager to a used, forged or
expired login link, or post a Mini App sign-in that is refused, and none of these may log them out (logout CSRF). The
refusal pages carry no Set-Cookie for the session, and the manager's next page is still the overview; only a session
cookie that no longer counts is itself removed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient

from dashboard.login import COOKIE, login_link
from emulator.webapp import sign_init_data
from storage.models.roles import RoleLevel
from tests.dashboard.conftest import MANAGER, SECRET, link_from_bot, login_form, overview_shown, sign_in
from tests.dashboard.test_dashboard_login import refusal_of
from tests.e2e.harness import Harness
from tests.e2e.managers import make_manager, person_id


def cookie_untouched(answer: ClientResponse) -> bool:
    """True when an answer neither sets nor removes the session cookie."""
    return COOKIE not in answer.cookies and COOKIE not in answer.headers.get("Set-Cookie", "")


async def test_a_signed_in_manager_who_opens_a_used_link_is_still_signed_in(hamyar: Harness,
                                                                           app_web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    used = await link_from_bot(hamyar)
    form = await login_form(app_web, used)
    await sign_in(app_web, used)
    assert await overview_shown(app_web)

    # The same link again, its page and its button (as another site's link or form would send the browser there).
    page = await app_web.get(used, allow_redirects=False)
    assert page.status == 403 and refusal_of(await page.text(), "used") and cookie_untouched(page)
    pressed = await app_web.post(used, data=form, allow_redirects=False)
    assert pressed.status == 403 and refusal_of(await pressed.text(), "used") and cookie_untouched(pressed)
    assert await overview_shown(app_web)

    pid = await person_id(hamyar, MANAGER)
    expired = login_link("", SECRET, pid, datetime.now(UTC) - timedelta(minutes=6))
    for method in (app_web.get, app_web.post):
        for bad, why in [("/login/nonsense", "forged"), (expired, "expired")]:
            answer = await method(bad, allow_redirects=False)
            assert answer.status == 403 and refusal_of(await answer.text(), why), (bad, why)
            assert cookie_untouched(answer), (bad, why)
    assert await overview_shown(app_web)


async def test_a_refused_mini_app_sign_in_leaves_the_session_alone(hamyar: Harness, app_web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    citizen = hamyar.user(1001)
    await hamyar.onboard(citizen)
    await sign_in(app_web, await link_from_bot(hamyar))
    citizens = sign_init_data(hamyar.token, {"id": 1001, "first_name": "Sara"})
    for init_data, why in [(citizens, "not-manager"), ("hash=abc", "forged")]:
        answer = await app_web.post("/app/session", data={"init_data": init_data, "platform": "telegram"},
                                    allow_redirects=False)
        assert answer.status == 403 and cookie_untouched(answer), why
    assert await overview_shown(app_web)


async def test_a_session_that_no_longer_counts_is_removed(hamyar: Harness, app_web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    app_web.session.cookie_jar.update_cookies({COOKIE: "not-a-session"})
    answer = await app_web.get("/", allow_redirects=False)
    assert answer.status == 403 and refusal_of(await answer.text(), "forged")
    assert answer.cookies[COOKIE].value == ""  # the browser forgets the cookie that was refused

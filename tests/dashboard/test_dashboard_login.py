"""Login without passwords, end to end: a manager's /dashboard in the bot (over the emulator) sends a one-time
link; opening it on the dashboard and pressing its button sets the session cookie; a reused, expired or forged
link, a citizen, a revoked role, an idle or logged-out session and a logout without its CSRF token each get a
Persian page with 403, and nothing changes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from aiohttp.test_utils import TestClient
from sqlalchemy import func, select, update

from dashboard.login import COOKIE, login_link, new_session
from storage.models.dashboard import SpentDashboardToken
from storage.models.roles import RoleGrant, RoleLevel
from tests.dashboard.conftest import MANAGER, SECRET, fa, link_from_bot, login_form, overview_shown, sign_in
from tests.e2e.harness import Harness, expect
from tests.e2e.managers import make_manager, person_id


async def spent(hamyar: Harness) -> int:
    async with hamyar.session() as session:
        return int((await session.execute(select(func.count()).select_from(SpentDashboardToken))).scalar_one())


def refusal_of(html: str, code: str) -> bool:
    return fa(f"dashboard-refused-{code}-heading") in html and fa(f"dashboard-refused-{code}") in html


async def test_a_manager_logs_in_from_the_bots_link_once(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    path = await link_from_bot(hamyar)

    form = await login_form(web, path)
    opened = await web.post(path, data=form, allow_redirects=False)
    assert opened.status == 303 and opened.headers["Location"] == "/"
    cookie = opened.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" in cookie and "Max-Age=1800" in cookie
    assert "isfahan" not in cookie and "provincial" not in cookie  # the scope is never in the cookie
    web.session.cookie_jar.update_cookies({COOKIE: opened.cookies[COOKIE].value})

    overview = await web.get("/")
    assert overview.status == 200
    assert fa("dashboard-overview-heading", region="اصفهان") in await overview.text()

    again = await web.post(path, data=form, allow_redirects=False)
    assert again.status == 403 and refusal_of(await again.text(), "used")
    assert await spent(hamyar) == 1


async def test_forged_and_expired_links_are_refused_and_change_nothing(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    path = await link_from_bot(hamyar)
    body, mac = path.removeprefix("/login/").split(".")
    forged = [f"/login/{body}.{mac[:-2]}{'AA' if mac[-2:] != 'AA' else 'BB'}", "/login/nonsense", f"/login/{body}."]
    pid = await person_id(hamyar, MANAGER)
    other_key = login_link("", b"another key", pid, datetime.now(UTC))
    expired = login_link("", SECRET, pid, datetime.now(UTC) - timedelta(minutes=6))
    for method in (web.get, web.post):  # the link's page and its button
        for bad in [*forged, other_key]:
            answer = await method(bad, allow_redirects=False)
            assert answer.status == 403, bad
            assert refusal_of(await answer.text(), "forged"), bad
            assert COOKIE not in answer.cookies or not answer.cookies[COOKIE].value
        answer = await method(expired, allow_redirects=False)
        assert answer.status == 403 and refusal_of(await answer.text(), "expired")
    assert await spent(hamyar) == 0
    assert (await web.post(path, data=await login_form(web, path), allow_redirects=False)).status == 303  # still works


async def test_a_citizen_gets_no_link_and_a_revoked_manager_loses_the_dashboard(hamyar: Harness,
                                                                              web: TestClient) -> None:
    citizen = hamyar.user(1001)
    await hamyar.onboard(citizen)
    await citizen.send_text("/dashboard")
    refusal = await expect(citizen, fa("manage-not-manager"))
    assert "/login/" not in (refusal.text or "")

    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    await sign_in(web, await link_from_bot(hamyar))
    assert await overview_shown(web)
    async with hamyar.session() as session:
        await session.execute(update(RoleGrant).values(revoked_at=datetime.now(UTC)))
        await session.commit()
    answer = await web.get("/")
    assert answer.status == 403 and refusal_of(await answer.text(), "not-manager")

    # A link made before the revocation does not open a session either, and is not spent.
    pid = await person_id(hamyar, MANAGER)
    for method in (web.get, web.post):
        answer = await method(login_link("", SECRET, pid, datetime.now(UTC)), allow_redirects=False)
        assert answer.status == 403 and refusal_of(await answer.text(), "not-manager")
    assert await spent(hamyar) == 1


async def test_logout_needs_its_csrf_token_and_ends_the_session(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    cookie = await sign_in(web, await link_from_bot(hamyar))
    page = await (await web.get("/")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf, page

    without = await web.post("/logout", data={}, allow_redirects=False)
    assert without.status == 403 and refusal_of(await without.text(), "csrf")
    assert await overview_shown(web)  # still signed in

    out = await web.post("/logout", data={"csrf": csrf.group(1)}, allow_redirects=False)
    assert out.status == 303
    web.session.cookie_jar.update_cookies({COOKIE: cookie})  # the old cookie, kept and sent again
    answer = await web.get("/")
    assert answer.status == 403 and refusal_of(await answer.text(), "used")


async def test_an_idle_session_expires(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    pid = await person_id(hamyar, MANAGER)
    web.session.cookie_jar.update_cookies({COOKIE: new_session(SECRET, pid, datetime.now(UTC) - timedelta(minutes=31))})
    answer = await web.get("/")
    assert answer.status == 403 and refusal_of(await answer.text(), "expired")
    web.session.cookie_jar.update_cookies({COOKIE: new_session(SECRET, pid, datetime.now(UTC) - timedelta(minutes=29))})
    assert await overview_shown(web)


async def test_spent_ids_are_forgotten_once_their_link_or_session_is_over(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    past = datetime.now(UTC) - timedelta(hours=1)
    async with hamyar.session() as session:
        session.add_all([SpentDashboardToken(id="login:old", spent_at=past, expires_at=past),
                         SpentDashboardToken(id="session:live", spent_at=past, expires_at=past + timedelta(hours=2))])
        await session.commit()
    await sign_in(web, await link_from_bot(hamyar))
    async with hamyar.session() as session:
        ids = set((await session.execute(select(SpentDashboardToken.id))).scalars())
    assert "login:old" not in ids and "session:live" in ids and len(ids) == 2

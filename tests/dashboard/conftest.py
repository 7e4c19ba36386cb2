"""Fixtures for the dashboard's tests: the application on the test database, served on a loopback port."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiohttp import web as aiohttp_web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dashboard.app import create_app
from dashboard.login import COOKIE
from dashboard.login_csrf import PRE_SESSION_COOKIE
from dashboard.rendering import DashboardConfig
from i18n import translator
from storage.models.roles import AuditEntry
from storage.unit_of_work import UnitOfWorkFactory
from tests.browser import launched
from tests.e2e.harness import Harness, expect
from tests.e2e.managers import running
from tests.ports import free_port

SECRET = b"test-dashboard-secret"


@pytest.fixture
def dashboard_config() -> DashboardConfig:
    """The dashboard's settings in tests: plain HTTP on loopback, thirty minutes idle."""
    return DashboardConfig(base_url="http://127.0.0.1", secret=SECRET, idle=timedelta(minutes=30))


@pytest.fixture
async def client(session_pool: async_sessionmaker[AsyncSession],
                 dashboard_config: DashboardConfig) -> AsyncIterator[TestClient]:
    """An HTTP client of the dashboard application on the test database."""
    app = create_app(dashboard_config, UnitOfWorkFactory(session_pool))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


fa = translator("fa")
BASE = "https://dashboard.example.org"
MANAGER = 900101


@pytest.fixture
async def hamyar(db_url: str, redis_url: str | None) -> AsyncIterator[Harness]:
    """The bot with the dashboard's secret and address set."""
    async with running(db_url, redis_url, dashboard_secret=SECRET.decode(), dashboard_base_url=BASE) as harness:
        yield harness


@pytest.fixture
async def web(hamyar: Harness) -> AsyncIterator[TestClient]:
    """The dashboard on the bot's database, as a browser reaches it (HTTPS base address: Secure cookie)."""
    config = DashboardConfig(base_url=BASE, secret=SECRET, idle=timedelta(minutes=30))
    async with TestClient(TestServer(create_app(config, UnitOfWorkFactory(hamyar.app.session_pool)))) as client:
        yield client


@contextlib.asynccontextmanager
async def serving(pool: async_sessionmaker[AsyncSession], base: str,
                  bot_tokens: tuple[tuple[str, str], ...] = ()) -> AsyncIterator[None]:
    """The dashboard on a database, served on the loopback port of `base` (http://127.0.0.1:<port>), as a browser
    reaches it; `bot_tokens` check what a Mini App is opened with."""
    config = DashboardConfig(base_url=base, secret=SECRET, idle=timedelta(minutes=30), bot_tokens=bot_tokens)
    runner = aiohttp_web.AppRunner(create_app(config, UnitOfWorkFactory(pool)))
    await runner.setup()
    await aiohttp_web.TCPSite(runner, "127.0.0.1", int(base.rsplit(":", 1)[1])).start()
    try:
        yield
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def served(hamyar: Harness, base: str) -> AsyncIterator[None]:
    """The dashboard on the bot's database, knowing the bot's token (for the Mini App), served at `base`."""
    async with serving(hamyar.app.session_pool, base, ((hamyar.platform, hamyar.token),)):
        yield


@pytest.fixture
async def site(db_url: str, redis_url: str | None) -> AsyncIterator[tuple[Harness, str]]:
    """The bot, and the dashboard (knowing the bot's token) served on a loopback port its links point at."""
    address = f"http://127.0.0.1:{free_port()}"
    async with running(db_url, redis_url, dashboard_secret=SECRET.decode(), dashboard_base_url=address) as hamyar, \
            served(hamyar, address):
        yield hamyar, address


@pytest.fixture
async def base(session_pool: async_sessionmaker[AsyncSession]) -> AsyncIterator[str]:
    """The dashboard on the test database, served on a free loopback port; its address."""
    address = f"http://127.0.0.1:{free_port()}"
    async with serving(session_pool, address):
        yield address


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    """Headless Chromium from the system (the browser tests skip, saying why, without it)."""
    async with launched() as chromium:
        yield chromium


async def link_from_bot(hamyar: Harness, user_id: int = MANAGER, base: str = BASE) -> str:
    """/dashboard in the bot; the path of the link it sent (the host is the dashboard's public address)."""
    user = hamyar.user(user_id)
    await user.send_text("/dashboard")
    reply = await expect(user, fa("dashboard-link", link="").splitlines()[0])
    found = re.search(re.escape(base) + r"(/login/\S+)", reply.text or "")
    assert found, reply.text
    return found.group(1)


async def login_form(web: TestClient, path: str) -> dict[str, str]:
    """Open a login link's page as a browser does: the form its button posts, and the page's pre-session cookie kept
    in the client's jar (its test server is plain HTTP, where a browser would not send back a Secure cookie)."""
    page = await web.get(path, allow_redirects=False)
    html = await page.text()
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert page.status == 200 and found, html[:300]
    web.session.cookie_jar.update_cookies({PRE_SESSION_COOKIE: page.cookies[PRE_SESSION_COOKIE].value})
    return {"csrf": found.group(1)}


async def sign_in(web: TestClient, path: str) -> str:
    """Open a login link and press its button; the session cookie's value, kept in the client's jar (its test
    server is plain HTTP, where a browser would not send back a Secure cookie)."""
    opened = await web.post(path, data=await login_form(web, path), allow_redirects=False)
    assert opened.status == 303, await opened.text()
    cookie = opened.cookies[COOKIE].value
    web.session.cookie_jar.update_cookies({COOKIE: cookie})
    return cookie


async def overview_shown(web: TestClient) -> bool:
    page = await web.get("/")
    return page.status == 200 and fa("dashboard-overview-heading", region="").strip() in await page.text()


async def audited(hamyar: Harness, action: str) -> list[tuple[int | None, Any, str | None]]:
    """The audit log's entries of one action: (who, details, their province)."""
    async with hamyar.session() as session:
        entries = (await session.execute(select(AuditEntry).where(AuditEntry.action == action))).scalars().all()
    return [(e.actor_id, e.details, e.province_code) for e in entries]


@pytest.fixture
async def app_web(hamyar: Harness) -> AsyncIterator[TestClient]:
    """The dashboard on the bot's database, knowing the bot's token to check a Mini App's initData."""
    config = DashboardConfig(base_url=BASE, secret=SECRET, idle=timedelta(minutes=30),
                             bot_tokens=((hamyar.platform, hamyar.token),))
    async with TestClient(TestServer(create_app(config, UnitOfWorkFactory(hamyar.app.session_pool)))) as client:
        yield client

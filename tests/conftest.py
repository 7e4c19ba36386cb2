"""Shared fixtures: a fresh migrated database per test (SQLite, or PostgreSQL when configured), Redis.

`HAMYAR_TEST_DATABASE_URL` (postgresql+asyncpg://...) and `HAMYAR_TEST_REDIS_URL` (redis://...) switch
the suite to real servers; each test process gets its own PostgreSQL database and Redis db number, so
parallel runs never step on each other."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.broadcasts import quiet
from emulator import BotApiEmulator
from storage.db import create_engine, create_session_pool
from storage.migrate import upgrade
from storage.models import Base
from tests import guard

PG_URL = os.environ.get("HAMYAR_TEST_DATABASE_URL") or None
REDIS_URL = os.environ.get("HAMYAR_TEST_REDIS_URL") or None
# No metrics endpoint unless a test asks for one on a port of its own (the default 9100 may be taken).
os.environ.setdefault("METRICS_PORT", "0")
# The emulator limits nothing per chat unless a test sets its faults, so neither does the bot's send budget
# (at the real 1/s, every conversation test would wait on its own replies); tests of pacing set their own.
os.environ.setdefault("PER_CHAT_RATE", "1000")

# HAMYAR_TEST_EVENT_LOOP=uvloop runs every async test on uvloop, the loop the programs run on (runtime/loop.py);
# `.ci/run` runs the PostgreSQL + Redis pass so and the embedded default's on Python's own loop. Programs the tests
# start (`python -m bot run`) take EVENT_LOOP from the environment: uvloop unless it says asyncio.
if os.environ.get("HAMYAR_TEST_EVENT_LOOP") == "uvloop":
    import uvloop

    def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, Any]:
        """Every async test and fixture on uvloop."""
        return {"uvloop": uvloop.new_event_loop}


def _pg_admin_dsn(url: str) -> tuple[str, str]:
    """asyncpg DSN of the server's maintenance database, and the test database's base name."""
    plain = url.replace("postgresql+asyncpg://", "postgresql://")
    base, _, name = plain.rpartition("/")
    return f"{base}/postgres", name.split("?")[0]


async def _pg_admin(url: str, *statements: str) -> None:
    """Run statements, one after the other, on the server's maintenance database."""
    import asyncpg

    admin, _ = _pg_admin_dsn(url)
    connection = await asyncpg.connect(admin)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def _drop(name: str) -> str:
    return f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """A PostgreSQL database of this test process's own, migrated to head (None without PostgreSQL)."""
    if PG_URL is None:
        yield None
        return
    _, base_name = _pg_admin_dsn(PG_URL)
    name = f"{base_name}_{os.getpid()}"
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    asyncio.run(_pg_admin(PG_URL, _drop(name), f'CREATE DATABASE "{name}"'))
    upgrade(url)
    yield url
    asyncio.run(_pg_admin(PG_URL, _drop(name)))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to head once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
async def db_url(postgres_url: str | None, sqlite_template: Path, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, migrated, empty database for one test."""
    if postgres_url is None:
        path = tmp_path / "hamyar.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    engine = create_engine(postgres_url, pool_size=1)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()
    yield postgres_url


@pytest.fixture
async def redis_url() -> AsyncIterator[str | None]:
    """A flushed Redis database of this process's own (None without Redis)."""
    if REDIS_URL is None:
        yield None
        return
    from redis.asyncio import Redis

    url = REDIS_URL.rsplit("/", 1)[0] + f"/{1 + os.getpid() % 15}"
    client = Redis.from_url(url)
    await client.flushdb()
    await client.aclose()
    yield url


@pytest.fixture
async def session_pool(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A session factory on the test database."""
    engine = create_engine(db_url, pool_size=5)
    yield create_session_pool(engine)
    await engine.dispose()


# -- the error guard (tests/guard.py) ---------------------------------------------------------------

GUARDED_DIRS = frozenset({"e2e", "integration", "emulator", "webchat"})
_GUARD = pytest.StashKey[guard.ErrorGuard]()


def _guarded(item: pytest.Item) -> bool:
    parts = item.path.relative_to(Path(__file__).parent).parts
    return len(parts) > 1 and parts[0] in GUARDED_DIRS


@pytest.fixture(autouse=True)
def default_quiet_hours() -> Iterator[None]:
    """A bot or worker started by a test sets the process's quiet hours (QUIET_HOURS, campaigns/broadcasts/
    quiet.py); the next test starts from the default again."""
    yield
    quiet.configure(quiet.DEFAULT_QUIET_HOURS)


@pytest.fixture(autouse=True)
def error_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[guard.ErrorGuard | None]:
    """Fail an end-to-end, integration or emulator test in which the product failed (see tests/guard.py)."""
    item = request.node
    if not isinstance(item, pytest.Item) or not _guarded(item):
        yield None
        return
    markers = list(item.iter_markers("expect_errors"))
    patterns = [str(pattern) for marker in markers for pattern in marker.args]
    watcher = guard.start(patterns, apology=any(marker.kwargs.get("apology") for marker in markers))
    build = BotApiEmulator.__init__

    def tracked_init(self: BotApiEmulator, *args: Any, **kwargs: Any) -> None:
        build(self, *args, **kwargs)
        guard.track(self)

    monkeypatch.setattr(BotApiEmulator, "__init__", tracked_init)
    item.stash[_GUARD] = watcher
    try:
        yield watcher
    finally:
        guard.stop(watcher)
    # Runs after the test's other fixtures stopped the bot: what failed while updates drained.
    findings = watcher.findings()
    if findings:
        pytest.fail(findings, pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Fail the test itself (not only its teardown) when the product failed while it ran."""
    watcher = item.stash.get(_GUARD, None)
    try:
        result = yield
    except BaseException:
        findings = watcher.findings() if watcher is not None else None
        if findings:
            item.add_report_section("call", "hamyar error guard", findings)
        raise
    findings = watcher.findings() if watcher is not None else None
    if findings:
        pytest.fail(findings, pytrace=False)
    return result

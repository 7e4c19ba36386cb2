"""Engine and session factories for PostgreSQL (asyncpg) and the embedded SQLite default."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

Connection = AsyncConnection  # a connection from the pool, for the look-ups made without a session


def default_database_url() -> str:
    """The embedded default database (DATABASE_URL unset): SQLite in var/hamyar.db under the working directory."""
    return f"sqlite+aiosqlite:///{Path.cwd() / 'var' / 'hamyar.db'}"


def create_engine(url: str, *, echo: bool = False, pool_size: int = 20) -> AsyncEngine:
    """Create an async engine; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    # No pre-ping: it costs a round trip on every checkout (a tenth of an update's time); stale
    # connections are recycled instead, and a dropped one fails one update, which the person retries.
    # Up to 2 x pool_size connections, as before, but all kept open: an overflow connection used to be
    # closed when returned and opened again moments later under load (connect + auth, several round trips).
    return create_async_engine(url, echo=echo, pool_size=2 * pool_size, max_overflow=0, pool_recycle=1800)


def create_session_pool(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session factory: one session per update or per unit of work."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


_AUTOCOMMIT: WeakKeyDictionary[Any, AsyncEngine] = WeakKeyDictionary()


def autocommit(engine: AsyncEngine) -> AsyncEngine:
    """The same engine and pool, each statement its own transaction: a one-statement read or write then
    costs one round trip, not three (BEGIN, the statement, COMMIT)."""
    if engine.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return engine
    found = _AUTOCOMMIT.get(engine.sync_engine)
    if found is None:
        found = _AUTOCOMMIT[engine.sync_engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return found


async def ping(engine: AsyncEngine) -> None:
    """One round trip to the database (the health check); raises when it cannot be reached."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))

"""Per-update plumbing: logs, in-flight tracking, a database session, the person, their language."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import Message, TelegramObject, Update, User
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from bot.platform_bot import platform_of
from campaigns import people
from campaigns.regions import load_regions
from i18n import translator
from runtime import metrics
from storage.db import autocommit
from storage.unit_of_work import UnitOfWork

log = logging.getLogger("hamyar.updates")

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class InFlight:
    """Counts updates being handled, so shutdown can wait for them to finish."""

    def __init__(self) -> None:
        self.count = 0
        self.last_update_id: dict[int, int] = {}
        self._idle = asyncio.Event()
        self._idle.set()

    def enter(self) -> None:
        """One more update in flight."""
        self.count += 1
        self._idle.clear()

    def leave(self) -> None:
        """One update done."""
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is in flight; False if the timeout ran out first."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


class UpdateLogMiddleware(BaseMiddleware):
    """One log line per update (ids, type, duration, outcome), and in-flight tracking."""

    def __init__(self, in_flight: InFlight) -> None:
        self.in_flight = in_flight
        self._metric_children: dict[tuple[str, str], tuple[Any, Any, Any]] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        bot: Bot = data["bot"]
        if not _has_event(event):
            # A malformed update the guarded session emptied, or a kind this version does not know.
            log.warning("update of no known type skipped", extra={"bot_id": bot.id, "update_id": event.update_id})
            return None
        started = time.perf_counter()
        last = self.in_flight.last_update_id
        last[bot.id] = max(last.get(bot.id, 0), event.update_id)
        self.in_flight.enter()
        platform = platform_of(bot)
        kind = event.event_type
        in_flight, seconds, done = self._children(platform, kind)
        in_flight.inc()
        outcome = "ok"
        try:
            return await handler(event, data)
        except Exception:
            outcome = "error"
            raise
        finally:
            self.in_flight.leave()
            elapsed = time.perf_counter() - started
            in_flight.dec()
            (done if outcome == "ok" else metrics.UPDATES.labels(platform, kind, outcome)).inc()
            seconds.observe(elapsed)
            if log.isEnabledFor(logging.INFO):
                log.info("update", extra={
                    "bot_id": bot.id, "update_id": event.update_id, "type": kind,
                    "ms": round(elapsed * 1000, 1), "outcome": outcome})

    def _children(self, platform: str, kind: str) -> tuple[Any, Any, Any]:
        # prometheus-client's labels() costs a lock and a tuple key each call; an update made four.
        key = (platform, kind)
        children = self._metric_children.get(key)
        if children is None:
            children = (metrics.UPDATES_IN_FLIGHT.labels(platform), metrics.UPDATE_SECONDS.labels(platform, kind),
                        metrics.UPDATES.labels(platform, kind, "ok"))
            self._metric_children[key] = children
        return children


def _has_event(update: Update) -> bool:
    try:
        update.event_type  # noqa: B018 - raises on an update of no known type
    except Exception:
        return False
    return True


class DbSessionMiddleware(BaseMiddleware):
    """A unit of work per update (``uow``; its session is also ``session`` while handlers move over);
    services commit through it once, the session closes when the update is done."""

    def __init__(self, session_pool: async_sessionmaker[AsyncSession]) -> None:
        self.session_pool = session_pool

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        session = self.session_pool()
        data["session"] = session
        data["uow"] = UnitOfWork(session)
        try:
            return await handler(event, data)
        finally:
            # close() costs a greenlet switch (about 80 us on this machine) even for a session that holds
            # nothing; only one still in a transaction (a handler that failed before its service committed,
            # or read without committing) has a connection to give back and work to roll back.
            if session.in_transaction():
                await session.close()


class LookupConnections:
    """A few autocommit connections held open for the look-up every update makes.

    Checking a connection out of SQLAlchemy's async pool and back cost about as much CPU as the query
    itself (~130 us each way here); borrowing one from this stack costs a few microseconds. A connection
    that fails is dropped (the next borrower opens a new one), as the pool would."""

    def __init__(self, engine: AsyncEngine, size: int = 4) -> None:
        self.engine = autocommit(engine)
        self.size = size
        self._idle: list[AsyncConnection] = []
        self._open = 0
        self._freed = asyncio.Condition()
        self._closed = False

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        """Borrow a connection for one look-up."""
        connection = await self._take()
        healthy = False
        try:
            yield connection
            healthy = True
        finally:
            await self._give_back(connection, healthy)

    async def _take(self) -> AsyncConnection:
        while not self._idle:
            if self._open < self.size:
                self._open += 1
                try:
                    return await self.engine.connect()
                except BaseException:
                    self._open -= 1
                    raise
            async with self._freed:
                await self._freed.wait()
        return self._idle.pop()

    async def _give_back(self, connection: AsyncConnection, healthy: bool) -> None:
        if healthy and not self._closed:
            self._idle.append(connection)
        else:
            self._open -= 1
            with suppress(Exception):
                await connection.close()
        async with self._freed:
            self._freed.notify()

    async def close(self) -> None:
        """Close the idle connections (borrowed ones close when given back)."""
        self._closed = True
        idle, self._idle = self._idle, []
        for connection in idle:
            self._open -= 1
            with suppress(Exception):
                await connection.close()


class ContextMiddleware(BaseMiddleware):
    """Puts the platform, the person (if known), their translator and the regions in handler data."""

    def __init__(self, engine: AsyncEngine) -> None:
        # The one-statement look-up every update makes runs on an autocommit connection held open: no
        # session, no pool checkout, no BEGIN/COMMIT round trips around it.
        self.lookups = LookupConnections(engine)
        # On PostgreSQL the look-up runs on asyncpg directly (storage/repositories/people.view_row_held),
        # outside the SQLAlchemy event that counts statements: counted here instead.
        self.uncounted_lookup = engine.dialect.name == "postgresql"

    async def close(self) -> None:
        """Close the look-up connections (once no update is in flight)."""
        await self.lookups.close()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        bot: Bot = data["bot"]
        platform = platform_of(bot)  # not looked up by bot.id: Telegram and Bale ids may be equal
        user: User | None = data.get("event_from_user")
        person = None
        if user is not None:
            async with self.lookups.connection() as connection:
                person = await people.find_on(connection, platform, user.id)
            if self.uncounted_lookup:
                metrics.SQL_STATEMENTS.inc()
        # A stranger is greeted in Persian and offered English; nothing is guessed from the client.
        language = person.language if person else "fa"
        data["platform"] = platform
        data["person"] = person
        data["t"] = translator(language)
        data["regions"] = load_regions()
        return await handler(event, data)


class MenuEscapeMiddleware(BaseMiddleware):
    """A main-menu label or a command typed in the middle of a conversation leaves that conversation; a
    command the bot does not know gets "unknown command" and the conversation stays where it was.

    Without this, a step that takes free text would read the Campaigns label (menu-campaigns) as its
    answer, and /foo as an amount that "is not a number". Runs after the FSM middleware, so it clears both
    the stored state and the state the filters will see. `known` are the commands handled in any state
    without leaving it (/cancel ends a conversation by itself)."""

    def __init__(self, labels: set[str], commands: set[str], known: frozenset[str] = frozenset({"cancel"})) -> None:
        self.labels = labels
        self.commands = commands
        self.known = set(known)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        text = (getattr(event, "text", None) or "").strip()
        if text and data.get("raw_state") is not None:
            words = text[1:].split(maxsplit=1) if text.startswith("/") else None
            command = (words[0].split("@")[0].lower() if words else "") if words is not None else None
            if text in self.labels or (command is not None and command in self.commands):
                await data["state"].clear()
                data["raw_state"] = None
            elif command and command not in self.known and isinstance(event, Message) and "t" in data:
                await event.answer(data["t"]("unknown-command"))
                return None
        return await handler(event, data)

"""One person at a time: each person's updates are handled one by one, in the order they arrived.

Every update takes a place in its person's queue the moment it reaches the dispatcher, before anything
awaits (`TurnReservation`), so updates keep their arrival order even when a check before the lock waits
on Redis. Its turn comes when the update before it is done; with Redis it then also takes a lease lock
that other processes respect (`RedisTurns` in bot/redis_turns.py), so two processes never handle one
person at once.

With Redis the lock's round trip also fetches the conversation's state and data, and the round trip that
releases it writes back what the update changed (`TurnStorage`): two Redis round trips per update, however
often the handlers read or write their state (aiogram's RedisEventIsolation plus RedisStorage take two for
the lock alone, poll every 0.1 s while waiting, and fail the update when the lock expired meanwhile).

A lease that is not released (the process died) expires after a few seconds; a live turn renews its lease
while it runs, up to `MAX_TURN_S`. A held lock never fails an update: the next one waits for it.

The turn also answers "was this button press already handled?": a tap (see bot/repeat_taps.py) whose
person's previous turn was the very same tap, ended less than `REPEAT_TAP_S` ago (or still running), is
a repeat. Anything the person did in between (another button, a message) makes the next tap a new one:
Join, Leave, Join on one campaign page are three steps; Join, Join is one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.types import TelegramObject, Update

from bot.repeat_taps import tap_key

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

REPEAT_TAP_S = 3.0  # the same tap again within this long after the previous turn ended is a repeat


class Ticket:
    """A place in one person's queue: its turn comes when the ticket before it is done."""

    __slots__ = ("_before", "_done", "claimed", "key", "repeat", "tap")

    def __init__(self, key: StorageKey, tap: str | None, before: asyncio.Future[None] | None,
                 done: asyncio.Future[None]) -> None:
        self.key = key
        self.tap = tap  # the pressed button's digest (bot/repeat_taps.py), or None
        self.repeat = False  # set by the turn: this tap was handled already
        self.claimed = False
        self._before = before
        self._done = done

    async def wait(self) -> None:
        """Wait until every earlier update of this person is done."""
        before = self._before
        if before is not None and not before.done():
            # Shielded: if this update is cancelled, the one before it must still finish.
            await asyncio.shield(before)

    def release(self) -> None:
        """Let the next update go (once the one before this is done, if this one never got its turn)."""
        done = self._done
        if done.done():
            return
        before = self._before
        if before is None or before.done():
            done.set_result(None)
            return

        def after_before(_: asyncio.Future[None]) -> None:
            if not done.done():
                done.set_result(None)

        before.add_done_callback(after_before)


class TurnQueue:
    """The per-person queues of one process (an entry lives only while a person has updates in flight)."""

    def __init__(self) -> None:
        self._tails: dict[Hashable, asyncio.Future[None]] = {}

    def reserve(self, key: StorageKey, tap: str | None = None) -> Ticket:
        """Take the next place in this person's queue, without waiting."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        before = self._tails.get(key)
        self._tails[key] = done
        done.add_done_callback(lambda future: self._forget(key, future))
        return Ticket(key, tap, before, done)

    def _forget(self, key: Hashable, future: asyncio.Future[None]) -> None:
        if self._tails.get(key) is future:
            del self._tails[key]

    def __len__(self) -> int:
        return len(self._tails)


_TICKET: ContextVar[Ticket | None] = ContextVar("hamyar_turn_ticket", default=None)


class MemoryTurns(BaseEventIsolation):
    """Turns within one process (no Redis): the queue alone, and repeat taps remembered in memory."""

    def __init__(self) -> None:
        self.queue = TurnQueue()
        self._last_taps: dict[StorageKey, tuple[str, float]] = {}  # person -> their last turn's tap, until

    def claim(self, key: StorageKey) -> Ticket:
        """The ticket this update reserved on arrival, or a new one (a lock taken outside an update)."""
        ticket = _TICKET.get()
        if ticket is not None and not ticket.claimed and ticket.key == key:
            ticket.claimed = True
            return ticket
        return self.queue.reserve(key)

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        """This person's turn (aiogram's event isolation): wait for their earlier updates, then hold it."""
        async with self.turn(self.claim(key)):
            yield None

    @asynccontextmanager
    async def turn(self, ticket: Ticket) -> AsyncGenerator[None, None]:
        """Wait for the ticket's turn, then hold it until done."""
        key = ticket.key
        try:
            await ticket.wait()
            failed = True
            tap = ticket.tap
            last = self._last_taps.pop(key, None)
            if tap is not None:
                ticket.repeat = last is not None and last[0] == tap and last[1] > time.monotonic()
                self._last_taps[key] = (tap, float("inf"))  # while it runs, the same tap is a repeat
            try:
                yield None
                failed = False
            finally:
                if tap is not None:
                    self._end_tap(key, tap, failed and not ticket.repeat)
        finally:
            ticket.release()

    def _end_tap(self, key: StorageKey, tap: str, failed: bool) -> None:
        now = time.monotonic()
        if failed:  # the step did not happen: pressing again should run it
            self._last_taps.pop(key, None)
        else:
            self._last_taps[key] = (tap, now + REPEAT_TAP_S)
        if len(self._last_taps) > 10_000:
            self._last_taps = {k: last for k, last in self._last_taps.items() if last[1] > now}

    async def close(self) -> None:
        """Nothing to close in memory."""


class TurnReservation(BaseMiddleware):
    """Takes the update's place in its person's queue as it arrives (see the module docstring).

    Registered before anything that awaits (the throttle counts in Redis) and before the FSM middleware,
    whose lock then waits for this ticket's turn. An update dropped before its turn gives its place up."""

    def __init__(self, turns: MemoryTurns, fsm: FSMContextMiddleware) -> None:
        self.turns = turns
        self.fsm = fsm

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        bot: Bot = data["bot"]
        context = self.fsm.resolve_event_context(bot, data)
        if context is None:
            return await handler(event, data)
        query = event.callback_query if isinstance(event, Update) else None
        ticket = self.turns.queue.reserve(context.key, tap_key(query) if query is not None else None)
        data["turn"] = ticket
        token = _TICKET.set(ticket)
        try:
            return await handler(event, data)
        finally:
            _TICKET.reset(token)
            ticket.release()

"""A throttle for floods: a person sending faster than a person can is told once to slow down, and the
updates beyond the limit are dropped (a log line and a metric each) without slowing anyone else.

The first check an update of a person meets, before their turn (bot/turns.py), the database and the
person's look-up: a flood never queues behind the lock or costs a query. More than `rate` updates in a
window of `window` seconds is a flood; the windows are fixed (a burst across two windows may pass up to
twice the rate, which is plenty against a flood and costs one counter). The person is told once per
flood: until they have sent nothing over the limit for `QUIET_WINDOWS` windows. Counted in Redis when
configured (one round trip: a small script), in memory otherwise.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, TelegramObject, Update, User
from redis.asyncio import Redis

from bot.platform_bot import platform_of
from i18n import translator

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

QUIET_WINDOWS = 10  # a flood is over after this many windows with nothing over the limit


def _throttled_counter() -> Any:
    try:
        from bot.metrics import UPDATES_THROTTLED
    except ImportError:
        from prometheus_client import Counter

        return Counter("hamyar_updates_throttled", "Updates dropped by the flood throttle", ["platform"])
    return UPDATES_THROTTLED


UPDATES_THROTTLED = _throttled_counter()


class Verdict(enum.IntEnum):
    """What the throttle decided for one update."""

    PASS = 0
    TELL = 1  # over the limit, the first time in this flood: drop it and tell the person
    DROP = 2  # over the limit, already told


class FloodCounter(Protocol):
    """Counts one person's updates in the current window."""

    async def hit(self, person: str) -> Verdict:
        """Count an update of this person and say what to do with it."""


class MemoryFloodCounter:
    """Counts in this process (the default without Redis)."""

    def __init__(self, rate: int, window: float) -> None:
        self.rate = rate
        self.window = window
        self._counts: dict[str, tuple[float, int]] = {}  # person -> (window end, updates in it)
        self._told: dict[str, float] = {}  # person -> end of their current flood

    async def hit(self, person: str) -> Verdict:
        """Count an update of this person and say what to do with it."""
        now = time.monotonic()
        end, count = self._counts.get(person, (0.0, 0))
        if end <= now:
            end, count = now + self.window, 0
            if len(self._counts) > 50_000:
                self._sweep(now)
        count += 1
        self._counts[person] = (end, count)
        if count <= self.rate:
            return Verdict.PASS
        first = self._told.get(person, 0.0) <= now
        self._told[person] = now + QUIET_WINDOWS * self.window
        return Verdict.TELL if first else Verdict.DROP

    def _sweep(self, now: float) -> None:
        self._counts = {person: entry for person, entry in self._counts.items() if entry[0] > now}
        self._told = {person: until for person, until in self._told.items() if until > now}


# KEYS: counter, told; ARGV: window ms, rate, quiet ms. Returns a Verdict.
_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n <= tonumber(ARGV[2]) then return 0 end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then return 1 end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 2
"""


class RedisFloodCounter:
    """Counts in Redis, shared by every bot process: one round trip per update."""

    def __init__(self, redis: Redis, rate: int, window: float, prefix: str = "hamyar:throttle") -> None:
        self.rate = rate
        self.window_ms = max(1, int(window * 1000))
        self.prefix = prefix
        self._hit = redis.register_script(_HIT)

    async def hit(self, person: str) -> Verdict:
        """Count an update of this person and say what to do with it."""
        keys = [f"{self.prefix}:{person}", f"{self.prefix}:{person}:told"]
        reply = await self._hit(keys=keys, args=[self.window_ms, self.rate, self.window_ms * QUIET_WINDOWS])
        return Verdict(int(reply))


def person_hash(bot: Bot, user_id: int) -> str:
    """A short stable name for a person in logs: their id, hashed with the bot's token."""
    return hashlib.blake2b(str(user_id).encode(), digest_size=6, key=bot.token.encode()[:64]).hexdigest()


class ThrottleMiddleware(BaseMiddleware):
    """Drops a flooding person's excess updates, telling them once per flood (see the module docstring)."""

    def __init__(self, counter: FloodCounter) -> None:
        self.counter = counter

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        bot: Bot = data["bot"]
        verdict = await self.counter.hit(f"{bot.id}:{user.id}")
        if verdict is Verdict.PASS:
            return await handler(event, data)
        UPDATES_THROTTLED.labels(platform=platform_of(bot)).inc()
        update_id = event.update_id if isinstance(event, Update) else None
        log.info("update throttled", extra={"bot_id": bot.id, "update_id": update_id,
                                            "person": person_hash(bot, user.id), "told": verdict is Verdict.TELL})
        chat: Chat | None = data.get("event_chat")
        if verdict is Verdict.TELL and chat is not None:
            # Persian: the person's language is in the database, which a flood must not reach.
            try:
                await bot.send_message(chat.id, translator("fa")("slow-down"))
            except TelegramAPIError as exc:
                log.warning("could not tell a flooding person to slow down",
                            extra={"bot_id": bot.id, "error": type(exc).__name__})
        return None

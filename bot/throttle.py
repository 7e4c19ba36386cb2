"""A throttle for floods: a person sending faster than a person can is told once to slow down, and the
updates beyond the limit are dropped (a log line and a metric each) without slowing anyone else.

More than `rate` updates in a window of `window` seconds is a flood; the windows are fixed (a burst across
two windows may pass up to twice the rate, which is plenty against a flood and costs one counter). The
person is told once per flood: until they have sent nothing over the limit for `QUIET_WINDOWS` windows.

Each update is first counted in this process, before its turn (bot/turns.py), the database and the
person's look-up: a flood never queues behind the lock or costs a query. Without Redis that is all. With
Redis, an update this process lets through is counted again in Redis, shared by every bot process, in
the same round trip that begins its turn (`SharedFlood`, used by `TurnStorage.begin`), so the throttle
costs no round trip of its own; an update over the rate there raises `Throttled` before the turn starts.
An update over the rate in this process is dropped at once; one round trip (during a flood only) asks
Redis whether the person was told already, so they are told once across processes.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, Protocol

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, TelegramObject, Update, User
from redis.asyncio import Redis

from bot.platform_bot import platform_of
from i18n import translator
from runtime.metrics import UPDATES_THROTTLED

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

# Set while a payment's update is handled: the shared count the turn takes in Redis leaves it out.
FLOOD_EXEMPT: ContextVar[bool] = ContextVar("hamyar_flood_exempt", default=False)
QUIET_WINDOWS = 10  # a flood is over after this many windows with nothing over the limit


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


class Throttled(Exception):
    """An update over the flood rate, found when its turn began (see `SharedFlood`)."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.name)
        self.verdict = verdict


# KEYS: told; ARGV: quiet ms. For an update already over the rate in this process: is this flood's
# person still to be told (1), or were they told already (2)? (It is not counted: the shared count is of
# the updates the processes let through, so a dropped one never crowds out one let through before it.)
_OVER = """
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 1 end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 2
"""


class SharedFlood:
    """The flood count in Redis, shared by every bot process (see the module docstring)."""

    def __init__(self, redis: Redis, rate: int, window: float, prefix: str = "hamyar:throttle") -> None:
        self.rate = rate
        self.window_ms = max(1, int(window * 1000))
        self.prefix = prefix
        # The arguments `TurnStorage.begin`'s script takes after its own: window ms, rate, quiet ms.
        self.args = (self.window_ms, rate, self.window_ms * QUIET_WINDOWS)
        self._over = redis.register_script(_OVER)

    def keys(self, bot_id: int, user_id: int) -> list[str]:
        """The person's counter and told-mark."""
        person = f"{self.prefix}:{bot_id}:{user_id}"
        return [person, f"{person}:told"]

    async def over(self, bot_id: int, user_id: int) -> Verdict:
        """For an update this process found over the rate: TELL the first time in this flood, else DROP."""
        reply = await self._over(keys=self.keys(bot_id, user_id)[1:], args=[self.args[2]])
        return Verdict(int(reply))


def person_hash(bot: Bot, user_id: int) -> str:
    """A short stable name for a person in logs: their id, hashed with the bot's token."""
    return hashlib.blake2b(str(user_id).encode(), digest_size=6, key=bot.token.encode()[:64]).hexdigest()


class ThrottleMiddleware(BaseMiddleware):
    """Drops a flooding person's excess updates, telling them once per flood (see the module docstring).

    `counter` counts in this process; `shared`, with Redis, is the count every process shares (the turn
    counts an update there as it begins; this middleware only for an update already over the rate here)."""

    def __init__(self, counter: FloodCounter, shared: SharedFlood | None = None) -> None:
        self.counter = counter
        self.shared = shared

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        if _is_payment(event):  # never dropped: the platform waits for the answer, or has charged already
            exempt = FLOOD_EXEMPT.set(True)  # nor counted in Redis as its turn begins (bot/redis_turns.py)
            try:
                return await handler(event, data)
            finally:
                FLOOD_EXEMPT.reset(exempt)
        bot: Bot = data["bot"]
        verdict = await self.counter.hit(f"{bot.id}:{user.id}")
        if verdict is Verdict.PASS:
            try:
                return await handler(event, data)
            except Throttled as over:
                verdict = over.verdict
        elif self.shared is not None:
            verdict = await self.shared.over(bot.id, user.id)
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


def _is_payment(event: TelegramObject) -> bool:
    """A pre-checkout query (the platform waits for its answer) or a successful payment's message."""
    return isinstance(event, Update) and (event.pre_checkout_query is not None or (
        event.message is not None and event.message.successful_payment is not None))

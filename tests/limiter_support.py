"""Time for the send-budget tests, without the machine's clock: a simulated clock for the in-process
limiter, moments read on a limiter's own timeline, and a Sender that tells at which moment each message
went out on that timeline.

A MemoryLimiter reads a SimClock, so every moment below is exact however busy the machine is. A
RedisLimiter reads Redis' TIME inside its scripts, which no test can stop: a moment there is known up to
one round trip, as the span between Redis' TIME asked just before and just after the call. A Span holds
every value the moment may have had, so a busy machine widens the spans (the checks get weaker) and
never makes a correct limiter fail; a wrong one still fails by more than a round trip.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from campaigns.broadcasts.dto import Outgoing
from campaigns.broadcasts.limiter import Limiter, MemoryLimiter, RedisLimiter, ReplySlot, chat_interval
from campaigns.broadcasts.sender import Sender
from campaigns.errors import SendError

EPS = 2e-6  # Redis keeps moments to the microsecond
T = TypeVar("T")


class SimClock:
    """Simulated seconds: stand still until a test (or a SimSender) moves them."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move on by `seconds`."""
        self.now += seconds

    def advance_to(self, moment: float) -> None:
        """Move on to `moment` (never back)."""
        self.now = max(self.now, moment)

    async def sleep(self, seconds: float) -> None:
        """Sleep in simulated time: move on by `seconds` at once."""
        self.advance(max(0.0, seconds))
        await asyncio.sleep(0)


@dataclass(frozen=True)
class Span:
    """A moment (or a difference of two) known to lie between lo and hi; lo == hi when exact."""

    lo: float
    hi: float

    def __add__(self, seconds: float) -> Span:
        return Span(self.lo + seconds, self.hi + seconds)

    def __sub__(self, other: Span) -> Span:
        return Span(self.lo - other.hi, self.hi - other.lo)

    def may_reach(self, value: float) -> bool:
        """Whether the moment may be `value` or later (for a span that must be)."""
        return self.hi + EPS >= value

    def meets(self, other: Span) -> bool:
        """Whether the two may be the same moment."""
        return self.lo - EPS <= other.hi and other.lo - EPS <= self.hi


def latest(*spans: Span) -> Span:
    """The later of several moments."""
    return Span(max(s.lo for s in spans), max(s.hi for s in spans))


@dataclass(frozen=True)
class Moment(Span):
    """A granted slot; `asked` is the moment its reservation was made (the limiter's `now`)."""

    asked: Span = field(default=Span(0.0, 0.0))

    def due_at(self, anchor: Span | float) -> bool:
        """Whether this slot is `anchor`, or its own reservation's moment if that came later (a slot is
        never in the past: a machine slow between two reservations moves the later one to its `now`)."""
        if not isinstance(anchor, Span):
            anchor = Span(anchor, anchor)
        return self.meets(latest(self.asked, anchor))


@dataclass(frozen=True)
class Count:
    """How many moments the busiest window held: at least `least`, at most `most` (equal when exact)."""

    least: int
    most: int

    def __contains__(self, value: int) -> bool:
        return self.least <= value <= self.most


def busiest_second(moments: Sequence[Span], window: float = 1.0) -> Count:
    """The most moments in any window [start, start + window) of a second (or `window` seconds); a moment
    a window after the start, to within EPS, is the next window's (sixty steps of 1/60 add up to a hair
    under 1.0)."""
    end = window - EPS
    starts = sorted({m.lo for m in moments} | {m.hi for m in moments})
    least = max(sum(1 for m in moments if s <= m.lo and m.hi < s + end) for s in starts)
    most = max(sum(1 for m in moments if m.hi >= s and m.lo < s + end) for s in starts)
    return Count(least, most)


class Timeline:
    """Reads the moments a limiter grants on its own clock: a SimClock, or Redis' TIME."""

    def __init__(self, clock: SimClock | None = None, redis: Any = None) -> None:
        if (clock is None) == (redis is None):
            raise ValueError("a Timeline reads a SimClock or a Redis, one of them")
        self.clock = clock
        self.redis = redis

    async def now(self) -> float:
        """The limiter's present moment."""
        if self.clock is not None:
            return self.clock()
        seconds, micros = await self.redis.time()
        return float(seconds) + float(micros) / 1_000_000

    async def asked(self, call: Callable[[], Awaitable[T]]) -> tuple[T, Span]:
        """Run one reservation; its answer and the span holding the limiter's `now` during it."""
        before = await self.now()
        answer = await call()
        return answer, Span(before, await self.now())

    async def bulk(self, limiter: Limiter, bot: str, chat_ids: list[int]) -> list[Moment]:
        """Reserve bulk slots; their moments."""
        waits, asked = await self.asked(lambda: limiter.reserve(bot, chat_ids))
        return [Moment(asked.lo + wait, asked.hi + wait, asked) for wait in waits]

    async def reply(self, limiter: Limiter, bot: str, chat_id: int) -> tuple[Moment, bool]:
        """Reserve a reply slot; its moment and whether the global slot was taken."""
        slot: ReplySlot
        slot, asked = await self.asked(lambda: limiter.reserve_reply(bot, chat_id))
        return Moment(asked.lo + slot.wait, asked.hi + slot.wait, asked), slot.taken


class GrantedMemory(MemoryLimiter):
    """The in-process limiter, noting each chat's latest bulk slot on its own (simulated) clock."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.granted: dict[int, float] = {}

    async def reserve(self, bot: str, chat_ids: Sequence[int], again: bool = False) -> list[float]:
        """Reserve as the limiter does; note the slots (the clock is read once, and stands still meanwhile)."""
        now = self.clock()
        waits = await super().reserve(bot, chat_ids, again)
        self.granted.update((chat, now + wait) for chat, wait in zip(chat_ids, waits, strict=True))
        return waits


class GrantedRedis(RedisLimiter):
    """The Redis limiter, noting each chat's latest bulk slot on Redis' clock, as its script wrote it: the
    chat's key holds the slot plus the chat's interval (read right after, before the key can expire)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.granted: dict[int, float] = {}

    async def reserve(self, bot: str, chat_ids: Sequence[int], again: bool = False) -> list[float]:
        """Reserve as the limiter does; note the slots from the chats' keys."""
        waits = await super().reserve(bot, chat_ids, again)
        if chat_ids:
            values = await self.redis.mget([self._chat(bot, chat) for chat in chat_ids])
            for chat, value in zip(chat_ids, values, strict=True):
                self.granted[chat] = float(value) - chat_interval(chat, self.per_chat_rate)
        return waits


@dataclass
class Attempt:
    """One send as the limiter saw it: its slot on the limiter's timeline, the chat, the outcome, how many
    attempts had ended when it began (sends over HTTP overlap: one may begin before another's 429 is back)
    and the simulated clock when it ended (where a 429's pause starts; `at` without a SimClock)."""

    at: float
    chat_id: int
    outcome: str  # "ok" or the SendError's class name
    began: int
    ended: float
    error: SendError | None = None


class SimSender:
    """Wraps a Sender: each message goes out at its chat's latest slot on the limiter's timeline, and a
    SimClock (if any) moves on to that slot first, as the machine's clock would have."""

    def __init__(self, inner: Sender, limiter: GrantedMemory | GrantedRedis, clock: SimClock | None = None) -> None:
        self.inner = inner
        self.limiter = limiter
        self.clock = clock
        self.attempts: list[Attempt] = []

    async def send(self, message: Outgoing) -> None:
        """Move the clock to the message's slot, then send it through the wrapped Sender."""
        at = self.limiter.granted[message.chat_id]
        if self.clock is not None:
            self.clock.advance_to(at)
        began = len(self.attempts)
        try:
            await self.inner.send(message)
        except SendError as exc:
            self.attempts.append(Attempt(at, message.chat_id, type(exc).__name__, began, self._now(at), exc))
            raise
        self.attempts.append(Attempt(at, message.chat_id, "ok", began, self._now(at)))

    def _now(self, at: float) -> float:
        return self.clock() if self.clock is not None else at

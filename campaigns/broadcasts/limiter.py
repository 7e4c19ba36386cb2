"""One send budget per bot, replies first: a global rate, one message a second per chat, 20 a minute per group.

The platform's per-bot rate is one resource shared by the bot process(es), which answer people, and
the worker(s), which send broadcasts, reminders and scheduled messages. Every send reserves a slot
and the limiter answers how long to wait before sending, so callers never poll (GCRA: each bot keeps
a "theoretical arrival time" per timeline).

- A global timeline `tat` spaced 1/rate is shared by both priorities.
- Bulk (the worker) reserves with no tolerance on its own timeline spaced 1/(rate - reserve), never
  before the global tat: it never takes more than rate - reserve, and it yields to replies.
- Interactive (replies to a person's own update) reserves on the global timeline with a tolerance
  (a burst of about half a second's worth, well inside the platform's one-second bucket), ignoring
  bulk's own timeline, and pushes the global tat so later bulk slots move back. Bulk reserves only a
  moment ahead (see SendLoop), so a reply never queues behind a broadcast.
- Per chat: one message a second with a small burst for replies (a step's answer, edit and next
  question), none for bulk; groups 20 a minute. A 429 pauses the bot for both priorities.

Shared through Redis with Lua scripts (several processes hold one ceiling; Redis' clock is the one
clock); an in-process limiter does the same when there is no Redis. The in-process limiter reads the time
from the `clock` it is given (time.monotonic), so tests can drive it with a simulated one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from redis.asyncio import Redis

GROUP_INTERVAL = 3.0  # 20 messages a minute to one group
REPLY_BURST = 0.5  # seconds' worth of the global rate replies may take at once (the platform allows one)
CHAT_BURST = 3  # replies to one private chat that may go together
CHAT_SLACK = 0.2  # of a chat interval kept unused against network jitter (the platform's bucket is exact)
# How far behind the global timeline bulk may still take a slot. Without it, bulk running at rate - reserve
# loses the gap between its own slots and the global ones, and every reply pushed it back by most of a
# slot: with replies well inside the reserve the broadcast got 21 of its 24 a second. Smaller than the
# replies' burst, so when both want the budget the replies win.
BULK_TOLERANCE = 0.2


Clock = Callable[[], float]  # seconds, monotonic
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class ReplySlot:
    """An interactive reservation: wait `wait` seconds; `taken` False means only the chat's slot was
    held (the chat is busy until then) and the global slot is still to be reserved at that time."""

    wait: float
    taken: bool


class Limiter(Protocol):
    """Reserves send slots for one bot at a time."""

    async def reserve(self, bot: str, chat_ids: Sequence[int], again: bool = False) -> list[float]:
        """Bulk: reserve one slot per chat (in order); return the seconds to wait before each send.

        `again` re-reserves for messages whose earlier slot went unused (a 429 paused the bot): their
        own hold on the chat does not delay them."""
        ...

    async def reserve_reply(self, bot: str, chat_id: int | None) -> ReplySlot:
        """Interactive: reserve a slot for one reply to `chat_id` (None: the global slot only)."""
        ...

    async def pause(self, bot: str, seconds: float) -> None:
        """Hold every send of this bot, of both priorities, for `seconds` from now."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


def chat_interval(chat_id: int, per_chat_rate: float) -> float:
    """Seconds between two messages to one chat: groups (negative ids) get 20 a minute."""
    return GROUP_INTERVAL if chat_id < 0 else 1.0 / per_chat_rate


def chat_tolerance(chat_id: int, per_chat_rate: float, burst: int = CHAT_BURST) -> float:
    """How far ahead of a chat's timeline a reply may go: a small burst in a private chat, none in a
    group (a burst there would break 20 a minute)."""
    if chat_id < 0:
        return 0.0
    interval = 1.0 / per_chat_rate
    return max(0.0, (burst - 1 - CHAT_SLACK) * interval)


class _Rates:
    """Per-bot rates, the reply reserve and the burst tolerances shared by both limiters."""

    def __init__(self, rates: Mapping[str, float], per_chat_rate: float, reserves: Mapping[str, float] | None,
                 reply_burst: float, chat_burst: int) -> None:
        for bot, rate in rates.items():
            reserve = (reserves or {}).get(bot, 0.0)
            if not 0.0 <= reserve < rate:
                raise ValueError(f"the reply reserve of {bot} must be at least 0 and below its rate {rate}")
        self.rates = dict(rates)
        self.reserves = dict(reserves or {})
        self.per_chat_rate = per_chat_rate
        self.reply_burst = reply_burst
        self.chat_burst = chat_burst

    def step(self, bot: str) -> float:
        """Seconds between two slots on the global timeline."""
        return 1.0 / self.rates[bot]

    def bulk_step(self, bot: str) -> float:
        """Seconds between two bulk slots: bulk gets the rate less the reserve for replies."""
        return 1.0 / (self.rates[bot] - self.reserves.get(bot, 0.0))

    def tolerance(self, bot: str) -> float:
        """How far ahead of the global timeline a reply may go (its burst)."""
        return self.reply_burst


class MemoryLimiter(_Rates):
    """The limiter for one process (SQLite, tests, or no Redis configured); every moment is read from `clock`."""

    def __init__(self, rates: Mapping[str, float], per_chat_rate: float = 1.0,
                 reserves: Mapping[str, float] | None = None, reply_burst: float = REPLY_BURST,
                 chat_burst: int = CHAT_BURST, clock: Clock = time.monotonic) -> None:
        super().__init__(rates, per_chat_rate, reserves, reply_burst, chat_burst)
        self.clock = clock
        self._tat: dict[str, float] = {}
        self._bulk: dict[str, float] = {}
        self._pause: dict[str, float] = {}
        self._chats: dict[tuple[str, int], float] = {}

    async def reserve(self, bot: str, chat_ids: Sequence[int], again: bool = False) -> list[float]:
        """Reserve one bulk slot per chat; return the waits."""
        now = self.clock()
        step, bulk_step = self.step(bot), self.bulk_step(bot)
        tat = self._tat.get(bot, 0.0)
        bulk = self._bulk.get(bot, 0.0)
        pause = self._pause.get(bot, 0.0)
        waits: list[float] = []
        for chat_id in chat_ids:
            slot = max(now, pause, tat - BULK_TOLERANCE, bulk)
            tat, bulk = max(tat, slot) + step, slot + bulk_step
            send = slot if again else max(slot, self._chats.get((bot, chat_id), 0.0))
            self._chats[(bot, chat_id)] = send + chat_interval(chat_id, self.per_chat_rate)
            waits.append(send - now)
        self._tat[bot], self._bulk[bot] = tat, bulk
        self._forget_old_chats(now)
        return waits

    async def reserve_reply(self, bot: str, chat_id: int | None) -> ReplySlot:
        """Reserve an interactive slot (the chat's first, then the global one)."""
        now = self.clock()
        tat = self._tat.get(bot, 0.0)
        slot = max(now, self._pause.get(bot, 0.0), tat - self.tolerance(bot))
        if chat_id is not None:
            key = (bot, chat_id)
            chat_tat = self._chats.get(key, 0.0)
            chat_send = max(now, chat_tat - chat_tolerance(chat_id, self.per_chat_rate, self.chat_burst))
            self._chats[key] = max(chat_tat, max(slot, chat_send)) + chat_interval(chat_id, self.per_chat_rate)
            if chat_send > slot:
                return ReplySlot(chat_send - now, taken=False)
        self._tat[bot] = max(tat, slot) + self.step(bot)
        self._forget_old_chats(now)
        return ReplySlot(slot - now, taken=True)

    def _forget_old_chats(self, now: float) -> None:
        if len(self._chats) > 50_000:
            self._chats = {key: until for key, until in self._chats.items() if until > now}

    async def pause(self, bot: str, seconds: float) -> None:
        """Hold this bot's sends for `seconds`."""
        until = self.clock() + seconds
        self._pause[bot] = max(self._pause.get(bot, 0.0), until)
        self._tat[bot] = max(self._tat.get(bot, 0.0), until)

    async def close(self) -> None:
        """Nothing to release."""


# KEYS: pause, tat, bulk tat, chat keys...; ARGV: step, bulk step, again, chat intervals...
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local step = tonumber(ARGV[1])
local bulk_step = tonumber(ARGV[2])
local pause = tonumber(redis.call('GET', KEYS[1]) or '0')
local tat = tonumber(redis.call('GET', KEYS[2]) or '0')
local bulk = tonumber(redis.call('GET', KEYS[3]) or '0')
local out = {}
for i = 4, #KEYS do
  local slot = math.max(now, pause, tat - BULK_TOLERANCE, bulk)
  tat = math.max(tat, slot) + step
  bulk = slot + bulk_step
  local after = 0
  if ARGV[3] == '0' then after = tonumber(redis.call('GET', KEYS[i]) or '0') end
  local send = math.max(slot, after)
  local free = send + tonumber(ARGV[i])
  redis.call('SET', KEYS[i], string.format('%.6f', free), 'PX', math.ceil((free - now) * 1000) + 1000)
  out[#out + 1] = string.format('%.6f', send - now)
end
redis.call('SET', KEYS[2], string.format('%.6f', tat), 'PX', math.ceil((tat - now) * 1000) + 60000)
redis.call('SET', KEYS[3], string.format('%.6f', bulk), 'PX', math.ceil((bulk - now) * 1000) + 60000)
return out
""".replace("BULK_TOLERANCE", repr(BULK_TOLERANCE))

# A Lua function reserving one interactive slot (the chat's first, then the global one), shared by the
# limiter's own script and by the script that begins a person's turn (bot/redis_turns.py), which takes the
# turn's first reply slot in the same round trip as the person's conversation state.
RESERVE_REPLY_LUA = """
local function reserve_reply(pause_key, tat_key, chat_key, step, tolerance, interval, chat_tolerance)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
  local pause = tonumber(redis.call('GET', pause_key) or '0')
  local tat = tonumber(redis.call('GET', tat_key) or '0')
  local slot = math.max(now, pause, tat - tolerance)
  if chat_key then
    local chat_tat = tonumber(redis.call('GET', chat_key) or '0')
    local chat_send = math.max(now, chat_tat - chat_tolerance)
    local free = math.max(chat_tat, math.max(slot, chat_send)) + interval
    redis.call('SET', chat_key, string.format('%.6f', free), 'PX', math.ceil((free - now) * 1000) + 1000)
    if chat_send > slot then
      return {string.format('%.6f', chat_send - now), '0'}
    end
  end
  tat = math.max(tat, slot) + step
  redis.call('SET', tat_key, string.format('%.6f', tat), 'PX', math.ceil((tat - now) * 1000) + 60000)
  return {string.format('%.6f', slot - now), '1'}
end
"""

# A Lua function giving back a reply slot a turn reserved and did not use: one step of the global timeline
# (0 when only the chat's slot was held) and one interval of the chat's, never behind the present.
REFUND_REPLY_LUA = """
local function refund_reply(tat_key, chat_key, step, interval)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
  local tat = tonumber(redis.call('GET', tat_key) or '0')
  if step > 0 and tat > now then
    redis.call('SET', tat_key, string.format('%.6f', math.max(now, tat - step)), 'KEEPTTL')
  end
  local chat = tonumber(redis.call('GET', chat_key) or '0')
  if chat > now then
    redis.call('SET', chat_key, string.format('%.6f', math.max(now, chat - interval)), 'KEEPTTL')
  end
end
"""

# KEYS: pause, tat[, chat key]; ARGV: step, tolerance[, chat interval, chat tolerance]
_REPLY = RESERVE_REPLY_LUA + """
return reserve_reply(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3] or '0'),
                     tonumber(ARGV[4] or '0'))
"""

_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local untilv = now + tonumber(ARGV[1])
local old = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilv > old then
  redis.call('SET', KEYS[1], string.format('%.6f', untilv), 'PX', math.ceil(tonumber(ARGV[1]) * 1000) + 1000)
end
local tat = tonumber(redis.call('GET', KEYS[2]) or '0')
if untilv > tat then
  redis.call('SET', KEYS[2], string.format('%.6f', untilv), 'PX', math.ceil(tonumber(ARGV[1]) * 1000) + 60000)
end
return 1
"""


class RedisLimiter(_Rates):
    """The limiter shared by every bot process and worker through Redis (Redis' clock is the one clock)."""

    def __init__(self, redis: Any, rates: Mapping[str, float], per_chat_rate: float = 1.0,
                 prefix: str = "hamyar:rl", reserves: Mapping[str, float] | None = None,
                 reply_burst: float = REPLY_BURST, chat_burst: int = CHAT_BURST) -> None:
        super().__init__(rates, per_chat_rate, reserves, reply_burst, chat_burst)
        self.redis = redis
        self.prefix = prefix
        self._reserve = redis.register_script(_RESERVE)
        self._reply = redis.register_script(_REPLY)
        self._pause = redis.register_script(_PAUSE)

    @classmethod
    def from_url(cls, url: str, rates: Mapping[str, float], per_chat_rate: float = 1.0,
                 reserves: Mapping[str, float] | None = None, reply_burst: float = REPLY_BURST,
                 chat_burst: int = CHAT_BURST) -> RedisLimiter:
        """A limiter on a Redis URL."""
        return cls(Redis.from_url(url), rates, per_chat_rate, reserves=reserves, reply_burst=reply_burst,
                   chat_burst=chat_burst)

    def _keys(self, bot: str) -> list[str]:
        return [f"{self.prefix}:{bot}:pause", f"{self.prefix}:{bot}:tat"]

    def _chat(self, bot: str, chat_id: int) -> str:
        return f"{self.prefix}:{bot}:c:{chat_id}"

    async def reserve(self, bot: str, chat_ids: Sequence[int], again: bool = False) -> list[float]:
        """Reserve one bulk slot per chat atomically across processes; return the waits."""
        if not chat_ids:
            return []
        keys = [*self._keys(bot), f"{self.prefix}:{bot}:bulk", *(self._chat(bot, c) for c in chat_ids)]
        args = [self.step(bot), self.bulk_step(bot), 1 if again else 0,
                *(chat_interval(c, self.per_chat_rate) for c in chat_ids)]
        answer = await self._reserve(keys=keys, args=args)
        return [float(value) for value in answer]

    def reply_parts(self, bot: str, chat_id: int) -> tuple[list[str], list[float]]:
        """The keys (pause, tat, chat) and arguments (step, tolerance, chat interval, chat tolerance) of
        `reserve_reply` in RESERVE_REPLY_LUA for one reply to `chat_id`."""
        return [*self._keys(bot), self._chat(bot, chat_id)], [
            self.step(bot), self.tolerance(bot), chat_interval(chat_id, self.per_chat_rate),
            chat_tolerance(chat_id, self.per_chat_rate, self.chat_burst)]

    def refund_parts(self, bot: str, chat_id: int, taken: bool) -> tuple[list[str], list[float]]:
        """The keys (tat, chat) and arguments (step, chat interval) of `refund_reply` in REFUND_REPLY_LUA."""
        return [self._keys(bot)[1], self._chat(bot, chat_id)], [
            self.step(bot) if taken else 0.0, chat_interval(chat_id, self.per_chat_rate)]

    async def reserve_reply(self, bot: str, chat_id: int | None) -> ReplySlot:
        """Reserve an interactive slot atomically across processes."""
        if chat_id is None:
            keys, args = self._keys(bot), [self.step(bot), self.tolerance(bot)]
        else:
            keys, args = self.reply_parts(bot, chat_id)
        return reply_slot(await self._reply(keys=keys, args=args))

    async def pause(self, bot: str, seconds: float) -> None:
        """Hold this bot's sends for `seconds`, for every process."""
        await self._pause(keys=self._keys(bot), args=[seconds])

    async def close(self) -> None:
        """Close the Redis connection."""
        await self.redis.aclose()


def create_limiter(redis_url: str | None, rates: Mapping[str, float], per_chat_rate: float = 1.0,
                   reserves: Mapping[str, float] | None = None, reply_burst: float = REPLY_BURST) -> Limiter:
    """The Redis limiter when Redis is configured, otherwise the in-process one."""
    if redis_url:
        return RedisLimiter.from_url(redis_url, rates, per_chat_rate, reserves=reserves, reply_burst=reply_burst)
    return MemoryLimiter(rates, per_chat_rate, reserves=reserves, reply_burst=reply_burst)


def reply_slot(answer: Sequence[Any]) -> ReplySlot:
    """A ReplySlot from `reserve_reply`'s answer (the wait as text, '1' when the global slot was taken)."""
    wait, taken = answer
    return ReplySlot(float(wait), taken in (b"1", "1", 1))


@dataclass
class Prepaid:
    """A reply slot reserved as a person's turn began (bot/redis_turns.py), kept for the turn's first counted
    call to their chat: it may go at `at` (time.monotonic()); `taken` False means only the chat's slot is
    held and the global one is still to be reserved then. Unused, it is given back as the turn ends."""

    bot: str
    chat_id: int
    at: float
    taken: bool
    used: bool = False


# The running turn's prepaid reply slot: set by the turn, spent by the bot's session (bot/session.py).
PREPAID: ContextVar[Prepaid | None] = ContextVar("hamyar_prepaid_reply", default=None)


async def wait_for_reply_slot(limiter: Limiter, bot: str, chat_id: int | None, *, clock: Clock = time.monotonic,
                              sleep: Sleep = asyncio.sleep) -> float:
    """Reserve an interactive slot and `sleep` until it comes; return the seconds waited (by `clock`)."""
    started = clock()
    slot = await limiter.reserve_reply(bot, chat_id)
    if not slot.taken:
        # The chat is busy: its slot is held; take the global slot when the chat is free.
        await sleep(slot.wait)
        slot = await limiter.reserve_reply(bot, None)
    if slot.wait > 0:
        await sleep(slot.wait)
    return clock() - started

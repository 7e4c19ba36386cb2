"""Per-bot send pacing: a global rate, one message a second per chat, 20 a minute per group.

Every send reserves a slot: the limiter answers how long to wait before sending, so callers never
poll. Slots are spaced exactly 1/rate apart (no bursts), which keeps under the platform's bucket
whatever the jitter. Shared through Redis with one Lua script (several workers hold one ceiling);
an in-process limiter does the same when there is no Redis. A 429 pauses one bot, not all.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Protocol

GROUP_INTERVAL = 3.0  # 20 messages a minute to one group


class Limiter(Protocol):
    """Reserves send slots for one bot at a time."""

    async def reserve(self, bot: str, chat_ids: Sequence[int], again: bool = False) -> list[float]:
        """Reserve one slot per chat (in order); return the seconds to wait before each send.

        `again` re-reserves for messages whose earlier slot went unused (a 429 paused the bot): their
        own hold on the chat does not delay them."""
        ...

    async def pause(self, bot: str, seconds: float) -> None:
        """Hold every send of this bot for `seconds` from now."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


def chat_interval(chat_id: int, per_chat_rate: float) -> float:
    """Seconds between two messages to one chat: groups (negative ids) get 20 a minute."""
    return GROUP_INTERVAL if chat_id < 0 else 1.0 / per_chat_rate


class MemoryLimiter:
    """The limiter for one process (SQLite, tests, or no Redis configured)."""

    def __init__(self, rates: dict[str, float], per_chat_rate: float = 1.0) -> None:
        self.rates = rates
        self.per_chat_rate = per_chat_rate
        self._tat: dict[str, float] = {}
        self._pause: dict[str, float] = {}
        self._chats: dict[tuple[str, int], float] = {}

    async def reserve(self, bot: str, chat_ids: Sequence[int], again: bool = False) -> list[float]:
        """Reserve one slot per chat; return the waits."""
        now = time.monotonic()
        step = 1.0 / self.rates[bot]
        base = max(self._tat.get(bot, 0.0), now, self._pause.get(bot, 0.0))
        waits: list[float] = []
        for chat_id in chat_ids:
            slot, base = base, base + step
            send = slot if again else max(slot, self._chats.get((bot, chat_id), 0.0))
            self._chats[(bot, chat_id)] = send + chat_interval(chat_id, self.per_chat_rate)
            waits.append(send - now)
        self._tat[bot] = base
        if len(self._chats) > 50_000:
            self._chats = {key: until for key, until in self._chats.items() if until > now}
        return waits

    async def pause(self, bot: str, seconds: float) -> None:
        """Hold this bot's sends for `seconds`."""
        until = time.monotonic() + seconds
        self._pause[bot] = max(self._pause.get(bot, 0.0), until)
        self._tat[bot] = max(self._tat.get(bot, 0.0), until)

    async def close(self) -> None:
        """Nothing to release."""


_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local step = tonumber(ARGV[1])
local pause = tonumber(redis.call('GET', KEYS[1]) or '0')
local base = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), now, pause)
local out = {}
for i = 3, #KEYS do
  local slot = base
  base = base + step
  local after = 0
  if ARGV[2] == '0' then after = tonumber(redis.call('GET', KEYS[i]) or '0') end
  local send = math.max(slot, after)
  local free = send + tonumber(ARGV[i])
  redis.call('SET', KEYS[i], string.format('%.6f', free), 'PX', math.ceil((free - now) * 1000) + 1000)
  out[#out + 1] = string.format('%.6f', send - now)
end
redis.call('SET', KEYS[2], string.format('%.6f', base), 'PX', math.ceil((base - now) * 1000) + 60000)
return out
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


class RedisLimiter:
    """The limiter shared by every worker through Redis (Redis' clock is the one clock)."""

    def __init__(self, redis: Any, rates: dict[str, float], per_chat_rate: float = 1.0,
                 prefix: str = "hamyar:rl") -> None:
        self.redis = redis
        self.rates = rates
        self.per_chat_rate = per_chat_rate
        self.prefix = prefix
        self._reserve = redis.register_script(_RESERVE)
        self._pause = redis.register_script(_PAUSE)

    @classmethod
    def from_url(cls, url: str, rates: dict[str, float], per_chat_rate: float = 1.0) -> RedisLimiter:
        """A limiter on a Redis URL."""
        from redis.asyncio import Redis

        return cls(Redis.from_url(url), rates, per_chat_rate)

    def _keys(self, bot: str) -> list[str]:
        return [f"{self.prefix}:{bot}:pause", f"{self.prefix}:{bot}:tat"]

    async def reserve(self, bot: str, chat_ids: Sequence[int], again: bool = False) -> list[float]:
        """Reserve one slot per chat atomically across workers; return the waits."""
        if not chat_ids:
            return []
        keys = self._keys(bot) + [f"{self.prefix}:{bot}:c:{chat_id}" for chat_id in chat_ids]
        args = [1.0 / self.rates[bot], 1 if again else 0] + [chat_interval(c, self.per_chat_rate) for c in chat_ids]
        answer = await self._reserve(keys=keys, args=args)
        return [float(value) for value in answer]

    async def pause(self, bot: str, seconds: float) -> None:
        """Hold this bot's sends for `seconds`, for every worker."""
        await self._pause(keys=self._keys(bot), args=[seconds])

    async def close(self) -> None:
        """Close the Redis connection."""
        await self.redis.aclose()


def create_limiter(redis_url: str | None, rates: dict[str, float], per_chat_rate: float = 1.0) -> Limiter:
    """The Redis limiter when Redis is configured, otherwise the in-process one."""
    if redis_url:
        return RedisLimiter.from_url(redis_url, rates, per_chat_rate)
    return MemoryLimiter(rates, per_chat_rate)

"""How many dashboard login links a manager may ask for: LIMIT within WINDOW, a sliding window over the times their
links were sent. Counted in Redis when the bot keeps its state there (shared by every bot process), else in this
process. A refused ask is not counted; the answer says when the next link can be had (the oldest counted link's
time plus the window). No aiogram here."""

from __future__ import annotations

import secrets
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Protocol

from redis.asyncio import Redis

LIMIT = 5
WINDOW = timedelta(minutes=10)


class LinkLimit(Protocol):
    """Counts the login links sent to each manager."""

    async def take(self, person_id: int, now: datetime) -> datetime | None:
        """Count a new link for this manager now: None when it may be sent, else when the next one may."""


class MemoryLinkLimit:
    """The links' times in this process (without Redis)."""

    def __init__(self, limit: int = LIMIT, window: timedelta = WINDOW) -> None:
        self.limit = limit
        self.window = window.total_seconds()
        self._sent: dict[int, deque[float]] = {}

    async def take(self, person_id: int, now: datetime) -> datetime | None:
        """Count a new link for this manager now: None when it may be sent, else when the next one may."""
        at = now.timestamp()
        if len(self._sent) > 10_000:  # managers are few; this only bounds a pathological process
            self._sent = {person: times for person, times in self._sent.items() if times[-1] > at - self.window}
        times = self._sent.setdefault(person_id, deque())
        while times and times[0] <= at - self.window:
            times.popleft()
        if len(times) >= self.limit:
            return datetime.fromtimestamp(times[0] + self.window, UTC)
        times.append(at)
        return None


# KEYS: the manager's sorted set of link times (ms); ARGV: now ms, window ms, limit, a unique member.
# Returns 0 when the link is counted, else the ms time the oldest counted link leaves the window.
_TAKE = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return 0
"""


class RedisLinkLimit:
    """The links' times in Redis, one sorted set per manager (one round trip per /dashboard)."""

    def __init__(self, redis: Redis, limit: int = LIMIT, window: timedelta = WINDOW,
                 prefix: str = "hamyar:dashboard-links") -> None:
        self.redis = redis
        self.limit = limit
        self.window_ms = int(window.total_seconds() * 1000)
        self.prefix = prefix
        self._take = redis.register_script(_TAKE)

    async def take(self, person_id: int, now: datetime) -> datetime | None:
        """Count a new link for this manager now: None when it may be sent, else when the next one may."""
        now_ms = int(now.timestamp() * 1000)
        member = f"{now_ms}:{secrets.token_hex(4)}"
        free_ms = int(await self._take(keys=[f"{self.prefix}:{person_id}"],
                                       args=[now_ms, self.window_ms, self.limit, member]))
        return None if free_ms == 0 else datetime.fromtimestamp(free_ms / 1000, UTC)

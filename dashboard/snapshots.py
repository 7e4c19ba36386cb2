"""Figures a dashboard page may show up to a short time old: each scope's (and page's) figures are computed at most
once per TTL, even when several requests ask at once (one computes under the entry's lock, the others wait and read
its result). The key always holds the manager's scope, so a province's manager never reads an entry computed for
another scope. The page says when its figures were computed (docs/decisions.md: "Dashboard figures up to 45 s old")."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from aiohttp import web

from campaigns.jalali import IRAN_TZ
from campaigns.numerals import to_persian_digits
from dashboard.auth import now

T = TypeVar("T")
FIGURES_TTL = timedelta(seconds=45)
MAX_ENTRIES = 2_000  # every scope × page × language a busy day asks for, well above; expired ones go first


@dataclass(frozen=True)
class Snapshot(Generic[T]):
    """Figures and the moment (UTC) they were computed."""

    value: T
    computed_at: datetime

    def time_text(self, language: str) -> str:
        """When the figures were computed, as the clock in Iran reads (HH:MM; Persian digits for Persian)."""
        text = self.computed_at.astimezone(IRAN_TZ).strftime("%H:%M")
        return to_persian_digits(text) if language == "fa" else text


class SnapshotCache:
    """Per-key snapshots kept for `ttl` by the `clock` passed in; one computation per key at a time."""

    def __init__(self, ttl: timedelta = FIGURES_TTL, clock: Callable[[], datetime] = now) -> None:
        self.ttl = ttl
        self.clock = clock
        self._entries: dict[Hashable, Snapshot[Any]] = {}
        self._locks: dict[Hashable, asyncio.Lock] = {}

    def _fresh(self, key: Hashable) -> Snapshot[Any] | None:
        entry = self._entries.get(key)
        if entry is not None and self.clock() - entry.computed_at < self.ttl:
            return entry
        return None

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> Snapshot[T]:
        """The key's snapshot while younger than the TTL; else computed now (once, whoever else is waiting)."""
        entry = self._fresh(key)
        if entry is not None:
            return entry
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            entry = self._fresh(key)  # computed by the request that held the lock before us
            if entry is not None:
                return entry
            started = self.clock()
            entry = Snapshot(await compute(), started)
            self._forget_expired()
            self._entries[key] = entry
            return entry

    def _forget_expired(self) -> None:
        if len(self._entries) < MAX_ENTRIES:
            return
        moment = self.clock()
        for key in [k for k, e in self._entries.items() if moment - e.computed_at >= self.ttl]:
            del self._entries[key]
            lock = self._locks.get(key)
            if lock is not None and not lock.locked():
                del self._locks[key]
        while len(self._entries) >= MAX_ENTRIES:  # all fresh: the oldest goes
            del self._entries[next(iter(self._entries))]


FIGURES = web.AppKey("figures_cache", SnapshotCache)


def setup_snapshots(app: web.Application, cache: SnapshotCache | None = None) -> None:
    """Give the application its figures' cache (a test passes one with its own clock)."""
    app[FIGURES] = cache or SnapshotCache()

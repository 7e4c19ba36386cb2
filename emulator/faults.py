"""Fault injection settings, rate limiting and delivery statistics."""

from __future__ import annotations

import dataclasses
import time
import zlib
from array import array
from dataclasses import dataclass, field
from typing import Any

_SET_FIELDS = ("blocked", "deactivated", "unknown")


@dataclass
class Faults:
    """Mutable fault settings read by the emulator on every call.

    Rate limits are token buckets: a bucket holds up to ``burst`` tokens,
    refills at ``rate`` tokens per second and every send takes one token.
    ``burst=None`` means one second's worth of tokens (at least one).
    """

    global_rate: float | None = None
    global_burst: float | None = None
    per_chat_rate: float | None = None
    per_chat_burst: float | None = None
    blocked: set[int] = field(default_factory=set)
    deactivated: set[int] = field(default_factory=set)
    unknown: set[int] = field(default_factory=set)
    fail_5xx_next: int = 0
    fail_5xx_rate: float = 0.0
    delay_ms: int = 0
    timeout_next: int = 0
    timeout_hold_s: float = 300.0
    malformed_next_updates: int = 0
    bale_retry_after: bool = False
    # Mini App (web_app) buttons refused with 400 BUTTON_TYPE_INVALID, as a platform (or a Bale bot) without
    # Mini Apps would answer.
    refuse_web_app: bool = False
    # Methods answered 501 Not Implemented (lower-case names), as Bale answers some it does not have.
    not_implemented: set[str] = field(default_factory=set)

    def to_json(self) -> dict[str, Any]:
        """Return the settings as JSON-ready data (sets become sorted lists)."""
        data = dataclasses.asdict(self)
        for name in (*_SET_FIELDS, "not_implemented"):
            data[name] = sorted(data[name])
        return data

    def update(self, data: dict[str, Any]) -> None:
        """Apply a partial JSON update; raise ValueError on unknown fields or bad values."""
        known = {f.name: f for f in dataclasses.fields(self)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(unknown)}")
        staged: dict[str, Any] = {}
        for name, value in data.items():
            staged[name] = _coerce(name, value, getattr(self, name))
        for name, value in staged.items():
            setattr(self, name, value)

    def take_malformed(self) -> bool:
        """Return True (and count down) if the next update handed out must be broken."""
        if self.malformed_next_updates > 0:
            self.malformed_next_updates -= 1
            return True
        return False

    def reset(self) -> None:
        """Turn every fault off."""
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(Faults(), f.name))


def _coerce(name: str, value: Any, current: Any) -> Any:
    if name == "not_implemented":
        if not isinstance(value, (list, set, tuple)):
            raise ValueError("not_implemented must be a list of method names")
        return {str(v).lower() for v in value}
    if name in _SET_FIELDS:
        if not isinstance(value, (list, set, tuple)):
            raise ValueError(f"{name} must be a list of chat ids")
        return {int(v) for v in value}
    if name in ("global_rate", "global_burst", "per_chat_rate", "per_chat_burst"):
        if value is None:
            return None
        number = float(value)
        if number <= 0:
            raise ValueError(f"{name} must be positive or null")
        return number
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be a boolean")
        return value
    if isinstance(current, int):
        number = int(value)
        if number < 0:
            raise ValueError(f"{name} must not be negative")
        return number
    number = float(value)
    if number < 0:
        raise ValueError(f"{name} must not be negative")
    return number


class TokenBucket:
    """A token bucket whose rate and burst are passed on each call."""

    __slots__ = ("stamp", "tokens")

    def __init__(self) -> None:
        self.tokens: float | None = None
        self.stamp = 0.0

    def level(self, rate: float, burst: float | None, now: float) -> float:
        """Return the tokens available now without taking any."""
        capacity = burst if burst is not None else max(1.0, rate)
        if self.tokens is None:
            return capacity
        return min(capacity, self.tokens + (now - self.stamp) * rate)

    def wait(self, rate: float, burst: float | None, now: float) -> float:
        """Return 0.0 if a token is free now, else the seconds until one is."""
        tokens = self.level(rate, burst, now)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / rate

    def take(self, rate: float, burst: float | None, now: float) -> float:
        """Take one token; return 0.0 on success or the seconds until one is free."""
        tokens = self.level(rate, burst, now)
        self.stamp = now
        if tokens >= 1.0:
            self.tokens = tokens - 1.0
            return 0.0
        self.tokens = tokens
        return (1.0 - tokens) / rate


class RateLimiter:
    """Global and per-chat token buckets for one bot."""

    def __init__(self) -> None:
        self._global = TokenBucket()
        self._chats: dict[int, TokenBucket] = {}

    def check(self, faults: Faults, chat_id: int) -> float:
        """Take a token from each active bucket; return 0.0 or the seconds to wait."""
        now = time.monotonic()
        chat_bucket: TokenBucket | None = None
        if faults.per_chat_rate is not None:
            chat_bucket = self._chats.get(chat_id)
            if chat_bucket is None:
                chat_bucket = self._chats[chat_id] = TokenBucket()
            wait = chat_bucket.wait(faults.per_chat_rate, faults.per_chat_burst, now)
            if wait:
                return wait
        if faults.global_rate is not None:
            wait = self._global.take(faults.global_rate, faults.global_burst, now)
            if wait:
                return wait
        if chat_bucket is not None and faults.per_chat_rate is not None:
            chat_bucket.take(faults.per_chat_rate, faults.per_chat_burst, now)
        return 0.0

    def reset(self) -> None:
        """Forget all bucket state (buckets start full again)."""
        self._global = TokenBucket()
        self._chats.clear()


def text_hash(text: str) -> int:
    """Return the stable hash recorded for a delivered text (CRC-32 of its UTF-8)."""
    return zlib.crc32(text.encode("utf-8"))


@dataclass
class Stats:
    """Counters of bot-side send calls and of what was delivered."""

    send_calls: int = 0
    sends_ok: int = 0
    http_400: int = 0
    http_403: int = 0
    http_429: int = 0
    http_5xx: int = 0
    timeouts: int = 0
    delivered: dict[int, int] = field(default_factory=dict)
    texts: dict[int, list[int]] = field(default_factory=dict)
    send_times: array[float] = field(default_factory=lambda: array("d"))
    # (time, chat id) of every 429 answered, so a benchmark can tell replies' 429s from a broadcast's.
    limited: list[tuple[float, int | None]] = field(default_factory=list)

    def record_delivery(self, chat_id: int, text: str | None, keep_text: bool) -> None:
        """Count one delivered message to a chat."""
        self.sends_ok += 1
        self.delivered[chat_id] = self.delivered.get(chat_id, 0) + 1
        self.send_times.append(time.time())
        if keep_text:
            self.texts.setdefault(chat_id, []).append(text_hash(text or ""))

    def count_error(self, code: int, chat_id: object = None) -> None:
        """Count one error answer by its HTTP status (and remember which chat a 429 was for)."""
        if code == 429:
            try:
                chat = int(str(chat_id)) if chat_id is not None else None
            except ValueError:
                chat = None
            self.limited.append((time.time(), chat))
        if code == 400:
            self.http_400 += 1
        elif code == 403:
            self.http_403 += 1
        elif code == 429:
            self.http_429 += 1
        elif code >= 500:
            self.http_5xx += 1

    def achieved_rate(self) -> float:
        """Return successful sends per second between the first and last one."""
        if len(self.send_times) < 2:
            return 0.0
        span = self.send_times[-1] - self.send_times[0]
        return (len(self.send_times) - 1) / span if span > 0 else 0.0

    def peak_rate(self) -> int:
        """Return the most successful sends seen in one wall-clock second."""
        per_second: dict[int, int] = {}
        for stamp in self.send_times:
            second = int(stamp)
            per_second[second] = per_second.get(second, 0) + 1
        return max(per_second.values(), default=0)

    def to_json(self, include_times: bool = False, include_chats: bool = True) -> dict[str, Any]:
        """Return the counters as JSON-ready data."""
        data: dict[str, Any] = {
            "send_calls": self.send_calls,
            "sends_ok": self.sends_ok,
            "http_400": self.http_400,
            "http_403": self.http_403,
            "http_429": self.http_429,
            "http_5xx": self.http_5xx,
            "timeouts": self.timeouts,
            "chats_delivered": len(self.delivered),
            "duplicate_deliveries": sum(n - 1 for n in self.delivered.values() if n > 1),
            "achieved_rate": round(self.achieved_rate(), 3),
            "peak_rate": self.peak_rate(),
            "first_send": self.send_times[0] if self.send_times else None,
            "last_send": self.send_times[-1] if self.send_times else None,
        }
        if include_chats:
            data["delivered"] = {str(k): v for k, v in self.delivered.items()}
            data["texts"] = {str(k): v for k, v in self.texts.items()}
        if include_times:
            data["send_times"] = list(self.send_times)
        return data

    def reset(self) -> None:
        """Zero every counter and record."""
        fresh = Stats()
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(fresh, f.name))

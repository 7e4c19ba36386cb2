"""Telegram's and Bale's error dialects mapped onto one set of domain errors, in one place."""

from __future__ import annotations

import asyncio

from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from campaigns.errors import Ambiguous, BadRequest, Blocked, RateLimited, SendError, Transient

# Texts that mean "this person cannot be reached" in either dialect.
_BLOCKED_TEXTS = (
    "bot was blocked by the user",
    "user is deactivated",
    "bot can't initiate conversation",
    "chat not found",
    "permission_denied",
    "no such group or user",
    "bot was kicked",
)
# Texts that mean "slow down", sometimes without a 429 status or a retry_after (Bale).
_RATE_TEXTS = ("too many requests", "bot limit exceed", "local_rate_limited", "flood")


def classify(exc: BaseException) -> SendError:
    """Turn an aiogram or network exception from either platform into a domain SendError."""
    if isinstance(exc, SendError):
        return exc
    if isinstance(exc, TelegramRetryAfter):
        return RateLimited(exc.message, float(exc.retry_after))
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return Ambiguous("timeout")
    text = str(getattr(exc, "message", "") or exc).lower()
    if any(marker in text for marker in _RATE_TEXTS):
        return RateLimited(text, None)
    if isinstance(exc, TelegramForbiddenError) or any(marker in text for marker in _BLOCKED_TEXTS):
        return Blocked(text)
    if isinstance(exc, TelegramServerError):
        return Transient(text)
    if isinstance(exc, TelegramNetworkError):
        # aiogram reports its own request timeout as a network error naming the timeout.
        return Ambiguous(text) if "timeout" in text else Transient(text)
    if isinstance(exc, TelegramUnauthorizedError):
        return BadRequest(f"unauthorized: {text}")
    if isinstance(exc, TelegramBadRequest | TelegramNotFound):
        return BadRequest(text)
    if isinstance(exc, TelegramAPIError):
        return Transient(text)
    if isinstance(exc, OSError):
        return Transient(str(exc))
    return Transient(repr(exc))

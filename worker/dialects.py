"""Telegram's and Bale's error dialects mapped onto one set of domain errors, in one place.

Works on the raw reply (status, description, retry_after) so both the bot (through aiogram) and the
broadcast worker (through its lean client) classify errors the same way."""

from __future__ import annotations

from campaigns.errors import BadRequest, Blocked, RateLimited, SendError, Transient

# Texts that mean "this person cannot be reached" in either dialect.
BLOCKED_TEXTS = (
    "bot was blocked by the user",
    "user is deactivated",
    "bot can't initiate conversation",
    "chat not found",
    "permission_denied",
    "no such group or user",
    "bot was kicked",
)
# Texts that mean "slow down", sometimes without a 429 status or a retry_after (Bale).
RATE_TEXTS = ("too many requests", "bot limit exceed", "local_rate_limited", "flood")


def classify_reply(status: int, description: str, retry_after: float | None = None) -> SendError:
    """The domain error for a failed Bot API reply of either platform."""
    text = (description or "").lower()
    if retry_after is not None or status == 429 or any(marker in text for marker in RATE_TEXTS):
        return RateLimited(text or "rate limited", retry_after)
    if status == 403 or any(marker in text for marker in BLOCKED_TEXTS):
        return Blocked(text)
    if status >= 500:
        return Transient(text or f"http {status}")
    if status == 401:
        return BadRequest(f"unauthorized: {text}")
    if 400 <= status < 500:
        return BadRequest(text)
    return Transient(text or f"http {status}")

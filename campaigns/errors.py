"""Domain errors: an action refused for a coded reason, and sending a message (the same for every
platform and dialect)."""

from __future__ import annotations

import enum
from typing import Generic, TypeVar

Code = TypeVar("Code", bound=enum.Enum)


class Refused(Exception, Generic[Code]):
    """An action refused for a reason; `code` names it (and the locale text said to the person)."""

    def __init__(self, code: Code) -> None:
        super().__init__(code.value)
        self.code = code


class SendError(Exception):
    """A message could not be delivered; subclasses say what to do about it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Blocked(SendError):
    """The person blocked the bot or no longer exists: unreachable until they write again."""


class RateLimited(SendError):
    """The platform asked us to slow down; `retry_after` is None when it did not say how long."""

    def __init__(self, reason: str, retry_after: float | None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class BadRequest(SendError):
    """The platform refused this message as it is (too long, bad photo, bad markup): do not retry."""


class Transient(SendError):
    """A server error or a broken connection: retry with backoff."""


class Ambiguous(SendError):
    """The request timed out: the platform may or may not have delivered it; do not resend blindly."""

"""aiogram's exceptions, from either platform, as domain errors (the dialects live in worker/dialects.py)."""

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

from campaigns.errors import Ambiguous, SendError, Transient
from worker.dialects import classify_reply

_STATUS = {TelegramForbiddenError: 403, TelegramUnauthorizedError: 401, TelegramNotFound: 404,
           TelegramBadRequest: 400, TelegramServerError: 500}


def classify(exc: BaseException) -> SendError:
    """Turn an aiogram or network exception from either platform into a domain SendError."""
    if isinstance(exc, SendError):
        return exc
    if isinstance(exc, TelegramRetryAfter):
        return classify_reply(429, exc.message, float(exc.retry_after))
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return Ambiguous("timeout")
    if isinstance(exc, TelegramNetworkError):
        # aiogram reports its own request timeout as a network error naming the timeout.
        text = str(exc.message)
        return Ambiguous(text) if "timeout" in text.lower() else Transient(text)
    if isinstance(exc, TelegramAPIError):
        status = next((code for cls, code in _STATUS.items() if isinstance(exc, cls)), 500)
        return classify_reply(status, exc.message)
    if isinstance(exc, OSError):
        return Transient(str(exc))
    return Transient(repr(exc))

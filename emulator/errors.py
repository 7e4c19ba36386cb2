"""Bot API errors and their dialect-specific wording."""

from __future__ import annotations

import math
from typing import Any

DIALECTS = ("telegram", "bale")


class ApiError(Exception):
    """An error answered to the bot in the Bot API envelope."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def envelope(self) -> dict[str, Any]:
        """Return the JSON body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> ApiError:
    """Return a 400 error with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {reason}")


def unauthorized() -> ApiError:
    """Return the 401 answer for an unknown token."""
    return ApiError(401, "Unauthorized")


def method_not_found() -> ApiError:
    """Return the 404 answer for an unknown method."""
    return ApiError(404, "Not Found: method not found")


def bad_gateway() -> ApiError:
    """Return an injected 502 error."""
    return ApiError(502, "Bad Gateway")


def conflict(reason: str) -> ApiError:
    """Return a 409 error with Telegram's "Conflict: " prefix."""
    return ApiError(409, f"Conflict: {reason}")


def too_many_requests(wait_seconds: float, dialect: str, bale_retry_after: bool) -> ApiError:
    """Return a 429 error worded for the dialect."""
    retry_after = max(1, math.ceil(wait_seconds))
    if dialect == "bale":
        return ApiError(429, "bot limit exceed", retry_after if bale_retry_after else None)
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


def blocked(dialect: str) -> ApiError:
    """Return the error for a chat whose user blocked the bot."""
    if dialect == "bale":
        return ApiError(403, "Forbidden: permission_denied")
    return ApiError(403, "Forbidden: bot was blocked by the user")


def deactivated(dialect: str) -> ApiError:
    """Return the error for a chat whose user deleted the account."""
    if dialect == "bale":
        return bad_request("no such group or user")
    return ApiError(403, "Forbidden: user is deactivated")


def chat_not_found(dialect: str) -> ApiError:
    """Return the error for a chat that does not exist."""
    if dialect == "bale":
        return bad_request("no such group or user")
    return bad_request("chat not found")

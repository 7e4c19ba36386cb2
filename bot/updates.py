"""Checking one raw update before the dispatcher sees it: the same rules for polling and webhooks."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.types import Update
from pydantic import ValidationError

from bot.platform_bot import log_fields

log = logging.getLogger("hamyar.updates")


def update_id_of(raw: Any) -> int | None:
    """The update's id when `raw` is a JSON object with an integer `update_id`, else None."""
    update_id = raw.get("update_id") if isinstance(raw, dict) else None
    return update_id if isinstance(update_id, int) and not isinstance(update_id, bool) else None


def validate_update(raw: Any, bot: Bot, source: str) -> Update | None:
    """The update as aiogram's `Update`, or None (with a WARNING line) when it cannot be handled.

    An update that is not a JSON object, has no integer `update_id` or does not match the Bot API's
    shape is skipped: the platform would send it again and again if it stalled the bot. The log line
    names where it failed (field path and pydantic's message), never the values, so no phone number or
    text a person sent reaches the logs."""
    update_id = update_id_of(raw)
    if update_id is None:
        log.warning("update without an id skipped", extra={
            **log_fields(bot), "source": source, "kind": _json_kind(raw)})
        return None
    try:
        return Update.model_validate(raw, context={"bot": bot})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        log.warning("malformed update skipped", extra={
            **log_fields(bot), "source": source, "update_id": update_id,
            "field": where, "problem": first.get("msg")})
        return None


# The JSON name of a parsed value's type, first match wins (bool before number: a bool is an int).
_JSON_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (type(None), "null"), (dict, "object"), (list, "array"), (bool, "boolean"), ((int, float), "number"),
    (str, "string"))


def _json_kind(raw: Any) -> str:
    return next((name for kind, name in _JSON_KINDS if isinstance(raw, kind)), type(raw).__name__)

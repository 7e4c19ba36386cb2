"""A second tap on a button whose step was just handled gets a short "already done", not the step again.

A tap is the person, the message, the button's data and what the message showed when it was pressed (its
text and buttons). A double tap repeats all four; a button pressed again after the bot changed its
message (the next page of a list, a toggled choice) shows something else, so it is a new tap and runs.
The person's turn (bot/turns.py) flags a tap as a repeat when their previous turn was the same tap and
ended a few seconds ago at most (or is still running); this middleware answers those. Anything else in
between (Join, Leave, Join on one campaign page) makes the next tap a new step.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def tap_key(query: CallbackQuery) -> str | None:
    """A short digest naming this press of a button, or None when the query carries no data."""
    if query.data is None:
        return None
    message = query.message
    parts = [query.data]
    if isinstance(message, Message):
        parts += [str(message.chat.id), str(message.message_id), message.text or message.caption or ""]
        markup = message.reply_markup
        if markup is not None:
            parts += [f"{button.text}\x1f{button.callback_data or ''}" for row in markup.inline_keyboard
                      for button in row]
    elif message is not None:  # an old message the platform no longer shows in full
        parts += [str(message.chat.id), str(message.message_id)]
    else:
        parts.append(query.inline_message_id or "")
    return hashlib.blake2b("\x1e".join(parts).encode(), digest_size=12).hexdigest()


class RepeatTapMiddleware(BaseMiddleware):
    """Answers a repeated tap with "already done" (in the person's language) instead of running the step."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        turn = data.get("turn")
        if turn is None or not turn.repeat or not isinstance(event, CallbackQuery):
            return await handler(event, data)
        log.info("repeated tap answered", extra={"bot_id": data["bot"].id})
        await event.answer(data["t"]("already-done"))
        return None

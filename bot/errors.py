"""The last line of defence: an unexpected error is logged and the person is told, never silence."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, ErrorEvent

from i18n import translator

log = logging.getLogger("hamyar.errors")


def setup_error_handler(dispatcher: Dispatcher) -> None:
    """Register the handler that logs an error and apologises to the person."""

    @dispatcher.errors()
    async def on_error(event: ErrorEvent, bot: Bot, t: object | None = None) -> bool:
        update = event.update
        log.error("handler failed", exc_info=event.exception, extra={"update_id": update.update_id})
        text = translator(getattr(t, "language", "fa"))("error-unexpected")
        # Through the update's own bot, so its session paces the apology within the bot's send budget
        # and retries a 429 like any reply (bot/session.py).
        try:
            if update.message is not None:
                await bot.send_message(update.message.chat.id, text)
            elif update.callback_query is not None:
                await _tell_presser(bot, update.callback_query, text)
        except Exception:
            log.warning("could not tell the person about the error", extra={"update_id": update.update_id})
        return True


async def _tell_presser(bot: Bot, query: CallbackQuery, text: str) -> None:
    """An alert on the press; when the step already answered the press (most do, at once), a message."""
    try:
        await bot.answer_callback_query(query.id, text, show_alert=True)
        return
    except TelegramBadRequest:
        pass
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    await bot.send_message(chat_id, text)

"""The last line of defence: an unexpected error is logged and the person is told, never silence."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.types import ErrorEvent

from bot.i18n import translator

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
                await bot.answer_callback_query(update.callback_query.id, text, show_alert=True)
        except Exception:
            log.warning("could not tell the person about the error", extra={"update_id": update.update_id})
        return True

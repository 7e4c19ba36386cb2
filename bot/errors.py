"""The last line of defence: an unexpected error is logged and the person is told, never silence."""

from __future__ import annotations

import logging

from aiogram import Dispatcher
from aiogram.types import ErrorEvent

from bot.i18n import translator

log = logging.getLogger("hamyar.errors")


def setup_error_handler(dispatcher: Dispatcher) -> None:
    """Register the handler that logs an error and apologises to the person."""

    @dispatcher.errors()
    async def on_error(event: ErrorEvent, t: object | None = None) -> bool:
        update = event.update
        log.error("handler failed", exc_info=event.exception, extra={"update_id": update.update_id})
        text = translator(getattr(t, "language", "fa"))("error-unexpected")
        try:
            if update.message is not None:
                await update.message.answer(text)
            elif update.callback_query is not None:
                await update.callback_query.answer(text, show_alert=True)
        except Exception:
            log.warning("could not tell the person about the error", extra={"update_id": update.update_id})
        return True

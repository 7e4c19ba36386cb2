"""What the step-by-step conversations share: a pressed question's buttons taken away, and the answer to a
sticker, photo or file where a step expects text or a button."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from i18n import Translator


async def answered(query: CallbackQuery) -> Message | None:
    """Answer a press and remove the buttons of its message, so an old step cannot be pressed twice; the
    message, to ask the next question under it (None when the platform did not send it)."""
    await query.answer()
    if not isinstance(query.message, Message):
        return None
    await query.message.edit_reply_markup(reply_markup=None)
    return query.message


async def not_text(message: Message, t: Translator) -> None:
    """A sticker, photo or file where a step expects text or a button."""
    await message.answer(t("expect-text"))

"""Last in line: unknown commands, messages nobody expected, and buttons from old messages."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from campaigns.people import PersonView
from handlers.keyboards import main_menu
from i18n import Translator

MAX_TEXT = 4000


async def unknown_command(message: Message, t: Translator) -> None:
    """A command no router knows."""
    await message.answer(t("unknown-command"))


async def too_long(message: Message, t: Translator) -> None:
    """A very long message where nothing expects one."""
    await message.answer(t("text-too-long", max=MAX_TEXT))


async def anything_else(message: Message, person: PersonView | None, t: Translator) -> None:
    """Text, stickers, photos and the like outside any conversation."""
    if person is None or not person.onboarded:
        await message.answer(t("need-start"))
        return
    await message.answer(t("unknown-text"), reply_markup=main_menu(t))


async def stale_button(query: CallbackQuery, t: Translator) -> None:
    """A button whose conversation is over (an old message, a restarted step): say so plainly."""
    await query.answer(t("button-expired"), show_alert=True)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(too_long, F.text.len() > MAX_TEXT)
    router.message.register(anything_else)
    router.callback_query.register(stale_button)
    return router

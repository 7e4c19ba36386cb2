"""Last in line: unknown commands, messages nobody expected, and buttons from old messages."""

from __future__ import annotations

import re

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from campaigns.people import PersonView
from campaigns.words import is_word
from handlers.keyboards import main_menu
from i18n import Translator, words

MAX_TEXT = 4000


async def unknown_command(message: Message, t: Translator) -> None:
    """A command no router knows."""
    await message.answer(t("unknown-command"))


async def too_long(message: Message, t: Translator) -> None:
    """A very long message where nothing expects one."""
    await message.answer(t("text-too-long", max=MAX_TEXT))


def is_greeting(text: str | None) -> bool:
    """A short hello («سلام», «سلام خوبید؟», "hi"): its first word is a greeting (answers-greeting)."""
    parts = _WORDS.split((text or "").strip())
    return 0 < len([p for p in parts if p]) <= 4 and is_word(parts[0], words("answers-greeting"))


_WORDS = re.compile(r"[\s.,!?؟،؛:]+")


async def anything_else(message: Message, person: PersonView | None, t: Translator) -> None:
    """Text, stickers, photos and the like outside any conversation; a hello gets a short help."""
    greeting = is_greeting(message.text)
    if person is None or not person.onboarded:
        await message.answer(t("greeting-stranger") if greeting else t("need-start"))
        return
    named = "yes" if person.first_name else "no"
    await message.answer(t("greeting", name=person.first_name or "", named=named) if greeting else t("unknown-text"),
                         reply_markup=main_menu(t))


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

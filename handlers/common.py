"""Commands that work from anywhere: /cancel (and the Cancel button), /help, /privacy."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from campaigns.people import PersonView
from handlers.keyboards import MenuText, main_menu
from i18n import Translator


async def cancel(message: Message, state: FSMContext, person: PersonView | None, t: Translator) -> None:
    """Leave whatever conversation is under way and return to the main menu."""
    was_busy = await state.get_state() is not None
    await state.clear()
    if person is None or not person.onboarded:
        await message.answer(t("cancelled") if was_busy else t("need-start"))
        return
    await message.answer(t("cancelled") if was_busy else t("nothing-to-cancel"), reply_markup=main_menu(t))


async def help_(message: Message, person: PersonView | None, t: Translator) -> None:
    """What Hamyar does and its commands."""
    markup = main_menu(t) if person is not None and person.onboarded else None
    await message.answer(t("help-text"), reply_markup=markup)


async def privacy(message: Message, person: PersonView | None, t: Translator) -> None:
    """What is stored, why, for how long, and how to see, change or erase it."""
    markup = main_menu(t) if person is not None and person.onboarded else None
    await message.answer(t("privacy-text"), reply_markup=markup)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(cancel, MenuText("button-cancel"))
    router.message.register(cancel, Command("cancel"))
    router.message.register(help_, MenuText("menu-help"))
    router.message.register(help_, Command("help"))
    router.message.register(privacy, Command("privacy"))
    return router

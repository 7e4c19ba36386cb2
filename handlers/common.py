"""Commands that work from anywhere: /cancel (and the Cancel button), /help, /privacy; and what every
conversation's buttons share: the press of a person who has finished onboarding."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from campaigns.people import PersonView
from handlers.guards import need_start_pressed
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


async def onboarded_press(query: CallbackQuery, state: FSMContext, person: PersonView | None,
                          t: Translator) -> tuple[Message, PersonView] | None:
    """The message under a pressed button and the onboarded person who pressed it, the press answered; None
    when the person must /start first (the step ends, they are told) or the message is out of reach."""
    if person is None or not person.onboarded:
        await need_start_pressed(query, state, t)
        return None
    await query.answer()
    if not isinstance(query.message, Message):
        return None
    return query.message, person


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(cancel, MenuText("button-cancel"))
    router.message.register(cancel, Command("cancel"))
    router.message.register(help_, MenuText("menu-help"))
    router.message.register(help_, Command("help"))
    router.message.register(privacy, Command("privacy"))
    return router

"""Erasing one's data: /forget or the Erase button under /me asks first; Yes erases, No keeps everything.

Diagram: handlers/profile.mmd. This router comes right after handlers/profile_edit.py's (whose first
handler invites a person erased in the middle of the question to /start), and ends with the answer to a
non-text message at any step of the profile."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from campaigns import people, teens
from campaigns.callbacks import ProfileAction, ProfileButton
from campaigns.people import PersonView
from campaigns.words import pick_one
from handlers.keyboards import main_menu
from handlers.pressed import Pressed
from handlers.profile import forget_keyboard
from handlers.states import ProfileEdit
from handlers.steps import answered, not_text
from i18n import Translator, words
from storage.unit_of_work import UnitOfWork


async def ask_forget(message: Message, state: FSMContext, t: Translator) -> None:
    """Ask before erasing anything."""
    await state.clear()
    await state.set_state(ProfileEdit.forget)
    await message.answer(t("prof-forget-ask"), reply_markup=forget_keyboard(t))


async def forget_command(message: Message, state: FSMContext, person: PersonView | None, t: Translator) -> None:
    """/forget: ask before erasing anything."""
    if person is None or person.consent_at is None:
        await state.clear()
        await message.answer(t("need-start"))
        return
    await ask_forget(message, state, t)


async def _forget(message: Message, erase: bool, state: FSMContext, uow: UnitOfWork, person: PersonView,
                  t: Translator) -> None:
    await state.clear()
    if not erase:
        await message.answer(t("prof-forget-kept"), reply_markup=main_menu(t) if person.onboarded else None)
        return
    await teens.forget(uow, person.id)  # the year of birth and a teen's consent request (staged)
    await people.forget(uow, person.id)
    await message.answer(t("prof-forgotten"), reply_markup=ReplyKeyboardRemove())


async def forget_pressed(query: CallbackQuery, callback_data: ProfileButton, state: FSMContext, uow: UnitOfWork,
                         person: PersonView | None, t: Translator) -> None:
    """The answer to the erase question."""
    if person is None:
        await query.answer(t("button-expired"), show_alert=True)
        return
    message = await answered(query)
    if message is not None:
        await _forget(message, callback_data.action == ProfileAction.FORGET_YES, state, uow, person, t)


async def forget_typed(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView,
                       t: Translator) -> None:
    """A typed yes or no to the erase question."""
    index = pick_one(message.text or "", [words("prof-forget-yes", "vol-yes", "answers-yes"),
                                          words("prof-forget-no", "vol-no", "answers-no")])
    if index is None:
        await message.answer(t("prof-forget-invalid"), reply_markup=forget_keyboard(t))
        return
    await _forget(message, index == 0, state, uow, person, t)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(forget_command, Command("forget"))
    router.callback_query.register(forget_pressed,
                                   Pressed(ProfileButton,
                                           F.action.in_({ProfileAction.FORGET_YES, ProfileAction.FORGET_NO})))
    router.message.register(forget_typed, ProfileEdit.forget, F.text)
    # Last of the profile: a sticker, photo or file at any of its steps (text went to the steps before).
    router.message.register(not_text, StateFilter(ProfileEdit))
    return router

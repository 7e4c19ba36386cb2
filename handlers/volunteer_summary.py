"""Volunteer registration's summary: Confirm saves it, a field's button or number edits that field.

Diagram: handlers/volunteer.mmd. The steps that lead here are handlers/volunteer.py; this router comes
right after its router, and ends with the answer to a non-text message at any step of the registration."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from campaigns import volunteers
from campaigns.callbacks import VOLUNTEER_FIELDS, VolunteerAction, VolunteerButton
from campaigns.people import PersonView
from campaigns.regions import Regions
from campaigns.volunteers import VolunteerForm
from campaigns.words import is_word, pick_one
from handlers.keyboards import main_menu
from handlers.pressed import Pressed
from handlers.states import VolunteerData, VolunteerReg, load
from handlers.steps import answered, not_text
from handlers.teens import teen_registration
from handlers.volunteer import ask
from handlers.volunteer_keyboards import summary_keyboard, typed_labels
from i18n import Translator, words
from storage.unit_of_work import UnitOfWork


async def _confirm(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                   t: Translator, regions: Regions) -> None:
    data = await load(state, VolunteerData)
    if person is None or not person.onboarded:
        await state.clear()
        await message.answer(t("vol-need-onboarding"))
        return
    form = _form(data)
    if form is None and await state.get_state() is None:
        # A second tap handled while the first finished: the registration is already saved.
        await message.answer(t("vol-already-saved"))
        return
    if form is None:
        await ask(message, "summary", state, data, t, regions)
        return
    if await teen_registration(message, uow, person, form, t):  # a teen's waits for a guardian's consent
        await state.clear()
        return
    await volunteers.register(uow, person.id, form)
    await state.clear()
    await message.answer(t("vol-saved"), reply_markup=main_menu(t))


def _form(data: VolunteerData) -> VolunteerForm | None:
    """The registration to save, or None while a required answer is missing."""
    if not data.axes or not data.days or data.specialty is None or data.hours is None or data.on_call is None \
            or data.province_code is None:
        return None
    return VolunteerForm(
        axes=tuple(volunteers.Axis(a) for a in data.axes), specialty=volunteers.Specialty(data.specialty),
        days=tuple(volunteers.Day(d) for d in data.days), hours=volunteers.Hours(data.hours),
        on_call=data.on_call, province_code=data.province_code, county_code=data.county_code,
        national_id=data.national_id, skills=data.skills)


async def confirm_pressed(query: CallbackQuery, state: FSMContext, uow: UnitOfWork,
                          person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Confirm: save the registration once."""
    message = await answered(query)
    if message is not None:
        await _confirm(message, state, uow, person, t, regions)


async def confirm_again(query: CallbackQuery, t: Translator) -> None:
    """A second tap on Confirm after the registration was saved."""
    await query.answer(t("vol-already-saved"), show_alert=True)


async def edit_pressed(query: CallbackQuery, callback_data: VolunteerButton, state: FSMContext, t: Translator,
                       regions: Regions) -> None:
    """Edit one field; answering it returns to the summary."""
    message = await answered(query)
    if message is not None and 0 <= callback_data.value < len(VOLUNTEER_FIELDS):
        await ask(message, VOLUNTEER_FIELDS[callback_data.value], state, await load(state, VolunteerData), t, regions)


async def summary_typed(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                        t: Translator, regions: Regions) -> None:
    """Confirm (vol-button-confirm or a confirm word) saves; a field's number or name edits it."""
    text = message.text or ""
    if is_word(text, words("vol-button-confirm", "answers-confirm")):
        await _confirm(message, state, uow, person, t, regions)
        return
    index = pick_one(text, typed_labels("fields"))
    if index is None:
        await message.answer(t("vol-summary-invalid"), reply_markup=summary_keyboard(t))
        return
    await ask(message, VOLUNTEER_FIELDS[index], state, await load(state, VolunteerData), t, regions)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(confirm_pressed, VolunteerReg.summary,
                                   Pressed(VolunteerButton, F.action == VolunteerAction.CONFIRM))
    router.callback_query.register(confirm_again, Pressed(VolunteerButton, F.action == VolunteerAction.CONFIRM))
    router.callback_query.register(edit_pressed, VolunteerReg.summary,
                                   Pressed(VolunteerButton, F.action == VolunteerAction.EDIT))
    router.message.register(summary_typed, VolunteerReg.summary, F.text)
    # Last of the registration: a sticker, photo or file at any of its steps (text went to the steps above).
    router.message.register(not_text, StateFilter(VolunteerReg))
    return router

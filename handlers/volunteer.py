"""Volunteer registration: axes, specialty, days, hours, on call, region, national ID, skills, summary.

Diagram: handlers/volunteer.mmd. Every step takes a button or typed text and has Back; nothing is
saved until Confirm on the summary, which upserts the one registration a person has."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from campaigns import volunteers
from campaigns.callbacks import EVERY_DAY, VOLUNTEER_FIELDS, NavAction, NavButton, VolunteerAction, VolunteerButton
from campaigns.numerals import to_latin_digits, valid_national_id
from campaigns.people import PersonView
from campaigns.regions import Regions
from campaigns.volunteers import AXES, DAYS, HOURS, MAX_SKILLS, SPECIALTIES, VolunteerForm, pick_many
from campaigns.words import is_word, pick_one
from handlers.keyboards import MenuText, TypedWord, back_skip_keyboard, main_menu, region_name
from handlers.pressed import Pressed
from handlers.region_picker import PickedRegion, RegionPurpose, RegionTexts, pick_region, register
from handlers.states import VolunteerData, VolunteerReg, load, save
from handlers.volunteer_keyboards import (
    axes_keyboard,
    days_keyboard,
    hours_keyboard,
    on_call_keyboard,
    region_keyboard,
    specialty_keyboard,
    summary_keyboard,
    summary_text,
    typed_labels,
)
from i18n import Translator, words
from storage.unit_of_work import UnitOfWork

_STATE_STEP = {
    VolunteerReg.axes.state: "axes", VolunteerReg.specialty.state: "specialty", VolunteerReg.days.state: "days",
    VolunteerReg.hours.state: "hours", VolunteerReg.on_call.state: "on_call", VolunteerReg.region.state: "region",
    VolunteerReg.national_id.state: "national_id", VolunteerReg.skills.state: "skills",
    VolunteerReg.summary.state: "summary",
}


# -- asking, moving on, going back -----------------------------------------------------------------

async def _ask(message: Message, step: str, state: FSMContext, data: VolunteerData, t: Translator,
               regions: Regions) -> None:
    """Ask the question of a step (the summary is a step too)."""
    if step == "summary":
        data.editing = True
    await save(state, data)
    if step == "province":  # another region: the shared picker asks it and hands it to _region_chosen
        await pick_region(message, state, t, regions, purpose=REGION)
        return
    await state.set_state(getattr(VolunteerReg, step))
    if step == "axes":
        await message.answer(t("vol-ask-axes"), reply_markup=axes_keyboard(t, data.axes))
    elif step == "specialty":
        await message.answer(t("vol-ask-specialty"), reply_markup=specialty_keyboard(t))
    elif step == "days":
        await message.answer(t("vol-ask-days"), reply_markup=days_keyboard(t, data.days))
    elif step == "hours":
        await message.answer(t("vol-ask-hours"), reply_markup=hours_keyboard(t))
    elif step == "on_call":
        await message.answer(t("vol-ask-on-call"), reply_markup=on_call_keyboard(t))
    elif step == "region":
        region = region_name(regions, data.province_code, data.county_code, t.language) or t("vol-not-given")
        await message.answer(t("vol-ask-region", region=region), reply_markup=region_keyboard(t))
    elif step == "national_id":
        await message.answer(t("vol-ask-national-id"), reply_markup=back_skip_keyboard(t))
    elif step == "skills":
        await message.answer(t("vol-ask-skills", max=MAX_SKILLS), reply_markup=back_skip_keyboard(t))
    else:
        await message.answer(summary_text(t, data, regions), reply_markup=summary_keyboard(t))


async def _done(message: Message, step: str, state: FSMContext, data: VolunteerData, t: Translator,
                regions: Regions) -> None:
    """A step is answered: the next one, or back to the summary when editing."""
    if data.editing or step == VOLUNTEER_FIELDS[-1]:
        await _ask(message, "summary", state, data, t, regions)
    else:
        await _ask(message, VOLUNTEER_FIELDS[VOLUNTEER_FIELDS.index(step) + 1], state, data, t, regions)


async def _clear_buttons(query: CallbackQuery) -> Message | None:
    """The message a button was on, its buttons removed so an old step cannot be pressed twice."""
    await query.answer()
    if not isinstance(query.message, Message):
        return None
    await query.message.edit_reply_markup(reply_markup=None)
    return query.message


async def start(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                t: Translator, regions: Regions) -> None:
    """Start a registration, or show the existing one as a summary to edit."""
    await state.clear()
    if person is None or not person.onboarded:
        await message.answer(t("vol-need-onboarding"))
        return
    existing = await volunteers.get(uow, person.id)
    if existing is None:
        data = VolunteerData(province_code=person.province_code, county_code=person.county_code,
                             national_id=person.national_id)
        await _ask(message, "axes", state, data, t, regions)
        return
    data = VolunteerData(axes=list(existing.axes), specialty=existing.specialty, days=list(existing.days),
                         hours=existing.hours, on_call=existing.on_call, province_code=existing.province_code,
                         county_code=existing.county_code, national_id=person.national_id,
                         skills=existing.skills)
    await message.answer(t("vol-already-registered"))
    await _ask(message, "summary", state, data, t, regions)


async def back(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Back: to the previous step, to the summary when editing, or out of the registration."""
    message = await _clear_buttons(query)
    if message is not None:
        await _go_back(message, state, t, regions)


async def back_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """The Back label (button-back) typed: the same as the Back button."""
    await _go_back(message, state, t, regions)


async def _go_back(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    step = _STATE_STEP.get(await state.get_state() or "", "axes")
    data = await load(state, VolunteerData)
    if step == "summary":
        await _ask(message, VOLUNTEER_FIELDS[-1], state, data.model_copy(update={"editing": False}), t, regions)
    elif data.editing:
        await _ask(message, "summary", state, data, t, regions)
    elif step == VOLUNTEER_FIELDS[0]:
        await state.clear()
        await message.answer(t("vol-left"), reply_markup=main_menu(t))
    else:
        await _ask(message, VOLUNTEER_FIELDS[VOLUNTEER_FIELDS.index(step) - 1], state, data, t, regions)


# -- axes and days: several choices ----------------------------------------------------------------

async def axis_toggled(query: CallbackQuery, callback_data: VolunteerButton, state: FSMContext, t: Translator) -> None:
    """Select or unselect an axis."""
    await query.answer()
    if not 0 <= callback_data.value < len(AXES) or not isinstance(query.message, Message):
        return
    data = await load(state, VolunteerData)
    axis = AXES[callback_data.value].value
    data.axes = [a.value for a in AXES if (a.value in data.axes) != (a.value == axis)]
    await save(state, data)
    await query.message.edit_reply_markup(reply_markup=axes_keyboard(t, data.axes))


async def axes_done(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Continue from the axes (at least one is needed)."""
    data = await load(state, VolunteerData)
    if not data.axes:
        await query.answer(t("vol-axes-empty"), show_alert=True)
        return
    message = await _clear_buttons(query)
    if message is not None:
        await _done(message, "axes", state, data, t, regions)


async def axes_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Axes typed by name or number; Continue (vol-button-done) keeps the ones already tapped."""
    data = await load(state, VolunteerData)
    text = message.text or ""
    if is_word(text, words("vol-button-done")):
        if not data.axes:
            await message.answer(t("vol-axes-empty"), reply_markup=axes_keyboard(t, data.axes))
            return
    else:
        chosen = pick_many(text, typed_labels("axes"))
        if chosen is None:
            await message.answer(t("vol-axes-invalid"), reply_markup=axes_keyboard(t, data.axes))
            return
        data.axes = [AXES[i].value for i in chosen]
    await _done(message, "axes", state, data, t, regions)


def _days_with(selected: list[str], index: int) -> list[str]:
    if index == EVERY_DAY:
        return [] if len(selected) == len(DAYS) else [d.value for d in DAYS]
    day = DAYS[index].value
    return [d.value for d in DAYS if (d.value in selected) != (d.value == day)]


async def day_toggled(query: CallbackQuery, callback_data: VolunteerButton, state: FSMContext, t: Translator) -> None:
    """Select or unselect a day, or every day."""
    await query.answer()
    if not 0 <= callback_data.value <= EVERY_DAY or not isinstance(query.message, Message):
        return
    data = await load(state, VolunteerData)
    data.days = _days_with(data.days, callback_data.value)
    await save(state, data)
    await query.message.edit_reply_markup(reply_markup=days_keyboard(t, data.days))


async def days_done(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Continue from the days (at least one is needed)."""
    data = await load(state, VolunteerData)
    if not data.days:
        await query.answer(t("vol-days-empty"), show_alert=True)
        return
    message = await _clear_buttons(query)
    if message is not None:
        await _done(message, "days", state, data, t, regions)


async def days_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Days typed by name or number, or Every day; Continue (vol-button-done) keeps the ones already tapped."""
    data = await load(state, VolunteerData)
    text = message.text or ""
    if is_word(text, words("vol-button-done")):
        if not data.days:
            await message.answer(t("vol-days-empty"), reply_markup=days_keyboard(t, data.days))
            return
    else:
        chosen = pick_many(text, typed_labels("days"))
        if chosen is None:
            await message.answer(t("vol-days-invalid"), reply_markup=days_keyboard(t, data.days))
            return
        every = EVERY_DAY in chosen
        data.days = [d.value for i, d in enumerate(DAYS) if every or i in chosen]
    await _done(message, "days", state, data, t, regions)


# -- specialty, hours, on call: one choice ---------------------------------------------------------

async def _set_specialty(message: Message, index: int, state: FSMContext, t: Translator, regions: Regions) -> None:
    data = await load(state, VolunteerData)
    data.specialty = SPECIALTIES[index].value
    await _done(message, "specialty", state, data, t, regions)


async def specialty_pressed(query: CallbackQuery, callback_data: VolunteerButton, state: FSMContext, t: Translator,
                            regions: Regions) -> None:
    """A specialty button."""
    message = await _clear_buttons(query)
    if message is not None and 0 <= callback_data.value < len(SPECIALTIES):
        await _set_specialty(message, callback_data.value, state, t, regions)


async def specialty_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """A typed specialty name or list number."""
    index = pick_one(message.text or "", typed_labels("specialty"))
    if index is None:
        await message.answer(t("vol-specialty-invalid"), reply_markup=specialty_keyboard(t))
        return
    await _set_specialty(message, index, state, t, regions)


async def _set_hours(message: Message, index: int, state: FSMContext, t: Translator, regions: Regions) -> None:
    data = await load(state, VolunteerData)
    data.hours = HOURS[index].value
    await _done(message, "hours", state, data, t, regions)


async def hours_pressed(query: CallbackQuery, callback_data: VolunteerButton, state: FSMContext, t: Translator,
                        regions: Regions) -> None:
    """A part-of-the-day button."""
    message = await _clear_buttons(query)
    if message is not None and 0 <= callback_data.value < len(HOURS):
        await _set_hours(message, callback_data.value, state, t, regions)


async def hours_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """A typed part of the day."""
    index = pick_one(message.text or "", typed_labels("hours"))
    if index is None:
        await message.answer(t("vol-hours-invalid"), reply_markup=hours_keyboard(t))
        return
    await _set_hours(message, index, state, t, regions)


async def _set_on_call(message: Message, on_call: bool, state: FSMContext, t: Translator, regions: Regions) -> None:
    data = await load(state, VolunteerData)
    data.on_call = on_call
    await _done(message, "on_call", state, data, t, regions)


async def on_call_pressed(query: CallbackQuery, callback_data: VolunteerButton, state: FSMContext, t: Translator,
                          regions: Regions) -> None:
    """Yes or No to emergency call-outs."""
    message = await _clear_buttons(query)
    if message is not None:
        await _set_on_call(message, callback_data.value == 1, state, t, regions)


async def on_call_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """A typed yes or no."""
    index = pick_one(message.text or "", typed_labels("on_call"))
    if index is None:
        await message.answer(t("vol-on-call-invalid"), reply_markup=on_call_keyboard(t))
        return
    await _set_on_call(message, index == 0, state, t, regions)


# -- region ----------------------------------------------------------------------------------------

async def region_pressed(query: CallbackQuery, callback_data: VolunteerButton, state: FSMContext, t: Translator,
                         regions: Regions) -> None:
    """Keep the region shown, or pick another."""
    message = await _clear_buttons(query)
    if message is None:
        return
    data = await load(state, VolunteerData)
    if callback_data.action == VolunteerAction.REGION_KEEP and data.province_code:
        await _done(message, "region", state, data, t, regions)
    else:
        await _ask(message, "province", state, data, t, regions)


async def region_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """This region (vol-region-keep), Another region (vol-region-other), or straight away a province's name."""
    data = await load(state, VolunteerData)
    text = message.text or ""
    index = pick_one(text, typed_labels("region"))
    province = regions.match_province(text) if index is None and not text.strip().isdigit() else None
    if index == 0 and data.province_code:
        await _done(message, "region", state, data, t, regions)
    elif index == 1:
        await _ask(message, "province", state, data, t, regions)
    elif province is not None:
        await pick_region(message, state, t, regions, purpose=REGION, province_code=province.code)
    else:
        await message.answer(t("vol-region-invalid"), reply_markup=region_keyboard(t))


async def _region_chosen(message: Message, region: PickedRegion, state: FSMContext, t: Translator,
                         regions: Regions) -> None:
    """The picker's answer: the region where the volunteer will help."""
    data = await load(state, VolunteerData)
    data.province_code, data.county_code = region.province_code, region.county_code
    await _done(message, "region", state, data, t, regions)


async def _region_back(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Back from the province list: keep the region shown, or pick another."""
    await _ask(message, "region", state, await load(state, VolunteerData), t, regions)


REGION = register(RegionPurpose(
    "volunteer", done=_region_chosen, back=_region_back,
    texts=RegionTexts(ask_province="vol-ask-province", ask_county="vol-ask-county",
                      province_invalid="vol-province-invalid", county_invalid="vol-county-invalid")))


# -- national ID and skills: optional text ---------------------------------------------------------

async def skipped(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Skip an optional step, keeping what was there."""
    message = await _clear_buttons(query)
    if message is not None:
        step = _STATE_STEP[await state.get_state() or ""]
        await _done(message, step, state, await load(state, VolunteerData), t, regions)


def _is_skip(text: str) -> bool:
    return is_word(text, words("button-skip"))


async def national_id_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """A national ID in any digit script, checked by its check digit."""
    text = message.text or ""
    data = await load(state, VolunteerData)
    if _is_skip(text):
        await _done(message, "national_id", state, data, t, regions)
        return
    national_id = valid_national_id(text)
    if national_id is None:
        digits = to_latin_digits(text).replace("-", "").replace(" ", "").strip()
        shape_ok = digits.isascii() and digits.isdigit() and len(digits) == 10
        await message.answer(t("vol-national-id-invalid" if shape_ok else "vol-national-id-shape"),
                             reply_markup=back_skip_keyboard(t))
        return
    data.national_id = national_id
    await _done(message, "national_id", state, data, t, regions)


async def skills_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Free-text skills, at most MAX_SKILLS characters."""
    text = message.text or ""
    data = await load(state, VolunteerData)
    if _is_skip(text):
        await _done(message, "skills", state, data, t, regions)
        return
    skills = volunteers.clean_skills(text)
    if skills is None:
        await message.answer(t("vol-skills-too-long", length=len(" ".join(text.split())), max=MAX_SKILLS),
                             reply_markup=back_skip_keyboard(t))
        return
    data.skills = skills
    await _done(message, "skills", state, data, t, regions)


# -- summary: confirm or edit ----------------------------------------------------------------------

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
        await _ask(message, "summary", state, data, t, regions)
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
    message = await _clear_buttons(query)
    if message is not None:
        await _confirm(message, state, uow, person, t, regions)


async def confirm_again(query: CallbackQuery, t: Translator) -> None:
    """A second tap on Confirm after the registration was saved."""
    await query.answer(t("vol-already-saved"), show_alert=True)


async def edit_pressed(query: CallbackQuery, callback_data: VolunteerButton, state: FSMContext, t: Translator,
                       regions: Regions) -> None:
    """Edit one field; answering it returns to the summary."""
    message = await _clear_buttons(query)
    if message is not None and 0 <= callback_data.value < len(VOLUNTEER_FIELDS):
        await _ask(message, VOLUNTEER_FIELDS[callback_data.value], state, await load(state, VolunteerData), t, regions)


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
    await _ask(message, VOLUNTEER_FIELDS[index], state, await load(state, VolunteerData), t, regions)


async def not_text(message: Message, t: Translator) -> None:
    """A sticker, photo or file where the registration expects text or a button."""
    await message.answer(t("expect-text"))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(start, MenuText("menu-volunteer"))
    router.message.register(start, Command("volunteer"))
    router.callback_query.register(back, StateFilter(VolunteerReg), Pressed(NavButton, F.action == NavAction.BACK))
    router.message.register(back_typed, StateFilter(VolunteerReg), F.text, TypedWord("button-back"))
    router.callback_query.register(axis_toggled, VolunteerReg.axes,
                                   Pressed(VolunteerButton, F.action == VolunteerAction.AXIS))
    router.callback_query.register(axes_done, VolunteerReg.axes,
                                   Pressed(VolunteerButton, F.action == VolunteerAction.AXES_DONE))
    router.message.register(axes_typed, VolunteerReg.axes, F.text)
    router.callback_query.register(day_toggled, VolunteerReg.days,
                                   Pressed(VolunteerButton, F.action == VolunteerAction.DAY))
    router.callback_query.register(days_done, VolunteerReg.days,
                                   Pressed(VolunteerButton, F.action == VolunteerAction.DAYS_DONE))
    router.message.register(days_typed, VolunteerReg.days, F.text)
    router.callback_query.register(specialty_pressed, VolunteerReg.specialty,
                                   Pressed(VolunteerButton, F.action == VolunteerAction.SPECIALTY))
    router.message.register(specialty_typed, VolunteerReg.specialty, F.text)
    router.callback_query.register(hours_pressed, VolunteerReg.hours,
                                   Pressed(VolunteerButton, F.action == VolunteerAction.HOURS))
    router.message.register(hours_typed, VolunteerReg.hours, F.text)
    router.callback_query.register(on_call_pressed, VolunteerReg.on_call,
                                   Pressed(VolunteerButton, F.action == VolunteerAction.ON_CALL))
    router.message.register(on_call_typed, VolunteerReg.on_call, F.text)
    router.callback_query.register(region_pressed, VolunteerReg.region,
                                   Pressed(VolunteerButton,
                                           F.action.in_({VolunteerAction.REGION_KEEP, VolunteerAction.REGION_OTHER})))
    router.message.register(region_typed, VolunteerReg.region, F.text)
    router.callback_query.register(skipped, VolunteerReg.skills, Pressed(NavButton, F.action == NavAction.SKIP))
    router.callback_query.register(skipped, VolunteerReg.national_id, Pressed(NavButton, F.action == NavAction.SKIP))
    router.message.register(national_id_typed, VolunteerReg.national_id, F.text)
    router.message.register(skills_typed, VolunteerReg.skills, F.text)
    router.callback_query.register(confirm_pressed, VolunteerReg.summary,
                                   Pressed(VolunteerButton, F.action == VolunteerAction.CONFIRM))
    router.callback_query.register(confirm_again, Pressed(VolunteerButton, F.action == VolunteerAction.CONFIRM))
    router.callback_query.register(edit_pressed, VolunteerReg.summary,
                                   Pressed(VolunteerButton, F.action == VolunteerAction.EDIT))
    router.message.register(summary_typed, VolunteerReg.summary, F.text)
    router.message.register(not_text, StateFilter(VolunteerReg))
    return router

"""Volunteer registration's steps: axes, specialty, days, hours, on call, region, national ID, skills.

Diagram: handlers/volunteer.mmd. Every step takes a button or typed text and has Back; nothing is
saved until Confirm on the summary (handlers/volunteer_summary.py, whose router comes right after this
one), which upserts the one registration a person has."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from campaigns import teens, volunteers
from campaigns.callbacks import EVERY_DAY, VOLUNTEER_FIELDS, NavAction, NavButton, VolunteerAction, VolunteerButton
from campaigns.numerals import to_latin_digits, valid_national_id
from campaigns.people import PersonView
from campaigns.regions import Regions
from campaigns.volunteers import AXES, DAYS, HOURS, MAX_SKILLS, SPECIALTIES, pick_many
from campaigns.words import is_word, pick_one
from handlers.keyboards import MenuText, TypedWord, back_skip_keyboard, main_menu, region_name
from handlers.pressed import Pressed
from handlers.region_picker import RegionPurpose, RegionTexts, pick_region, register
from handlers.states import VolunteerData, VolunteerReg, load, save
from handlers.steps import answered, draft_region
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

async def ask(message: Message, step: str, state: FSMContext, data: VolunteerData, t: Translator,
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
        await ask(message, "summary", state, data, t, regions)
    else:
        await ask(message, VOLUNTEER_FIELDS[VOLUNTEER_FIELDS.index(step) + 1], state, data, t, regions)


async def start(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                t: Translator, regions: Regions) -> None:
    """Start a registration, or show the existing one as a summary to edit."""
    await state.clear()
    if person is None or not person.onboarded:
        await message.answer(t("vol-need-onboarding"))
        return
    if await teens.birth_year(uow, person.id) is None:
        # The year first: under 18 takes the teen path (handlers/teens.py answers it, then starts again).
        await state.set_state(VolunteerReg.birth_year)
        await message.answer(t("teen-ask-birth-year"), reply_markup=back_skip_keyboard(t, skip=False))
        return
    existing = await volunteers.get(uow, person.id)
    if existing is None:
        data = VolunteerData(province_code=person.province_code, county_code=person.county_code,
                             national_id=person.national_id)
        await ask(message, "axes", state, data, t, regions)
        return
    data = VolunteerData(axes=list(existing.axes), specialty=existing.specialty, days=list(existing.days),
                         hours=existing.hours, on_call=existing.on_call, province_code=existing.province_code,
                         county_code=existing.county_code, national_id=person.national_id,
                         skills=existing.skills)
    await message.answer(t("vol-already-registered"))
    await ask(message, "summary", state, data, t, regions)


async def back(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Back: to the previous step, to the summary when editing, or out of the registration."""
    message = await answered(query)
    if message is not None:
        await back_typed(message, state, t, regions)


async def back_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """The Back label (button-back) typed, or the Back button's: the same move."""
    step = _STATE_STEP.get(await state.get_state() or "", "axes")
    data = await load(state, VolunteerData)
    if step == "summary":
        await ask(message, VOLUNTEER_FIELDS[-1], state, data.model_copy(update={"editing": False}), t, regions)
    elif data.editing:
        await ask(message, "summary", state, data, t, regions)
    elif step == VOLUNTEER_FIELDS[0]:
        await state.clear()
        await message.answer(t("vol-left"), reply_markup=main_menu(t))
    else:
        await ask(message, VOLUNTEER_FIELDS[VOLUNTEER_FIELDS.index(step) - 1], state, data, t, regions)


# -- axes and days: several choices; specialty, hours, on call: one choice -----------------------------

def _axes_with(selected: list[str], index: int) -> list[str]:
    axis = AXES[index].value
    return [a.value for a in AXES if (a.value in selected) != (a.value == axis)]


def _days_with(selected: list[str], index: int) -> list[str]:
    if index == EVERY_DAY:
        return [] if len(selected) == len(DAYS) else [d.value for d in DAYS]
    day = DAYS[index].value
    return [d.value for d in DAYS if (d.value in selected) != (d.value == day)]


@dataclass(frozen=True)
class _Several:
    """A step of several choices, kept in the field of the step's name: its keyboard, its texts, the button
    values it offers (0 to `buttons` - 1), a press's new selection, and the selection typed numbers make."""

    keyboard: Callable[[Translator, Sequence[str]], InlineKeyboardMarkup]
    empty: str
    invalid: str
    buttons: int
    toggled: Callable[[list[str], int], list[str]]
    typed: Callable[[list[int]], list[str]]


_SEVERAL = {
    "axes": _Several(axes_keyboard, "vol-axes-empty", "vol-axes-invalid", len(AXES), _axes_with,
                     lambda chosen: [AXES[i].value for i in chosen]),
    "days": _Several(days_keyboard, "vol-days-empty", "vol-days-invalid", EVERY_DAY + 1, _days_with,
                     lambda chosen: [d.value for i, d in enumerate(DAYS) if EVERY_DAY in chosen or i in chosen]),
}


async def choice_toggled(query: CallbackQuery, callback_data: VolunteerButton, state: FSMContext, t: Translator,
                         raw_state: str | None) -> None:
    """Select or unselect an axis, a day, or every day."""
    await query.answer()
    step = _STATE_STEP[raw_state or ""]
    several = _SEVERAL[step]
    if not 0 <= callback_data.value < several.buttons or not isinstance(query.message, Message):
        return
    data = await load(state, VolunteerData)
    setattr(data, step, several.toggled(getattr(data, step), callback_data.value))
    await save(state, data)
    await query.message.edit_reply_markup(reply_markup=several.keyboard(t, getattr(data, step)))


async def choices_done(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions,
                       raw_state: str | None) -> None:
    """Continue from the axes or the days (at least one is needed)."""
    step = _STATE_STEP[raw_state or ""]
    data = await load(state, VolunteerData)
    if not getattr(data, step):
        await query.answer(t(_SEVERAL[step].empty), show_alert=True)
        return
    message = await answered(query)
    if message is not None:
        await _done(message, step, state, data, t, regions)


async def choices_typed(message: Message, state: FSMContext, t: Translator, regions: Regions,
                        raw_state: str | None) -> None:
    """Axes or days typed by name or number (or Every day); Continue (vol-button-done) keeps the ones tapped."""
    step = _STATE_STEP[raw_state or ""]
    several, data, text = _SEVERAL[step], await load(state, VolunteerData), message.text or ""
    if is_word(text, words("vol-button-done")):
        if not getattr(data, step):
            await message.answer(t(several.empty), reply_markup=several.keyboard(t, getattr(data, step)))
            return
    else:
        chosen = pick_many(text, typed_labels(step))
        if chosen is None:
            await message.answer(t(several.invalid), reply_markup=several.keyboard(t, getattr(data, step)))
            return
        setattr(data, step, several.typed(chosen))
    await _done(message, step, state, data, t, regions)


@dataclass(frozen=True)
class _One:
    """A step of one choice, kept in the field of the step's name: the values in the order they are typed
    (typed_labels), the keyboard, the refusal, and the value a button carries for each (its index by default)."""

    values: tuple[str | bool, ...]
    keyboard: Callable[[Translator], InlineKeyboardMarkup]
    invalid: str
    button: Callable[[int], int] = int


_ONE = {
    "specialty": _One(tuple(s.value for s in SPECIALTIES), specialty_keyboard, "vol-specialty-invalid"),
    "hours": _One(tuple(h.value for h in HOURS), hours_keyboard, "vol-hours-invalid"),
    # Yes carries 1 and No 0 on the buttons; typed, yes is the first.
    "on_call": _One((True, False), on_call_keyboard, "vol-on-call-invalid", lambda value: 0 if value == 1 else 1),
}


async def _chose(message: Message, step: str, index: int, state: FSMContext, t: Translator,
                 regions: Regions) -> None:
    data = await load(state, VolunteerData)
    setattr(data, step, _ONE[step].values[index])
    await _done(message, step, state, data, t, regions)


async def one_pressed(query: CallbackQuery, callback_data: VolunteerButton, state: FSMContext, t: Translator,
                      regions: Regions, raw_state: str | None) -> None:
    """A specialty, a part of the day, or Yes or No to emergency call-outs."""
    step = _STATE_STEP[raw_state or ""]
    index = _ONE[step].button(callback_data.value)
    message = await answered(query)
    if message is not None and 0 <= index < len(_ONE[step].values):
        await _chose(message, step, index, state, t, regions)


async def one_typed(message: Message, state: FSMContext, t: Translator, regions: Regions,
                    raw_state: str | None) -> None:
    """A typed specialty, part of the day, or yes or no: by name or list number."""
    step = _STATE_STEP[raw_state or ""]
    index = pick_one(message.text or "", typed_labels(step))
    if index is None:
        await message.answer(t(_ONE[step].invalid), reply_markup=_ONE[step].keyboard(t))
        return
    await _chose(message, step, index, state, t, regions)


# -- region ----------------------------------------------------------------------------------------

async def region_pressed(query: CallbackQuery, callback_data: VolunteerButton, state: FSMContext, t: Translator,
                         regions: Regions) -> None:
    """Keep the region shown, or pick another."""
    message = await answered(query)
    if message is None:
        return
    data = await load(state, VolunteerData)
    if callback_data.action == VolunteerAction.REGION_KEEP and data.province_code:
        await _done(message, "region", state, data, t, regions)
    else:
        await ask(message, "province", state, data, t, regions)


async def region_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """This region (vol-region-keep), Another region (vol-region-other), or straight away a province's name."""
    data = await load(state, VolunteerData)
    text = message.text or ""
    index = pick_one(text, typed_labels("region"))
    province = regions.match_province(text) if index is None and not text.strip().isdigit() else None
    if index == 0 and data.province_code:
        await _done(message, "region", state, data, t, regions)
    elif index == 1:
        await ask(message, "province", state, data, t, regions)
    elif province is not None:
        await pick_region(message, state, t, regions, purpose=REGION, province_code=province.code)
    else:
        await message.answer(t("vol-region-invalid"), reply_markup=region_keyboard(t))


# The picker's answer is the region where the volunteer will help; Back from its province list asks again
# whether to keep the region shown or pick another.
_region_chosen, _region_back = draft_region(VolunteerData, _done, "region", ask, "region")
REGION = register(RegionPurpose(
    "volunteer", done=_region_chosen, back=_region_back,
    texts=RegionTexts(ask_province="vol-ask-province", ask_county="vol-ask-county",
                      province_invalid="vol-province-invalid", county_invalid="vol-county-invalid")))


# -- national ID and skills: optional text ---------------------------------------------------------

async def skipped(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Skip an optional step, keeping what was there."""
    message = await answered(query)
    if message is not None:
        step = _STATE_STEP[await state.get_state() or ""]
        await _done(message, step, state, await load(state, VolunteerData), t, regions)


def _national_id(text: str, t: Translator) -> tuple[str | None, str | None]:
    """A national ID in any digit script, checked by its check digit; or the refusal."""
    national_id = valid_national_id(text)
    if national_id is not None:
        return national_id, None
    digits = to_latin_digits(text).replace("-", "").replace(" ", "").strip()
    shape_ok = digits.isascii() and digits.isdigit() and len(digits) == 10
    return None, t("vol-national-id-invalid" if shape_ok else "vol-national-id-shape")


def _skills(text: str, t: Translator) -> tuple[str | None, str | None]:
    """Free-text skills, at most MAX_SKILLS characters; or the refusal."""
    skills = volunteers.clean_skills(text)
    if skills is not None:
        return skills, None
    return None, t("vol-skills-too-long", length=len(" ".join(text.split())), max=MAX_SKILLS)


_OPTIONAL = {"national_id": _national_id, "skills": _skills}


async def optional_typed(message: Message, state: FSMContext, t: Translator, regions: Regions,
                         raw_state: str | None) -> None:
    """The national ID or the skills typed, or Skip (button-skip) typed: keep what was there."""
    step = _STATE_STEP[raw_state or ""]
    text = message.text or ""
    data = await load(state, VolunteerData)
    if not is_word(text, words("button-skip")):
        value, refusal = _OPTIONAL[step](text, t)
        if refusal is not None:
            await message.answer(refusal, reply_markup=back_skip_keyboard(t))
            return
        setattr(data, step, value)
    await _done(message, step, state, data, t, regions)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(start, MenuText("menu-volunteer"))
    router.message.register(start, Command("volunteer"))
    router.callback_query.register(back, StateFilter(VolunteerReg), Pressed(NavButton, F.action == NavAction.BACK))
    router.message.register(back_typed, StateFilter(VolunteerReg), F.text, TypedWord("button-back"))
    for step, toggle, done in ((VolunteerReg.axes, VolunteerAction.AXIS, VolunteerAction.AXES_DONE),
                               (VolunteerReg.days, VolunteerAction.DAY, VolunteerAction.DAYS_DONE)):
        router.callback_query.register(choice_toggled, step, Pressed(VolunteerButton, F.action == toggle))
        router.callback_query.register(choices_done, step, Pressed(VolunteerButton, F.action == done))
        router.message.register(choices_typed, step, F.text)
    for step, action in ((VolunteerReg.specialty, VolunteerAction.SPECIALTY),
                         (VolunteerReg.hours, VolunteerAction.HOURS), (VolunteerReg.on_call, VolunteerAction.ON_CALL)):
        router.callback_query.register(one_pressed, step, Pressed(VolunteerButton, F.action == action))
        router.message.register(one_typed, step, F.text)
    router.callback_query.register(region_pressed, VolunteerReg.region,
                                   Pressed(VolunteerButton,
                                           F.action.in_({VolunteerAction.REGION_KEEP, VolunteerAction.REGION_OTHER})))
    router.message.register(region_typed, VolunteerReg.region, F.text)
    router.callback_query.register(skipped, VolunteerReg.skills, Pressed(NavButton, F.action == NavAction.SKIP))
    router.callback_query.register(skipped, VolunteerReg.national_id, Pressed(NavButton, F.action == NavAction.SKIP))
    router.message.register(optional_typed, StateFilter(VolunteerReg.national_id, VolunteerReg.skills), F.text)
    # The summary's handlers and the non-text answer of every step follow in handlers/volunteer_summary.py.
    return router

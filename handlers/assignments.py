"""Assignments and MOHEB call-outs: managers create them (/assign, /callout); the answers, rosters and
time bank are handlers/assignment_answers.py (its router comes right after this one).

Diagram: handlers/assignments.mmd. Every step takes a button or typed text and has Back."""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import assignments, callouts
from campaigns.assignments import AssignmentForm, AssignmentRefused, Manager, Refusal
from campaigns.broadcasts.schedules import parse_when
from campaigns.callbacks import (
    AssignmentCreateButton,
    AssignmentNeedButton,
    ManagerAction,
    ManagerMenuButton,
    NavAction,
    NavButton,
)
from campaigns.jalali import IRAN_TZ, format_date
from campaigns.numerals import parse_int
from campaigns.people import PersonView
from campaigns.regions import Regions
from campaigns.volunteers import Axis, Specialty
from campaigns.words import is_word, pick_one
from handlers.assignment_answers import roster_keyboard
from handlers.guards import expired, need_start_pressed
from handlers.keyboards import TypedWord, back_row, back_skip_keyboard, main_menu, region_name
from handlers.pressed import Pressed
from handlers.region_picker import PickedRegion, RegionPurpose, RegionTexts, pick_region, register
from handlers.states import AssignmentDraft, AssignmentNew, load, save
from handlers.steps import answered, draft_region
from i18n import Translator, words
from storage.models import utcnow
from storage.unit_of_work import UnitOfWork
from worker.callouts import live_text

STEPS = ("title", "place", "province", "county", "need", "when", "headcount", "deadline", "confirm")
NEEDS: tuple[str, ...] = (*(f"s:{s.value}" for s in Specialty), *(f"a:{a.value}" for a in Axis), "any")


def _need_key(need: str) -> str:
    """Locale id of a need: a specialty, an axis, or anyone."""
    if need == "any":
        return "assignments-need-any"
    kind, value = need.split(":", 1)
    return f"vol-spec-{value}" if kind == "s" else f"vol-axis-{value}"


def _needs(urgent: bool) -> list[str]:
    return [n for n in NEEDS if n.startswith("s:")] if urgent else list(NEEDS)


def need_keyboard(t: Translator, urgent: bool) -> InlineKeyboardMarkup:
    """Specialties (and, unless urgent, axes and Anyone) two a row, and Back."""
    buttons = [InlineKeyboardButton(text=t(_need_key(n)),
                                    callback_data=AssignmentNeedButton(index=NEEDS.index(n)).pack())
               for n in _needs(urgent)]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, back_row(t)])


def _moment(text: str | None, language: str) -> str:
    if text is None:
        return "-"
    moment = datetime.fromisoformat(text)
    clock = moment.astimezone(IRAN_TZ).strftime("%H:%M")
    return f"{format_date(moment, language)} {clock}" if language != "fa" else \
        f"{format_date(moment, language)} {''.join('۰۱۲۳۴۵۶۷۸۹'[int(c)] if c.isdigit() else c for c in clock)}"


def _summary(data: AssignmentDraft, t: Translator, regions: Regions) -> str:
    need = "any" if not (data.axis or data.specialty) else (f"s:{data.specialty}" if data.specialty
                                                            else f"a:{data.axis}")
    return t("assignments-summary", urgent="yes" if data.urgent else "no", title=data.title, place=data.place,
             region=region_name(regions, data.province_code, data.county_code, t.language),
             need=t(_need_key(need)), when=_moment(data.starts_at, t.language), headcount=data.headcount,
             deadline=_moment(data.deadline or data.starts_at, t.language))


async def _ask(message: Message, step: str, state: FSMContext, data: AssignmentDraft, t: Translator,
               regions: Regions) -> None:
    """Ask a step's question."""
    await save(state, data)
    if step in ("province", "county"):  # steps 3 and 4: the shared region picker asks, _region_chosen goes on
        await state.set_state(AssignmentNew.county)
        await pick_region(message, state, t, regions, purpose=REGION, whole_province=True,
                          province_code=data.province_code if step == "county" else None)
        return
    await state.set_state(getattr(AssignmentNew, step))
    back = back_skip_keyboard(t, skip=False)
    if step == "title":
        await message.answer(t("assignments-ask-title-urgent" if data.urgent else "assignments-ask-title"),
                             reply_markup=back)
    elif step == "place":
        await message.answer(t("assignments-ask-place"), reply_markup=back)
    elif step == "need":
        await message.answer(t("assignments-ask-need-urgent" if data.urgent else "assignments-ask-need"),
                             reply_markup=need_keyboard(t, data.urgent))
    elif step == "when":
        await message.answer(t("assignments-ask-when"), reply_markup=back)
    elif step == "headcount":
        await message.answer(t("assignments-ask-headcount"), reply_markup=back)
    elif step == "deadline":
        await message.answer(t("assignments-ask-deadline"), reply_markup=back_skip_keyboard(t))
    else:
        await message.answer(_summary(data, t, regions), reply_markup=create_keyboard(t))


def create_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Create the assignment, or Back."""
    create = InlineKeyboardButton(text=t("assignments-button-create"), callback_data=AssignmentCreateButton().pack())
    return InlineKeyboardMarkup(inline_keyboard=[[create], back_row(t)])


async def _next(message: Message, step: str, state: FSMContext, data: AssignmentDraft, t: Translator,
                regions: Regions) -> None:
    await _ask(message, STEPS[STEPS.index(step) + 1], state, data, t, regions)


async def _step(state: FSMContext) -> str:
    current = await state.get_state() or ""
    return current.rsplit(":", 1)[-1] if current.startswith("AssignmentNew:") else "title"


# -- starting -------------------------------------------------------------------------------------

async def start(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                t: Translator, regions: Regions) -> None:
    """A manager starts a new assignment (/assign) or MOHEB call-out (/callout); others are refused."""
    urgent = (message.text or "").lstrip("/").lower().startswith("callout")
    await _begin(message, urgent, state, uow, person, t, regions)


async def start_from_menu(query: CallbackQuery, callback_data: ManagerMenuButton, state: FSMContext, uow: UnitOfWork,
                          person: PersonView | None, t: Translator, regions: Regions) -> None:
    """The same, from the manager menu's buttons."""
    await query.answer()
    if isinstance(query.message, Message):
        await _begin(query.message, callback_data.action == ManagerAction.CALLOUT, state, uow, person, t, regions)


async def _begin(message: Message, urgent: bool, state: FSMContext, uow: UnitOfWork,
                 person: PersonView | None, t: Translator, regions: Regions) -> None:
    await state.clear()
    if person is None or not person.onboarded:
        await message.answer(t("assignments-need-start"))
        return
    if await assignments.manager_of(uow, person) is None:
        await message.answer(t("assignments-not-manager"))
        return
    await _ask(message, "title", state, AssignmentDraft(urgent=urgent), t, regions)


def _typed_skip(message: Message) -> bool:
    return is_word(message.text or "", words("button-skip"))


async def back(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Back to the previous step (out of the conversation from the first)."""
    message = await answered(query)
    if message is not None:
        await back_typed(message, state, t, regions)


async def back_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """The Back label (button-back) typed, or the Back button's: the same move."""
    step = await _step(state)
    if step == "title":
        await state.clear()
        await message.answer(t("assignments-left"), reply_markup=main_menu(t))
        return
    await _ask(message, STEPS[STEPS.index(step) - 1], state, await load(state, AssignmentDraft), t, regions)


# -- text steps -----------------------------------------------------------------------------------

# Steps 1 and 2, one line of text each: the longest allowed and the refusal of an empty or longer one.
_TEXT_STEPS = {"title": (assignments.MAX_TITLE, "assignments-title-invalid"),
               "place": (assignments.MAX_PLACE, "assignments-place-invalid")}


async def text_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Step 1, the title, or step 2, the place."""
    step = await _step(state)
    longest, refusal = _TEXT_STEPS[step]
    text = " ".join((message.text or "").split())
    if not text or len(text) > longest:
        await message.answer(t(refusal))
        return
    data = await load(state, AssignmentDraft)
    setattr(data, step, text)
    await _next(message, step, state, data, t, regions)


async def _region_allowed(region: PickedRegion, complete: bool, uow: UnitOfWork, person: PersonView | None,
                          t: Translator) -> str | None:
    """Steps 3 and 4: a province (before its county) or the region inside the manager's own; else the refusal."""
    actor = await assignments.manager_of(uow, person)
    if complete:
        allowed = actor is not None and assignments.covers(actor, region.province_code, region.county_code)
    else:  # a county manager picks their own province before the county
        allowed = actor is not None and (assignments.covers(actor, region.province_code, None)
                                         or actor.province_code == region.province_code)
    return None if allowed else t("assignments-refused-out-of-region")


# Steps 3 and 4 answered: the province and the county (None: the whole province), then the need; Back from
# step 3 is step 2, the place.
_region_chosen, _region_back = draft_region(AssignmentDraft, _next, "county", _ask, "place")
REGION = register(RegionPurpose(
    "assignment", done=_region_chosen, back=_region_back, check=_region_allowed,
    texts=RegionTexts(ask_province="assignments-ask-province", ask_county="assignments-ask-county",
                      province_invalid="assignments-province-invalid", county_invalid="assignments-county-invalid",
                      whole_province="button-skip")))


async def _set_need(message: Message, need: str, state: FSMContext, t: Translator, regions: Regions) -> None:
    data = await load(state, AssignmentDraft)
    data.axis = need[2:] if need.startswith("a:") else None
    data.specialty = need[2:] if need.startswith("s:") else None
    await _next(message, "need", state, data, t, regions)


async def need_pressed(query: CallbackQuery, callback_data: AssignmentNeedButton, state: FSMContext, t: Translator,
                       regions: Regions) -> None:
    """Step 5: the need from the list."""
    data = await load(state, AssignmentDraft)
    if not (callback_data.index < len(NEEDS) and NEEDS[callback_data.index] in _needs(data.urgent)):
        await expired(query, t)  # not one of the needs this step offered
        return
    message = await answered(query)
    if message is not None:
        await _set_need(message, NEEDS[callback_data.index], state, t, regions)


async def need_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Step 5: the need typed by name or list number."""
    data = await load(state, AssignmentDraft)
    options = _needs(data.urgent)
    labels = [[*words(_need_key(n)), n.split(":")[-1]] for n in options]
    index = pick_one(message.text or "", labels)
    if index is None:
        await message.answer(t("assignments-need-invalid"), reply_markup=need_keyboard(t, data.urgent))
        return
    await _set_need(message, options[index], state, t, regions)


async def when_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Step 6: the start, a Jalali date and time in the future."""
    moment = parse_when(message.text or "")
    if moment is None:
        await message.answer(t("assignments-when-invalid"))
        return
    if moment <= utcnow():
        await message.answer(t("assignments-refused-past-start"))
        return
    data = await load(state, AssignmentDraft)
    data.starts_at = moment.isoformat()
    await _next(message, "when", state, data, t, regions)


async def headcount_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Step 7: how many people; N ≤ 0 is refused."""
    number = parse_int(message.text or "")
    if number is None or not 0 < number <= assignments.MAX_HEADCOUNT:
        await message.answer(t("assignments-refused-bad-headcount"))
        return
    data = await load(state, AssignmentDraft)
    data.headcount = number
    await _next(message, "headcount", state, data, t, regions)


async def _set_deadline(message: Message, moment: datetime | None, state: FSMContext, t: Translator,
                        regions: Regions) -> None:
    data = await load(state, AssignmentDraft)
    if moment is not None and moment <= utcnow():
        await message.answer(t("assignments-refused-past-deadline"))
        return
    if moment is not None and data.starts_at and moment > datetime.fromisoformat(data.starts_at):
        await message.answer(t("assignments-refused-deadline-after-start"))
        return
    data.deadline = moment.isoformat() if moment else data.starts_at
    await _next(message, "deadline", state, data, t, regions)


async def deadline_skipped(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Step 8: the deadline is the start."""
    message = await answered(query)
    if message is not None:
        await _set_deadline(message, None, state, t, regions)


async def deadline_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Step 8: the deadline typed; a past one is refused."""
    if _typed_skip(message):
        await _set_deadline(message, None, state, t, regions)
        return
    moment = parse_when(message.text or "")
    if moment is None:
        await message.answer(t("assignments-when-invalid"))
        return
    await _set_deadline(message, moment, state, t, regions)


async def create(query: CallbackQuery, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                 platform: str, t: Translator, regions: Regions) -> None:
    """Create, send the first wave, and open the manager's live message."""
    if person is None:  # erased (by another device) while drafting: invited to /start, not told "not a manager"
        await need_start_pressed(query, state, t)
        return
    message = await answered(query)
    if message is None:
        return
    data = await load(state, AssignmentDraft)
    actor = await assignments.manager_of(uow, person)
    try:
        if data.province_code is None or data.starts_at is None:
            raise AssignmentRefused(Refusal.UNKNOWN_REGION)
        form = AssignmentForm(
            title=data.title, place=data.place, province_code=data.province_code, county_code=data.county_code,
            starts_at=datetime.fromisoformat(data.starts_at), headcount=data.headcount,
            deadline=datetime.fromisoformat(data.deadline or data.starts_at),
            axis=Axis(data.axis) if data.axis else None,
            specialty=Specialty(data.specialty) if data.specialty else None, urgent=data.urgent)
        created, state_now = await callouts.publish(uow, form, Manager(actor, platform, message.chat.id)
                                                    if actor else None, regions=regions)
    except AssignmentRefused as refused:
        await message.answer(t(refused.locale_key))
        if refused.code is Refusal.NOT_MANAGER:
            await state.clear()
        return
    await state.clear()
    await message.answer(t("assignments-created", id=created.id), reply_markup=main_menu(t))
    if state_now is not None:
        sent = await message.answer(live_text(state_now, t), reply_markup=roster_keyboard(created.id, t))
        await callouts.set_live_message(uow, created.id, sent.message_id)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(start, Command("assign", "callout"))
    router.callback_query.register(start_from_menu,
                                   Pressed(ManagerMenuButton,
                                           F.action.in_({ManagerAction.ASSIGN, ManagerAction.CALLOUT})))
    router.callback_query.register(back, StateFilter(AssignmentNew), Pressed(NavButton, F.action == NavAction.BACK))
    router.message.register(back_typed, StateFilter(AssignmentNew), F.text, TypedWord("button-back"))
    router.message.register(text_typed, StateFilter(AssignmentNew.title, AssignmentNew.place), F.text)
    router.callback_query.register(need_pressed, AssignmentNew.need, Pressed(AssignmentNeedButton))
    router.message.register(need_typed, AssignmentNew.need, F.text)
    router.message.register(when_typed, AssignmentNew.when, F.text)
    router.message.register(headcount_typed, AssignmentNew.headcount, F.text)
    router.callback_query.register(deadline_skipped, AssignmentNew.deadline,
                                   Pressed(NavButton, F.action == NavAction.SKIP))
    router.message.register(deadline_typed, AssignmentNew.deadline, F.text)
    router.callback_query.register(create, AssignmentNew.confirm, Pressed(AssignmentCreateButton))
    return router

"""Assignments and MOHEB call-outs: managers create them (/assign, /callout); the answers, rosters and
time bank are handlers/assignment_answers.py, whose router this one includes.

Diagram: handlers/assignments.mmd. Every step takes a button or typed text and has Back."""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns import assignments, callouts
from campaigns.assignments import AssignmentForm, AssignmentRefused, Manager, Refusal
from campaigns.broadcasts.schedules import parse_when
from campaigns.jalali import IRAN_TZ, format_date
from campaigns.numerals import parse_int
from campaigns.people import PersonView
from campaigns.regions import Regions
from campaigns.volunteers import Axis, Specialty, is_word, pick_one
from handlers.assignment_answers import AsgCb as AsgCb  # still importable from here (tests import it)
from handlers.assignment_answers import roster_keyboard
from handlers.assignment_answers import router as answers_router
from handlers.guards import Index, expired
from handlers.keyboards import Nav, RegionPick, TypedWord, county_keyboard, main_menu, province_keyboard, region_name
from handlers.manager_common import Mg
from handlers.states import AssignmentDraft, AssignmentNew, load, save
from i18n import Translator, words
from storage.models import utcnow
from worker.callouts import live_text

router = Router(name=__name__)
router.include_router(answers_router)

STEPS = ("title", "place", "province", "county", "need", "when", "headcount", "deadline", "confirm")
NEEDS: tuple[str, ...] = (*(f"s:{s.value}" for s in Specialty), *(f"a:{a.value}" for a in Axis), "any")


class NeedCb(CallbackData, prefix="asn"):
    """The need chosen at step 5, by index into NEEDS."""

    index: Index


class CreateCb(CallbackData, prefix="asc"):
    """Create and send the assignment under the summary."""


def _need_label(need: str, t: Translator) -> str:
    if need == "any":
        return t("assignments-need-any")
    kind, value = need.split(":", 1)
    return t(f"vol-spec-{value}" if kind == "s" else f"vol-axis-{value}")


def _needs(urgent: bool) -> list[str]:
    return [n for n in NEEDS if n.startswith("s:")] if urgent else list(NEEDS)


def _back_row(t: Translator, skip: bool = False) -> list[InlineKeyboardButton]:
    row = [InlineKeyboardButton(text=t("button-back"), callback_data=Nav(action="back").pack())]
    if skip:
        row.append(InlineKeyboardButton(text=t("button-skip"), callback_data=Nav(action="skip").pack()))
    return row


def need_keyboard(t: Translator, urgent: bool) -> InlineKeyboardMarkup:
    """Specialties (and, unless urgent, axes and Anyone) two a row, and Back."""
    buttons = [InlineKeyboardButton(text=_need_label(n, t), callback_data=NeedCb(index=NEEDS.index(n)).pack())
               for n in _needs(urgent)]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, _back_row(t)])


def county_skip_keyboard(regions: Regions, province_code: str, t: Translator, page: int) -> InlineKeyboardMarkup:
    """Counties of a province on pages, with Back and Skip (the whole province)."""
    markup = county_keyboard(regions, province_code, t, page)
    rows = [row for row in markup.inline_keyboard if not any(b.text == t("button-back") for b in row)]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, _back_row(t, skip=True)])


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
             need=_need_label(need, t), when=_moment(data.starts_at, t.language), headcount=data.headcount,
             deadline=_moment(data.deadline or data.starts_at, t.language))


async def _ask(message: Message, step: str, state: FSMContext, data: AssignmentDraft, t: Translator,
               regions: Regions) -> None:
    """Ask a step's question."""
    await save(state, data)
    await state.set_state(getattr(AssignmentNew, step))
    back = InlineKeyboardMarkup(inline_keyboard=[_back_row(t)])
    if step == "title":
        await message.answer(t("assignments-ask-title-urgent" if data.urgent else "assignments-ask-title"),
                             reply_markup=back)
    elif step == "place":
        await message.answer(t("assignments-ask-place"), reply_markup=back)
    elif step == "province":
        await message.answer(t("assignments-ask-province"), reply_markup=province_keyboard(regions, t, data.page))
    elif step == "county":
        assert data.province_code is not None
        await message.answer(t("assignments-ask-county"),
                             reply_markup=county_skip_keyboard(regions, data.province_code, t, data.page))
    elif step == "need":
        await message.answer(t("assignments-ask-need-urgent" if data.urgent else "assignments-ask-need"),
                             reply_markup=need_keyboard(t, data.urgent))
    elif step == "when":
        await message.answer(t("assignments-ask-when"), reply_markup=back)
    elif step == "headcount":
        await message.answer(t("assignments-ask-headcount"), reply_markup=back)
    elif step == "deadline":
        await message.answer(t("assignments-ask-deadline"),
                             reply_markup=InlineKeyboardMarkup(inline_keyboard=[_back_row(t, skip=True)]))
    else:
        await message.answer(_summary(data, t, regions), reply_markup=create_keyboard(t))


def create_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Create the assignment, or Back."""
    create = InlineKeyboardButton(text=t("assignments-button-create"), callback_data=CreateCb().pack())
    return InlineKeyboardMarkup(inline_keyboard=[[create], _back_row(t)])


async def _next(message: Message, step: str, state: FSMContext, data: AssignmentDraft, t: Translator,
                regions: Regions) -> None:
    data.page = 0
    await _ask(message, STEPS[STEPS.index(step) + 1], state, data, t, regions)


async def _step(state: FSMContext) -> str:
    current = await state.get_state() or ""
    return current.rsplit(":", 1)[-1] if current.startswith("AssignmentNew:") else "title"


async def _clear(query: CallbackQuery) -> Message | None:
    await query.answer()
    if not isinstance(query.message, Message):
        return None
    await query.message.edit_reply_markup(reply_markup=None)
    return query.message


# -- starting -------------------------------------------------------------------------------------

@router.message(Command("assign", "callout"))
async def start(message: Message, state: FSMContext, session: AsyncSession, person: PersonView | None,
                t: Translator, regions: Regions) -> None:
    """A manager starts a new assignment (/assign) or MOHEB call-out (/callout); others are refused."""
    urgent = (message.text or "").lstrip("/").lower().startswith("callout")
    await _begin(message, urgent, state, session, person, t, regions)


@router.callback_query(Mg.filter(F.action.in_({"assign", "callout"})))
async def start_from_menu(query: CallbackQuery, callback_data: Mg, state: FSMContext, session: AsyncSession,
                          person: PersonView | None, t: Translator, regions: Regions) -> None:
    """The same, from the manager menu's buttons."""
    await query.answer()
    if isinstance(query.message, Message):
        await _begin(query.message, callback_data.action == "callout", state, session, person, t, regions)


async def _begin(message: Message, urgent: bool, state: FSMContext, session: AsyncSession,
                 person: PersonView | None, t: Translator, regions: Regions) -> None:
    await state.clear()
    if person is None or not person.onboarded:
        await message.answer(t("assignments-need-start"))
        return
    if await assignments.manager_of(session, person) is None:
        await message.answer(t("assignments-not-manager"))
        return
    await _ask(message, "title", state, AssignmentDraft(urgent=urgent), t, regions)


def _typed_skip(message: Message) -> bool:
    return is_word(message.text or "", words("button-skip"))


async def _go_back(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    step = await _step(state)
    data = await load(state, AssignmentDraft)
    data.page = 0
    if step == "title":
        await state.clear()
        await message.answer(t("assignments-left"), reply_markup=main_menu(t))
        return
    await _ask(message, STEPS[STEPS.index(step) - 1], state, data, t, regions)


@router.callback_query(StateFilter(AssignmentNew), Nav.filter(F.action == "back"))
async def back(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Back to the previous step (out of the conversation from the first)."""
    message = await _clear(query)
    if message is not None:
        await _go_back(message, state, t, regions)


@router.message(StateFilter(AssignmentNew), F.text, TypedWord("button-back"))
async def back_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """The Back label (button-back) typed: the same as Back."""
    await _go_back(message, state, t, regions)


@router.callback_query(StateFilter(AssignmentNew), Nav.filter(F.action == "page"))
async def page(query: CallbackQuery, callback_data: Nav, state: FSMContext, t: Translator,
               regions: Regions) -> None:
    """Another page of provinces or counties."""
    message = await _clear(query)
    if message is not None:
        data = await load(state, AssignmentDraft)
        data.page = callback_data.page
        await _ask(message, await _step(state), state, data, t, regions)


# -- text steps -----------------------------------------------------------------------------------

@router.message(AssignmentNew.title, F.text)
async def title_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Step 1: the title."""
    text = " ".join((message.text or "").split())
    if not text or len(text) > assignments.MAX_TITLE:
        await message.answer(t("assignments-title-invalid"))
        return
    data = await load(state, AssignmentDraft)
    data.title = text
    await _next(message, "title", state, data, t, regions)


@router.message(AssignmentNew.place, F.text)
async def place_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Step 2: the place."""
    text = " ".join((message.text or "").split())
    if not text or len(text) > assignments.MAX_PLACE:
        await message.answer(t("assignments-place-invalid"))
        return
    data = await load(state, AssignmentDraft)
    data.place = text
    await _next(message, "place", state, data, t, regions)


async def _set_province(message: Message, code: str, state: FSMContext, session: AsyncSession,
                        person: PersonView | None, t: Translator, regions: Regions) -> None:
    actor = await assignments.manager_of(session, person)
    if actor is None or (not assignments.covers(actor, code, None) and actor.province_code != code):
        await message.answer(t("assignments-refused-out-of-region"))
        await _ask(message, "province", state, await load(state, AssignmentDraft), t, regions)
        return
    data = await load(state, AssignmentDraft)
    data.province_code, data.county_code = code, None
    await _next(message, "province", state, data, t, regions)


@router.callback_query(AssignmentNew.province, RegionPick.filter(F.level == "p"))
async def province_pressed(query: CallbackQuery, callback_data: RegionPick, state: FSMContext,
                           session: AsyncSession, person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Step 3: a province from the list."""
    message = await _clear(query)
    if message is not None and 0 <= callback_data.province < len(regions.provinces):
        await _set_province(message, regions.provinces[callback_data.province].code, state, session, person, t,
                            regions)


@router.message(AssignmentNew.province, F.text)
async def province_typed(message: Message, state: FSMContext, session: AsyncSession, person: PersonView | None,
                         t: Translator, regions: Regions) -> None:
    """Step 3: a province typed."""
    province = regions.match_province(message.text or "")
    if province is None:
        await message.answer(t("assignments-province-invalid"))
        return
    await _set_province(message, province.code, state, session, person, t, regions)


async def _set_county(message: Message, code: str | None, state: FSMContext, session: AsyncSession,
                      person: PersonView | None, t: Translator, regions: Regions) -> None:
    data = await load(state, AssignmentDraft)
    actor = await assignments.manager_of(session, person)
    if actor is None or not assignments.covers(actor, data.province_code, code):
        await message.answer(t("assignments-refused-out-of-region"))
        await _ask(message, "county", state, data, t, regions)
        return
    data.county_code = code
    await _next(message, "county", state, data, t, regions)


@router.callback_query(AssignmentNew.county, RegionPick.filter(F.level == "c"))
async def county_pressed(query: CallbackQuery, callback_data: RegionPick, state: FSMContext,
                         session: AsyncSession, person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Step 4: a county from the list."""
    message = await _clear(query)
    if message is None or not 0 <= callback_data.province < len(regions.provinces):
        return
    counties = regions.provinces[callback_data.province].counties
    if 0 <= callback_data.county < len(counties):
        await _set_county(message, counties[callback_data.county].code, state, session, person, t, regions)


@router.callback_query(AssignmentNew.county, Nav.filter(F.action == "skip"))
async def county_skipped(query: CallbackQuery, state: FSMContext, session: AsyncSession,
                         person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Step 4: the whole province."""
    message = await _clear(query)
    if message is not None:
        await _set_county(message, None, state, session, person, t, regions)


@router.message(AssignmentNew.county, F.text)
async def county_typed(message: Message, state: FSMContext, session: AsyncSession, person: PersonView | None,
                       t: Translator, regions: Regions) -> None:
    """Step 4: a county typed (or Skip typed)."""
    data = await load(state, AssignmentDraft)
    if _typed_skip(message):
        await _set_county(message, None, state, session, person, t, regions)
        return
    county = regions.match_county(data.province_code or "", message.text or "")
    if county is None:
        await message.answer(t("assignments-county-invalid"))
        return
    await _set_county(message, county.code, state, session, person, t, regions)


async def _set_need(message: Message, need: str, state: FSMContext, t: Translator, regions: Regions) -> None:
    data = await load(state, AssignmentDraft)
    data.axis = need[2:] if need.startswith("a:") else None
    data.specialty = need[2:] if need.startswith("s:") else None
    await _next(message, "need", state, data, t, regions)


@router.callback_query(AssignmentNew.need, NeedCb.filter())
async def need_pressed(query: CallbackQuery, callback_data: NeedCb, state: FSMContext, t: Translator,
                       regions: Regions) -> None:
    """Step 5: the need from the list."""
    data = await load(state, AssignmentDraft)
    if not (callback_data.index < len(NEEDS) and NEEDS[callback_data.index] in _needs(data.urgent)):
        await expired(query, t)  # not one of the needs this step offered
        return
    message = await _clear(query)
    if message is not None:
        await _set_need(message, NEEDS[callback_data.index], state, t, regions)


@router.message(AssignmentNew.need, F.text)
async def need_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Step 5: the need typed by name or list number."""
    data = await load(state, AssignmentDraft)
    options = _needs(data.urgent)
    labels = [[*words(_key(n)), n.split(":")[-1]] for n in options]
    index = pick_one(message.text or "", labels)
    if index is None:
        await message.answer(t("assignments-need-invalid"), reply_markup=need_keyboard(t, data.urgent))
        return
    await _set_need(message, options[index], state, t, regions)


def _key(need: str) -> str:
    if need == "any":
        return "assignments-need-any"
    kind, value = need.split(":", 1)
    return f"vol-spec-{value}" if kind == "s" else f"vol-axis-{value}"


@router.message(AssignmentNew.when, F.text)
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


@router.message(AssignmentNew.headcount, F.text)
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


@router.callback_query(AssignmentNew.deadline, Nav.filter(F.action == "skip"))
async def deadline_skipped(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Step 8: the deadline is the start."""
    message = await _clear(query)
    if message is not None:
        await _set_deadline(message, None, state, t, regions)


@router.message(AssignmentNew.deadline, F.text)
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


@router.callback_query(AssignmentNew.confirm, CreateCb.filter())
async def create(query: CallbackQuery, state: FSMContext, session: AsyncSession, person: PersonView | None,
                 platform: str, t: Translator, regions: Regions) -> None:
    """Create, send the first wave, and open the manager's live message."""
    message = await _clear(query)
    if message is None:
        return
    data = await load(state, AssignmentDraft)
    actor = await assignments.manager_of(session, person)
    try:
        if data.province_code is None or data.starts_at is None:
            raise AssignmentRefused(Refusal.UNKNOWN_REGION)
        form = AssignmentForm(
            title=data.title, place=data.place, province_code=data.province_code, county_code=data.county_code,
            starts_at=datetime.fromisoformat(data.starts_at), headcount=data.headcount,
            deadline=datetime.fromisoformat(data.deadline or data.starts_at),
            axis=Axis(data.axis) if data.axis else None,
            specialty=Specialty(data.specialty) if data.specialty else None, urgent=data.urgent)
        created = await assignments.create(session, form, Manager(actor, platform, message.chat.id)
                                           if actor else None)
    except AssignmentRefused as refused:
        await message.answer(t(refused.locale_key))
        if refused.code is Refusal.NOT_MANAGER:
            await state.clear()
        return
    await state.clear()
    await message.answer(t("assignments-created", id=created.id), reply_markup=main_menu(t))
    await callouts.send_wave(session, created.id, regions=regions)
    state_now = await callouts.live(session, created.id)
    if state_now is not None:
        sent = await message.answer(live_text(state_now, t), reply_markup=roster_keyboard(created.id, t))
        await callouts.set_live_message(session, created.id, sent.message_id)

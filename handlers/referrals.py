"""«ارجاع جدید»: a volunteer on an accepted MOHEB call-out refers a person to a specialised service (نظام ارجاع).

Started by the «ارجاع جدید» button under an accepted call-out or by /referral. Steps: the kind of need, the
urgency, the region (the shared region picker, inside the call-out's province), an optional note, whether
the person agrees to be contacted (then their name and phone), the summary and Send. Nothing is stored before
Send; the bot never repeats the person's name or phone back. The managers' side is handlers/referral_manage.py.

Diagram: handlers/referrals.mmd."""

from __future__ import annotations

import secrets

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import referrals
from campaigns.callbacks import (
    NavAction,
    NavButton,
    ReferralAction,
    ReferralButton,
    ReferralChoiceButton,
    ReferralChoiceField,
    ReferralSendButton,
)
from campaigns.people import PersonView
from campaigns.referrals import ReferralForm, ReferralRefused
from campaigns.regions import Regions
from campaigns.words import is_word, pick_one
from handlers.guards import erased, expired, need_start
from handlers.keyboards import TypedWord, back_row, back_skip_keyboard, main_menu, region_name
from handlers.pressed import Pressed
from handlers.region_picker import PickedRegion, RegionPurpose, RegionTexts, pick_region, register
from handlers.states import ReferralDraft, ReferralNew, load, save
from handlers.steps import answered, draft_region, not_text
from i18n import Translator, words
from storage.models.referrals import ServiceKind, Urgency
from storage.unit_of_work import UnitOfWork

STEPS = ("need", "urgency", "region", "note", "consent", "name", "phone", "confirm")
NEEDS = tuple(ServiceKind)
URGENCIES = tuple(Urgency)


def new_referral_button(t: Translator, assignment_id: int) -> InlineKeyboardButton:
    """«ارجاع جدید» under an accepted call-out."""
    return InlineKeyboardButton(text=t("referral-button-new"), callback_data=ReferralButton(
        action=ReferralAction.NEW, arg=assignment_id).pack())


def _choices(t: Translator, field: ReferralChoiceField, labels: list[str]) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=t(label), callback_data=ReferralChoiceButton(field=field, index=i).pack())
               for i, label in enumerate(labels)]
    return InlineKeyboardMarkup(inline_keyboard=[*(buttons[i:i + 2] for i in range(0, len(buttons), 2)),
                                                 back_row(t)])


def _keyboard(step: str, t: Translator) -> InlineKeyboardMarkup:
    if step == "need":
        return _choices(t, ReferralChoiceField.NEED, [f"referral-need-{k.value}" for k in NEEDS])
    if step == "urgency":
        return _choices(t, ReferralChoiceField.URGENCY, [f"referral-urgency-{u.value}" for u in URGENCIES])
    if step == "consent":
        return _choices(t, ReferralChoiceField.CONSENT, ["referral-consent-no", "referral-consent-yes"])
    return back_skip_keyboard(t, skip=step == "note")


def _summary(data: ReferralDraft, t: Translator, regions: Regions) -> str:
    return t("referral-summary", need=t(f"referral-need-{data.need}"), urgency=t(f"referral-urgency-{data.urgency}"),
             region=region_name(regions, data.province_code, data.county_code, t.language) or "-",
             note=data.note or "-", consent="yes" if data.consent else "no")


async def _ask(message: Message, step: str, state: FSMContext, data: ReferralDraft, t: Translator,
               regions: Regions) -> None:
    """Ask a step's question."""
    await save(state, data)
    if step == "region":
        await state.set_state(ReferralNew.region)
        await pick_region(message, state, t, regions, purpose=REGION, whole_province=True)
        return
    await state.set_state(getattr(ReferralNew, step))
    if step == "confirm":
        send = InlineKeyboardButton(text=t("referral-button-send"),
                                    callback_data=ReferralSendButton(nonce=data.nonce).pack())
        await message.answer(_summary(data, t, regions), reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[send], back_row(t)]))
        return
    await message.answer(t(f"referral-ask-{step}"), reply_markup=_keyboard(step, t))


async def _next(message: Message, step: str, state: FSMContext, data: ReferralDraft, t: Translator,
                regions: Regions) -> None:
    after = STEPS[STEPS.index(step) + 1]
    if step == "consent" and not data.consent:
        after = "confirm"  # no consent: no name, no phone
    await _ask(message, after, state, data, t, regions)


async def _step(state: FSMContext) -> str:
    current = await state.get_state() or ""
    return current.rsplit(":", 1)[-1] if current.startswith("ReferralNew:") else "need"


# -- starting ---------------------------------------------------------------------------------------------

async def _begin(message: Message, assignment_id: int, state: FSMContext, uow: UnitOfWork, person: PersonView,
                 t: Translator, regions: Regions) -> None:
    province = await referrals.callout_province(uow, assignment_id, person.id)
    if province is None:
        await message.answer(t("referral-refused-not-on-callout"))
        return
    await state.clear()
    draft = ReferralDraft(assignment_id=assignment_id, callout_province=province, nonce=secrets.token_hex(8))
    await _ask(message, "need", state, draft, t, regions)


async def start_pressed(query: CallbackQuery, callback_data: ReferralButton, state: FSMContext, uow: UnitOfWork,
                        person: PersonView | None, t: Translator, regions: Regions) -> None:
    """«ارجاع جدید» under a call-out (or in /referral's list)."""
    if person is None:
        await query.answer(t("need-start"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await _begin(query.message, callback_data.arg, state, uow, person, t, regions)


async def start_command(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                        t: Translator, regions: Regions) -> None:
    """/referral: the call-outs the volunteer accepted lately, one button each (straight in when one)."""
    if person is None or not person.onboarded:
        await message.answer(t("need-start"))
        return
    callouts = await referrals.my_callouts(uow, person.id)
    if not callouts:
        await message.answer(t("referral-no-callout"))
        return
    if len(callouts) == 1:
        await _begin(message, callouts[0][0], state, uow, person, t, regions)
        return
    await message.answer(t("referral-pick-callout"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=title, callback_data=ReferralButton(action=ReferralAction.NEW, arg=ident).pack())]
        for ident, title in callouts]))


async def back(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Back to the previous step (out of the conversation from the first)."""
    message = await answered(query)
    if message is not None:
        await back_typed(message, state, t, regions)


async def back_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """Back, typed or pressed."""
    step = await _step(state)
    data = await load(state, ReferralDraft)
    if step == "need":
        await state.clear()
        await message.answer(t("referral-left"), reply_markup=main_menu(t))
        return
    before = STEPS[STEPS.index(step) - 1]
    if step == "confirm" and not data.consent:
        before = "consent"
    await _ask(message, before, state, data, t, regions)


# -- the steps --------------------------------------------------------------------------------------------

async def _chosen(message: Message, field: ReferralChoiceField, index: int, state: FSMContext, t: Translator,
                  regions: Regions) -> None:
    data = await load(state, ReferralDraft)
    if field is ReferralChoiceField.NEED:
        data.need, step = NEEDS[index].value, "need"
    elif field is ReferralChoiceField.URGENCY:
        data.urgency, step = URGENCIES[index].value, "urgency"
    else:
        data.consent, step = index == 1, "consent"
        if not data.consent:
            data.name = data.phone = None
    await _next(message, step, state, data, t, regions)


_FIELDS = {"need": (ReferralChoiceField.NEED, len(NEEDS)), "urgency": (ReferralChoiceField.URGENCY, len(URGENCIES)),
           "consent": (ReferralChoiceField.CONSENT, 2)}


async def choice_pressed(query: CallbackQuery, callback_data: ReferralChoiceButton, state: FSMContext,
                         t: Translator, regions: Regions) -> None:
    """A need, an urgency or the consent from the buttons of the step asked now."""
    field, count = _FIELDS[await _step(state)]
    if callback_data.field is not field or callback_data.index >= count:
        await expired(query, t)  # a button of another step's message
        return
    message = await answered(query)
    if message is not None:
        await _chosen(message, field, callback_data.index, state, t, regions)


async def choice_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """The same answers typed: a name in either language or the list number (yes / no for the consent)."""
    step = await _step(state)
    field, _ = _FIELDS[step]
    if field is ReferralChoiceField.NEED:
        options = [[*words(f"referral-need-{k.value}"), k.value] for k in NEEDS]
    elif field is ReferralChoiceField.URGENCY:
        options = [[*words(f"referral-urgency-{u.value}"), u.value] for u in URGENCIES]
    else:
        options = [words("referral-consent-no", "answers-no"), words("referral-consent-yes", "answers-yes")]
    index = pick_one(message.text or "", options)
    if index is None:
        await message.answer(t(f"referral-{step}-invalid"), reply_markup=_keyboard(step, t))
        return
    await _chosen(message, field, index, state, t, regions)


async def _region_allowed(region: PickedRegion, state: FSMContext, t: Translator) -> str | None:
    """The referral's province must be the call-out's: another province is refused with what to do."""
    data = await load(state, ReferralDraft)
    return None if region.province_code == data.callout_province else t("referral-refused-other-province")


_region_chosen, _region_back = draft_region(ReferralDraft, _next, "region", _ask, "urgency")
REGION = register(RegionPurpose(
    "referral", done=_region_chosen, back=_region_back, check=_region_allowed,
    texts=RegionTexts(ask_province="referral-ask-province", ask_county="referral-ask-county",
                      whole_province="button-skip")))


async def note_skipped(query: CallbackQuery, state: FSMContext, t: Translator, regions: Regions) -> None:
    """No note."""
    message = await answered(query)
    if message is not None:
        data = await load(state, ReferralDraft)
        data.note = None
        await _next(message, "note", state, data, t, regions)


async def text_typed(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """The note, the person's name or their phone: each checked, and refused with what to send instead."""
    step = await _step(state)
    text = message.text or ""
    data = await load(state, ReferralDraft)
    try:
        if step == "note":
            data.note = None if is_word(text, words("button-skip")) else referrals.clean_note(text)
        elif step == "name":
            data.name = referrals.clean_name(text)
        else:
            data.phone = referrals.clean_phone(text)
    except ReferralRefused as refused:
        await message.answer(t(refused.locale_key), reply_markup=_keyboard(step, t))
        return
    await _next(message, step, state, data, t, regions)


async def phone_shared(message: Message, state: FSMContext, t: Translator, regions: Regions) -> None:
    """A contact shared at the phone step (the referred person's card, passed on by the volunteer)."""
    if message.contact is not None:
        message_text = message.contact.phone_number
        data = await load(state, ReferralDraft)
        try:
            data.phone = referrals.clean_phone(message_text)
        except ReferralRefused as refused:
            await message.answer(t(refused.locale_key), reply_markup=_keyboard("phone", t))
            return
        await _next(message, "phone", state, data, t, regions)


async def send(query: CallbackQuery, callback_data: ReferralSendButton, state: FSMContext, uow: UnitOfWork,
               person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Send: saved once under the nonce; a second tap (or an old summary) is told it was sent already."""
    data = await load(state, ReferralDraft)
    if person is None or await state.get_state() != ReferralNew.confirm.state or data.nonce != callback_data.nonce:
        before = await referrals.sent_before(uow, callback_data.nonce)
        if before is None:
            await expired(query, t)
        else:
            await query.answer(t("referral-already-sent", id=before.id), show_alert=True)
        return
    message = await answered(query)
    if message is None or data.need is None or data.urgency is None or data.province_code is None:
        return
    form = ReferralForm(assignment_id=data.assignment_id, need=ServiceKind(data.need), urgency=Urgency(data.urgency),
                        province_code=data.province_code, county_code=data.county_code, note=data.note,
                        consent=data.consent, name=data.name, phone=data.phone, nonce=data.nonce)
    try:
        saved, _ = await referrals.submit(uow, person.id, form, regions=regions)
    except ReferralRefused as refused:
        await state.clear()
        await message.answer(t(refused.locale_key), reply_markup=main_menu(t))
        return
    await state.clear()
    await message.answer(t("referral-sent", id=saved.id, urgency=saved.urgency.value), reply_markup=main_menu(t))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(start_pressed, Pressed(ReferralButton, F.action == ReferralAction.NEW))
    router.message.register(start_command, Command("referral"))
    router.callback_query.register(send, Pressed(ReferralSendButton))
    router.message.register(need_start, StateFilter(ReferralNew), erased)
    router.callback_query.register(back, StateFilter(ReferralNew), Pressed(NavButton, F.action == NavAction.BACK))
    router.message.register(back_typed, StateFilter(ReferralNew), F.text, TypedWord("button-back"))
    router.callback_query.register(choice_pressed, StateFilter(ReferralNew.need, ReferralNew.urgency,
                                                               ReferralNew.consent), Pressed(ReferralChoiceButton))
    router.message.register(choice_typed, StateFilter(ReferralNew.need, ReferralNew.urgency, ReferralNew.consent),
                            F.text)
    router.callback_query.register(note_skipped, ReferralNew.note, Pressed(NavButton, F.action == NavAction.SKIP))
    router.message.register(text_typed, StateFilter(ReferralNew.note, ReferralNew.name, ReferralNew.phone), F.text)
    router.message.register(phone_shared, ReferralNew.phone, F.contact)
    router.message.register(not_text, StateFilter(ReferralNew))
    return router

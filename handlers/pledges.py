"""Making a pledge: cash, in kind, a dowry, or payroll digits; then where, how often, confirm.

Diagram: pledges.mmd. Every question takes a button or a typed answer and has Back. The summary's
Confirm carries a nonce: the pledge is saved under an idempotency key made of it, so a double tap
makes one pledge."""

from __future__ import annotations

import secrets
from contextlib import suppress
from functools import cache

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from campaigns import catalogue, payroll, pledges
from campaigns.callbacks import (
    NavAction,
    NavButton,
    PledgeAnswerButton,
    PledgeAnswerField,
    PledgeConfirmButton,
    PledgeStartAction,
    PledgeStartButton,
)
from campaigns.catalogue import CampaignView, Openness, today_in_iran
from campaigns.jalali import format_period, period_of
from campaigns.kinds import CampaignKind, PledgeKind, Recurrence
from campaigns.numerals import is_long_number, parse_int
from campaigns.people import PersonView
from campaigns.pledge_steps import PledgeStep, Step
from campaigns.pledges import AmountError
from campaigns.regions import Regions
from campaigns.words import is_word, pick_one
from handlers.catalogue import payment_lines, show_campaign
from handlers.fallback import MAX_TEXT
from handlers.guards import expired, need_start, need_start_pressed
from handlers.keyboards import main_menu
from handlers.pledge_questions import (
    PICKER_STEPS,
    STATES,
    current_step,
    item_choices,
    question,
    region_options,
    steps,
    to_draft,
)
from handlers.pressed import Pressed
from handlers.region_picker import PickedRegion, RegionPurpose, RegionTexts, pick_region, register
from handlers.states import PledgeFlow, PledgeFlowData, load, save
from i18n import Translator, words
from storage.unit_of_work import UnitOfWork

MAX_NAME = 80  # the name of goods or of an agency typed in full


@cache
def amount_words() -> pledges.AmountWords:
    """The words people type around an amount, from the locale files (both languages)."""
    return pledges.AmountWords(units=tuple(words("answers-unit-toman")),
                               thousand=tuple(words("answers-scale-thousand")),
                               million=tuple(words("answers-scale-million")),
                               billion=tuple(words("answers-scale-billion")))

# -- asking -----------------------------------------------------------------------------------------

async def _ask(message: Message, step: Step, state: FSMContext, data: PledgeFlowData, campaign: CampaignView,
               person: PersonView, t: Translator, regions: Regions) -> None:
    """Ask one question of the pledge, with its buttons and Back."""
    if step.kind is PledgeStep.QUESTION:
        data.question = step.question  # the state names the step; the data, which of the campaign's questions
    if step.kind in PICKER_STEPS:  # another province or county: the shared picker asks, then _region_chosen goes on
        await state.set_state(PledgeFlow.region_county)
        await save(state, data)
        await pick_region(message, state, t, regions, purpose=REGION, whole_province=True,
                          province_code=data.province_code if step.kind is PledgeStep.REGION_COUNTY else None)
        return
    await state.set_state(STATES[step.kind])
    await save(state, data)
    text, markup = question(step, data, campaign, person, t, regions)
    await message.answer(text, reply_markup=markup)


async def _next(message: Message, state: FSMContext, data: PledgeFlowData, campaign: CampaignView,
                person: PersonView, t: Translator, regions: Regions) -> None:
    """Ask the question after the current one."""
    order = steps(campaign, data)
    current = current_step(await state.get_state(), data)
    following = order[order.index(current) + 1] if current in order else order[0]
    await _ask(message, following, state, data, campaign, person, t, regions)


async def _context(state: FSMContext, uow: UnitOfWork) -> tuple[PledgeFlowData, CampaignView | None]:
    data = await load(state, PledgeFlowData)
    return data, await catalogue.by_id(uow, data.campaign_id)


# -- start ------------------------------------------------------------------------------------------

async def start(query: CallbackQuery, callback_data: PledgeStartButton, state: FSMContext, uow: UnitOfWork,
                person: PersonView | None, t: Translator, regions: Regions) -> None:
    """A pledge button on a campaign page (works on old pages too: it carries the campaign id)."""
    if person is None or not person.onboarded:
        await query.answer(t("need-start"), show_alert=True)
        return
    campaign = await catalogue.by_id(uow, callback_data.campaign)
    if campaign is None or not isinstance(query.message, Message) or (
            callback_data.kind == PledgeStartAction.TOTALS and campaign.kind != CampaignKind.PAYROLL):
        await expired(query, t)  # no such campaign (or no such button on its page): forged or very old
        return
    if callback_data.kind == PledgeStartAction.TOTALS:
        await query.answer()
        await query.message.answer(await _payroll_totals(uow, campaign, t, regions))
        return
    if campaign.openness(today_in_iran()) != Openness.OPEN:
        await query.answer(t("pl-not-open"), show_alert=True)
        return
    if callback_data.kind not in campaign.definition.pledge.kinds:
        await query.answer(t("pl-kind-not-allowed"), show_alert=True)
        return
    await query.answer()
    await state.clear()
    rules = campaign.definition.pledge
    data = PledgeFlowData(campaign_id=campaign.id, kind=callback_data.kind, nonce=secrets.token_hex(6),
                          recurrence=rules.recurrence[0].value,
                          province_code=person.province_code, county_code=person.county_code)
    if callback_data.kind == PledgeKind.PAYROLL:
        data.recurrence = Recurrence.MONTHLY.value
    await _ask(query.message, steps(campaign, data)[0], state, data, campaign, person, t, regions)


async def _payroll_totals(uow: UnitOfWork, campaign: CampaignView, t: Translator, regions: Regions) -> str:
    totals = await payroll.totals(uow, campaign.id)
    if not totals.by_agency:
        return t("pay-totals-empty")
    agencies = {a.code: a.name(t.language) for a in (campaign.definition.payroll.agencies
                                                       if campaign.definition.payroll else ())}
    lines = [t("pay-totals-title")]
    lines += [t("pay-totals-line", name=agencies.get(row.key or "", row.key or t("pay-unknown")), amount=row.rials,
                people=row.people) for row in totals.by_agency]
    lines.append(t("pay-totals-province"))
    for row in totals.by_province:
        province = regions.province(row.key)
        lines.append(t("pay-totals-line", name=province.name(t.language) if province else t("pay-unknown"),
                       amount=row.rials, people=row.people))
    return "\n".join(lines)


# -- answers by button ------------------------------------------------------------------------------

async def _pressed_in_flow(query: CallbackQuery, state: FSMContext, uow: UnitOfWork,
                           person: PersonView | None, t: Translator
                           ) -> tuple[PledgeFlowData, CampaignView, PersonView] | None:
    """The pledge under way for a pressed button; None once the press is answered (a person we do not
    know, or a pledge whose campaign is gone)."""
    if person is None:
        await need_start_pressed(query, state, t)
        return None
    data, campaign = await _context(state, uow)
    if campaign is None:
        await expired(query, t)
        return None
    return data, campaign, person


def _answer_fits(step: Step, field: PledgeAnswerField, value: str, data: PledgeFlowData, campaign: CampaignView,
                 person: PersonView, t: Translator, regions: Regions) -> bool:
    """True when a pressed answer is one the pending question offers (not an old question's, nor forged)."""
    if step.kind is PledgeStep.ITEM and field is PledgeAnswerField.ITEM:
        free = campaign.definition.in_kind is not None and campaign.definition.in_kind.free_text
        return (value == "other" and free) or (value.isdigit() and int(value) < len(item_choices(campaign)))
    if step.kind is PledgeStep.AGENCY and field is PledgeAnswerField.AGENCY:
        agencies = campaign.definition.payroll.agencies if campaign.definition.payroll else ()
        return value == "other" or (value.isdigit() and int(value) < len(agencies))
    if step.kind is PledgeStep.REGION and field is PledgeAnswerField.REGION:
        return value in {key for key, _ in region_options(person, t, regions)}
    if step.kind is PledgeStep.RECURRENCE and field is PledgeAnswerField.RECURRENCE:
        return value in {r.value for r in campaign.definition.pledge.recurrence}
    return False


async def _answer_message(query: CallbackQuery) -> Message | None:
    await query.answer()
    if not isinstance(query.message, Message):
        return None
    await drop_buttons(query.message)
    return query.message


async def drop_buttons(message: Message) -> None:
    """Remove an answered question's buttons (a second tap finds them gone already: that is fine)."""
    with suppress(TelegramBadRequest):
        await message.edit_reply_markup(reply_markup=None)


async def answer_pressed(query: CallbackQuery, callback_data: PledgeAnswerButton, state: FSMContext,
                         uow: UnitOfWork, person: PersonView | None, t: Translator,
                         regions: Regions) -> None:
    """A button answering the pending question."""
    if (flow := await _pressed_in_flow(query, state, uow, person, t)) is None:
        return
    data, campaign, person = flow
    if not _answer_fits(current_step(await state.get_state(), data), callback_data.field, callback_data.value,
                        data, campaign, person, t, regions):
        await expired(query, t)
        return
    message = await _answer_message(query)
    if message is None:
        return
    await _take(message, callback_data.field, callback_data.value, state, data, campaign, person, t, regions)


async def _take(message: Message, field: PledgeAnswerField, value: str, state: FSMContext, data: PledgeFlowData,
                campaign: CampaignView, person: PersonView, t: Translator, regions: Regions) -> None:
    """Apply a chosen option (pressed or typed) and go on."""
    if field is PledgeAnswerField.ITEM:
        choices = item_choices(campaign)
        if value == "other":
            data.other_item, data.item = True, None
        elif value.isdigit() and int(value) < len(choices):
            data.other_item, data.item, data.item_label = False, choices[int(value)][0], None
        else:
            return
    elif field is PledgeAnswerField.AGENCY:
        agencies = campaign.definition.payroll.agencies if campaign.definition.payroll else ()
        if value == "other":
            data.other_agency, data.agency = True, None
        elif value.isdigit() and int(value) < len(agencies):
            data.other_agency, data.agency = False, agencies[int(value)].code
        else:
            return
    elif field is PledgeAnswerField.REGION:
        data.region = value
        if value == "county":
            data.province_code, data.county_code = person.province_code, person.county_code
        elif value == "province":
            data.province_code, data.county_code = person.province_code, None
        elif value == "any":
            data.province_code, data.county_code = None, None
    elif field is PledgeAnswerField.RECURRENCE:
        data.recurrence = value
    await _next(message, state, data, campaign, person, t, regions)


async def back_or_skip(query: CallbackQuery, callback_data: NavButton, state: FSMContext, uow: UnitOfWork,
                       person: PersonView | None, t: Translator, regions: Regions) -> None:
    """Back to the previous question (or the campaign page), or skip an optional question."""
    if (flow := await _pressed_in_flow(query, state, uow, person, t)) is None:
        return
    data, campaign, person = flow
    message = await _answer_message(query)
    if message is None:
        return
    if callback_data.action == NavAction.SKIP:
        await _next(message, state, data, campaign, person, t, regions)
        return
    order = steps(campaign, data)
    current = current_step(await state.get_state(), data)
    index = order.index(current) if current in order else 0
    if index == 0:
        await state.clear()
        await show_campaign(message, campaign, person, t, uow)
        return
    await _ask(message, order[index - 1], state, data, campaign, person, t, regions)


# -- typed answers ----------------------------------------------------------------------------------

async def typed(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                t: Translator, regions: Regions) -> None:
    """A typed answer to whichever question is pending; a wrong one says what to send."""
    if person is None:
        await need_start(message, state, t)
        return
    data, campaign = await _context(state, uow)
    if campaign is None:
        await state.clear()
        await message.answer(t("pl-expired"), reply_markup=main_menu(t))
        return
    step = current_step(await state.get_state(), data)
    text = " ".join((message.text or "").split())
    error = await _typed_answer(message, step, text, state, uow, data, campaign, person, t, regions)
    if error is not None:
        await message.answer(error)
        await _ask(message, step, state, data, campaign, person, t, regions)


async def _typed_answer(message: Message, step: Step, text: str, state: FSMContext, uow: UnitOfWork,
                        data: PledgeFlowData, campaign: CampaignView, person: PersonView, t: Translator,
                        regions: Regions) -> str | None:
    """Take a typed answer and go on; or return what to tell the person."""
    rules = campaign.definition.pledge
    number = parse_int(text)
    if step.kind is PledgeStep.AMOUNT:
        amount = pledges.check_amount(text, rules, amount_words())
        if isinstance(amount, AmountError):
            if amount is AmountError.NOT_A_NUMBER and len(text) > MAX_TEXT:
                return t("text-too-long", max=MAX_TEXT)  # a pasted text, not a number: say it is too long
            key = {AmountError.NOT_A_NUMBER: "pl-amount-not-number", AmountError.TOO_SMALL: "pl-amount-too-small",
                   AmountError.TOO_LARGE: "pl-amount-too-large"}[amount]
            return t(key, min=rules.min_tomans, max=rules.max_tomans)
        data.amount = amount
    elif step.kind in (PledgeStep.ITEM, PledgeStep.AGENCY):
        count = len(item_choices(campaign)) if step.kind is PledgeStep.ITEM else len(
            campaign.definition.payroll.agencies if campaign.definition.payroll else ())
        if number is not None and 1 <= number <= count:
            field = PledgeAnswerField.ITEM if step.kind is PledgeStep.ITEM else PledgeAnswerField.AGENCY
            await _take(message, field, str(number - 1), state, data, campaign, person, t, regions)
            return None
        in_kind = campaign.definition.in_kind
        free = step.kind is PledgeStep.AGENCY or (in_kind is not None and in_kind.free_text)
        typed_number = number is not None or is_long_number(text)  # a list number, if one far too long
        if free and not typed_number and len(text) > MAX_NAME:
            return t("pl-item-text-invalid" if step.kind is PledgeStep.ITEM else "pay-agency-text-invalid")
        if not free or not 2 <= len(text) <= MAX_NAME or typed_number:
            return t("pl-item-invalid" if step.kind is PledgeStep.ITEM else "pay-agency-invalid")
        if step.kind is PledgeStep.ITEM:
            data.other_item, data.item, data.item_label = True, None, text
            await state.set_state(PledgeFlow.item_text)  # so that the next question follows the free text
        else:
            data.other_agency, data.agency = True, text
            await state.set_state(PledgeFlow.agency_text)
    elif step.kind in (PledgeStep.ITEM_TEXT, PledgeStep.AGENCY_TEXT):
        if not 2 <= len(text) <= MAX_NAME:
            return t("pl-item-text-invalid" if step.kind is PledgeStep.ITEM_TEXT else "pay-agency-text-invalid")
        if step.kind is PledgeStep.ITEM_TEXT:
            data.item_label = text
        else:
            data.agency = text
    elif step.kind is PledgeStep.QUANTITY:
        if number is None or not 1 <= number <= rules.max_quantity:
            return t("pl-quantity-invalid", max=rules.max_quantity)
        data.quantity = number
    elif step.kind is PledgeStep.DIGITS:
        digits = payroll.payslip_digits(text, words("answers-unit-rial"))
        if isinstance(digits, payroll.DigitsError):
            return t("pay-digits-not-digits" if digits == payroll.DigitsError.NOT_DIGITS else "pay-digits-ambiguous")
        data.amount = digits
    elif step.kind is PledgeStep.QUESTION:
        question = campaign.definition.questions[step.question]
        if not 2 <= len(text) <= question.max_length:
            return t("pl-answer-invalid", max=question.max_length)
        data.answers[question.id] = text
    elif step.kind is PledgeStep.REGION:
        options = region_options(person, t, regions)
        chosen = next((key for n, (key, label) in enumerate(options, start=1)
                       if number == n or text in (label, f"{n}. {label}")), None)
        if chosen is None:
            return t("pl-region-invalid")
        await _take(message, PledgeAnswerField.REGION, chosen, state, data, campaign, person, t, regions)
        return None
    elif step.kind is PledgeStep.RECURRENCE:
        index = pick_one(text, [words("pl-once", "answers-once"), words("pl-monthly", "answers-monthly")])
        if index is None:
            return t("pl-recurrence-invalid")
        data.recurrence = (Recurrence.ONCE, Recurrence.MONTHLY)[index].value
    elif step.kind is PledgeStep.CONFIRM:
        if not is_word(text, words("pl-confirm", "answers-confirm", "answers-yes")):
            return t("pl-confirm-invalid")
        await _save(message, campaign.id, data.nonce, state, uow, person, t)
        return None
    await _next(message, state, data, campaign, person, t, regions)
    return None


async def not_text(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                   t: Translator, regions: Regions) -> None:
    """A sticker or photo while a question is pending: say so and ask again."""
    data, campaign = await _context(state, uow)
    await message.answer(t("expect-text"))
    if campaign is not None and person is not None:
        await _ask(message, current_step(await state.get_state(), data), state, data, campaign, person, t, regions)


# -- confirm ----------------------------------------------------------------------------------------

async def confirm_pressed(query: CallbackQuery, callback_data: PledgeConfirmButton, state: FSMContext,
                          uow: UnitOfWork, person: PersonView | None, t: Translator) -> None:
    """Confirm: save once under the nonce's key; a second tap says it is already saved."""
    if person is None:
        await need_start_pressed(query, state, t)
        return
    if not isinstance(query.message, Message) or (
            not await _fresh(state, callback_data.campaign, callback_data.nonce)
            and await _previous(uow, person, callback_data.campaign, callback_data.nonce) is None):
        await expired(query, t)  # neither this confirmation nor one already saved: forged or stale
        return
    await query.answer()
    await _save(query.message, callback_data.campaign, callback_data.nonce, state, uow, person, t, query=query)


async def _save(message: Message, campaign_id: int, nonce: str, state: FSMContext, uow: UnitOfWork,
                person: PersonView, t: Translator, query: CallbackQuery | None = None) -> None:
    data = await load(state, PledgeFlowData)
    campaign = await catalogue.by_id(uow, campaign_id) if await _fresh(state, campaign_id, nonce) else None
    if campaign is None:
        previous = await _previous(uow, person, campaign_id, nonce)
        await message.answer(t("pl-already-saved", id=previous.id) if previous else t("pl-expired"),
                             reply_markup=main_menu(t))
        return
    if query is not None:
        await drop_buttons(message)
    draft = to_draft(campaign, data)
    today = today_in_iran()
    if draft.kind == PledgeKind.PAYROLL:
        saved, created = await payroll.pledge_month(uow, person.id, campaign.id, draft.agency or "",
                                                    draft.amount or 0, person.province_code, person.county_code,
                                                    today)
        period = format_period(saved.period or period_of(today), t.language)
        text = t("pay-saved" if created else "pay-updated", period=period, amount=saved.amount or 0)
    else:
        saved, created = await pledges.create(uow, person.id, draft,
                                              pledges.idempotency_key(person.id, campaign.id, nonce), today)
        text = t("pl-saved", id=saved.id) if created else t("pl-already-saved", id=saved.id)
        if created and payment_lines(campaign, t):
            text += "\n" + "\n".join(payment_lines(campaign, t))
    await state.clear()
    await message.answer(text, reply_markup=main_menu(t))


async def _fresh(state: FSMContext, campaign_id: int, nonce: str) -> bool:
    """True when the pledge under way waits for this very confirmation."""
    data = await load(state, PledgeFlowData)
    return (data.nonce == nonce and data.campaign_id == campaign_id
            and await state.get_state() == PledgeFlow.confirm.state)


async def _previous(uow: UnitOfWork, person: PersonView, campaign_id: int,
                    nonce: str) -> pledges.PledgeView | None:
    """The pledge a repeated Confirm already made (or this month's payroll pledge), if any."""
    made = await pledges.already_made(uow, pledges.idempotency_key(person.id, campaign_id, nonce))
    if made is None:
        made = await pledges.already_made(
            uow, payroll.payroll_key(person.id, campaign_id, period_of(today_in_iran())))
    return made


# -- another region: the shared picker --------------------------------------------------------------

async def _region_flow(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                       t: Translator) -> tuple[PledgeFlowData, CampaignView, PersonView] | None:
    """The pledge under way when the picker hands back; None once answered (unknown person, campaign gone)."""
    if person is None:
        await need_start(message, state, t)
        return None
    data, campaign = await _context(state, uow)
    if campaign is None:
        await state.clear()
        await message.answer(t("pl-expired"), reply_markup=main_menu(t))
        return None
    return data, campaign, person


async def _region_chosen(message: Message, region: PickedRegion, state: FSMContext, uow: UnitOfWork,
                         person: PersonView | None, t: Translator, regions: Regions) -> None:
    """The province (and county, unless the whole province) the help goes to; then the next question."""
    if (flow := await _region_flow(message, state, uow, person, t)) is None:
        return
    data, campaign, person = flow
    data.province_code, data.county_code = region.province_code, region.county_code
    await _next(message, state, data, campaign, person, t, regions)


async def _region_back(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                       t: Translator, regions: Regions) -> None:
    """Back from the province list: where the help goes."""
    if (flow := await _region_flow(message, state, uow, person, t)) is None:
        return
    data, campaign, person = flow
    await _ask(message, Step(PledgeStep.REGION), state, data, campaign, person, t, regions)


REGION = register(RegionPurpose(
    "pledge", done=_region_chosen, back=_region_back,
    texts=RegionTexts(ask_province="pl-ask-province", ask_county="pl-ask-county",
                      province_invalid="pl-province-invalid", county_invalid="pl-county-invalid",
                      whole_province="pl-whole-province")))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(start, Pressed(PledgeStartButton))
    router.callback_query.register(answer_pressed, StateFilter(PledgeFlow), Pressed(PledgeAnswerButton))
    router.callback_query.register(back_or_skip, StateFilter(PledgeFlow),
                                   Pressed(NavButton, F.action.in_({NavAction.BACK, NavAction.SKIP})))
    router.message.register(typed, StateFilter(PledgeFlow), F.text)
    router.message.register(not_text, StateFilter(PledgeFlow))
    router.callback_query.register(confirm_pressed, Pressed(PledgeConfirmButton))
    return router

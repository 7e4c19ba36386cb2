"""Making a pledge: cash, in kind, a dowry, or payroll digits; then where, how often, confirm.

Diagram: pledges.mmd. Every question takes a button or a typed answer and has Back. This module starts a
pledge, asks its questions (their texts and buttons: handlers/pledge_questions.py) and takes the pressed
answers; typed answers are handlers/pledge_typed.py. The summary's Confirm carries a nonce: the pledge is
saved under an idempotency key made of it, so a double tap makes one pledge (handlers/pledge_confirm.py)."""

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
    PledgeStartAction,
    PledgeStartButton,
)
from campaigns.catalogue import CampaignView, Openness, today_in_iran
from campaigns.kinds import CampaignKind, PledgeKind, Recurrence
from campaigns.people import PersonView
from campaigns.pledge_steps import PledgeStep, Step
from campaigns.regions import Regions
from handlers.catalogue import show_campaign
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
)
from handlers.pressed import Pressed
from handlers.region_picker import PickedRegion, RegionPurpose, RegionTexts, pick_region, register
from handlers.states import PledgeFlow, PledgeFlowData, load, save
from i18n import Translator, words
from storage.unit_of_work import UnitOfWork


@cache
def amount_words() -> pledges.AmountWords:
    """The words people type around an amount, from the locale files (both languages)."""
    return pledges.AmountWords(units=tuple(words("answers-unit-toman")),
                               thousand=tuple(words("answers-scale-thousand")),
                               million=tuple(words("answers-scale-million")),
                               billion=tuple(words("answers-scale-billion")))

# -- asking -----------------------------------------------------------------------------------------

async def ask(message: Message, step: Step, state: FSMContext, data: PledgeFlowData, campaign: CampaignView,
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


async def ask_next(message: Message, state: FSMContext, data: PledgeFlowData, campaign: CampaignView,
                 person: PersonView, t: Translator, regions: Regions) -> None:
    """Ask the question after the current one."""
    order = steps(campaign, data)
    current = current_step(await state.get_state(), data)
    following = order[order.index(current) + 1] if current in order else order[0]
    await ask(message, following, state, data, campaign, person, t, regions)


async def flow_context(state: FSMContext, uow: UnitOfWork) -> tuple[PledgeFlowData, CampaignView | None]:
    """The pledge under way and its campaign (None when the campaign is gone)."""
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
    await ask(query.message, steps(campaign, data)[0], state, data, campaign, person, t, regions)


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
    data, campaign = await flow_context(state, uow)
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
    await take(message, callback_data.field, callback_data.value, state, data, campaign, person, t, regions)


async def take(message: Message, field: PledgeAnswerField, value: str, state: FSMContext, data: PledgeFlowData,
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
    await ask_next(message, state, data, campaign, person, t, regions)


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
        await ask_next(message, state, data, campaign, person, t, regions)
        return
    order = steps(campaign, data)
    current = current_step(await state.get_state(), data)
    index = order.index(current) if current in order else 0
    if index == 0:
        await state.clear()
        await show_campaign(message, campaign, person, t, uow)
        return
    await ask(message, order[index - 1], state, data, campaign, person, t, regions)


# -- after a typed answer, and another region: the shared picker ----------------------------------

async def flow_of_message(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                          t: Translator) -> tuple[PledgeFlowData, CampaignView, PersonView] | None:
    """The pledge under way for a typed answer or the picker's hand-back; None once answered (unknown person,
    campaign gone)."""
    if person is None:
        await need_start(message, state, t)
        return None
    data, campaign = await flow_context(state, uow)
    if campaign is None:
        await state.clear()
        await message.answer(t("pl-expired"), reply_markup=main_menu(t))
        return None
    return data, campaign, person


async def _region_chosen(message: Message, region: PickedRegion, state: FSMContext, uow: UnitOfWork,
                         person: PersonView | None, t: Translator, regions: Regions) -> None:
    """The province (and county, unless the whole province) the help goes to; then the next question."""
    if (flow := await flow_of_message(message, state, uow, person, t)) is None:
        return
    data, campaign, person = flow
    data.province_code, data.county_code = region.province_code, region.county_code
    await ask_next(message, state, data, campaign, person, t, regions)


async def _region_back(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                       t: Translator, regions: Regions) -> None:
    """Back from the province list: where the help goes."""
    if (flow := await flow_of_message(message, state, uow, person, t)) is None:
        return
    data, campaign, person = flow
    await ask(message, Step(PledgeStep.REGION), state, data, campaign, person, t, regions)


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
    return router

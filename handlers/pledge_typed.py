"""A pledge's questions answered by typing: an amount in words or any digits, a list number or a name, the
answer to a campaign's own question, Confirm typed. A wrong answer says what to send and asks again.

Diagram: pledges.mmd. The questions and their buttons are handlers/pledges.py and handlers/pledge_questions.py."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from campaigns import payroll, pledges
from campaigns.callbacks import PledgeAnswerField
from campaigns.catalogue import CampaignView
from campaigns.kinds import Recurrence
from campaigns.numerals import is_long_number, parse_int
from campaigns.payments import PaymentProviders
from campaigns.people import PersonView
from campaigns.pledge_steps import PledgeStep, Step
from campaigns.pledges import AmountError
from campaigns.regions import Regions
from campaigns.words import is_word, pick_one
from handlers.fallback import MAX_TEXT
from handlers.pledge_confirm import save_pledge
from handlers.pledge_questions import current_step, item_choices, region_options
from handlers.pledges import amount_words, ask, ask_next, flow_context, flow_of_message, take
from handlers.states import PledgeFlow, PledgeFlowData
from i18n import Translator, words
from runtime.config import Settings
from storage.unit_of_work import UnitOfWork

MAX_NAME = 80  # the name of goods or of an agency typed in full


async def typed(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                t: Translator, regions: Regions, platform: str, settings: Settings) -> None:
    """A typed answer to whichever question is pending; a wrong one says what to send."""
    if (flow := await flow_of_message(message, state, uow, person, t)) is None:
        return
    data, campaign, person = flow
    step = current_step(await state.get_state(), data)
    text = " ".join((message.text or "").split())
    error = await _typed_answer(message, step, text, state, uow, data, campaign, person, t, regions,
                                providers=settings.payment_providers(platform))
    if error is not None:
        await message.answer(error)
        await ask(message, step, state, data, campaign, person, t, regions)


async def _typed_answer(message: Message, step: Step, text: str, state: FSMContext, uow: UnitOfWork,
                        data: PledgeFlowData, campaign: CampaignView, person: PersonView, t: Translator,
                        regions: Regions, providers: PaymentProviders | None = None) -> str | None:
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
            await take(message, field, str(number - 1), state, data, campaign, person, t, regions)
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
        await take(message, PledgeAnswerField.REGION, chosen, state, data, campaign, person, t, regions)
        return None
    elif step.kind is PledgeStep.RECURRENCE:
        index = pick_one(text, [words("pl-once", "answers-once"), words("pl-monthly", "answers-monthly")])
        if index is None:
            return t("pl-recurrence-invalid")
        data.recurrence = (Recurrence.ONCE, Recurrence.MONTHLY)[index].value
    elif step.kind is PledgeStep.CONFIRM:
        if not is_word(text, words("pl-confirm", "answers-confirm", "answers-yes")):
            return t("pl-confirm-invalid")
        await save_pledge(message, campaign.id, data.nonce, state, uow, person, t, providers=providers)
        return None
    await ask_next(message, state, data, campaign, person, t, regions)
    return None


async def not_text(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                   t: Translator, regions: Regions) -> None:
    """A sticker or photo while a question is pending: say so and ask again."""
    data, campaign = await flow_context(state, uow)
    await message.answer(t("expect-text"))
    if campaign is not None and person is not None:
        await ask(message, current_step(await state.get_state(), data), state, data, campaign, person, t, regions)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(typed, StateFilter(PledgeFlow), F.text)
    router.message.register(not_text, StateFilter(PledgeFlow))
    return router

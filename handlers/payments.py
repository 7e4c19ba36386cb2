"""Paying a pledge inside the chat: the «پرداخت در همین گفتگو» button sends an invoice (or, with no payment
provider on this platform, how to pay as the campaign says); the pre-checkout is answered after the pledge's
checks; a successful payment is counted once and thanked.

Diagram: payments.mmd. The offer's button is shown by handlers/pledge_confirm.py (after Confirm) and
handlers/my_pledges.py (each unpaid cash pledge); the monthly reminder carries this month's button."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LabeledPrice,
    Message,
    PreCheckoutQuery,
)

from campaigns import catalogue, payments, pledges
from campaigns.callbacks.payments import PayAction, PayButton
from campaigns.catalogue import CampaignView
from campaigns.payments import Checkout, PaymentProviders, Recorded
from campaigns.people import PersonView
from campaigns.pledges import PledgeView
from campaigns.progress import measure
from handlers.catalogue import payment_lines, progress_words
from handlers.guards import expired, need_start_pressed
from handlers.pressed import Pressed
from i18n import Translator
from runtime.config import Settings
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

MAX_TITLE = 32  # the Bot API's limits on an invoice's title and description
MAX_DESCRIPTION = 255


def pay_button(pledge_id: int, t: Translator, number: int | None = None) -> InlineKeyboardButton:
    """The «پرداخت در همین گفتگو» button of one pledge (numbered like a list when `number` is given)."""
    text = t("payment-button-pay") if number is None else t("payment-button-pay-number", number=number)
    return InlineKeyboardButton(text=text, callback_data=PayButton(action=PayAction.PLEDGE, id=pledge_id).pack())


async def offer(message: Message, pledge: PledgeView, t: Translator) -> None:
    """After Confirm, with a provider: the offer to pay now, with its button."""
    await message.answer(t("payment-offer"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[
        [pay_button(pledge.id, t)]]))


async def pay_pressed(query: CallbackQuery, callback_data: PayButton, bot: Bot, state: FSMContext, uow: UnitOfWork,
                      person: PersonView | None, platform: str, settings: Settings, t: Translator) -> None:
    """«پرداخت در همین گفتگو» (a pledge) or «پرداخت تعهد این ماه» (a campaign, under the monthly reminder)."""
    if person is None:
        await need_start_pressed(query, state, t)
        return
    if not isinstance(query.message, Message):
        await expired(query, t)
        return
    if callback_data.action is PayAction.MONTH:
        pledge = await payments.pledge_to_pay(uow, person.id, callback_data.id)
        if pledge is None:
            await query.answer()
            await query.message.answer(t("payment-nothing-this-month"))
            return
    else:
        found = await pledges.get(uow, person.id, callback_data.id)
        if found is None:
            await expired(query, t)  # not a pledge of theirs: forged, or another person's
            return
        pledge = found
    await query.answer()
    if not payments.payable(pledge):
        await query.message.answer(t("payment-not-payable"))
        return
    await send_invoice(query.message, bot, uow, person, pledge, settings.payment_providers(platform), t)


async def send_invoice(message: Message, bot: Bot, uow: UnitOfWork, person: PersonView, pledge: PledgeView,
                       providers: PaymentProviders, t: Translator) -> None:
    """The invoice for a payable pledge, through its campaign's provider (its own, else the platform's); with
    neither, the campaign's way to pay as before."""
    campaign = await catalogue.by_id(uow, pledge.campaign_id)
    title = campaign.title(t.language) if campaign else ""
    provider = providers.of(campaign.slug if campaign else None)
    if provider is None:
        await message.answer(_how_to_pay(campaign, pledge, t))
        return
    invoice = await payments.open_invoice(uow, person.id, pledge.id, provider)
    if invoice is None:
        await message.answer(t("payment-not-payable"))
        return
    await bot.send_invoice(
        chat_id=message.chat.id, title=t("payment-invoice-title", id=pledge.id)[:MAX_TITLE],
        description=t("payment-invoice-description", amount=invoice.tomans, campaign=title)[:MAX_DESCRIPTION],
        payload=invoice.payload, currency=invoice.currency, provider_token=provider.token,
        prices=[LabeledPrice(label=t("payment-invoice-label"), amount=invoice.amount)])


def _how_to_pay(campaign: CampaignView | None, pledge: PledgeView, t: Translator) -> str:
    lines = payment_lines(campaign, t) if campaign else []
    if not lines:
        return t("payment-no-way")
    head = t("payment-how", amount=pledge.amount or 0, campaign=campaign.title(t.language) if campaign else "")
    return "\n".join([head, *lines])


async def pre_checkout(query: PreCheckoutQuery, uow: UnitOfWork, platform: str, t: Translator) -> None:
    """Answered at once (the platform waits ten seconds at most): ok when the pledge may be paid, else why not."""
    verdict = await payments.check_checkout(uow, platform, query.from_user.id, query.invoice_payload,
                                            query.currency, query.total_amount)
    if verdict is Checkout.OK:
        await query.answer(ok=True)
    else:
        await query.answer(ok=False, error_message=t(f"payment-refused-{verdict.value}"))


async def paid(message: Message, uow: UnitOfWork, platform: str, t: Translator) -> None:
    """A successful payment: counted once (a repeat is ignored, with a log line), then thanked."""
    payment = message.successful_payment
    if payment is None:
        return
    result = await payments.record_payment(uow, platform, payment.invoice_payload, payment.currency,
                                           payment.total_amount, payment.telegram_payment_charge_id,
                                           payment.provider_payment_charge_id)
    charge = payment.telegram_payment_charge_id
    if result.recorded is Recorded.REPEAT:
        return
    campaign = await catalogue.by_id(uow, result.campaign_id) if result.campaign_id else None
    if result.recorded is not Recorded.FULFILLED or campaign is None:
        key = "payment-thanks-not-open" if result.recorded is Recorded.NOT_OPEN else "payment-thanks-unknown"
        await message.answer(t(key, charge=charge))
        return
    progress = await measure(uow, campaign)
    await message.answer(t("payment-thanks", campaign=campaign.title(t.language), amount=result.tomans,
                           charge=charge, paid=await payments.paid_in_chat(uow, campaign.id),
                           progress=progress_words(progress, campaign, t)))


def create_router() -> Router:
    """A fresh router with this module's handlers; it comes first (handlers/__init__.py), so a payment reaches it
    in any conversation state."""
    router = Router(name=__name__)
    router.pre_checkout_query.register(pre_checkout)
    router.message.register(paid, F.successful_payment)
    router.callback_query.register(pay_pressed, Pressed(PayButton))
    return router

"""A pledge's Confirm: saved once under the idempotency key its nonce makes; a second tap says it is saved.

Diagram: pledges.mmd (confirm). The questions before it are handlers/pledges.py and handlers/pledge_typed.py."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from campaigns import catalogue, payments, payroll, pledges
from campaigns.callbacks import PledgeConfirmButton
from campaigns.catalogue import today_in_iran
from campaigns.jalali import format_period, period_of
from campaigns.kinds import PledgeKind
from campaigns.payments import PaymentProviders
from campaigns.people import PersonView
from handlers.catalogue import payment_lines
from handlers.guards import expired, need_start_pressed
from handlers.keyboards import main_menu
from handlers.payments import offer
from handlers.pledge_questions import to_draft
from handlers.pledges import drop_buttons
from handlers.pressed import Pressed
from handlers.states import PledgeFlow, PledgeFlowData, load
from i18n import Translator
from runtime.config import Settings
from storage.unit_of_work import UnitOfWork


async def confirm_pressed(query: CallbackQuery, callback_data: PledgeConfirmButton, state: FSMContext,
                          uow: UnitOfWork, person: PersonView | None, t: Translator, platform: str,
                          settings: Settings) -> None:
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
    await save_pledge(query.message, callback_data.campaign, callback_data.nonce, state, uow, person, t, query=query,
                      providers=settings.payment_providers(platform))


async def save_pledge(message: Message, campaign_id: int, nonce: str, state: FSMContext, uow: UnitOfWork,
                      person: PersonView, t: Translator, query: CallbackQuery | None = None,
                      providers: PaymentProviders | None = None) -> None:
    """Save the pledge under way (Confirm pressed or typed) and say so; a repeat says it is saved already. A new
    cash pledge then offers to pay in the chat when the platform has a payment provider, else says how to pay."""
    data = await load(state, PledgeFlowData)
    campaign = await catalogue.by_id(uow, campaign_id) if await _fresh(state, campaign_id, nonce) else None
    if campaign is None:
        previous = await _previous(uow, person, campaign_id, nonce)
        await message.answer(t("pl-already-saved", id=previous.id) if previous else t("pl-expired"),
                             reply_markup=main_menu(t))
        return
    if query is not None:
        await drop_buttons(message)
    provider = providers.of(campaign.slug) if providers is not None else None
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
        if created and payment_lines(campaign, t) and not (provider and payments.payable(saved)):
            text += "\n" + "\n".join(payment_lines(campaign, t))
    await state.clear()
    await message.answer(text, reply_markup=main_menu(t))
    if draft.kind != PledgeKind.PAYROLL and created and provider is not None and payments.payable(saved):
        await offer(message, saved, t)


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


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(confirm_pressed, Pressed(PledgeConfirmButton))
    return router

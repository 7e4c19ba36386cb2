"""/stop and the "stop these messages" button on broadcasts; reply-choice buttons are acknowledged."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from campaigns import catalogue
from campaigns.broadcasts import opt_out
from campaigns.broadcasts.service import reply_choice_known
from campaigns.callbacks import BroadcastReplyButton, StopMessagesButton
from campaigns.people import PersonView
from handlers.guards import expired
from handlers.pressed import Pressed
from i18n import Translator
from storage.unit_of_work import UnitOfWork


async def stop_command(message: Message, uow: UnitOfWork, person: PersonView | None, t: Translator) -> None:
    """Stop every campaign's broadcasts to this person."""
    if person is None:
        await message.answer(t("broadcast-stop-unknown"))
        return
    await opt_out(uow, person.id, None)
    await message.answer(t("broadcast-stopped-all"))


async def stop_button(query: CallbackQuery, callback_data: StopMessagesButton, uow: UnitOfWork,
                      person: PersonView | None, t: Translator) -> None:
    """Stop this campaign's broadcasts (every campaign's for a broadcast without one)."""
    if person is None:
        await query.answer(t("broadcast-stop-unknown"), show_alert=True)
        return
    campaign_id = callback_data.campaign or None
    if campaign_id is not None and not await catalogue.exists(uow, campaign_id):
        await expired(query, t)  # no such campaign: a forged or a very old button
        return
    await opt_out(uow, person.id, campaign_id)
    text = t("broadcast-stopped-campaign" if campaign_id else "broadcast-stopped-all")
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(text)


async def reply_choice(query: CallbackQuery, callback_data: BroadcastReplyButton, uow: UnitOfWork,
                       person: PersonView | None, t: Translator) -> None:
    """Acknowledge a reply choice on a broadcast this person was sent."""
    if person is None or not await reply_choice_known(uow, callback_data.broadcast, person.id,
                                                      callback_data.choice):
        await expired(query, t)
        return
    await query.answer(t("broadcast-reply-thanks"))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(stop_command, Command("stop"))
    router.callback_query.register(stop_button, Pressed(StopMessagesButton))
    router.callback_query.register(reply_choice, Pressed(BroadcastReplyButton), F.message)
    return router

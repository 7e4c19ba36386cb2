"""Shift reminders: an accepted volunteer answers «می‌آیم» or «نمی‌توانم بیایم» (campaigns/shifts.py).

Diagram: handlers/shifts.mmd."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import shifts
from campaigns.callbacks import AssignmentAction, AssignmentButton, ShiftAction, ShiftButton
from campaigns.people import PersonView
from campaigns.shifts import ShiftReply
from handlers.guards import expired
from handlers.pressed import Pressed
from i18n import Translator
from storage.unit_of_work import UnitOfWork

# After these the reminder's buttons mean nothing more: they are removed and the answer written under it.
_SETTLED = {ShiftReply.RELEASED, ShiftReply.ALREADY_RELEASED, ShiftReply.AFTER_START, ShiftReply.NOT_ACCEPTED,
            ShiftReply.CHECKED_IN}


def confirmed_keyboard(t: Translator, assignment_id: int) -> InlineKeyboardMarkup:
    """After «می‌آیم»: check in on arrival, or still give the place up before the start."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=t("assignments-button-check-in"),
                              callback_data=AssignmentButton(action=AssignmentAction.CHECK_IN,
                                                             id=assignment_id).pack())],
        [InlineKeyboardButton(text=t("shift-button-cannot"),
                              callback_data=ShiftButton(action=ShiftAction.CANNOT, id=assignment_id).pack())]])


async def answered(query: CallbackQuery, callback_data: ShiftButton, uow: UnitOfWork, person: PersonView | None,
                   t: Translator) -> None:
    """«می‌آیم» confirms; «نمی‌توانم بیایم» frees the place for the waitlist or the next wave."""
    if person is None:
        await query.answer(t("need-start"), show_alert=True)
        return
    if callback_data.action is ShiftAction.COMING:
        outcome = await shifts.confirm(uow, callback_data.id, person.id)
    else:
        outcome = await shifts.release(uow, callback_data.id, person.id)
    if outcome.reply is ShiftReply.NOT_INVITED:
        await expired(query, t)  # no such assignment or no response of this person's: forged or someone else's
        return
    text = t(f"shift-answer-{outcome.reply.value}")
    await query.answer(text, show_alert=outcome.reply is ShiftReply.AFTER_START)
    if not isinstance(query.message, Message):
        return
    if outcome.reply in _SETTLED:
        # One call: the reminder keeps its words, gains the answer, and loses its buttons.
        await query.message.edit_text(f"{query.message.text or ''}\n\n{text}".strip(), reply_markup=None)
        return
    await query.message.edit_reply_markup(reply_markup=confirmed_keyboard(t, callback_data.id))
    if outcome.reply is ShiftReply.CONFIRMED:
        await query.message.answer(text)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(answered, Pressed(ShiftButton))  # both actions: «می‌آیم», «نمی‌توانم بیایم»
    return router

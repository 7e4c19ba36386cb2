"""The monthly area message's own buttons: stop it (from the message itself), or have it back.

Diagram: handlers/shifts.mmd (the monthly message's part)."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import area_feedback
from campaigns.callbacks import AreaFeedbackAction, AreaFeedbackButton
from campaigns.people import PersonView
from handlers.pressed import Pressed
from i18n import Translator
from storage.unit_of_work import UnitOfWork


def resume_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """One button: have the monthly report again."""
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
        text=t("feedback-button-resume"),
        callback_data=AreaFeedbackButton(action=AreaFeedbackAction.OPT_IN).pack())]])


async def pressed(query: CallbackQuery, callback_data: AreaFeedbackButton, uow: UnitOfWork,
                  person: PersonView | None, t: Translator) -> None:
    """Stop the monthly report (other broadcasts unchanged; «send it again» offered), or have it back."""
    if person is None:
        await query.answer(t("need-start"), show_alert=True)
        return
    stopping = callback_data.action is AreaFeedbackAction.OPT_OUT
    if stopping:
        await area_feedback.opt_out(uow, person.id)
    else:
        await area_feedback.opt_in(uow, person.id)
    text = t("feedback-opted-out" if stopping else "feedback-opted-in")
    await query.answer(text)
    if not isinstance(query.message, Message):
        return
    if stopping:
        await query.message.answer(text, reply_markup=resume_keyboard(t))
    else:
        await query.message.edit_text(text, reply_markup=None)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(pressed, Pressed(AreaFeedbackButton))  # both actions: stop, have it back
    return router

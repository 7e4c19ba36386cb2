"""The monthly area message's own buttons: stop it (from the message itself), or have it back.

Diagram: handlers/shifts.mmd (the monthly message's part)."""

from __future__ import annotations

from aiogram import F, Router
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


async def stop_monthly(query: CallbackQuery, uow: UnitOfWork, person: PersonView | None, t: Translator) -> None:
    """Stop the monthly report (other broadcasts unchanged); the buttons give way to «send it again»."""
    if person is None:
        await query.answer(t("need-start"), show_alert=True)
        return
    await area_feedback.opt_out(uow, person.id)
    await query.answer(t("feedback-opted-out"))
    if isinstance(query.message, Message):
        await query.message.answer(t("feedback-opted-out"), reply_markup=resume_keyboard(t))


async def resume_monthly(query: CallbackQuery, uow: UnitOfWork, person: PersonView | None, t: Translator) -> None:
    """Receive the monthly report again."""
    if person is None:
        await query.answer(t("need-start"), show_alert=True)
        return
    await area_feedback.opt_in(uow, person.id)
    await query.answer(t("feedback-opted-in"))
    if isinstance(query.message, Message):
        await query.message.edit_text(t("feedback-opted-in"), reply_markup=None)


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(stop_monthly, Pressed(AreaFeedbackButton,
                                                         F.action == AreaFeedbackAction.OPT_OUT))
    router.callback_query.register(resume_monthly, Pressed(AreaFeedbackButton,
                                                           F.action == AreaFeedbackAction.OPT_IN))
    return router

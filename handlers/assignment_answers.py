"""Assignments after they are sent: volunteers accept, decline, check in and out; managers see rosters
and their recent assignments; everyone sees their time bank (/hours).

Diagram: handlers/assignments.mmd. Creating an assignment is handlers/assignments.py."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import assignments, callouts, timebank
from campaigns.assignments import Answer
from campaigns.callbacks import AssignmentAction, AssignmentButton
from campaigns.jalali import format_date
from campaigns.people import PersonView
from campaigns.regions import Regions
from handlers.guards import expired
from handlers.keyboards import region_name
from handlers.pressed import Pressed
from handlers.referrals import new_referral_button
from i18n import Translator
from storage.unit_of_work import UnitOfWork


def roster_keyboard(assignment_id: int, t: Translator) -> InlineKeyboardMarkup:
    """The "who is coming" button under a live message."""
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
        text=t("assignments-button-roster"), callback_data=AssignmentButton(action=AssignmentAction.ROSTER,
                                                                            id=assignment_id).pack())]])


# -- volunteers' presses ----------------------------------------------------------------------------

def _buttons(t: Translator, *pairs: tuple[str, AssignmentAction, int]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
        text=t(label), callback_data=AssignmentButton(action=action,
                                                      id=ident).pack())] for label, action, ident in pairs])


def accepted_keyboard(t: Translator, assignment_id: int, callout: bool = False) -> InlineKeyboardMarkup:
    """After accepting: check in on arrival, or withdraw (and, on a MOHEB call-out, «ارجاع جدید»)."""
    markup = _buttons(t, ("assignments-button-check-in", AssignmentAction.CHECK_IN, assignment_id),
                      ("assignments-button-withdraw", AssignmentAction.DECLINE, assignment_id))
    return _with_referral(markup, t, assignment_id) if callout else markup


def arrived_keyboard(t: Translator, assignment_id: int, callout: bool = False) -> InlineKeyboardMarkup:
    """After checking in: check out on leaving (and, on a MOHEB call-out, «ارجاع جدید»)."""
    markup = _buttons(t, ("assignments-button-check-out", AssignmentAction.CHECK_OUT, assignment_id))
    return _with_referral(markup, t, assignment_id) if callout else markup


def _with_referral(markup: InlineKeyboardMarkup, t: Translator, assignment_id: int) -> InlineKeyboardMarkup:
    """A volunteer on a call-out may refer a person they met to a specialised service (handlers/referrals.py)."""
    return InlineKeyboardMarkup(inline_keyboard=[*markup.inline_keyboard, [new_referral_button(t, assignment_id)]])


async def pressed(query: CallbackQuery, callback_data: AssignmentButton, uow: UnitOfWork, person: PersonView | None,
                  t: Translator) -> None:
    """Accept, decline, check in or check out; the buttons left are the ones that still make sense."""
    if person is None:
        await query.answer(t("need-start"), show_alert=True)
        return
    ident = callback_data.id
    action = {AssignmentAction.ACCEPT: assignments.accept, AssignmentAction.DECLINE: assignments.decline,
              AssignmentAction.CHECK_IN: assignments.check_in,
              AssignmentAction.CHECK_OUT: assignments.check_out}[callback_data.action]
    outcome = await action(uow, ident, person.id)
    answer = outcome.answer
    if answer is Answer.NOT_INVITED:
        # No such assignment, or no invitation of this person's to it: a forged or someone else's button.
        await expired(query, t)
        return
    if answer is Answer.TEEN_NOT_ALLOWED:
        # An old message's Accept: the teen is told why not; the message and its buttons stay as they were.
        await query.answer(t("teen-callout-refused"), show_alert=True)
        return
    text = t(f"assignments-answer-{answer.value}", hours=outcome.minutes // 60, minutes=outcome.minutes % 60)
    markup: InlineKeyboardMarkup | None = None
    callout = outcome.assignment is not None and outcome.assignment.urgent
    if answer in (Answer.ACCEPTED, Answer.ALREADY_ACCEPTED, Answer.TOO_EARLY):
        markup = accepted_keyboard(t, ident, callout)
    elif answer in (Answer.CHECKED_IN, Answer.ALREADY_CHECKED_IN, Answer.NOT_CHECKED_IN):
        markup = arrived_keyboard(t, ident, callout)
    elif answer is Answer.NOT_ACCEPTED:
        markup = None
    await query.answer(text)
    if isinstance(query.message, Message):
        if answer in (Answer.FILLED, Answer.CLOSED):
            # One call: the invitation keeps its words, gains the answer, and loses its buttons.
            await query.message.edit_text(f"{query.message.text or ''}\n\n{text}".strip(), reply_markup=None)
            return
        await query.message.edit_reply_markup(reply_markup=markup)
        if answer is not Answer.ALREADY_ACCEPTED:
            await query.message.answer(text)
    if outcome.filled:
        await callouts.stop_inviting(uow, ident)


async def roster(query: CallbackQuery, callback_data: AssignmentButton, uow: UnitOfWork, person: PersonView | None,
                 t: Translator) -> None:
    """The manager's roster: who is coming, who came (within their region)."""
    actor = await assignments.manager_of(uow, person)
    assignment = await assignments.get(uow, callback_data.id)
    if assignment is None or actor is None:
        await expired(query, t)  # no such assignment, or a manager's button pressed by someone who is not one
        return
    if not assignments.covers(actor, assignment.province_code, assignment.county_code):
        await query.answer(t("assignments-refused-out-of-region"), show_alert=True)
        return
    await query.answer()
    lines = [t("assignments-roster-title", title=assignment.title, accepted=assignment.accepted,
               headcount=assignment.headcount)]
    people = await assignments.roster(uow, assignment.id)
    lines += [t("assignments-roster-line", name=line.first_name or "-", phone=line.phone or "-",
                status=line.status.value) for line in people] or [t("assignments-roster-empty")]
    if isinstance(query.message, Message):
        await query.message.answer("\n".join(lines))


async def listing(message: Message, uow: UnitOfWork, person: PersonView | None, t: Translator) -> None:
    """A manager's recent assignments, each a button to its roster."""
    actor = await assignments.manager_of(uow, person)
    if actor is None:
        await message.answer(t("assignments-not-manager"))
        return
    recent = await assignments.of_manager(uow, actor)
    if not recent:
        await message.answer(t("assignments-list-empty"))
        return
    await message.answer(t("assignments-list-title"), reply_markup=list_keyboard(recent, t))


def list_keyboard(recent: list[assignments.AssignmentView], t: Translator) -> InlineKeyboardMarkup:
    """A button per assignment, its title and places taken, opening its roster."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=f"{a.title} ({t.number(a.accepted)}/{t.number(a.headcount)})",
                              callback_data=AssignmentButton(action=AssignmentAction.ROSTER,
                                                             id=a.id).pack())] for a in recent])


# -- the time bank ----------------------------------------------------------------------------------

async def hours_lines(uow: UnitOfWork, person_id: int, t: Translator) -> list[str]:
    """The time bank lines of /me and /hours (the profile may call this)."""
    summary = await timebank.summary(uow, person_id)
    if summary.entries == 0:
        return [t("assignments-hours-empty")]
    lines = [t("assignments-hours-title", hours=summary.hours, minutes=summary.minutes)]
    lines += [t("assignments-hours-line", date=format_date(line.at, t.language), hours=line.minutes // 60,
                minutes=line.minutes % 60, what=line.title or t("assignments-hours-manual"))
              for line in summary.history]
    return lines


async def hours(message: Message, uow: UnitOfWork, person: PersonView | None, t: Translator,
                regions: Regions) -> None:
    """A volunteer's hours; a manager also sees the totals per region in their scope."""
    if person is None or not person.onboarded:
        await message.answer(t("assignments-need-start"))
        return
    lines = await hours_lines(uow, person.id, t)
    actor = await assignments.manager_of(uow, person)
    if actor is not None:
        lines += ["", t("assignments-hours-regions")]
        for total in await timebank.totals_by_region(uow, actor):
            region = region_name(regions, total.province_code, total.county_code, t.language) or "-"
            lines.append(t("assignments-hours-region-line", region=region, hours=total.minutes // 60,
                           volunteers=total.volunteers))
    await message.answer("\n".join(lines))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(pressed,
                                   Pressed(AssignmentButton,
                                           F.action.in_({AssignmentAction.ACCEPT, AssignmentAction.DECLINE,
                                                         AssignmentAction.CHECK_IN, AssignmentAction.CHECK_OUT})))
    router.callback_query.register(roster, Pressed(AssignmentButton, F.action == AssignmentAction.ROSTER))
    router.message.register(listing, Command("assignments"))
    router.message.register(hours, Command("hours"))
    return router

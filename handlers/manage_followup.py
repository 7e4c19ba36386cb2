"""Manager menu, part two: pledge follow-up (fulfil, payments CSV, overdue) and broadcast approvals."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from campaigns import approvals, followup, roles
from campaigns.audit import Actor
from campaigns.broadcasts import BroadcastRefused
from campaigns.callbacks import ManagerAction, ManagerMenuButton
from campaigns.jalali import format_date
from campaigns.numerals import is_long_number, parse_int
from campaigns.regions import Regions
from handlers.guards import expired
from handlers.keyboards import region_name
from handlers.manager_common import IsManager, back_to_menu, button, engine_pressed, moment, uploaded
from handlers.pressed import Pressed
from handlers.states import Manage
from i18n import Translator
from storage.unit_of_work import UnitOfWork

MAX_REPORTED = 20


async def followup_menu(query: CallbackQuery, uow: UnitOfWork, actor: Actor, t: Translator) -> None:
    """Pledge follow-up: how many are overdue, and what can be done."""
    await query.answer()
    _, overdue = await followup.overdue(uow, roles.scope_of_actor(actor), limit=0)
    if isinstance(query.message, Message):
        await query.message.answer(t("manage-followup", overdue=overdue), reply_markup=followup_keyboard(t))


def followup_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Mark one fulfilled, import a payments file, list the overdue, Back."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [button(t("manage-followup-fulfil"), ManagerAction.FULFIL)], [button(t("manage-followup-import"),
                                                                             ManagerAction.PAYMENTS)],
        [button(t("manage-followup-overdue"), ManagerAction.OVERDUE)], [button(t("button-back"), ManagerAction.MENU)]])


async def fulfil_start(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Ask for a pledge number."""
    await query.answer()
    await state.set_state(Manage.fulfil_id)
    if isinstance(query.message, Message):
        await query.message.answer(t("manage-fulfil-ask"), reply_markup=back_to_menu(t))


async def fulfil_typed(message: Message, uow: UnitOfWork, actor: Actor, t: Translator) -> None:
    """Mark the typed pledge fulfilled; the step stays open for the next number."""
    pledge_id = parse_int(message.text or "")
    if pledge_id is None and is_long_number(message.text or ""):
        await message.answer(t("manage-fulfil-number-too-long"), reply_markup=back_to_menu(t))
        return
    if not pledge_id:
        await message.answer(t("manage-fulfil-not-a-number"), reply_markup=back_to_menu(t))
        return
    outcome = await followup.fulfil_one(uow, actor, pledge_id)
    await message.answer(t(f"manage-fulfil-{outcome.value}", id=pledge_id), reply_markup=back_to_menu(t))


async def payments_start(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Ask for the CSV of confirmed payments."""
    await query.answer()
    await state.set_state(Manage.payments_file)
    if isinstance(query.message, Message):
        await query.message.answer(t("manage-import-ask"), reply_markup=back_to_menu(t))


def payment_columns() -> followup.PaymentColumns:
    """The header names a payments CSV may use, in both languages (answers-csv-* in answers.ftl)."""
    return followup.locale_columns()


def _lines(t: Translator, rows: list[tuple[int, followup.RowProblem]]) -> str:
    shown = [t("manage-import-row", line=line, problem=t(f"manage-row-{problem.value}"))
             for line, problem in rows[:MAX_REPORTED]]
    if len(rows) > MAX_REPORTED:
        shown.append(t("manage-import-more", count=len(rows) - MAX_REPORTED))
    return "\n".join(shown)


async def payments_file(message: Message, bot: Bot, state: FSMContext, uow: UnitOfWork, actor: Actor,
                        t: Translator) -> None:
    """Import the payments: bad rows stop everything; matched rows are fulfilled; unmatched are listed."""
    if (content := await uploaded(message, bot, t)) is None:
        return
    report = await followup.import_payments(uow, actor, content, payment_columns())
    if report.bad:
        await message.answer(t("manage-import-bad", count=len(report.bad), rows=_lines(t, report.bad)),
                             reply_markup=back_to_menu(t))
        return
    await state.clear()
    text = t("manage-import-done", matched=len(report.matched), unmatched=len(report.unmatched))
    if report.unmatched:
        text += "\n" + _lines(t, report.unmatched)
    await message.answer(text, reply_markup=back_to_menu(t))


async def overdue_list(query: CallbackQuery, uow: UnitOfWork, actor: Actor, t: Translator,
                       regions: Regions) -> None:
    """Overdue pledges inside the manager's region, most overdue first."""
    await query.answer()
    views, total = await followup.overdue(uow, roles.scope_of_actor(actor))
    lines = [t("manage-overdue-line", id=v.id, code=v.referral_code or "—", amount=v.amount or 0,
               due=format_date(v.due_on, t.language),
               place=region_name(regions, v.province_code, v.county_code, t.language) or "—") for v in views]
    if isinstance(query.message, Message):
        await query.message.answer(t("manage-overdue", total=total, lines="\n".join(lines) or "—"),
                                   reply_markup=back_to_menu(t))


# Approvals (the two-person rule) -----------------------------------------------------------------------

def approval_text(t: Translator, view: approvals.ApprovalView, now_count: int | None = None) -> str:
    """What an approver reads before deciding: the text, the audience and the count."""
    text = t("manage-approval", id=view.id, text=view.text, audience=view.audience, count=view.count,
             when=moment(view.at, t.language) if view.at else t("manage-approval-now"))
    if now_count is not None and now_count != view.count:
        text += "\n" + t("manage-approval-recount", count=now_count)
    if view.photo:
        text += "\n" + t("manage-approval-photo")
    return text


def approval_keyboard(t: Translator, approval_id: int) -> InlineKeyboardMarkup:
    """Approve / Reject / Back."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [button(t("manage-approve"), ManagerAction.APPROVE, approval_id),
         button(t("manage-reject"), ManagerAction.REJECT, approval_id)],
        [button(t("button-back"), ManagerAction.MENU)]])


async def approvals_list(query: CallbackQuery, uow: UnitOfWork, actor: Actor, t: Translator) -> None:
    """Broadcasts waiting for a second manager inside the manager's region."""
    await query.answer()
    waiting = await approvals.pending(uow, actor)
    lines = [t("manage-approvals-line", id=v.id, audience=v.audience, count=v.count) for v in waiting]
    if isinstance(query.message, Message):
        await query.message.answer(t("manage-approvals", lines="\n".join(lines) or t("manage-approvals-none")),
                                   reply_markup=approvals_keyboard(t, [v.id for v in waiting]))


def approvals_keyboard(t: Translator, approval_ids: list[int]) -> InlineKeyboardMarkup:
    """A Review button per waiting broadcast, and Back."""
    rows = [[button(t("manage-approval-review", id=number), ManagerAction.REVIEW, number)] for number in approval_ids]
    rows.append([button(t("button-back"), ManagerAction.MENU)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def review(query: CallbackQuery, callback_data: ManagerMenuButton, uow: UnitOfWork, actor: Actor,
                 t: Translator) -> None:
    """Show a waiting broadcast in full before a decision."""
    if (pressed := await engine_pressed(query, lambda: approvals.review(uow, actor, callback_data.arg), t,
                                        back_to_menu)) is None:
        return
    message, (view, now_count) = pressed
    await message.answer(approval_text(t, view, now_count), reply_markup=approval_keyboard(t, view.id))


async def decide(query: CallbackQuery, callback_data: ManagerMenuButton, uow: UnitOfWork, actor: Actor,
                 t: Translator) -> None:
    """Approve (the broadcast is queued) or reject; the composer cannot decide on their own broadcast. The
    service tells the composer through the outbox (as it does for the dashboard)."""
    if not isinstance(query.message, Message):
        await query.answer()
        return
    if not await approvals.exists(uow, callback_data.arg):
        await expired(query, t)  # no such approval request: a forged button
        return
    await query.answer()
    try:
        if callback_data.action == ManagerAction.APPROVE:
            broadcast_id = await approvals.approve(uow, actor, callback_data.arg)
            await query.message.answer(t("manage-approved", id=callback_data.arg, broadcast=broadcast_id),
                                       reply_markup=back_to_menu(t))
        else:
            await approvals.reject(uow, actor, callback_data.arg)
            await query.message.answer(t("manage-rejected", id=callback_data.arg), reply_markup=back_to_menu(t))
    except approvals.ComposerError as exc:
        await query.message.answer(t(f"compose-refused-{exc.code.value}"), reply_markup=back_to_menu(t))
    except BroadcastRefused as exc:
        await query.message.answer(t(exc.locale_key, **exc.details), reply_markup=back_to_menu(t))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(followup_menu, Pressed(ManagerMenuButton, F.action == ManagerAction.FOLLOWUP),
                                   IsManager())
    router.callback_query.register(fulfil_start, Pressed(ManagerMenuButton, F.action == ManagerAction.FULFIL),
                                   IsManager())
    router.message.register(fulfil_typed, StateFilter(Manage.fulfil_id), F.text, IsManager())
    router.callback_query.register(payments_start, Pressed(ManagerMenuButton, F.action == ManagerAction.PAYMENTS),
                                   IsManager())
    router.message.register(payments_file, StateFilter(Manage.payments_file), F.document, IsManager())
    router.callback_query.register(overdue_list, Pressed(ManagerMenuButton, F.action == ManagerAction.OVERDUE),
                                   IsManager())
    router.callback_query.register(approvals_list, Pressed(ManagerMenuButton, F.action == ManagerAction.APPROVALS),
                                   IsManager())
    router.callback_query.register(review, Pressed(ManagerMenuButton, F.action == ManagerAction.REVIEW), IsManager())
    router.callback_query.register(decide,
                                   Pressed(ManagerMenuButton,
                                           F.action.in_({ManagerAction.APPROVE, ManagerAction.REJECT})), IsManager())
    return router

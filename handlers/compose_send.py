"""The composer's last steps: the preview, send now or schedule (held for a second manager's approval over
the threshold), and a queued broadcast's progress, pause, resume and cancel.

Diagram: handlers/compose.mmd. The steps before the preview are handlers/compose.py (which also builds every
composer keyboard) and handlers/compose_audience.py."""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from campaigns import approvals
from campaigns.approvals import Draft
from campaigns.audit import Actor
from campaigns.broadcasts import BroadcastRefused, ButtonSpec, Manager, parse_when
from campaigns.broadcasts.service import sending_starts
from campaigns.callbacks import ComposerAction, ComposerButton
from campaigns.jalali import IRAN_TZ
from campaigns.numerals import to_persian_digits
from campaigns.regions import Regions
from handlers.compose import back_to_step, control_keyboard, preview_keyboard, send_keyboard
from handlers.compose_audience import describe, segment_of
from handlers.manage_followup import approval_keyboard, approval_text
from handlers.manager_common import IsManager, back_to_menu, engine_pressed
from handlers.pressed import Pressed
from handlers.states import Compose, ComposeData, load
from i18n import Translator
from runtime.config import Settings
from storage.models import utcnow
from storage.unit_of_work import UnitOfWork


async def preview(query: CallbackQuery, state: FSMContext, uow: UnitOfWork, actor: Actor,
                  t: Translator, regions: Regions) -> None:
    """Show the message to the manager exactly as people will get it, then Send / Schedule."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    data = await load(state, ComposeData)
    try:
        total = await approvals.count(uow, actor, segment_of(data), data.campaign_id)
    except approvals.ComposerError as exc:
        await query.message.answer(t(f"compose-refused-{exc.code.value}"))
        return
    markup = preview_keyboard(t, data)
    if data.photo:
        await query.message.answer_photo(data.photo, caption=data.text, reply_markup=markup)
    else:
        await query.message.answer(data.text, reply_markup=markup)
    await state.set_state(Compose.preview)
    text = t("compose-preview", count=total, audience=describe(data, t, regions))
    await query.message.answer(text + await _quiet_note(uow, data.campaign_id, t), reply_markup=send_keyboard(t))


async def _quiet_note(uow: UnitOfWork, campaign_id: int | None, t: Translator) -> str:
    """A line saying when sending will start, when quiet hours hold a broadcast sent now; else nothing."""
    now = utcnow()
    starts = await sending_starts(uow, campaign_id, now=now)
    if starts is None:
        return ""
    local = starts.astimezone(IRAN_TZ)
    clock = local.strftime("%H:%M")
    day = "today" if local.date() == now.astimezone(IRAN_TZ).date() else "tomorrow"
    return "\n\n" + t("compose-quiet-until", day=t(f"compose-quiet-{day}"),
                       time=to_persian_digits(clock) if t.language == "fa" else clock)



async def schedule_start(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Ask when, as a Jalali date and time."""
    await query.answer()
    await state.set_state(Compose.schedule)
    if isinstance(query.message, Message):
        await query.message.answer(t("compose-ask-when"), reply_markup=back_to_step(t, ComposerAction.AUDIENCE))


async def schedule_typed(message: Message, bot: Bot, state: FSMContext, uow: UnitOfWork,
                         actor: Actor, platform: str, settings: Settings, t: Translator, regions: Regions) -> None:
    """A Jalali moment like 1405/09/03 18:30; then the broadcast is submitted for that time."""
    when = parse_when(message.text or "")
    if when is None:
        await message.answer(t("broadcast-refused-bad-schedule"), reply_markup=back_to_step(t, ComposerAction.AUDIENCE))
        return
    await _submit(message, bot, state, uow, actor, platform, settings, t, regions, when)


async def send_now(query: CallbackQuery, bot: Bot, state: FSMContext, uow: UnitOfWork,
                   actor: Actor, platform: str, settings: Settings, t: Translator, regions: Regions) -> None:
    """Send now (or hold for approval when the audience is over the threshold)."""
    await query.answer()
    if isinstance(query.message, Message):
        await _submit(query.message, bot, state, uow, actor, platform, settings, t, regions, None)


async def _submit(message: Message, bot: Bot, state: FSMContext, uow: UnitOfWork,
                  actor: Actor, platform: str, settings: Settings, t: Translator, regions: Regions,
                  when: datetime | None) -> None:
    data = await load(state, ComposeData)
    draft = Draft(text=data.text, photo=data.photo, buttons=tuple(ButtonSpec.from_json(b) for b in data.buttons),
                  segment=segment_of(data), campaign_id=data.campaign_id,
                  at=when)
    description = describe(data, t, regions)
    try:
        result = await approvals.submit(uow, actor, draft, description,
                                        Manager(actor.person_id, platform, message.chat.id),
                                        settings.broadcast_approval_threshold)
    except approvals.ComposerError as exc:
        await message.answer(t(f"compose-refused-{exc.code.value}"))
        return
    except BroadcastRefused as exc:
        await message.answer(t(exc.locale_key, **exc.details), reply_markup=back_to_step(t, ComposerAction.AUDIENCE))
        return
    await state.clear()
    if result.broadcast_id is not None:
        note = "" if draft.at is not None else await _quiet_note(uow, data.campaign_id, t)
        await message.answer(t("compose-queued", id=result.broadcast_id, count=result.count) + note,
                             reply_markup=control_keyboard(t, result.broadcast_id))
        return
    assert result.approval_id is not None
    await message.answer(t("compose-needs-approval", id=result.approval_id, count=result.count,
                           threshold=settings.broadcast_approval_threshold), reply_markup=back_to_menu(t))
    await _notify_approvers(bot, uow, platform, result.approval_id, actor, t)


async def _notify_approvers(bot: Bot, uow: UnitOfWork, platform: str, approval_id: int, actor: Actor,
                            t: Translator) -> None:
    waiting = [v for v in await approvals.pending(uow, actor) if v.id == approval_id]
    if not waiting:
        return
    for chat_platform, chat_id in await approvals.approvers(uow, approval_id):
        if chat_platform != platform:
            continue  # managers on the other messenger find it under /manage → Approvals
        try:
            await bot.send_message(chat_id, t("manage-approval-request") + "\n" + approval_text(t, waiting[0]),
                                   reply_markup=approval_keyboard(t, approval_id))
        except Exception:
            continue


async def progress(query: CallbackQuery, callback_data: ComposerButton, uow: UnitOfWork, actor: Actor,
                   t: Translator) -> None:
    """Where the broadcast stands."""
    if (pressed := await engine_pressed(query, lambda: approvals.watch(uow, actor, callback_data.arg), t)) is None:
        return
    message, state = pressed
    await message.answer(t("compose-progress", id=state.broadcast_id, status=t(f"compose-status-{state.status}"),
                           total=state.total, sent=state.sent, failed=state.failed + state.ambiguous,
                           blocked=state.blocked, pending=state.pending, cancelled=state.cancelled),
                         reply_markup=control_keyboard(t, callback_data.arg))


async def steer(query: CallbackQuery, callback_data: ComposerButton, uow: UnitOfWork, actor: Actor,
                t: Translator) -> None:
    """Pause, resume or cancel through the engine's control API."""
    action = approvals.ControlAction(callback_data.action)
    if (pressed := await engine_pressed(query, lambda: approvals.steer(uow, actor, callback_data.arg, action),
                                        t)) is None:
        return
    message, done = pressed
    key = f"compose-steered-{callback_data.action}" if done else "compose-steer-impossible"
    await message.answer(t(key, id=callback_data.arg), reply_markup=control_keyboard(t, callback_data.arg))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.callback_query.register(preview, StateFilter(Compose.audience),
                                   Pressed(ComposerButton, F.action == ComposerAction.PREVIEW),
                                   IsManager())
    router.callback_query.register(schedule_start, StateFilter(Compose.preview),
                                   Pressed(ComposerButton, F.action == ComposerAction.SCHEDULE),
                                   IsManager())
    router.message.register(schedule_typed, StateFilter(Compose.schedule), F.text, IsManager())
    router.callback_query.register(send_now, StateFilter(Compose.preview),
                                   Pressed(ComposerButton, F.action == ComposerAction.SEND), IsManager())
    router.callback_query.register(progress, Pressed(ComposerButton, F.action == ComposerAction.PROGRESS), IsManager())
    router.callback_query.register(steer,
                                   Pressed(ComposerButton,
                                           F.action.in_({ComposerAction.PAUSE, ComposerAction.RESUME,
                                                         ComposerAction.CANCEL})), IsManager())
    return router

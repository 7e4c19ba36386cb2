"""The assignments driver: invitation waves, reminders, deadlines, and the managers' live messages."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from campaigns import callouts, shifts
from campaigns.callbacks import AssignmentAction, AssignmentButton
from i18n import Translator, translator
from storage.unit_of_work import UnitOfWorkFactory
from worker.botapi import BotApiClient, inline_keyboard

log = logging.getLogger(__name__)

WAVE_NAMES = {1: "county", 2: "province", 3: "neighbours"}

TICK_EVERY = 1.0
LIVE_EVERY = 3.0  # at most one edit of a manager's live message this often


def live_text(state: callouts.Live, t: Translator) -> str:
    """The manager's live message (with the shift reminders' answers once there are any)."""
    text = t("assignments-live", urgent="yes" if state.urgent else "no", title=state.title, id=state.assignment_id,
             accepted=state.accepted, headcount=state.headcount, invited=state.invited, notified=state.notified,
             wave=WAVE_NAMES.get(state.wave, "starting"), status=state.status.value)
    if state.confirmed or state.released or state.refilled or state.unconfirmed:
        text += "\n" + t("shift-live", confirmed=state.confirmed, released=state.released, refilled=state.refilled,
                         unconfirmed=state.unconfirmed)
    return text


def roster_markup(assignment_id: int, t: Translator) -> dict[str, object]:
    """The "who is coming" button under a live message (handled by handlers/assignment_answers.py)."""
    roster = AssignmentButton(action=AssignmentAction.ROSTER, id=assignment_id).pack()
    return inline_keyboard([[{"text": t("assignments-button-roster"), "callback_data": roster}]])


async def show_live(uows: UnitOfWorkFactory, bots: dict[str, BotApiClient], every: float = LIVE_EVERY) -> None:
    """Edit each changed live message in place (sending it first if there is none yet)."""
    async with uows() as uow:
        turns = await callouts.live_turns(uow, every)
        for state in turns:
            bot = bots.get(state.manager_platform or "")
            if bot is None or state.manager_chat_id is None:
                continue
            languages = await uow.people.languages_of(state.manager_platform or "", [state.manager_chat_id])
            t = translator(languages.get(state.manager_chat_id) or "fa")
            text, markup = live_text(state, t), roster_markup(state.assignment_id, t)
            try:
                if state.message_id is None:
                    sent = await bot.send_message(state.manager_chat_id, text, reply_markup=markup)
                    await callouts.set_live_message(uow, state.assignment_id, int(sent["message_id"]))
                else:
                    await bot.edit_message_text(state.manager_chat_id, state.message_id, text, reply_markup=markup)
            except Exception as exc:  # "not modified" and the like: the next turn retries
                log.warning("live message failed", extra={"assignment": state.assignment_id, "error": str(exc)})


async def run_callouts(uows: UnitOfWorkFactory, bots: dict[str, BotApiClient], stop: asyncio.Event,
                       every: float = TICK_EVERY, live_every: float = LIVE_EVERY) -> None:
    """Drive waves and live messages until `stop` is set (safe to run in several processes)."""
    while not stop.is_set():
        try:
            # Shift rounds first: the hour-before one stands in for the assignment's own check-in reminder.
            await shifts.tick(uows)
            await callouts.tick(uows)
            await show_live(uows, bots, live_every)
        except Exception:
            log.exception("assignments driver failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)

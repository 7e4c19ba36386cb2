"""Shift reminders: 24 and 1 hours before an assignment starts, each accepted volunteer is asked «می‌آیم /
نمی‌توانم بیایم». «نمی‌توانم» frees the place at once and invites the next volunteers: those who pressed Accept
after it filled (the waitlist) first, then the call-out's next wave, under the same exact-quota rule as
every acceptance (campaigns/assignments.py `accept`). At the start, whoever neither confirmed nor released
is marked unconfirmed for the manager.

Each round (assignment, lead) is claimed by a unique row, so a round happens once however many workers
run; its messages go through the outbox like every wave."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from campaigns.broadcasts import outbox
from campaigns.broadcasts.dto import BroadcastKind, ButtonKind, ButtonSpec, MessageSpec, Segment
from campaigns.broadcasts.service import BroadcastPlan, Manager, prepare_broadcast
from campaigns.callbacks import AssignmentAction, AssignmentButton, ShiftAction, ShiftButton
from campaigns.callouts import LAST_WAVE, text_args
from campaigns.regions import Regions, load_regions
from storage.models import utcnow
from storage.models.assignments import Assignment, ResponseStatus
from storage.models.shifts_feedback import ShiftState
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# (hours before the start, until how many hours before it the round is still worth sending)
ROUNDS = ((24, 1), (1, 0))
START_ROUND = 0  # the round written at the start: unanswered volunteers are marked unconfirmed
MARK_WINDOW = timedelta(days=2)  # starts further back than this are not looked at again


class ShiftReply(enum.StrEnum):
    """What a volunteer's answer to a shift reminder came to (locale id: shift-answer-<value>)."""

    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already-confirmed"
    RELEASED = "released"
    ALREADY_RELEASED = "already-released"
    AFTER_START = "after-start"  # answered once the shift began: nothing changes
    NOT_ACCEPTED = "not-accepted"
    CHECKED_IN = "checked-in"  # «نمی‌توانم» from someone already there: nothing to free
    NOT_INVITED = "not-invited"  # no such assignment or no response of this person's: a forged button


@dataclass(frozen=True)
class ShiftOutcome:
    """A volunteer's answer, and for a release, how many on the waitlist were told a place is free."""

    reply: ShiftReply
    title: str | None = None
    waitlist: int = 0


@dataclass(frozen=True)
class RoundSent:
    """A reminder round written to the outbox (or the start round that marked the unconfirmed)."""

    assignment_id: int
    lead: int
    broadcast_id: int | None
    count: int


def reminder(assignment: Assignment, lead: int, regions: Regions) -> MessageSpec:
    """The reminder with «می‌آیم» and «نمی‌توانم بیایم»; the hour-before one also carries «رسیدم» (it stands in
    for the assignment's own check-in reminder: one message, not two)."""
    buttons = tuple(ButtonSpec(ButtonKind.ACTION, label, ShiftButton(action=action, id=assignment.id).pack())
                    for label, action in (("shift-button-coming", ShiftAction.COMING),
                                          ("shift-button-cannot", ShiftAction.CANNOT)))
    if lead <= 1:
        buttons += (ButtonSpec(ButtonKind.ACTION, "assignments-button-check-in",
                               AssignmentButton(action=AssignmentAction.CHECK_IN, id=assignment.id).pack()),)
    when = "day" if lead >= 24 else "hour"  # a word for the locale's select (numbers arrive formatted)
    return MessageSpec(text_key="shift-reminder", text_args={**text_args(assignment, regions), "lead": when},
                       buttons=buttons)


def place_freed(assignment: Assignment, regions: Regions) -> MessageSpec:
    """To the waitlist: a place is free again, with Accept / Decline (the invitation's own buttons)."""
    buttons = tuple(ButtonSpec(ButtonKind.ACTION, label, AssignmentButton(action=action, id=assignment.id).pack())
                    for label, action in (("assignments-button-accept", AssignmentAction.ACCEPT),
                                          ("assignments-button-decline", AssignmentAction.DECLINE)))
    return MessageSpec(text_key="shift-place-freed", text_args=text_args(assignment, regions), buttons=buttons)


async def _stage(uow: UnitOfWork, assignment: Assignment, message: MessageSpec, to: ResponseStatus,
                 emergency: bool, now: datetime) -> tuple[int, int]:
    """Stage a broadcast to the volunteers whose response is `to`; (broadcast id, how many)."""
    plan = BroadcastPlan(emergency=emergency, kind=BroadcastKind.SERVICE)  # to named people: no stop button
    broadcast_id = await prepare_broadcast(uow, Segment(), message, plan,
                                           Manager(assignment.created_by_id), now=now, allow_empty=True)
    total = await uow.assignments.deliver_reminders(broadcast_id, assignment.id, to)
    await outbox.start(uow, broadcast_id, total)
    return broadcast_id, total


async def confirm(uow: UnitOfWork, assignment_id: int, person_id: int, now: datetime | None = None) -> ShiftOutcome:
    """«می‌آیم»: the volunteer confirms; commits (nothing changes after the start)."""
    now = now or utcnow()
    checked = await _check(uow, assignment_id, person_id, now)
    if isinstance(checked, ShiftOutcome):
        return checked
    if await uow.shifts.state(assignment_id, person_id) == ShiftState.CONFIRMED.value:
        return ShiftOutcome(ShiftReply.ALREADY_CONFIRMED, checked.title)
    await uow.shifts.set_state(assignment_id, person_id, ShiftState.CONFIRMED, now)
    await uow.commit()
    return ShiftOutcome(ShiftReply.CONFIRMED, checked.title)


async def release(uow: UnitOfWork, assignment_id: int, person_id: int, now: datetime | None = None,
                  regions: Regions | None = None) -> ShiftOutcome:
    """«نمی‌توانم بیایم»: free the place at once and invite the waitlist (else the next wave); one commit.

    The response is flipped from accepted first (a double tap finds it flipped), then the place is given
    back; whoever takes it goes through `assignments.accept`, so exactly the freed places are filled."""
    now = now or utcnow()
    checked = await _check(uow, assignment_id, person_id, now)
    if isinstance(checked, ShiftOutcome):
        return checked
    row, title = checked, checked.title  # the title is read before any rollback expires the row
    if not await uow.assignments.set_response(assignment_id, person_id, (ResponseStatus.ACCEPTED.value,),
                                              ResponseStatus.DECLINED.value, responded_at=now):
        await uow.rollback()
        # Checked in already (or released on another device a moment ago): nothing to free.
        status = await uow.assignments.response_status(assignment_id, person_id)
        there = status == ResponseStatus.CHECKED_IN.value
        return ShiftOutcome(ShiftReply.CHECKED_IN if there else ShiftReply.ALREADY_RELEASED, title)
    if not await uow.shifts.release_place(assignment_id, now):
        await uow.rollback()  # the shift began meanwhile
        return ShiftOutcome(ShiftReply.AFTER_START, title)
    await uow.shifts.set_state(assignment_id, person_id, ShiftState.RELEASED, now)
    regions = regions or load_regions()
    waiting = await uow.shifts.waitlist_size(assignment_id)
    if waiting:
        # Time matters here: the shift is near, so the notice does not wait for the morning.
        await _stage(uow, row, place_freed(row, regions), ResponseStatus.TOO_LATE, True, now)
    if row.urgent and row.wave < LAST_WAVE:
        # The next wave widens at once without a waitlist, else after the usual wait.
        await uow.assignments.set_next_wave(assignment_id, now + timedelta(seconds=row.wave_every if waiting else 0))
    await uow.commit()
    log.info("shift place released", extra={"assignment": assignment_id, "waitlist": waiting})
    return ShiftOutcome(ShiftReply.RELEASED, title, waiting)


async def _check(uow: UnitOfWork, assignment_id: int, person_id: int, now: datetime) -> Assignment | ShiftOutcome:
    """The assignment when this person may still answer for it, else the reply that says why not."""
    row = await uow.assignments.by_id(assignment_id)
    status = await uow.assignments.response_status(assignment_id, person_id)
    if row is None or status is None:
        return ShiftOutcome(ShiftReply.NOT_INVITED)
    if row.starts_at <= now:
        log.info("shift answered after the start", extra={"assignment": assignment_id})
        return ShiftOutcome(ShiftReply.AFTER_START, row.title)
    if status == ResponseStatus.DECLINED.value and (
            await uow.shifts.state(assignment_id, person_id)) == ShiftState.RELEASED.value:
        return ShiftOutcome(ShiftReply.ALREADY_RELEASED, row.title)
    if status not in (ResponseStatus.ACCEPTED.value, ResponseStatus.CHECKED_IN.value):
        return ShiftOutcome(ShiftReply.NOT_ACCEPTED, row.title)
    return row


async def send_round(uow: UnitOfWork, assignment_id: int, lead: int, now: datetime,
                     regions: Regions) -> RoundSent | None:
    """Remind everyone accepted, once per (assignment, lead); commits; None when another worker did it."""
    round_id = await uow.shifts.claim_round(assignment_id, lead, now)
    row = await uow.assignments.by_id(assignment_id)
    if round_id is None or row is None:
        await uow.rollback()
        return None
    if lead <= 1:
        # The assignment's own check-in reminder is not sent as well (callouts.send_reminder finds it claimed).
        await uow.assignments.claim_reminder(assignment_id, now)
    # A day ahead, quiet hours hold the reminder till morning; an hour ahead it cannot wait.
    broadcast_id, total = await _stage(uow, row, reminder(row, lead, regions), ResponseStatus.ACCEPTED,
                                       row.urgent or lead <= 1, now)
    await uow.shifts.set_round_broadcast(round_id, broadcast_id, total)
    await uow.commit()
    return RoundSent(assignment_id, lead, broadcast_id, total)


async def mark_unconfirmed(uow: UnitOfWork, assignment_id: int, now: datetime) -> RoundSent | None:
    """At the start: mark who neither confirmed nor released, once; commits."""
    round_id = await uow.shifts.claim_round(assignment_id, START_ROUND, now)
    if round_id is None:
        await uow.rollback()
        return None
    marked = await uow.shifts.mark_unconfirmed(assignment_id, now)
    await uow.shifts.set_round_broadcast(round_id, None, marked)
    await uow.commit()
    return RoundSent(assignment_id, START_ROUND, None, marked)


async def tick(uows: UnitOfWorkFactory, now: datetime | None = None, regions: Regions | None = None
               ) -> list[RoundSent]:
    """One round of the driver: due reminders (24 h, 1 h) and the start's unconfirmed marks."""
    now = now or utcnow()
    regions = regions or load_regions()
    done: list[RoundSent] = []
    async with uows() as uow:
        for lead, until in ROUNDS:
            for assignment_id in await uow.shifts.due_rounds(now, lead, until):
                sent = await send_round(uow, assignment_id, lead, now, regions)
                if sent is not None:
                    done.append(sent)
        for assignment_id in await uow.shifts.started_unmarked(now, now - MARK_WINDOW):
            marked = await mark_unconfirmed(uow, assignment_id, now)
            if marked is not None:
                done.append(marked)
    return done

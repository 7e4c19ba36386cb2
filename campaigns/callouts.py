"""Invitation waves through the campaign engine: county, then province, then neighbouring provinces.

An ordinary assignment has one wave (its county, else its province). A MOHEB call-out (urgent) goes to
on-call volunteers of the needed specialty, and widens every `wave_every` seconds until it fills.
Each wave is one engine broadcast whose deliveries are written here, in the same transaction as the
invitations, so nobody is invited twice and a crash leaves nothing half-written."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from campaigns import assignments
from campaigns.assignments import AssignmentForm, AssignmentView
from campaigns.assignments import Manager as AssignmentManager
from campaigns.broadcasts import outbox
from campaigns.broadcasts.dto import BroadcastKind, ButtonKind, ButtonSpec, MessageSpec, Segment
from campaigns.broadcasts.service import BroadcastPlan, Manager, prepare_broadcast
from campaigns.callbacks import AssignmentAction, AssignmentButton
from campaigns.jalali import IRAN_TZ, format_date
from campaigns.numerals import to_persian_digits
from campaigns.regions import Regions, load_regions
from storage.models import utcnow
from storage.models.assignments import Assignment, AssignmentStatus
from storage.repositories.assignments import REMINDER_WAVE
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

LAST_WAVE = 3
LIVE_WINDOW = timedelta(days=2)


class Reach(enum.IntEnum):
    """How far a wave reaches."""

    COUNTY = 1
    PROVINCE = 2
    NEIGHBOURS = 3


@dataclass(frozen=True)
class Area:
    """The provinces or counties one wave covers."""

    provinces: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()


@dataclass(frozen=True)
class WaveSent:
    """A wave written to the outbox."""

    assignment_id: int
    wave: int
    broadcast_id: int
    invited: int


@dataclass(frozen=True)
class Live:
    """What the manager's live message shows."""

    assignment_id: int
    title: str
    urgent: bool
    status: AssignmentStatus
    accepted: int
    headcount: int
    invited: int
    notified: int
    wave: int
    manager_platform: str | None
    manager_chat_id: int | None
    message_id: int | None
    # The shift reminders' answers (campaigns/shifts.py): confirmed, released, refilled, unconfirmed.
    confirmed: int = 0
    released: int = 0
    refilled: int = 0
    unconfirmed: int = 0

    @property
    def signature(self) -> str:
        """What changed since the last edit (unchanged messages are not edited)."""
        shifts = (self.confirmed, self.released, self.refilled, self.unconfirmed)
        answers = "".join(f":{n}" for n in shifts) if any(shifts) else ""
        return f"{self.status}:{self.accepted}:{self.notified}:{self.invited}:{self.wave}{answers}"


def area(assignment: Assignment, wave: int, regions: Regions) -> Area | None:
    """The region of one wave; None when the wave does not exist for this assignment."""
    if not assignment.urgent:
        if wave != 1:
            return None
        if assignment.county_code:
            return Area(counties=(assignment.county_code,))
        return Area(provinces=(assignment.province_code,))
    if wave == Reach.COUNTY:
        return Area(counties=(assignment.county_code,)) if assignment.county_code else None
    if wave == Reach.PROVINCE:
        return Area(provinces=(assignment.province_code,))
    if wave == Reach.NEIGHBOURS:
        province = regions.province(assignment.province_code)
        return Area(provinces=province.neighbours) if province and province.neighbours else None
    return None


def when_args(moment: datetime, prefix: str) -> dict[str, str]:
    """A moment as Jalali date and Iran time: `<prefix>_en` (date and clock), and for Persian the date
    `<prefix>_fa` and the clock `<prefix>_clock_fa` apart, the words between them being in the locale file."""
    clock = moment.astimezone(IRAN_TZ).strftime("%H:%M")
    return {f"{prefix}_fa": format_date(moment, "fa"), f"{prefix}_clock_fa": to_persian_digits(clock),
            f"{prefix}_en": f"{format_date(moment, 'en')}, {clock}"}


def text_args(assignment: Assignment, regions: Regions) -> dict[str, Any]:
    """Locale arguments of an invitation or reminder."""
    names = []
    for language in ("fa", "en"):
        parts = [p.name(language) for p in (regions.province(assignment.province_code),) if p]
        county = regions.county(assignment.county_code)
        if county:
            parts.append(county.name(language))
        names.append(("، " if language == "fa" else ", ").join(parts))
    return {"title": assignment.title, "place": assignment.place, "region_fa": names[0], "region_en": names[1],
            "headcount": assignment.headcount, "hours": assignment.hours, "need": assignment.specialty
            or assignment.axis or "any", **when_args(assignment.starts_at, "when"),
            **when_args(assignment.deadline, "deadline")}


def _data(action: AssignmentAction, assignment: Assignment) -> str:
    return AssignmentButton(action=action, id=assignment.id).pack()


def invitation(assignment: Assignment, regions: Regions) -> MessageSpec:
    """The invitation with Accept / Decline buttons."""
    key = "assignments-callout-invite" if assignment.urgent else "assignments-invite"
    buttons = (ButtonSpec(ButtonKind.ACTION, "assignments-button-accept", _data(AssignmentAction.ACCEPT, assignment)),
               ButtonSpec(ButtonKind.ACTION, "assignments-button-decline", _data(AssignmentAction.DECLINE, assignment)))
    return MessageSpec(text_key=key, text_args=text_args(assignment, regions), buttons=buttons)


def reminder(assignment: Assignment, regions: Regions) -> MessageSpec:
    """The reminder to those who accepted, with Check in / Withdraw buttons."""
    buttons = (
        ButtonSpec(ButtonKind.ACTION, "assignments-button-check-in", _data(AssignmentAction.CHECK_IN, assignment)),
        ButtonSpec(ButtonKind.ACTION, "assignments-button-withdraw", _data(AssignmentAction.DECLINE, assignment)))
    return MessageSpec(text_key="assignments-reminder", text_args=text_args(assignment, regions), buttons=buttons)


async def _stage(uow: UnitOfWork, assignment: Assignment, message: MessageSpec, area_: Area,
                 now: datetime, kind: BroadcastKind = BroadcastKind.ORDINARY) -> int:
    """Stage an engine broadcast (never committed half-way: it is started in the caller's transaction)."""
    segment = Segment(provinces=area_.provinces, counties=area_.counties,
                      specialties=(assignment.specialty,) if assignment.specialty else (),
                      on_call=True if assignment.urgent else None)
    plan = BroadcastPlan(emergency=assignment.urgent, kind=kind)
    return await prepare_broadcast(uow, segment, message, plan, Manager(assignment.created_by_id), now=now,
                                   allow_empty=True)


async def send_wave(uow: UnitOfWork, assignment_id: int, now: datetime | None = None,
                    regions: Regions | None = None) -> WaveSent | None:
    """Send the next wave if it is due and the assignment still needs people; commits."""
    sent = await stage_wave(uow, assignment_id, now, regions)
    await uow.commit()
    return sent


async def stage_wave(uow: UnitOfWork, assignment_id: int, now: datetime | None = None,
                     regions: Regions | None = None) -> WaveSent | None:
    """Stage the next wave if it is due and the assignment still needs people; the caller commits.

    The conditional UPDATE of `wave` lets only one process send a given wave. Waves that would reach
    nobody are skipped at once; the last wave leaves the call-out open until its deadline."""
    now = now or utcnow()
    regions = regions or load_regions()
    row = await uow.assignments.by_id(assignment_id)
    if row is None or row.status != AssignmentStatus.OPEN.value or row.deadline <= now:
        return None
    wave, where = row.wave, None
    while where is None and wave < LAST_WAVE:
        wave += 1
        where = area(row, wave, regions)
    last = all(area(row, later, regions) is None for later in range(wave + 1, LAST_WAVE + 1))
    next_at = None if last or where is None else now + timedelta(seconds=row.wave_every)
    if not await uow.assignments.claim_wave(row, wave, next_at) or where is None:
        return None
    broadcast_id = await _stage(uow, row, invitation(row, regions), where, now)
    await uow.assignments.invite(row, wave, where.provinces, where.counties, now)
    total = await uow.assignments.deliver_invitations(broadcast_id, row.id, wave)
    await outbox.start(uow, broadcast_id, total)
    uow.assignments.add_wave(row.id, wave, broadcast_id, total, now)
    if total == 0 and not last:
        # Nobody here: widen at once rather than wait for an empty wave to be answered.
        await uow.assignments.set_next_wave(row.id, now)
    return WaveSent(row.id, wave, broadcast_id, total)


async def send_reminder(uow: UnitOfWork, assignment_id: int, now: datetime | None = None,
                        regions: Regions | None = None) -> WaveSent | None:
    """Remind everyone who accepted, once (the conditional UPDATE of `reminded_at`); commits."""
    now = now or utcnow()
    regions = regions or load_regions()
    if not await uow.assignments.claim_reminder(assignment_id, now):
        await uow.rollback()
        return None
    row = await uow.assignments.by_id(assignment_id)
    assert row is not None
    # To those who accepted: a service notice (the invitations above are an ordinary call to a region).
    broadcast_id = await _stage(uow, row, reminder(row, regions), Area(), now, BroadcastKind.SERVICE)
    total = await uow.assignments.deliver_reminders(broadcast_id, assignment_id)
    await outbox.start(uow, broadcast_id, total)
    uow.assignments.add_wave(assignment_id, REMINDER_WAVE, broadcast_id, total, now)
    await uow.commit()
    return WaveSent(assignment_id, REMINDER_WAVE, broadcast_id, total)


async def stop_inviting(uow: UnitOfWork, assignment_id: int) -> int:
    """Cancel invitations not yet sent (the assignment filled or closed); commits; returns how many."""
    cancelled = await uow.assignments.cancel_unsent_invitations(assignment_id)
    await uow.commit()
    return cancelled


async def expire(uow: UnitOfWork, now: datetime) -> list[int]:
    """Close open assignments whose deadline passed; commits; returns their ids."""
    closed = [assignment_id for assignment_id in await uow.assignments.open_past_deadline(now)
              if await uow.assignments.expire(assignment_id)]
    await uow.commit()
    for assignment_id in closed:
        await stop_inviting(uow, assignment_id)
    return closed


async def tick(uows: UnitOfWorkFactory, now: datetime | None = None, regions: Regions | None = None
               ) -> list[WaveSent]:
    """One round of the driver: due waves, due reminders, deadlines, unsent invitations of filled ones."""
    now = now or utcnow()
    regions = regions or load_regions()
    sent: list[WaveSent] = []
    async with uows() as uow:
        await expire(uow, now)
        for assignment_id in await uow.assignments.waves_due(now):
            wave = await send_wave(uow, assignment_id, now, regions)
            if wave is not None:
                sent.append(wave)
        for assignment_id, starts_at, before in await uow.assignments.not_reminded(now):
            if starts_at - timedelta(seconds=before) <= now:
                wave = await send_reminder(uow, assignment_id, now, regions)
                if wave is not None:
                    sent.append(wave)
        for assignment_id in await uow.assignments.closed_with_unsent_invitations(now - LIVE_WINDOW):
            await stop_inviting(uow, assignment_id)
    return sent


async def live(uow: UnitOfWork, assignment_id: int) -> Live | None:
    """Accepted / invited / notified for the manager's live message."""
    row = await uow.assignments.by_id(assignment_id)
    if row is None:
        return None
    invited = await uow.assignments.invited_count(assignment_id)
    notified = await uow.assignments.notified_count(assignment_id)
    shifts = await uow.shifts.counts(assignment_id)
    return Live(row.id, row.title, row.urgent, AssignmentStatus(row.status), row.accepted_count, row.headcount,
                invited, notified, row.wave, row.manager_platform, row.manager_chat_id, row.progress_message_id,
                confirmed=shifts.get("confirmed", 0), released=shifts.get("released", 0),
                refilled=shifts.get("refill", 0), unconfirmed=shifts.get("unconfirmed", 0))


async def live_turns(uow: UnitOfWork, every: float, now: datetime | None = None) -> list[Live]:
    """Live messages that changed and whose turn came (one process per edit, at most every `every` s)."""
    now = now or utcnow()
    turn_before = now - timedelta(seconds=every)
    turns: list[Live] = []
    for assignment_id in await uow.assignments.live_candidates(now - LIVE_WINDOW, turn_before, now + LIVE_WINDOW):
        state = await live(uow, assignment_id)
        if state is None:
            continue
        taken = await uow.assignments.take_live_turn(assignment_id, now, turn_before, state.signature)
        await uow.commit()
        if taken:
            turns.append(state)
    return turns


async def set_live_message(uow: UnitOfWork, assignment_id: int, message_id: int) -> None:
    """Remember the manager's live message so later updates edit it in place; commits."""
    await uow.assignments.set_live_message(assignment_id, message_id)
    await uow.commit()


def with_message(state: Live, message_id: int) -> Live:
    """The same live state, now shown in a message."""
    return dataclasses.replace(state, message_id=message_id)


async def publish(uow: UnitOfWork, form: AssignmentForm, manager: AssignmentManager | None, *,
                  regions: Regions | None = None, now: datetime | None = None) -> tuple[AssignmentView, Live | None]:
    """Create an assignment and stage its first wave, in one commit (refused forms raise AssignmentRefused and
    write nothing); the assignment as created and the manager's live state after the wave."""
    row = await assignments.stage(uow, form, manager, now=now)
    await stage_wave(uow, row.id, now, regions)
    await uow.commit()
    return assignments.view(row), await live(uow, row.id)

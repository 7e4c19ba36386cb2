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

from sqlalchemy import Integer, String, and_, exists, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import ColumnElement

from campaigns.broadcasts import outbox
from campaigns.broadcasts.dto import ButtonKind, ButtonSpec, MessageSpec, Segment
from campaigns.broadcasts.service import BroadcastPlan, Manager, prepare_broadcast
from campaigns.jalali import IRAN_TZ, format_date
from campaigns.numerals import to_persian_digits
from campaigns.regions import Regions, load_regions
from storage.models import Person, Volunteer, utcnow
from storage.models.assignments import (
    Assignment,
    AssignmentResponse,
    AssignmentStatus,
    AssignmentWave,
    ResponseStatus,
)
from storage.models.broadcasts import Delivery, DeliveryStatus
from storage.unit_of_work import UnitOfWork

REMINDER_WAVE = 0
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

    @property
    def signature(self) -> str:
        """What changed since the last edit (unchanged messages are not edited)."""
        return f"{self.status}:{self.accepted}:{self.notified}:{self.invited}:{self.wave}"


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


def _contains(column: Any, value: str) -> ColumnElement[bool]:
    from sqlalchemy import cast

    return cast(column, String).like(f'%"{value}"%')


def matching(assignment: Assignment, where: Area) -> list[ColumnElement[bool]]:
    """Conditions on people joined to volunteers: reachable, matching, in the area, not yet invited."""
    conditions: list[ColumnElement[bool]] = [
        Volunteer.person_id == Person.id, Person.onboarded_at.is_not(None), Person.forgotten_at.is_(None),
        Person.unreachable.is_(False), Person.opted_out_at.is_(None),
        ~exists().where(AssignmentResponse.assignment_id == assignment.id,
                        AssignmentResponse.person_id == Person.id)]
    if assignment.created_by_id is not None:
        conditions.append(Person.id != assignment.created_by_id)
    if where.counties:
        conditions.append(Volunteer.county_code.in_(where.counties))
    if where.provinces:
        conditions.append(Volunteer.province_code.in_(where.provinces))
    if assignment.specialty:
        conditions.append(Volunteer.specialty == assignment.specialty)
    if assignment.axis:
        conditions.append(_contains(Volunteer.axes, assignment.axis))
    if assignment.urgent:
        conditions.append(Volunteer.on_call.is_(True))
    return conditions


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


def invitation(assignment: Assignment, regions: Regions) -> MessageSpec:
    """The invitation with Accept / Decline buttons."""
    key = "assignments-callout-invite" if assignment.urgent else "assignments-invite"
    buttons = (ButtonSpec(ButtonKind.ACTION, "assignments-button-accept", f"asg:a:{assignment.id}"),
               ButtonSpec(ButtonKind.ACTION, "assignments-button-decline", f"asg:d:{assignment.id}"))
    return MessageSpec(text_key=key, text_args=text_args(assignment, regions), buttons=buttons)


def reminder(assignment: Assignment, regions: Regions) -> MessageSpec:
    """The reminder to those who accepted, with Check in / Withdraw buttons."""
    buttons = (ButtonSpec(ButtonKind.ACTION, "assignments-button-check-in", f"asg:i:{assignment.id}"),
               ButtonSpec(ButtonKind.ACTION, "assignments-button-withdraw", f"asg:d:{assignment.id}"))
    return MessageSpec(text_key="assignments-reminder", text_args=text_args(assignment, regions), buttons=buttons)


async def _stage(session: AsyncSession, assignment: Assignment, message: MessageSpec, area_: Area,
                 now: datetime) -> int:
    """Stage an engine broadcast (never committed half-way: it is started in the caller's transaction)."""
    segment = Segment(provinces=area_.provinces, counties=area_.counties,
                      specialties=(assignment.specialty,) if assignment.specialty else (),
                      on_call=True if assignment.urgent else None)
    plan = BroadcastPlan(emergency=assignment.urgent)
    # UnitOfWork(session): until the call-outs take the unit of work themselves.
    return await prepare_broadcast(UnitOfWork(session), segment, message, plan, Manager(assignment.created_by_id),
                                   now=now, allow_empty=True)


async def _deliveries(session: AsyncSession, broadcast_id: int, invited: Any) -> int:
    """Write one pending delivery per person the `invited` select yields; returns how many."""
    columns = ["broadcast_id", "person_id", "platform", "chat_id", "language", "status", "attempts"]
    rows = (select(literal(broadcast_id, Integer), Person.id, Person.platform, Person.chat_id, Person.language,
                   literal(DeliveryStatus.PENDING.value, String), literal(0, Integer))
            .where(Person.id.in_(invited), Person.forgotten_at.is_(None), Person.unreachable.is_(False)))
    await session.execute(insert(Delivery).from_select(columns, rows))
    total = (await session.execute(select(func.count()).select_from(Delivery)
                                   .where(Delivery.broadcast_id == broadcast_id))).scalar_one()
    await outbox.start(UnitOfWork(session), broadcast_id, int(total))
    return int(total)


async def send_wave(session: AsyncSession, assignment_id: int, now: datetime | None = None,
                    regions: Regions | None = None) -> WaveSent | None:
    """Send the next wave if it is due and the assignment still needs people; commits.

    The conditional UPDATE of `wave` lets only one process send a given wave. Waves that would reach
    nobody are skipped at once; the last wave leaves the call-out open until its deadline."""
    now = now or utcnow()
    regions = regions or load_regions()
    row = (await session.execute(select(Assignment).where(Assignment.id == assignment_id)
                                 .execution_options(populate_existing=True))).scalar_one_or_none()
    if row is None or row.status != AssignmentStatus.OPEN.value or row.deadline <= now:
        return None
    wave, where = row.wave, None
    while where is None and wave < LAST_WAVE:
        wave += 1
        where = area(row, wave, regions)
    last = all(area(row, later, regions) is None for later in range(wave + 1, LAST_WAVE + 1))
    claimed = await session.execute(
        update(Assignment).where(Assignment.id == row.id, Assignment.wave == row.wave,
                                 Assignment.status == AssignmentStatus.OPEN.value)
        .values(wave=wave, next_wave_at=None if last or where is None else now + timedelta(seconds=row.wave_every))
        .execution_options(synchronize_session=False))
    if getattr(claimed, "rowcount", 0) != 1 or where is None:
        await session.commit()
        return None
    broadcast_id = await _stage(session, row, invitation(row, regions), where, now)
    person_ids = select(Person.id).select_from(Person).join(Volunteer, Volunteer.person_id == Person.id)
    person_ids = person_ids.where(*matching(row, where))
    await session.execute(insert(AssignmentResponse).from_select(
        ["assignment_id", "person_id", "wave", "status", "invited_at"],
        select(literal(row.id, Integer), person_ids.subquery().c.id, literal(wave, Integer),
               literal(ResponseStatus.INVITED.value, String), literal(now, AssignmentResponse.invited_at.type))))
    invited = select(AssignmentResponse.person_id).where(AssignmentResponse.assignment_id == row.id,
                                                         AssignmentResponse.wave == wave)
    total = await _deliveries(session, broadcast_id, invited)
    session.add(AssignmentWave(assignment_id=row.id, wave=wave, broadcast_id=broadcast_id, invited=total,
                               sent_at=now))
    if total == 0 and not last:
        # Nobody here: widen at once rather than wait for an empty wave to be answered.
        await session.execute(update(Assignment).where(Assignment.id == row.id).values(next_wave_at=now))
    await session.commit()
    return WaveSent(row.id, wave, broadcast_id, total)


async def send_reminder(session: AsyncSession, assignment_id: int, now: datetime | None = None,
                        regions: Regions | None = None) -> WaveSent | None:
    """Remind everyone who accepted, once (the conditional UPDATE of `reminded_at`); commits."""
    now = now or utcnow()
    regions = regions or load_regions()
    claimed = await session.execute(
        update(Assignment).where(Assignment.id == assignment_id, Assignment.reminded_at.is_(None),
                                 Assignment.status.in_((AssignmentStatus.OPEN.value, AssignmentStatus.FILLED.value)))
        .values(reminded_at=now).execution_options(synchronize_session=False))
    if getattr(claimed, "rowcount", 0) != 1:
        await session.rollback()
        return None
    row = await session.get(Assignment, assignment_id)
    assert row is not None
    broadcast_id = await _stage(session, row, reminder(row, regions), Area(), now)
    accepted = select(AssignmentResponse.person_id).where(
        AssignmentResponse.assignment_id == assignment_id,
        AssignmentResponse.status == ResponseStatus.ACCEPTED.value)
    total = await _deliveries(session, broadcast_id, accepted)
    session.add(AssignmentWave(assignment_id=assignment_id, wave=REMINDER_WAVE, broadcast_id=broadcast_id,
                               invited=total, sent_at=now))
    await session.commit()
    return WaveSent(assignment_id, REMINDER_WAVE, broadcast_id, total)


async def stop_inviting(session: AsyncSession, assignment_id: int) -> int:
    """Cancel invitations not yet sent (the assignment filled or closed); commits; returns how many."""
    waves = select(AssignmentWave.broadcast_id).where(AssignmentWave.assignment_id == assignment_id,
                                                      AssignmentWave.wave > REMINDER_WAVE)
    result = await session.execute(update(Delivery).where(
        Delivery.broadcast_id.in_(waves.scalar_subquery()), Delivery.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.CANCELLED).execution_options(synchronize_session=False))
    await session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


async def expire(session: AsyncSession, now: datetime) -> list[int]:
    """Close open assignments whose deadline passed; commits; returns their ids."""
    ids = (await session.execute(select(Assignment.id).where(
        Assignment.status == AssignmentStatus.OPEN.value, Assignment.deadline <= now))).scalars().all()
    closed: list[int] = []
    for assignment_id in ids:
        result = await session.execute(update(Assignment).where(
            Assignment.id == assignment_id, Assignment.status == AssignmentStatus.OPEN.value)
            .values(status=AssignmentStatus.EXPIRED.value))
        if getattr(result, "rowcount", 0) == 1:
            closed.append(assignment_id)
    await session.commit()
    for assignment_id in closed:
        await stop_inviting(session, assignment_id)
    return closed


async def tick(pool: async_sessionmaker[AsyncSession], now: datetime | None = None,
               regions: Regions | None = None) -> list[WaveSent]:
    """One round of the driver: due waves, due reminders, deadlines, unsent invitations of filled ones."""
    now = now or utcnow()
    regions = regions or load_regions()
    sent: list[WaveSent] = []
    async with pool() as session:
        await expire(session, now)
        due = (await session.execute(select(Assignment.id).where(
            Assignment.status == AssignmentStatus.OPEN.value, Assignment.next_wave_at.is_not(None),
            Assignment.next_wave_at <= now))).scalars().all()
        for assignment_id in due:
            wave = await send_wave(session, assignment_id, now, regions)
            if wave is not None:
                sent.append(wave)
        remind = (await session.execute(select(Assignment.id, Assignment.starts_at, Assignment.remind_before).where(
            Assignment.reminded_at.is_(None), Assignment.starts_at > now,
            Assignment.status.in_((AssignmentStatus.OPEN.value, AssignmentStatus.FILLED.value))))).all()
        for assignment_id, starts_at, before in remind:
            if starts_at - timedelta(seconds=before) <= now:
                wave = await send_reminder(session, assignment_id, now, regions)
                if wave is not None:
                    sent.append(wave)
        filled = (await session.execute(select(Assignment.id).where(
            Assignment.status != AssignmentStatus.OPEN.value, Assignment.created_at >= now - LIVE_WINDOW,
            exists().where(AssignmentWave.assignment_id == Assignment.id, AssignmentWave.wave > REMINDER_WAVE,
                           Delivery.broadcast_id == AssignmentWave.broadcast_id,
                           Delivery.status == DeliveryStatus.PENDING)))).scalars().all()
        for assignment_id in filled:
            await stop_inviting(session, assignment_id)
    return sent


async def live(session: AsyncSession, assignment_id: int) -> Live | None:
    """Accepted / invited / notified for the manager's live message."""
    row = (await session.execute(select(Assignment).where(Assignment.id == assignment_id)
                                 .execution_options(populate_existing=True))).scalar_one_or_none()
    if row is None:
        return None
    invited = (await session.execute(select(func.count()).select_from(AssignmentResponse).where(
        AssignmentResponse.assignment_id == assignment_id))).scalar_one()
    notified = (await session.execute(select(func.count()).select_from(Delivery).join(
        AssignmentWave, and_(AssignmentWave.broadcast_id == Delivery.broadcast_id,
                             AssignmentWave.assignment_id == assignment_id, AssignmentWave.wave > REMINDER_WAVE))
        .where(Delivery.status == DeliveryStatus.SENT))).scalar_one()
    return Live(row.id, row.title, row.urgent, AssignmentStatus(row.status), row.accepted_count, row.headcount,
                int(invited), int(notified), row.wave, row.manager_platform, row.manager_chat_id,
                row.progress_message_id)


async def live_turns(session: AsyncSession, every: float, now: datetime | None = None) -> list[Live]:
    """Live messages that changed and whose turn came (one process per edit, at most every `every` s)."""
    now = now or utcnow()
    ids = (await session.execute(select(Assignment.id).where(
        Assignment.manager_chat_id.is_not(None), Assignment.created_at >= now - LIVE_WINDOW,
        or_(Assignment.progress_at.is_(None), Assignment.progress_at <= now - timedelta(seconds=every)))
    )).scalars().all()
    turns: list[Live] = []
    for assignment_id in ids:
        state = await live(session, assignment_id)
        if state is None:
            continue
        taken = await session.execute(update(Assignment).where(
            Assignment.id == assignment_id,
            or_(Assignment.progress_at.is_(None), Assignment.progress_at <= now - timedelta(seconds=every)),
            or_(Assignment.progress_shown.is_(None), Assignment.progress_shown != state.signature))
            .values(progress_at=now, progress_shown=state.signature).execution_options(synchronize_session=False))
        await session.commit()
        if getattr(taken, "rowcount", 0) == 1:
            turns.append(state)
    return turns


async def set_live_message(session: AsyncSession, assignment_id: int, message_id: int) -> None:
    """Remember the manager's live message so later updates edit it in place; commits."""
    await session.execute(update(Assignment).where(Assignment.id == assignment_id)
                          .values(progress_message_id=message_id))
    await session.commit()


def with_message(state: Live, message_id: int) -> Live:
    """The same live state, now shown in a message."""
    return dataclasses.replace(state, message_id=message_id)

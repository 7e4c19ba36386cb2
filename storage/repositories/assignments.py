"""Queries and writes on assignments, their responses and waves (call-outs), and hours; the unit of work commits.

The quota's writes are conditional UPDATEs: each repeats, inside the write, what the service checked by
reading, so concurrent presses and drivers in several processes never take a place or send a wave twice
(tests/unit/test_rules_races.py forces each interleaving)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, and_, case, cast, exists, func, insert, literal, not_, or_, select, update
from sqlalchemy.sql import ColumnElement, Select

from storage.models import Person, Volunteer
from storage.models.assignments import (
    Assignment,
    AssignmentResponse,
    AssignmentStatus,
    AssignmentWave,
    HoursEntry,
    ResponseStatus,
)
from storage.models.broadcasts import Delivery, DeliveryStatus
from storage.models.guardians import TeenAssignment
from storage.models.shifts_feedback import ShiftReminder
from storage.repositories.audience import is_teen, teens_invited
from storage.repositories.base import Repository, rowcount

REMINDER_WAVE = 0  # the wave number of an assignment's reminder (its invitations are waves 1, 2, 3)
_TAKEN = (ResponseStatus.ACCEPTED.value, ResponseStatus.CHECKED_IN.value, ResponseStatus.CHECKED_OUT.value)
_DELIVERY_COLUMNS = ["broadcast_id", "person_id", "platform", "chat_id", "language", "status", "attempts"]


class AssignmentRepository(Repository):
    """Every SQL statement on assignments, their responses and waves (call-outs), and hours."""

    # -- assignments ----------------------------------------------------------------------------------

    async def add(self, row: Assignment) -> int:
        """Stage a new assignment; its id."""
        return await self._written(row)

    async def by_id(self, assignment_id: int) -> Assignment | None:
        """An assignment as the database holds it now (the session's copy is refreshed)."""
        return (await self.session.execute(select(Assignment).where(Assignment.id == assignment_id)
                                           .execution_options(populate_existing=True))).scalar_one_or_none()

    async def first_look(self, assignment_id: int, person_id: int, now: datetime) -> tuple[str, datetime, bool] | None:
        """An Accept's first look, one statement: the assignment's status and deadline, and whether the person is a
        teen at `now` it is not meant for (a call-out, or one no manager marked suitable for teens)."""
        suitable = exists().where(TeenAssignment.assignment_id == Assignment.id)
        not_for_teen = and_(is_teen(person_id, now), or_(Assignment.urgent.is_(True), not_(suitable)))
        row = (await self.session.execute(select(Assignment.status, Assignment.deadline, not_for_teen).where(
            Assignment.id == assignment_id))).first()
        return (row[0], row[1], bool(row[2])) if row is not None else None

    async def take_place(self, assignment_id: int, now: datetime) -> tuple[int, int] | None:
        """Take one place while the assignment is open, has places left and its deadline is ahead, marking it
        filled with the last one; (accepted, headcount) after it, or None when no place was taken."""
        full = Assignment.accepted_count + 1 >= Assignment.headcount
        row = (await self.session.execute(
            update(Assignment).where(
                Assignment.id == assignment_id, Assignment.status == AssignmentStatus.OPEN.value,
                Assignment.accepted_count < Assignment.headcount, Assignment.deadline > now)
            .values(accepted_count=Assignment.accepted_count + 1,
                    status=case((full, AssignmentStatus.FILLED.value), else_=Assignment.status),
                    filled_at=case((full, now), else_=Assignment.filled_at))
            .returning(Assignment.accepted_count, Assignment.headcount)
            .execution_options(synchronize_session=False))).first()
        return (int(row[0]), int(row[1])) if row is not None else None

    async def free_place(self, assignment_id: int, now: datetime) -> None:
        """Give one place back (never below zero), reopening a filled assignment whose deadline is ahead."""
        await self.session.execute(update(Assignment).where(Assignment.id == assignment_id,
                                                            Assignment.accepted_count > 0)
                                   .values(accepted_count=Assignment.accepted_count - 1,
                                           status=case((Assignment.deadline > now, AssignmentStatus.OPEN.value),
                                                       else_=Assignment.status))
                                   .execution_options(synchronize_session=False))

    async def recent_within(self, province_code: str | None, county_code: str | None, limit: int
                            ) -> Sequence[Assignment]:
        """The newest assignments in a province or county (None: anywhere)."""
        query = select(Assignment)
        if province_code is not None:
            query = query.where(Assignment.province_code == province_code)
        if county_code is not None:
            query = query.where(Assignment.county_code == county_code)
        return (await self.session.execute(query.order_by(Assignment.id.desc()).limit(limit))).scalars().all()

    async def open_for(self, person_id: int) -> Sequence[tuple[Assignment, str]]:
        """The assignments a volunteer accepted or checked in to, by start, with the response's status."""
        rows = await self.session.execute(
            select(Assignment, AssignmentResponse.status).join(
                AssignmentResponse, AssignmentResponse.assignment_id == Assignment.id)
            .where(AssignmentResponse.person_id == person_id,
                   AssignmentResponse.status.in_((ResponseStatus.ACCEPTED.value, ResponseStatus.CHECKED_IN.value)))
            .order_by(Assignment.starts_at))
        return [(assignment, status) for assignment, status in rows.all()]

    # -- responses ------------------------------------------------------------------------------------

    async def response_status(self, assignment_id: int, person_id: int) -> str | None:
        """Where one volunteer stands with one assignment (None: not invited)."""
        return (await self.session.execute(select(AssignmentResponse.status).where(
            AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.person_id == person_id))
        ).scalar_one_or_none()

    async def response(self, assignment_id: int, person_id: int) -> AssignmentResponse | None:
        """One volunteer's response row."""
        return (await self.session.execute(select(AssignmentResponse).where(
            AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.person_id == person_id))
        ).scalar_one_or_none()

    async def set_response(self, assignment_id: int, person_id: int, was: Collection[str], status: str,
                           **values: Any) -> bool:
        """Move one volunteer's response to `status` if it is in one of the states `was`; True when it moved."""
        moved = await self.session.execute(update(AssignmentResponse).where(
            AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.person_id == person_id,
            AssignmentResponse.status.in_(tuple(was)) if len(was) > 1
            else AssignmentResponse.status == next(iter(was)))
            .values(status=status, **values)
            .returning(AssignmentResponse.id).execution_options(synchronize_session=False))
        return moved.first() is not None

    async def roster(self, assignment_id: int) -> Sequence[tuple[int, str | None, str | None, str]]:
        """(person id, first name, phone, status) of those who accepted, checked in or out, by answer time."""
        rows = await self.session.execute(
            select(AssignmentResponse.person_id, Person.first_name, Person.phone, AssignmentResponse.status)
            .join(Person, Person.id == AssignmentResponse.person_id)
            .where(AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.status.in_(_TAKEN))
            .order_by(AssignmentResponse.responded_at, AssignmentResponse.id))
        return [(pid, name, phone, status) for pid, name, phone, status in rows.all()]

    async def counts_by_status(self, assignment_id: int) -> dict[str, int]:
        """How many responses of one assignment are in each state."""
        rows = await self.session.execute(select(AssignmentResponse.status, func.count()).where(
            AssignmentResponse.assignment_id == assignment_id).group_by(AssignmentResponse.status))
        return {status: int(n) for status, n in rows.all()}

    async def counts_by_status_of(self, assignment_ids: Collection[int]) -> dict[int, dict[str, int]]:
        """How many responses of each of these assignments are in each state (one query for a list)."""
        if not assignment_ids:
            return {}
        rows = await self.session.execute(
            select(AssignmentResponse.assignment_id, AssignmentResponse.status, func.count())
            .where(AssignmentResponse.assignment_id.in_(tuple(assignment_ids)))
            .group_by(AssignmentResponse.assignment_id, AssignmentResponse.status))
        counts: dict[int, dict[str, int]] = {}
        for assignment_id, status, n in rows.all():
            counts.setdefault(int(assignment_id), {})[status] = int(n)
        return counts

    async def waves_of(self, assignment_id: int) -> Sequence[tuple[int, int, datetime]]:
        """(wave, invited, sent at) of an assignment's invitation waves, first wave first (not the reminder)."""
        rows = await self.session.execute(
            select(AssignmentWave.wave, AssignmentWave.invited, AssignmentWave.sent_at)
            .where(AssignmentWave.assignment_id == assignment_id, AssignmentWave.wave > REMINDER_WAVE)
            .order_by(AssignmentWave.wave))
        return [(int(wave), int(invited), sent_at) for wave, invited, sent_at in rows.all()]

    # -- call-out waves -------------------------------------------------------------------------------

    async def claim_wave(self, row: Assignment, wave: int, next_wave_at: datetime | None) -> bool:
        """Move an open assignment from the wave `row` shows to `wave`; False when another driver moved it first
        or it is no longer open."""
        claimed = await self.session.execute(
            update(Assignment).where(Assignment.id == row.id, Assignment.wave == row.wave,
                                     Assignment.status == AssignmentStatus.OPEN.value)
            .values(wave=wave, next_wave_at=next_wave_at)
            .execution_options(synchronize_session=False))
        return rowcount(claimed) == 1

    async def invite(self, row: Assignment, wave: int, provinces: Sequence[str], counties: Sequence[str],
                     now: datetime) -> None:
        """Invite (as responses of wave `wave`) every reachable volunteer in the area who matches the assignment
        and was not invited before."""
        person_ids = (select(Person.id).select_from(Person).join(Volunteer, Volunteer.person_id == Person.id)
                      .where(*_matching(row, provinces, counties), teens_invited(row.id, row.urgent, now)))
        await self.session.execute(insert(AssignmentResponse).from_select(
            ["assignment_id", "person_id", "wave", "status", "invited_at"],
            select(literal(row.id, Integer), person_ids.subquery().c.id, literal(wave, Integer),
                   literal(ResponseStatus.INVITED.value, String),
                   literal(now, AssignmentResponse.invited_at.type))))

    async def deliver_invitations(self, broadcast_id: int, assignment_id: int, wave: int) -> int:
        """One pending delivery of the broadcast per volunteer invited in this wave; how many there are."""
        return await self._deliver(broadcast_id, select(AssignmentResponse.person_id).where(
            AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.wave == wave))

    async def deliver_reminders(self, broadcast_id: int, assignment_id: int,
                                status: ResponseStatus = ResponseStatus.ACCEPTED) -> int:
        """One pending delivery of the broadcast per volunteer whose response is `status` (those who accepted,
        or the waitlist: too late); how many there are."""
        return await self._deliver(broadcast_id, select(AssignmentResponse.person_id).where(
            AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.status == status.value))

    async def _deliver(self, broadcast_id: int, invited: Select[Any]) -> int:
        rows = (select(literal(broadcast_id, Integer), Person.id, Person.platform, Person.chat_id, Person.language,
                       literal(DeliveryStatus.PENDING.value, String), literal(0, Integer))
                .where(Person.id.in_(invited), Person.forgotten_at.is_(None), Person.unreachable.is_(False)))
        await self.session.execute(insert(Delivery).from_select(_DELIVERY_COLUMNS, rows))
        return int((await self.session.execute(select(func.count()).select_from(Delivery)
                                               .where(Delivery.broadcast_id == broadcast_id))).scalar_one())

    def add_wave(self, assignment_id: int, wave: int, broadcast_id: int, invited: int, now: datetime) -> None:
        """Stage the record of a sent wave (or reminder, wave 0)."""
        self.session.add(AssignmentWave(assignment_id=assignment_id, wave=wave, broadcast_id=broadcast_id,
                                        invited=invited, sent_at=now))

    async def set_next_wave(self, assignment_id: int, at: datetime) -> None:
        """When the next wave is due."""
        await self.session.execute(update(Assignment).where(Assignment.id == assignment_id).values(next_wave_at=at))

    async def claim_reminder(self, assignment_id: int, now: datetime) -> bool:
        """Mark an open or filled assignment reminded, once; False when it was already (or is closed)."""
        claimed = await self.session.execute(
            update(Assignment).where(Assignment.id == assignment_id, Assignment.reminded_at.is_(None),
                                     Assignment.status.in_((AssignmentStatus.OPEN.value,
                                                            AssignmentStatus.FILLED.value)))
            .values(reminded_at=now).execution_options(synchronize_session=False))
        return rowcount(claimed) == 1

    async def cancel_unsent_invitations(self, assignment_id: int) -> int:
        """Cancel the pending deliveries of an assignment's invitation waves; how many."""
        waves = select(AssignmentWave.broadcast_id).where(AssignmentWave.assignment_id == assignment_id,
                                                          AssignmentWave.wave > REMINDER_WAVE)
        result = await self.session.execute(update(Delivery).where(
            Delivery.broadcast_id.in_(waves.scalar_subquery()), Delivery.status == DeliveryStatus.PENDING)
            .values(status=DeliveryStatus.CANCELLED).execution_options(synchronize_session=False))
        return rowcount(result)

    async def open_past_deadline(self, now: datetime) -> Sequence[int]:
        """Ids of open assignments whose deadline has passed."""
        return (await self.session.execute(select(Assignment.id).where(
            Assignment.status == AssignmentStatus.OPEN.value, Assignment.deadline <= now))).scalars().all()

    async def expire(self, assignment_id: int) -> bool:
        """Close an assignment that is still open; False when it is not (it filled meanwhile)."""
        result = await self.session.execute(update(Assignment).where(
            Assignment.id == assignment_id, Assignment.status == AssignmentStatus.OPEN.value)
            .values(status=AssignmentStatus.EXPIRED.value))
        return rowcount(result) == 1

    async def waves_due(self, now: datetime) -> Sequence[int]:
        """Ids of open assignments whose next wave is due."""
        return (await self.session.execute(select(Assignment.id).where(
            Assignment.status == AssignmentStatus.OPEN.value, Assignment.next_wave_at.is_not(None),
            Assignment.next_wave_at <= now))).scalars().all()

    async def not_reminded(self, now: datetime) -> Sequence[tuple[int, datetime, int]]:
        """(id, start, seconds before the start to remind) of open or filled assignments not yet reminded that
        start after now."""
        rows = await self.session.execute(select(Assignment.id, Assignment.starts_at, Assignment.remind_before).where(
            Assignment.reminded_at.is_(None), Assignment.starts_at > now,
            Assignment.status.in_((AssignmentStatus.OPEN.value, AssignmentStatus.FILLED.value))))
        return [(i, starts_at, before) for i, starts_at, before in rows.all()]

    async def closed_with_unsent_invitations(self, created_since: datetime) -> Sequence[int]:
        """Ids of assignments no longer open, created since then, with invitations still waiting to be sent."""
        return (await self.session.execute(select(Assignment.id).where(
            Assignment.status != AssignmentStatus.OPEN.value, Assignment.created_at >= created_since,
            exists().where(AssignmentWave.assignment_id == Assignment.id, AssignmentWave.wave > REMINDER_WAVE,
                           Delivery.broadcast_id == AssignmentWave.broadcast_id,
                           Delivery.status == DeliveryStatus.PENDING)))).scalars().all()

    # -- the manager's live message -----------------------------------------------------------------------

    async def invited_count(self, assignment_id: int) -> int:
        """How many volunteers an assignment invited."""
        return int((await self.session.execute(select(func.count()).select_from(AssignmentResponse).where(
            AssignmentResponse.assignment_id == assignment_id))).scalar_one())

    async def notified_count(self, assignment_id: int) -> int:
        """How many of an assignment's invitations were sent."""
        return int((await self.session.execute(select(func.count()).select_from(Delivery).join(
            AssignmentWave, and_(AssignmentWave.broadcast_id == Delivery.broadcast_id,
                                 AssignmentWave.assignment_id == assignment_id, AssignmentWave.wave > REMINDER_WAVE))
            .where(Delivery.status == DeliveryStatus.SENT))).scalar_one())

    async def live_candidates(self, created_since: datetime, turn_before: datetime,
                              starting_until: datetime | None = None) -> Sequence[int]:
        """Ids of assignments with a manager's chat, created since then (or, with `starting_until`, reminded
        and starting between `created_since` and then: their shift answers come in near the start), last shown
        before `turn_before`."""
        recent: ColumnElement[bool] = Assignment.created_at >= created_since
        if starting_until is not None:
            recent = or_(recent, and_(Assignment.starts_at.between(created_since, starting_until),
                                      exists().where(ShiftReminder.assignment_id == Assignment.id)))
        return (await self.session.execute(select(Assignment.id).where(
            Assignment.manager_chat_id.is_not(None), recent,
            or_(Assignment.progress_at.is_(None), Assignment.progress_at <= turn_before)))).scalars().all()

    async def take_live_turn(self, assignment_id: int, now: datetime, turn_before: datetime, signature: str
                             ) -> bool:
        """Take the turn to show `signature` (if it was last shown before `turn_before` and shows something
        else); False when another worker took it or nothing changed."""
        taken = await self.session.execute(update(Assignment).where(
            Assignment.id == assignment_id,
            or_(Assignment.progress_at.is_(None), Assignment.progress_at <= turn_before),
            or_(Assignment.progress_shown.is_(None), Assignment.progress_shown != signature))
            .values(progress_at=now, progress_shown=signature).execution_options(synchronize_session=False))
        return rowcount(taken) == 1

    async def set_live_message(self, assignment_id: int, message_id: int) -> None:
        """Remember the manager's live message."""
        await self.session.execute(update(Assignment).where(Assignment.id == assignment_id)
                                   .values(progress_message_id=message_id))

    # -- hours ----------------------------------------------------------------------------------------

    def stage_hours(self, entry: HoursEntry) -> None:
        """Stage a time-bank credit (written with the commit)."""
        self.session.add(entry)

    async def add_hours(self, entry: HoursEntry) -> int:
        """Stage a time-bank credit and write it now; its id."""
        return await self._written(entry)

    async def hours_total(self, person_id: int) -> tuple[int, int]:
        """A volunteer's banked minutes and number of credits."""
        total, entries = (await self.session.execute(
            select(func.coalesce(func.sum(HoursEntry.minutes), 0), func.count())
            .where(HoursEntry.person_id == person_id))).one()
        return int(total), int(entries)

    async def hours_history(self, person_id: int, limit: int
                            ) -> Sequence[tuple[int, str, str | None, str | None, datetime]]:
        """A volunteer's latest credits, newest first: (minutes, source, assignment title, note, when)."""
        rows = await self.session.execute(
            select(HoursEntry.minutes, HoursEntry.source, Assignment.title, HoursEntry.note, HoursEntry.at)
            .outerjoin(Assignment, Assignment.id == HoursEntry.assignment_id)
            .where(HoursEntry.person_id == person_id).order_by(HoursEntry.at.desc(), HoursEntry.id.desc())
            .limit(limit))
        return [(minutes, source, title, note, at) for minutes, source, title, note, at in rows.all()]

    async def hours_by_region(self, by_province: bool, province_code: str | None, county_code: str | None
                              ) -> Sequence[tuple[str | None, str | None, int, int]]:
        """Banked minutes and volunteers per province (`by_province`) or per county, of volunteers inside the
        province or county given (None: anywhere), most minutes first: (province, county or None, minutes,
        volunteers)."""
        region = (Volunteer.province_code,) if by_province else (Volunteer.province_code, Volunteer.county_code)
        query = (select(*region, func.sum(HoursEntry.minutes), func.count(func.distinct(HoursEntry.person_id)))
                 .join(Volunteer, Volunteer.person_id == HoursEntry.person_id))
        if province_code is not None:
            query = query.where(Volunteer.province_code == province_code)
        if county_code is not None:
            query = query.where(Volunteer.county_code == county_code)
        rows = await self.session.execute(query.group_by(*region).order_by(func.sum(HoursEntry.minutes).desc()))
        if by_province:
            return [(row[0], None, int(row[1] or 0), int(row[2])) for row in rows.all()]
        return [(row[0], row[1], int(row[2] or 0), int(row[3])) for row in rows.all()]


def _matching(row: Assignment, provinces: Sequence[str], counties: Sequence[str]) -> list[ColumnElement[bool]]:
    """Conditions on people joined to volunteers: reachable, matching, in the area, not yet invited."""
    conditions: list[ColumnElement[bool]] = [
        Volunteer.person_id == Person.id, Person.onboarded_at.is_not(None), Person.forgotten_at.is_(None),
        Person.unreachable.is_(False), Person.opted_out_at.is_(None),
        ~exists().where(AssignmentResponse.assignment_id == row.id, AssignmentResponse.person_id == Person.id)]
    if row.created_by_id is not None:
        conditions.append(Person.id != row.created_by_id)
    if counties:
        conditions.append(Volunteer.county_code.in_(counties))
    if provinces:
        conditions.append(Volunteer.province_code.in_(provinces))
    if row.specialty:
        conditions.append(Volunteer.specialty == row.specialty)
    if row.axis:
        conditions.append(cast(Volunteer.axes, String).like(f'%"{row.axis}"%'))
    if row.urgent:
        conditions.append(Volunteer.on_call.is_(True))
    return conditions

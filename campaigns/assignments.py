"""Assignments: a manager asks for N volunteers; exactly N are accepted, however many press at once."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from campaigns import roles, timebank
from campaigns.audit import Actor, record
from campaigns.errors import Refused
from campaigns.people import PersonView
from campaigns.regions import Regions, load_regions
from campaigns.volunteers import Axis, Specialty
from storage.models import utcnow
from storage.models.assignments import Assignment, AssignmentStatus, ResponseStatus
from storage.unit_of_work import UnitOfWork

MAX_HEADCOUNT = 10_000
MAX_TITLE = 200
MAX_PLACE = 300
CHECK_IN_EARLY = timedelta(hours=2)  # volunteers may check in this long before the start
DEFAULT_WAVE_EVERY = 300  # seconds a call-out waits for acceptances before widening
DEFAULT_REMIND_BEFORE = 3600  # seconds before the start


class Refusal(enum.StrEnum):
    """Why an assignment was not created (locale id: assignments-refused-<code>)."""

    NOT_MANAGER = "not-manager"
    OUT_OF_REGION = "out-of-region"
    BAD_HEADCOUNT = "bad-headcount"
    PAST_DEADLINE = "past-deadline"
    PAST_START = "past-start"
    DEADLINE_AFTER_START = "deadline-after-start"
    UNKNOWN_REGION = "unknown-region"
    EMPTY_TITLE = "empty-title"
    NEEDS_SPECIALTY = "needs-specialty"


class AssignmentRefused(Refused[Refusal]):
    """An assignment that cannot be created as asked; nothing was written."""

    @property
    def locale_key(self) -> str:
        """The locale id that explains this refusal."""
        return f"assignments-refused-{self.code.value}"


class Answer(enum.StrEnum):
    """What a volunteer's press came to (locale id: assignments-answer-<value>, but for TEEN_NOT_ALLOWED)."""

    ACCEPTED = "accepted"
    ALREADY_ACCEPTED = "already-accepted"
    FILLED = "filled"  # "all places are filled; thank you" (assignments-answer-filled)
    CLOSED = "closed"  # deadline passed or cancelled
    DECLINED = "declined"
    NOT_INVITED = "not-invited"
    CHECKED_IN = "checked-in"
    ALREADY_CHECKED_IN = "already-checked-in"
    TOO_EARLY = "too-early"
    CHECKED_OUT = "checked-out"
    NOT_CHECKED_IN = "not-checked-in"
    NOT_ACCEPTED = "not-accepted"
    # A teen (MANA) pressing Accept on a call-out, or on an assignment no manager marked suitable for teens (an old
    # message: teens are never invited to either); nothing is written. Its words are teen-callout-refused.
    TEEN_NOT_ALLOWED = "teen-not-allowed"


@dataclass(frozen=True)
class AssignmentForm:
    """What a manager asks for."""

    title: str
    place: str
    province_code: str
    county_code: str | None
    starts_at: datetime
    headcount: int
    deadline: datetime
    axis: Axis | None = None
    specialty: Specialty | None = None
    hours: int = 2
    urgent: bool = False


@dataclass(frozen=True)
class Manager:
    """The manager creating an assignment, and the chat that shows its live count."""

    actor: Actor
    platform: str | None = None
    chat_id: int | None = None


@dataclass(frozen=True)
class AssignmentView:
    """An assignment as handlers see it."""

    id: int
    title: str
    place: str
    province_code: str
    county_code: str | None
    axis: str | None
    specialty: str | None
    starts_at: datetime
    hours: int
    headcount: int
    accepted: int
    deadline: datetime
    urgent: bool
    status: AssignmentStatus
    wave: int
    created_by_id: int | None


@dataclass(frozen=True)
class Outcome:
    """The result of a volunteer's press; `filled` is True for the press that took the last place."""

    answer: Answer
    assignment: AssignmentView | None = None
    filled: bool = False
    minutes: int = 0


@dataclass(frozen=True)
class RosterLine:
    """One volunteer on an assignment's roster."""

    person_id: int
    first_name: str | None
    phone: str | None
    status: ResponseStatus


def view(row: Assignment) -> AssignmentView:
    """The DTO of an assignment row."""
    return AssignmentView(
        id=row.id, title=row.title, place=row.place, province_code=row.province_code, county_code=row.county_code,
        axis=row.axis, specialty=row.specialty, starts_at=row.starts_at, hours=row.hours, headcount=row.headcount,
        accepted=row.accepted_count, deadline=row.deadline, urgent=row.urgent, status=AssignmentStatus(row.status),
        wave=row.wave, created_by_id=row.created_by_id)


async def manager_of(uow: UnitOfWork, person: PersonView | None) -> Actor | None:
    """The manager behind a person (None for a citizen): the one switch to the roles service."""
    return await roles.actor_of(uow, person)


def covers(actor: Actor, province_code: str | None, county_code: str | None) -> bool:
    """True when a place lies inside the manager's region."""
    return roles.scope_of_actor(actor).covers(province_code, county_code)


def check(form: AssignmentForm, actor: Actor | None, now: datetime, regions: Regions | None = None) -> None:
    """Refuse a form that cannot be created (first problem wins); returns quietly when it is fine."""
    regions = regions or load_regions()
    if actor is None:
        raise AssignmentRefused(Refusal.NOT_MANAGER)
    if not form.title.strip() or len(form.title) > MAX_TITLE or len(form.place) > MAX_PLACE:
        raise AssignmentRefused(Refusal.EMPTY_TITLE)
    province = regions.province(form.province_code)
    county = regions.county(form.county_code) if form.county_code else None
    if province is None or (form.county_code and (county is None or county.province_code != province.code)):
        raise AssignmentRefused(Refusal.UNKNOWN_REGION)
    if not covers(actor, form.province_code, form.county_code):
        raise AssignmentRefused(Refusal.OUT_OF_REGION)
    if not 0 < form.headcount <= MAX_HEADCOUNT:
        raise AssignmentRefused(Refusal.BAD_HEADCOUNT)
    if form.deadline <= now:
        raise AssignmentRefused(Refusal.PAST_DEADLINE)
    if form.starts_at <= now:
        raise AssignmentRefused(Refusal.PAST_START)
    if form.deadline > form.starts_at:
        raise AssignmentRefused(Refusal.DEADLINE_AFTER_START)
    if form.urgent and form.specialty is None:
        raise AssignmentRefused(Refusal.NEEDS_SPECIALTY)


async def stage(uow: UnitOfWork, form: AssignmentForm, manager: Manager | None, *, now: datetime | None = None,
                wave_every: int = DEFAULT_WAVE_EVERY, remind_before: int = DEFAULT_REMIND_BEFORE) -> Assignment:
    """Check an assignment and stage it (its first wave due at once) with its audit entry; the caller commits."""
    now = now or utcnow()
    check(form, manager.actor if manager else None, now)
    assert manager is not None
    row = Assignment(
        title=form.title.strip(), place=form.place.strip(), province_code=form.province_code,
        county_code=form.county_code, axis=form.axis.value if form.axis else None,
        specialty=form.specialty.value if form.specialty else None, starts_at=form.starts_at, hours=form.hours,
        headcount=form.headcount, accepted_count=0, deadline=form.deadline, urgent=form.urgent,
        status=AssignmentStatus.OPEN.value, wave=0, wave_every=wave_every, next_wave_at=now,
        remind_before=remind_before, created_by_id=manager.actor.person_id, manager_platform=manager.platform,
        manager_chat_id=manager.chat_id, created_at=now)
    await uow.assignments.add(row)
    record(uow, manager.actor, "callout_create" if form.urgent else "assignment_create",
           {"assignment_id": row.id, "title": row.title, "headcount": row.headcount,
            "specialty": row.specialty, "axis": row.axis},
           audience=row.specialty or row.axis or "volunteers", count=row.headcount,
           province_code=row.province_code, county_code=row.county_code)
    return row


async def create(uow: UnitOfWork, form: AssignmentForm, manager: Manager | None, *,
                 now: datetime | None = None, wave_every: int = DEFAULT_WAVE_EVERY,
                 remind_before: int = DEFAULT_REMIND_BEFORE) -> AssignmentView:
    """Check and store an assignment (its first wave is due at once), audited; commits."""
    row = await stage(uow, form, manager, now=now, wave_every=wave_every, remind_before=remind_before)
    await uow.commit()
    return view(row)


async def get(uow: UnitOfWork, assignment_id: int) -> AssignmentView | None:
    """An assignment by id."""
    row = await uow.assignments.by_id(assignment_id)
    return view(row) if row is not None else None


async def _status(uow: UnitOfWork, assignment_id: int, person_id: int) -> ResponseStatus | None:
    value = await uow.assignments.response_status(assignment_id, person_id)
    return ResponseStatus(value) if value is not None else None


async def accept(uow: UnitOfWork, assignment_id: int, person_id: int, now: datetime | None = None) -> Outcome:
    """Take one place if one is left: exactly `headcount` acceptances, across processes; commits.

    A teen is refused a call-out or an assignment not marked for teens, whatever its state (nothing written); the
    rule rides on the first look at the assignment, so it costs no statement of its own.
    The volunteer's own row is flipped first (a double tap waits on it, then finds it taken), then one
    conditional UPDATE of the counter takes a place only while places remain; on PostgreSQL its row
    lock orders concurrent presses, on SQLite the write lock does."""
    now = now or utcnow()
    current = await uow.assignments.first_look(assignment_id, person_id, now)
    if current is None:
        return Outcome(Answer.NOT_INVITED)
    if current[2]:
        return Outcome(Answer.TEEN_NOT_ALLOWED)
    if current[0] != AssignmentStatus.OPEN.value or current[1] <= now:
        # Already full or closed: no place to race for (the common case when hundreds press at once).
        await uow.rollback()
        return await _too_late(uow, assignment_id, person_id, now)
    # Whoever pressed too late before may take a place a withdrawal has freed since.
    mine = await uow.assignments.set_response(
        assignment_id, person_id, (ResponseStatus.INVITED.value, ResponseStatus.DECLINED.value,
                                   ResponseStatus.TOO_LATE.value), ResponseStatus.ACCEPTED.value, responded_at=now)
    if not mine:
        await uow.rollback()
        status = await _status(uow, assignment_id, person_id)
        if status is None:
            return Outcome(Answer.NOT_INVITED)
        return Outcome(Answer.ALREADY_ACCEPTED, await get(uow, assignment_id))
    taken = await uow.assignments.take_place(assignment_id, now)
    if taken is None:
        await uow.rollback()
        return await _too_late(uow, assignment_id, person_id, now)
    # A place someone released (campaigns/shifts.py) counts as refilled, never more often than released.
    await uow.shifts.mark_refill(assignment_id, person_id, now)
    await uow.commit()
    return Outcome(Answer.ACCEPTED, await get(uow, assignment_id), filled=taken[0] >= taken[1])


async def _too_late(uow: UnitOfWork, assignment_id: int, person_id: int, now: datetime) -> Outcome:
    assignment = await get(uow, assignment_id)
    if assignment is None:
        return Outcome(Answer.NOT_INVITED)
    status = await _status(uow, assignment_id, person_id)
    if status is None:
        return Outcome(Answer.NOT_INVITED)
    if status in (ResponseStatus.ACCEPTED, ResponseStatus.CHECKED_IN, ResponseStatus.CHECKED_OUT):
        return Outcome(Answer.ALREADY_ACCEPTED, assignment)
    # Only from where it stood: a place this person took meanwhile (another device) is not undone.
    await uow.assignments.set_response(assignment_id, person_id,
                                       (ResponseStatus.INVITED.value, ResponseStatus.DECLINED.value),
                                       ResponseStatus.TOO_LATE.value, responded_at=now)
    await uow.commit()
    filled = assignment.status is AssignmentStatus.FILLED or assignment.accepted >= assignment.headcount
    return Outcome(Answer.FILLED if filled else Answer.CLOSED, assignment)


async def decline(uow: UnitOfWork, assignment_id: int, person_id: int, now: datetime | None = None) -> Outcome:
    """Say no (or withdraw an acceptance before checking in, which frees the place); commits."""
    now = now or utcnow()
    status = await _status(uow, assignment_id, person_id)
    if status is None:
        return Outcome(Answer.NOT_INVITED)
    if status in (ResponseStatus.CHECKED_IN, ResponseStatus.CHECKED_OUT):
        return Outcome(Answer.ALREADY_CHECKED_IN, await get(uow, assignment_id))
    # The row is flipped from the state it holds now, not the one read above: an Accept pressed on another
    # device in between would otherwise be turned into a refusal while its place stayed taken.
    withdrawing = status is ResponseStatus.ACCEPTED
    flipped = await _refuse(uow, assignment_id, person_id, withdrawing, now)
    if not flipped and status in (ResponseStatus.INVITED, ResponseStatus.ACCEPTED):
        withdrawing = not withdrawing
        flipped = await _refuse(uow, assignment_id, person_id, withdrawing, now)
    if flipped and withdrawing:
        # A freed place reopens a filled assignment while its deadline has not passed.
        await uow.assignments.free_place(assignment_id, now)
    await uow.commit()
    return Outcome(Answer.DECLINED, await get(uow, assignment_id))


async def _refuse(uow: UnitOfWork, assignment_id: int, person_id: int, withdrawing: bool, now: datetime) -> bool:
    """Flip one response to declined if it is accepted (`withdrawing`) or else invited; True when it was."""
    was = ResponseStatus.ACCEPTED if withdrawing else ResponseStatus.INVITED
    return await uow.assignments.set_response(assignment_id, person_id, (was.value,),
                                              ResponseStatus.DECLINED.value, responded_at=now)


async def check_in(uow: UnitOfWork, assignment_id: int, person_id: int, now: datetime | None = None) -> Outcome:
    """Record arrival (from a little before the start); commits."""
    now = now or utcnow()
    assignment = await get(uow, assignment_id)
    status = await _status(uow, assignment_id, person_id)
    if assignment is None or status is None:
        return Outcome(Answer.NOT_INVITED)
    if status in (ResponseStatus.CHECKED_IN, ResponseStatus.CHECKED_OUT):
        return Outcome(Answer.ALREADY_CHECKED_IN, assignment)
    if status is not ResponseStatus.ACCEPTED:
        return Outcome(Answer.NOT_ACCEPTED, assignment)
    if now < assignment.starts_at - CHECK_IN_EARLY:
        return Outcome(Answer.TOO_EARLY, assignment)
    await uow.assignments.set_response(assignment_id, person_id, (ResponseStatus.ACCEPTED.value,),
                                       ResponseStatus.CHECKED_IN.value, checked_in_at=now)
    await uow.commit()
    return Outcome(Answer.CHECKED_IN, assignment)


async def check_out(uow: UnitOfWork, assignment_id: int, person_id: int, now: datetime | None = None) -> Outcome:
    """Record leaving and credit the time between check-in and now to the time bank; commits."""
    now = now or utcnow()
    assignment = await get(uow, assignment_id)
    row = await uow.assignments.response(assignment_id, person_id)
    if assignment is None or row is None:
        return Outcome(Answer.NOT_INVITED)
    checked_in_at = row.checked_in_at
    if row.status != ResponseStatus.CHECKED_IN.value or checked_in_at is None:
        return Outcome(Answer.NOT_CHECKED_IN, assignment)
    if not await uow.assignments.set_response(assignment_id, person_id, (ResponseStatus.CHECKED_IN.value,),
                                              ResponseStatus.CHECKED_OUT.value, checked_out_at=now):
        await uow.rollback()
        return Outcome(Answer.NOT_CHECKED_IN, assignment)
    minutes = timebank.minutes_between(checked_in_at, now)
    timebank.stage_assignment_credit(uow, person_id, assignment_id, minutes, now)
    await uow.commit()
    return Outcome(Answer.CHECKED_OUT, assignment, minutes=minutes)


async def roster(uow: UnitOfWork, assignment_id: int) -> list[RosterLine]:
    """Who accepted, checked in or out: the manager's "who is coming, who came"."""
    return [RosterLine(pid, name, phone, ResponseStatus(status))
            for pid, name, phone, status in await uow.assignments.roster(assignment_id)]


async def counts(uow: UnitOfWork, assignment_id: int) -> dict[ResponseStatus, int]:
    """How many volunteers are in each state for one assignment."""
    return {ResponseStatus(status): n for status, n in (await uow.assignments.counts_by_status(assignment_id)).items()}


async def of_manager(uow: UnitOfWork, actor: Actor, limit: int = 10) -> list[AssignmentView]:
    """Recent assignments inside a manager's region, newest first."""
    province, county = roles.scope_of_actor(actor).area()
    return [view(row) for row in await uow.assignments.recent_within(province, county, limit)]


async def open_for(uow: UnitOfWork, person_id: int) -> list[tuple[AssignmentView, ResponseStatus]]:
    """A volunteer's current assignments (accepted or checked in) with their state."""
    return [(view(a), ResponseStatus(s)) for a, s in await uow.assignments.open_for(person_id)]

"""Assignments: a manager asks for N volunteers; exactly N are accepted, however many press at once."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns.audit import Actor, record
from campaigns.people import PersonView
from campaigns.regions import Regions, load_regions
from campaigns.volunteers import Axis, Specialty
from storage.models import Person, utcnow
from storage.models.assignments import Assignment, AssignmentResponse, AssignmentStatus, ResponseStatus

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


class AssignmentRefused(Exception):
    """An assignment that cannot be created as asked; nothing was written."""

    def __init__(self, code: Refusal) -> None:
        super().__init__(code.value)
        self.code = code

    @property
    def locale_key(self) -> str:
        """The locale id that explains this refusal."""
        return f"assignments-refused-{self.code.value}"


class Answer(enum.StrEnum):
    """What a volunteer's press came to (locale id: assignments-answer-<value>)."""

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


async def manager_of(session: AsyncSession, person: PersonView | None) -> Actor | None:
    """The manager behind a person (None for a citizen): the one switch to the roles service."""
    from campaigns import roles

    return await roles.actor_of(session, person)


def covers(actor: Actor, province_code: str | None, county_code: str | None) -> bool:
    """True when a place lies inside the manager's region."""
    from campaigns import roles

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


async def create(session: AsyncSession, form: AssignmentForm, manager: Manager | None, *,
                 now: datetime | None = None, wave_every: int = DEFAULT_WAVE_EVERY,
                 remind_before: int = DEFAULT_REMIND_BEFORE) -> AssignmentView:
    """Check and store an assignment (its first wave is due at once), audited; commits."""
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
    session.add(row)
    await session.flush()
    record(session, manager.actor, "callout_create" if form.urgent else "assignment_create",
           {"assignment_id": row.id, "title": row.title, "headcount": row.headcount,
            "specialty": row.specialty, "axis": row.axis},
           audience=row.specialty or row.axis or "volunteers", count=row.headcount,
           province_code=row.province_code, county_code=row.county_code)
    await session.commit()
    return view(row)


async def get(session: AsyncSession, assignment_id: int) -> AssignmentView | None:
    """An assignment by id."""
    row = (await session.execute(select(Assignment).where(Assignment.id == assignment_id)
                                 .execution_options(populate_existing=True))).scalar_one_or_none()
    return view(row) if row is not None else None


async def _status(session: AsyncSession, assignment_id: int, person_id: int) -> ResponseStatus | None:
    value = (await session.execute(select(AssignmentResponse.status).where(
        AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.person_id == person_id))
    ).scalar_one_or_none()
    return ResponseStatus(value) if value is not None else None


async def accept(session: AsyncSession, assignment_id: int, person_id: int, now: datetime | None = None
                 ) -> Outcome:
    """Take one place if one is left: exactly `headcount` acceptances, across processes; commits.

    The volunteer's own row is flipped first (a double tap waits on it, then finds it taken), then one
    conditional UPDATE of the counter takes a place only while places remain; on PostgreSQL its row
    lock orders concurrent presses, on SQLite the write lock does."""
    now = now or utcnow()
    current = (await session.execute(select(Assignment.status, Assignment.deadline).where(
        Assignment.id == assignment_id))).first()
    if current is None:
        return Outcome(Answer.NOT_INVITED)
    if current[0] != AssignmentStatus.OPEN.value or current[1] <= now:
        # Already full or closed: no place to race for (the common case when hundreds press at once).
        await session.rollback()
        return await _too_late(session, assignment_id, person_id, now)
    # Whoever pressed too late before may take a place a withdrawal has freed since.
    mine = await session.execute(
        update(AssignmentResponse).where(
            AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.person_id == person_id,
            AssignmentResponse.status.in_((ResponseStatus.INVITED.value, ResponseStatus.DECLINED.value,
                                           ResponseStatus.TOO_LATE.value)))
        .values(status=ResponseStatus.ACCEPTED.value, responded_at=now)
        .returning(AssignmentResponse.id).execution_options(synchronize_session=False))
    if mine.first() is None:
        await session.rollback()
        status = await _status(session, assignment_id, person_id)
        if status is None:
            return Outcome(Answer.NOT_INVITED)
        return Outcome(Answer.ALREADY_ACCEPTED, await get(session, assignment_id))
    taken = (await session.execute(
        update(Assignment).where(
            Assignment.id == assignment_id, Assignment.status == AssignmentStatus.OPEN.value,
            Assignment.accepted_count < Assignment.headcount, Assignment.deadline > now)
        .values(accepted_count=Assignment.accepted_count + 1,
                status=case((Assignment.accepted_count + 1 >= Assignment.headcount, AssignmentStatus.FILLED.value),
                            else_=Assignment.status),
                filled_at=case((Assignment.accepted_count + 1 >= Assignment.headcount, now),
                               else_=Assignment.filled_at))
        .returning(Assignment.accepted_count, Assignment.headcount)
        .execution_options(synchronize_session=False))).first()
    if taken is None:
        await session.rollback()
        return await _too_late(session, assignment_id, person_id, now)
    await session.commit()
    return Outcome(Answer.ACCEPTED, await get(session, assignment_id), filled=taken[0] >= taken[1])


async def _too_late(session: AsyncSession, assignment_id: int, person_id: int, now: datetime) -> Outcome:
    assignment = await get(session, assignment_id)
    if assignment is None:
        return Outcome(Answer.NOT_INVITED)
    status = await _status(session, assignment_id, person_id)
    if status is None:
        return Outcome(Answer.NOT_INVITED)
    if status in (ResponseStatus.ACCEPTED, ResponseStatus.CHECKED_IN, ResponseStatus.CHECKED_OUT):
        return Outcome(Answer.ALREADY_ACCEPTED, assignment)
    await session.execute(update(AssignmentResponse).where(
        AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.person_id == person_id,
        AssignmentResponse.status.in_((ResponseStatus.INVITED.value, ResponseStatus.DECLINED.value)))
        .values(status=ResponseStatus.TOO_LATE.value, responded_at=now)
        .execution_options(synchronize_session=False))
    await session.commit()
    filled = assignment.status is AssignmentStatus.FILLED or assignment.accepted >= assignment.headcount
    return Outcome(Answer.FILLED if filled else Answer.CLOSED, assignment)


async def decline(session: AsyncSession, assignment_id: int, person_id: int, now: datetime | None = None
                  ) -> Outcome:
    """Say no (or withdraw an acceptance before checking in, which frees the place); commits."""
    now = now or utcnow()
    status = await _status(session, assignment_id, person_id)
    if status is None:
        return Outcome(Answer.NOT_INVITED)
    if status in (ResponseStatus.CHECKED_IN, ResponseStatus.CHECKED_OUT):
        return Outcome(Answer.ALREADY_CHECKED_IN, await get(session, assignment_id))
    # The row is flipped from the state it holds now, not the one read above: an Accept pressed on another
    # device in between would otherwise be turned into a refusal while its place stayed taken.
    withdrawing = status is ResponseStatus.ACCEPTED
    flipped = await _refuse(session, assignment_id, person_id, withdrawing, now)
    if not flipped and status in (ResponseStatus.INVITED, ResponseStatus.ACCEPTED):
        withdrawing = not withdrawing
        flipped = await _refuse(session, assignment_id, person_id, withdrawing, now)
    if flipped and withdrawing:
        # A freed place reopens a filled assignment while its deadline has not passed.
        await session.execute(update(Assignment).where(Assignment.id == assignment_id,
                                                       Assignment.accepted_count > 0)
                              .values(accepted_count=Assignment.accepted_count - 1,
                                      status=case((Assignment.deadline > now, AssignmentStatus.OPEN.value),
                                                  else_=Assignment.status))
                              .execution_options(synchronize_session=False))
    await session.commit()
    return Outcome(Answer.DECLINED, await get(session, assignment_id))


async def _refuse(session: AsyncSession, assignment_id: int, person_id: int, withdrawing: bool, now: datetime
                  ) -> bool:
    """Flip one response to declined if it is accepted (`withdrawing`) or else invited; True when it was."""
    was = ResponseStatus.ACCEPTED if withdrawing else ResponseStatus.INVITED
    flipped = await session.execute(update(AssignmentResponse).where(
        AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.person_id == person_id,
        AssignmentResponse.status == was.value)
        .values(status=ResponseStatus.DECLINED.value, responded_at=now)
        .returning(AssignmentResponse.id).execution_options(synchronize_session=False))
    return flipped.first() is not None


async def check_in(session: AsyncSession, assignment_id: int, person_id: int, now: datetime | None = None
                   ) -> Outcome:
    """Record arrival (from a little before the start); commits."""
    now = now or utcnow()
    assignment = await get(session, assignment_id)
    status = await _status(session, assignment_id, person_id)
    if assignment is None or status is None:
        return Outcome(Answer.NOT_INVITED)
    if status in (ResponseStatus.CHECKED_IN, ResponseStatus.CHECKED_OUT):
        return Outcome(Answer.ALREADY_CHECKED_IN, assignment)
    if status is not ResponseStatus.ACCEPTED:
        return Outcome(Answer.NOT_ACCEPTED, assignment)
    if now < assignment.starts_at - CHECK_IN_EARLY:
        return Outcome(Answer.TOO_EARLY, assignment)
    await session.execute(update(AssignmentResponse).where(
        AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.person_id == person_id,
        AssignmentResponse.status == ResponseStatus.ACCEPTED.value)
        .values(status=ResponseStatus.CHECKED_IN.value, checked_in_at=now)
        .execution_options(synchronize_session=False))
    await session.commit()
    return Outcome(Answer.CHECKED_IN, assignment)


async def check_out(session: AsyncSession, assignment_id: int, person_id: int, now: datetime | None = None
                    ) -> Outcome:
    """Record leaving and credit the time between check-in and now to the time bank; commits."""
    from campaigns import timebank

    now = now or utcnow()
    assignment = await get(session, assignment_id)
    row = (await session.execute(select(AssignmentResponse).where(
        AssignmentResponse.assignment_id == assignment_id, AssignmentResponse.person_id == person_id))
    ).scalar_one_or_none()
    if assignment is None or row is None:
        return Outcome(Answer.NOT_INVITED)
    if row.status != ResponseStatus.CHECKED_IN.value or row.checked_in_at is None:
        return Outcome(Answer.NOT_CHECKED_IN, assignment)
    flipped = await session.execute(update(AssignmentResponse).where(
        AssignmentResponse.id == row.id, AssignmentResponse.status == ResponseStatus.CHECKED_IN.value)
        .values(status=ResponseStatus.CHECKED_OUT.value, checked_out_at=now)
        .returning(AssignmentResponse.id).execution_options(synchronize_session=False))
    if flipped.first() is None:
        await session.rollback()
        return Outcome(Answer.NOT_CHECKED_IN, assignment)
    minutes = timebank.minutes_between(row.checked_in_at, now)
    timebank.stage_assignment_credit(session, person_id, assignment_id, minutes, now)
    await session.commit()
    return Outcome(Answer.CHECKED_OUT, assignment, minutes=minutes)


async def roster(session: AsyncSession, assignment_id: int) -> list[RosterLine]:
    """Who accepted, checked in or out: the manager's "who is coming, who came"."""
    rows = await session.execute(
        select(AssignmentResponse.person_id, Person.first_name, Person.phone, AssignmentResponse.status)
        .join(Person, Person.id == AssignmentResponse.person_id)
        .where(AssignmentResponse.assignment_id == assignment_id,
               AssignmentResponse.status.in_((ResponseStatus.ACCEPTED.value, ResponseStatus.CHECKED_IN.value,
                                              ResponseStatus.CHECKED_OUT.value)))
        .order_by(AssignmentResponse.responded_at, AssignmentResponse.id))
    return [RosterLine(pid, name, phone, ResponseStatus(status)) for pid, name, phone, status in rows.all()]


async def counts(session: AsyncSession, assignment_id: int) -> dict[ResponseStatus, int]:
    """How many volunteers are in each state for one assignment."""
    rows = await session.execute(select(AssignmentResponse.status, func.count()).where(
        AssignmentResponse.assignment_id == assignment_id).group_by(AssignmentResponse.status))
    return {ResponseStatus(status): int(n) for status, n in rows.all()}


async def of_manager(session: AsyncSession, actor: Actor, limit: int = 10) -> list[AssignmentView]:
    """Recent assignments inside a manager's region, newest first."""
    from campaigns import roles

    scope = roles.scope_of_actor(actor)
    rows = await session.execute(select(Assignment).where(
        *scope.where(Assignment.province_code, Assignment.county_code)).order_by(Assignment.id.desc()).limit(limit))
    return [view(row) for row in rows.scalars()]


async def open_for(session: AsyncSession, person_id: int) -> list[tuple[AssignmentView, ResponseStatus]]:
    """A volunteer's current assignments (accepted or checked in) with their state."""
    rows = await session.execute(
        select(Assignment, AssignmentResponse.status).join(
            AssignmentResponse, AssignmentResponse.assignment_id == Assignment.id)
        .where(AssignmentResponse.person_id == person_id,
               AssignmentResponse.status.in_((ResponseStatus.ACCEPTED.value, ResponseStatus.CHECKED_IN.value)))
        .order_by(Assignment.starts_at))
    return [(view(a), ResponseStatus(s)) for a, s in rows.all()]

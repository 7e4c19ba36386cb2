"""The time bank (bank-e zaman): volunteer hours credited from assignments and confirmed by managers."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns.audit import Actor, record
from storage.models import Person, Volunteer, utcnow
from storage.models.assignments import Assignment, HoursEntry, HoursSource

MAX_MINUTES_PER_ENTRY = 24 * 60
HISTORY = 10


class HoursRefused(enum.StrEnum):
    """Why a manager's hours were not credited (locale id: assignments-hours-refused-<code>)."""

    BAD_AMOUNT = "bad-amount"
    UNKNOWN_PERSON = "unknown-person"
    OUT_OF_REGION = "out-of-region"


class HoursError(Exception):
    """Hours that cannot be credited; nothing was written."""

    def __init__(self, code: HoursRefused) -> None:
        super().__init__(code.value)
        self.code = code


@dataclass(frozen=True)
class HoursLine:
    """One credit in a volunteer's history."""

    minutes: int
    source: HoursSource
    title: str | None  # the assignment's title, or the manager's note
    at: datetime


@dataclass(frozen=True)
class Summary:
    """A volunteer's total hours and latest credits (what /me shows)."""

    total_minutes: int
    entries: int
    history: tuple[HoursLine, ...]

    @property
    def hours(self) -> int:
        """Whole hours in the bank."""
        return self.total_minutes // 60

    @property
    def minutes(self) -> int:
        """Minutes beyond the whole hours."""
        return self.total_minutes % 60


@dataclass(frozen=True)
class RegionTotal:
    """Hours volunteers of one region (a province, or a county of it) have banked."""

    province_code: str | None
    county_code: str | None
    minutes: int
    volunteers: int


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes worked between check-in and check-out: at least one, at most a day."""
    minutes = int((end - start).total_seconds() // 60)
    return max(1, min(MAX_MINUTES_PER_ENTRY, minutes))


def stage_assignment_credit(session: AsyncSession, person_id: int, assignment_id: int, minutes: int,
                            now: datetime) -> None:
    """Add the credit for a checked-out assignment to the caller's transaction."""
    session.add(HoursEntry(person_id=person_id, minutes=minutes, source=HoursSource.ASSIGNMENT.value,
                           assignment_id=assignment_id, at=now))


async def confirm(session: AsyncSession, actor: Actor, person_id: int, minutes: int, note: str | None = None,
                  now: datetime | None = None) -> int:
    """A manager credits hours to a volunteer in their region (audited); commits; returns the entry id."""
    from campaigns.assignments import covers

    if not 0 < minutes <= MAX_MINUTES_PER_ENTRY:
        raise HoursError(HoursRefused.BAD_AMOUNT)
    person = await session.get(Person, person_id)
    if person is None or person.forgotten_at is not None:
        raise HoursError(HoursRefused.UNKNOWN_PERSON)
    volunteer = (await session.execute(select(Volunteer).where(Volunteer.person_id == person_id))
                 ).scalar_one_or_none()
    province = volunteer.province_code if volunteer else person.province_code
    county = volunteer.county_code if volunteer else person.county_code
    if not covers(actor, province, county):
        raise HoursError(HoursRefused.OUT_OF_REGION)
    entry = HoursEntry(person_id=person_id, minutes=minutes, source=HoursSource.MANAGER.value,
                       confirmed_by_id=actor.person_id, note=note, at=now or utcnow())
    session.add(entry)
    await session.flush()
    record(session, actor, "hours_confirm", {"person_id": person_id, "minutes": minutes, "entry_id": entry.id},
           count=1, province_code=province, county_code=county)
    await session.commit()
    return entry.id


async def summary(session: AsyncSession, person_id: int, history: int = HISTORY) -> Summary:
    """A volunteer's total hours and latest credits, newest first."""
    total, entries = (await session.execute(select(func.coalesce(func.sum(HoursEntry.minutes), 0), func.count())
                                            .where(HoursEntry.person_id == person_id))).one()
    rows = await session.execute(
        select(HoursEntry.minutes, HoursEntry.source, Assignment.title, HoursEntry.note, HoursEntry.at)
        .outerjoin(Assignment, Assignment.id == HoursEntry.assignment_id)
        .where(HoursEntry.person_id == person_id).order_by(HoursEntry.at.desc(), HoursEntry.id.desc())
        .limit(history))
    lines = tuple(HoursLine(minutes, HoursSource(source), title or note, at)
                  for minutes, source, title, note, at in rows.all())
    return Summary(int(total), int(entries), lines)


async def totals_by_region(session: AsyncSession, actor: Actor) -> list[RegionTotal]:
    """Banked hours per region inside a manager's scope: per province nationally, else per county."""
    from campaigns import roles

    scope = roles.scope_of_actor(actor)
    region = (Volunteer.province_code,) if scope.national else (Volunteer.province_code, Volunteer.county_code)
    rows = await session.execute(
        select(*region, func.sum(HoursEntry.minutes), func.count(func.distinct(HoursEntry.person_id)))
        .join(Volunteer, Volunteer.person_id == HoursEntry.person_id)
        .where(*scope.where(Volunteer.province_code, Volunteer.county_code))
        .group_by(*region).order_by(func.sum(HoursEntry.minutes).desc()))
    totals: list[RegionTotal] = []
    for row in rows.all():
        if scope.national:
            totals.append(RegionTotal(row[0], None, int(row[1] or 0), int(row[2])))
        else:
            totals.append(RegionTotal(row[0], row[1], int(row[2] or 0), int(row[3])))
    return totals

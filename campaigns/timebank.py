"""The time bank (bank-e zaman): volunteer hours credited from assignments and confirmed by managers."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from campaigns import roles
from campaigns.audit import Actor, record
from campaigns.errors import Refused
from storage.models import utcnow
from storage.models.assignments import HoursEntry, HoursSource
from storage.unit_of_work import UnitOfWork

MAX_MINUTES_PER_ENTRY = 24 * 60
HISTORY = 10


class HoursRefused(enum.StrEnum):
    """Why a manager's hours were not credited (locale id: assignments-hours-refused-<code>)."""

    BAD_AMOUNT = "bad-amount"
    UNKNOWN_PERSON = "unknown-person"
    OUT_OF_REGION = "out-of-region"


class HoursError(Refused[HoursRefused]):
    """Hours that cannot be credited; nothing was written."""


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


def stage_assignment_credit(uow: UnitOfWork, person_id: int, assignment_id: int, minutes: int,
                            now: datetime) -> None:
    """Add the credit for a checked-out assignment to the caller's unit of work."""
    uow.assignments.stage_hours(HoursEntry(person_id=person_id, minutes=minutes, source=HoursSource.ASSIGNMENT.value,
                                           assignment_id=assignment_id, at=now))


async def confirm(uow: UnitOfWork, actor: Actor, person_id: int, minutes: int, note: str | None = None,
                  now: datetime | None = None) -> int:
    """A manager credits hours to a volunteer in their region (audited); commits; returns the entry id."""
    if not 0 < minutes <= MAX_MINUTES_PER_ENTRY:
        raise HoursError(HoursRefused.BAD_AMOUNT)
    person = await uow.people.by_id(person_id)
    if person is None or person.forgotten_at is not None:
        raise HoursError(HoursRefused.UNKNOWN_PERSON)
    volunteer = await uow.volunteers.by_person(person_id)
    province = volunteer.province_code if volunteer else person.province_code
    county = volunteer.county_code if volunteer else person.county_code
    if not roles.scope_of_actor(actor).covers(province, county):
        raise HoursError(HoursRefused.OUT_OF_REGION)
    entry = await uow.assignments.add_hours(HoursEntry(
        person_id=person_id, minutes=minutes, source=HoursSource.MANAGER.value, confirmed_by_id=actor.person_id,
        note=note, at=now or utcnow()))
    record(uow, actor, "hours_confirm", {"person_id": person_id, "minutes": minutes, "entry_id": entry},
           count=1, province_code=province, county_code=county)
    await uow.commit()
    return entry


async def summary(uow: UnitOfWork, person_id: int, history: int = HISTORY) -> Summary:
    """A volunteer's total hours and latest credits, newest first."""
    total, entries = await uow.assignments.hours_total(person_id)
    lines = tuple(HoursLine(minutes, HoursSource(source), title or note, at)
                  for minutes, source, title, note, at in await uow.assignments.hours_history(person_id, history))
    return Summary(total, entries, lines)


async def totals_by_region(uow: UnitOfWork, actor: Actor) -> list[RegionTotal]:
    """Banked hours per region inside a manager's scope: per province nationally, else per county."""
    scope = roles.scope_of_actor(actor)
    province, county = scope.area()
    return [RegionTotal(p, c, minutes, volunteers) for p, c, minutes, volunteers
            in await uow.assignments.hours_by_region(scope.national, province, county)]

"""The volunteer network: registration choices, validation of typed answers, and the saved registration."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from campaigns.numerals import to_latin_digits
from campaigns.words import pick_one
from storage.models import Volunteer
from storage.unit_of_work import UnitOfWork

MAX_SKILLS = 500
_T = TypeVar("_T")


class Axis(StrEnum):
    """The five axes of the volunteer network."""

    HEALTH = "health"
    EMPOWERMENT = "empowerment"
    CULTURAL = "cultural"
    CONSTRUCTION = "construction"
    EXTRACURRICULAR = "extracurricular"


class Specialty(StrEnum):
    """What a volunteer does for a living (the specialists MOHEB teams call on come first)."""

    DOCTOR = "doctor"
    NURSE = "nurse"
    PSYCHOLOGIST = "psychologist"
    PSYCHIATRIST = "psychiatrist"
    SOCIAL_WORKER = "social_worker"
    ENGINEER = "engineer"
    TEACHER = "teacher"
    OTHER = "other"


class Day(StrEnum):
    """Days of the week in the Persian order, Saturday first."""

    SAT = "sat"
    SUN = "sun"
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"


class Hours(StrEnum):
    """The part of the day a volunteer is free."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    ANY = "any"


AXES = tuple(Axis)
SPECIALTIES = tuple(Specialty)
DAYS = tuple(Day)
HOURS = tuple(Hours)


@dataclass(frozen=True, kw_only=True)
class VolunteerOffer:
    """What a volunteer offers, as a call-out matches it: fields, specialty, when, on call, and where."""

    axes: tuple[Axis, ...]
    specialty: Specialty
    days: tuple[Day, ...]
    hours: Hours
    on_call: bool
    province_code: str | None
    county_code: str | None


@dataclass(frozen=True, kw_only=True)
class VolunteerForm(VolunteerOffer):
    """A complete registration as the volunteer confirmed it."""

    national_id: str | None = None
    skills: str | None = None


@dataclass(frozen=True, kw_only=True)
class VolunteerView(VolunteerOffer):
    """A saved registration (never an ORM row; no national ID)."""

    id: int
    person_id: int
    skills: str | None
    registered_at: datetime
    updated_at: datetime


@dataclass
class FormErrors:
    """Which fields of a form are wrong (empty when the form is fine)."""

    fields: list[str] = field(default_factory=list)


_LIST_SEPARATORS = re.compile(r"[,\u060c;\u061b/+]+")
_FILLERS = {"و", "and", "&"}


def pick_many(text: str, labels: Sequence[Sequence[str]]) -> list[int] | None:
    """Several options typed as "health, culture", "health and culture" (in either language) or "1 3"; None if any
    part matches nothing."""
    whole = pick_one(text, labels)
    if whole is not None:
        return [whole]
    chosen: set[int] = set()
    for chunk in _LIST_SEPARATORS.split(to_latin_digits(text)):
        if not chunk.strip():
            continue
        index = pick_one(chunk, labels)
        if index is not None:
            chosen.add(index)
            continue
        for word in chunk.split():
            if word.lower() in _FILLERS:
                continue
            index = pick_one(word, labels)
            if index is None:
                return None
            chosen.add(index)
    return sorted(chosen) or None


def clean_skills(text: str) -> str | None:
    """Skills as one tidy paragraph of at most MAX_SKILLS characters; None if empty or too long."""
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > MAX_SKILLS:
        return None
    return cleaned


def check(form: VolunteerForm) -> FormErrors:
    """What is missing or wrong in a form before it may be saved."""
    errors = FormErrors()
    if not form.axes:
        errors.fields.append("axes")
    if not form.days:
        errors.fields.append("days")
    if form.province_code is None:
        errors.fields.append("region")
    if form.skills is not None and len(form.skills) > MAX_SKILLS:
        errors.fields.append("skills")
    return errors


class InvalidForm(ValueError):
    """A registration that cannot be saved as it is."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


async def register(uow: UnitOfWork, person_id: int, form: VolunteerForm) -> VolunteerView:
    """Save a registration in one transaction: a second one updates the first, never duplicates it."""
    errors = check(form)
    if errors.fields:
        raise InvalidForm(errors.fields)
    row = await uow.volunteers.upsert(
        person_id, axes=[a.value for a in _ordered(form.axes, AXES)], specialty=form.specialty.value,
        days=[d.value for d in _ordered(form.days, DAYS)], hours=form.hours.value, on_call=form.on_call,
        province_code=form.province_code, county_code=form.county_code, skills=form.skills)
    if form.national_id is not None:
        await uow.people.update_fields(person_id, national_id=form.national_id)
    saved = _view(row)
    await uow.commit()
    return saved


async def get(uow: UnitOfWork, person_id: int) -> VolunteerView | None:
    """A person's registration, if they registered."""
    row = await uow.volunteers.by_person(person_id)
    return _view(row) if row is not None else None


def _view(row: Volunteer) -> VolunteerView:
    return VolunteerView(
        id=row.id, person_id=row.person_id, axes=tuple(Axis(a) for a in row.axes if a in Axis._value2member_map_),
        specialty=Specialty(row.specialty), days=tuple(Day(d) for d in row.days if d in Day._value2member_map_),
        hours=Hours(row.hours), on_call=row.on_call, province_code=row.province_code,
        county_code=row.county_code, skills=row.skills, registered_at=row.registered_at,
        updated_at=row.updated_at)


def _ordered(chosen: Sequence[_T], order: Sequence[_T]) -> list[_T]:
    return [item for item in order if item in chosen]

"""People: registration, consent, profile, and the right to be forgotten."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any

from storage.db import Connection
from storage.models import Person, utcnow
from storage.repositories.people import VIEW_FIELDS, new_referral_code, touch_on, view_row_held
from storage.unit_of_work import UnitOfWork

_TOUCH_EVERY = timedelta(minutes=10)


@dataclass(frozen=True)
class PersonView:
    """What handlers and the engine know of a person (never an ORM row)."""

    id: int
    platform: str
    platform_user_id: int
    chat_id: int
    language: str
    first_name: str | None
    phone: str | None
    national_id: str | None
    province_code: str | None
    county_code: str | None
    neighbourhood: str | None
    referral_code: str
    consent_at: datetime | None
    onboarded_at: datetime | None
    created_at: datetime
    last_seen_at: datetime

    @property
    def onboarded(self) -> bool:
        """True once consent, phone and region are in."""
        return self.onboarded_at is not None


# The repository's view rows come in PersonView's field order, so a row becomes a view positionally.
assert tuple(field.name for field in fields(PersonView)) == VIEW_FIELDS


_FIELDS = len(VIEW_FIELDS)


def view_of(row: Sequence[Any]) -> PersonView:
    """The DTO of a repository's view row (VIEW_FIELDS first; anything after them is ignored)."""
    return PersonView(*row[:_FIELDS])


@dataclass(frozen=True)
class Onboarded:
    """A person at the end of onboarding, and whether a referral link credited someone."""

    person: PersonView
    referred: bool


def view(person: Person) -> PersonView:
    """The DTO of a person row."""
    return PersonView(
        id=person.id, platform=person.platform, platform_user_id=person.platform_user_id,
        chat_id=person.chat_id, language=person.language, first_name=person.first_name,
        phone=person.phone, national_id=person.national_id, province_code=person.province_code,
        county_code=person.county_code, neighbourhood=person.neighbourhood,
        referral_code=person.referral_code, consent_at=person.consent_at,
        onboarded_at=person.onboarded_at, created_at=person.created_at, last_seen_at=person.last_seen_at,
    )


async def find_on(connection: Connection, platform: str, user_id: int) -> PersonView | None:
    """The person behind a platform user, if we know them, looked up on an autocommit connection (the look-up
    every update makes, with no session around it); refreshes last-seen now and then."""
    row = await view_row_held(connection, platform, user_id)
    if row is None:
        return None
    person, unreachable = view_of(row), row[-1]
    now = utcnow()
    if unreachable or now - person.last_seen_at > _TOUCH_EVERY:
        await touch_on(connection, person.id, now)  # writing to us proves they are reachable again
        person = replace(person, last_seen_at=now)
    return person


async def find_or_add(uow: UnitOfWork, platform: str, user_id: int, chat_id: int, language: str) -> PersonView:
    """The person behind a platform user, staged (with no personal data yet) when new; does not commit."""
    now = utcnow()
    row = await uow.people.insert_returning_view({
        "platform": platform, "platform_user_id": user_id, "chat_id": chat_id, "language": language,
        "referral_code": new_referral_code(), "created_at": now, "last_seen_at": now})
    if row is None:  # known already (or two first updates raced and the other one made the row)
        row = await uow.people.view_row_by_platform_user(platform, user_id)
        if row is None:
            raise LookupError(f"{platform} user neither inserted nor found")
    return view_of(row)


async def get_or_create(uow: UnitOfWork, platform: str, user_id: int, chat_id: int, language: str) -> PersonView:
    """The person behind a platform user, created (with no personal data yet) on first contact; commits."""
    person = await find_or_add(uow, platform, user_id, chat_id, language)
    await uow.commit()
    return person


async def _set(uow: UnitOfWork, person_id: int, **values: object) -> PersonView:
    # One UPDATE ... RETURNING: the new row comes back with the write (the repository runs it on its own
    # when nothing else is pending, so the commit then costs nothing).
    person = view_of(await uow.people.write_returning_view(person_id, values))
    await uow.commit()
    return person


async def set_language(uow: UnitOfWork, person_id: int, language: str) -> PersonView:
    """Remember the language a person reads."""
    return await _set(uow, person_id, language=language)


async def give_consent(uow: UnitOfWork, person_id: int, first_name: str | None) -> PersonView:
    """Record consent to store personal data, and the name the platform gave us."""
    return await _set(uow, person_id, consent_at=utcnow(), first_name=(first_name or "")[:128] or None)


async def set_phone(uow: UnitOfWork, person_id: int, phone: str) -> PersonView:
    """Store a normalised phone number."""
    return await _set(uow, person_id, phone=phone)


async def set_region(uow: UnitOfWork, person_id: int, province_code: str, county_code: str | None, *,
                     clear_neighbourhood: bool = False) -> PersonView:
    """Store a person's province and county (and clear their neighbourhood, when asked: the caller knows the
    county changed)."""
    if clear_neighbourhood:
        return await _set(uow, person_id, province_code=province_code, county_code=county_code, neighbourhood=None)
    return await _set(uow, person_id, province_code=province_code, county_code=county_code)


async def set_neighbourhood(uow: UnitOfWork, person_id: int, neighbourhood: str | None) -> PersonView:
    """Store (or clear) a person's neighbourhood."""
    return await _set(uow, person_id, neighbourhood=(neighbourhood or None))


async def set_national_id(uow: UnitOfWork, person_id: int, national_id: str | None) -> PersonView:
    """Store (or clear) a validated national ID."""
    return await _set(uow, person_id, national_id=national_id)


async def finish_onboarding(uow: UnitOfWork, person_id: int, province_code: str, county_code: str | None,
                            neighbourhood: str | None, referred_by_code: str | None) -> Onboarded:
    """Store the region the person chose (neighbourhood or none), mark onboarding done and credit the referrer,
    if any (not oneself): one statement, one commit."""
    row = await uow.people.write_returning_view(
        person_id, {"province_code": province_code, "county_code": county_code,
                    "neighbourhood": neighbourhood or None, "onboarded_at": utcnow()},
        referral_code=referred_by_code)
    await uow.commit()
    return Onboarded(view_of(row), referred=bool(referred_by_code) and row[_FIELDS] is not None)


async def by_id(uow: UnitOfWork, person_id: int) -> PersonView | None:
    """A person by our id (None when there is no such person)."""
    person = await uow.people.by_id(person_id)
    return view(person) if person is not None else None


async def forget(uow: UnitOfWork, person_id: int) -> None:
    """Erase a person's personal data, keeping only anonymous aggregates; commits.

    Phone, national ID, name, neighbourhood, free-text skills and the platform identity go; their
    pledges and energy reports stay but are unlinked, memberships and volunteer axes stay on the
    anonymous row, so campaign totals do not change; they leave the call-out lists (nobody can be
    reached at an erased address). The next /start from the same account meets a stranger. Referrals they
    made stay, without them as the referrer."""
    await uow.people.erase(person_id, utcnow())
    await uow.referrals.forget_referrer(person_id)
    await uow.commit()

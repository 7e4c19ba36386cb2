"""People: registration, consent, profile, and the right to be forgotten."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.orm import object_session
from sqlalchemy.orm.util import identity_key

from storage.db import autocommit
from storage.models import EnergyReport, Person, Pledge, Volunteer, utcnow
from storage.repositories.people import (
    VIEW_FIELDS,
    PeopleRepository,
    new_referral_code,
    touch_on,
    update_view_on,
    view_row_on,
)

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


def _view_of(row: Sequence[Any]) -> PersonView:
    return PersonView(*row)


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


async def find(session: AsyncSession, platform: str, user_id: int) -> PersonView | None:
    """The person behind a platform user, if we know them; refreshes last-seen now and then."""
    repo = PeopleRepository(session)
    row = await repo.view_row_by_platform_user(platform, user_id)  # every update: no ORM row built
    person = None
    if row is not None:
        person, unreachable = _view_of(row[:-1]), row[-1]
        now = utcnow()
        if unreachable or now - person.last_seen_at > _TOUCH_EVERY:
            # Writing to us proves they are reachable again.
            await repo.update_fields(person.id, last_seen_at=now, unreachable=False)
            person = replace(person, last_seen_at=now)
    # End the transaction either way: the connection goes back to the pool while the handler waits
    # on the platform, which is what lets a few dozen connections serve hundreds of updates in flight.
    await session.commit()
    return person


async def find_on(connection: AsyncConnection, platform: str, user_id: int) -> PersonView | None:
    """find() on an autocommit connection: the look-up every update makes, with no session around it."""
    row = await view_row_on(connection, platform, user_id)
    if row is None:
        return None
    person, unreachable = _view_of(row[:-1]), row[-1]
    now = utcnow()
    if unreachable or now - person.last_seen_at > _TOUCH_EVERY:
        await touch_on(connection, person.id, now)  # writing to us proves they are reachable again
        person = replace(person, last_seen_at=now)
    return person


async def get_or_create(session: AsyncSession, platform: str, user_id: int, chat_id: int,
                        language: str) -> PersonView:
    """The person behind a platform user, created (with no personal data yet) on first contact."""
    repo = PeopleRepository(session)
    existing = await repo.by_platform_user(platform, user_id)
    if existing is not None:
        return view(existing)
    person = Person(platform=platform, platform_user_id=user_id, chat_id=chat_id, language=language,
                    referral_code=new_referral_code(), created_at=utcnow(), last_seen_at=utcnow())
    repo.add(person)
    try:
        await session.commit()
    except IntegrityError:
        # Two updates from a new person raced; the other one created the row.
        await session.rollback()
        existing = await repo.by_platform_user(platform, user_id)
        if existing is None:
            raise
        return view(existing)
    return view(person)


async def _set(session: AsyncSession, person_id: int, **values: object) -> PersonView:
    # One UPDATE ... RETURNING and a commit: the new row comes back with the write.
    loaded = session.sync_session.identity_map.get(identity_key(Person, person_id))
    if loaded is not None and object_session(loaded) is not None:
        # The session holds this person's row: update it through the ORM so the row stays true.
        result = await session.execute(update(Person).where(Person.id == person_id).values(**values)
                                       .returning(Person).execution_options(populate_existing=True))
        person = view(result.scalar_one())
    elif not session.in_transaction() and isinstance(session.bind, AsyncEngine):
        # The usual case (an onboarding step): one statement in its own transaction, in Core, no ORM row.
        async with autocommit(session.bind).connect() as connection:
            return _view_of(await update_view_on(connection, person_id, values))
    else:
        person = _view_of(await PeopleRepository(session).update_returning_view(person_id, values))
    await session.commit()
    return person


async def set_language(session: AsyncSession, person_id: int, language: str) -> PersonView:
    """Remember the language a person reads."""
    return await _set(session, person_id, language=language)


async def give_consent(session: AsyncSession, person_id: int, first_name: str | None) -> PersonView:
    """Record consent to store personal data, and the name the platform gave us."""
    return await _set(session, person_id, consent_at=utcnow(), first_name=(first_name or "")[:128] or None)


async def set_phone(session: AsyncSession, person_id: int, phone: str) -> PersonView:
    """Store a normalised phone number."""
    return await _set(session, person_id, phone=phone)


async def set_region(session: AsyncSession, person_id: int, province_code: str,
                     county_code: str | None) -> PersonView:
    """Store a person's province and county (clearing the neighbourhood when the county changes)."""
    return await _set(session, person_id, province_code=province_code, county_code=county_code)


async def set_neighbourhood(session: AsyncSession, person_id: int, neighbourhood: str | None) -> PersonView:
    """Store (or clear) a person's neighbourhood."""
    return await _set(session, person_id, neighbourhood=(neighbourhood or None))


async def set_national_id(session: AsyncSession, person_id: int, national_id: str | None) -> PersonView:
    """Store (or clear) a validated national ID."""
    return await _set(session, person_id, national_id=national_id)


async def finish_onboarding(session: AsyncSession, person_id: int, referred_by_code: str | None) -> PersonView:
    """Mark onboarding done and credit the referrer, if any (not oneself)."""
    values: dict[str, object] = {"onboarded_at": utcnow()}
    if referred_by_code:
        referrer = await PeopleRepository(session).by_referral_code(referred_by_code)
        if referrer is not None and referrer.id != person_id:
            values["referred_by_id"] = referrer.id
    return await _set(session, person_id, **values)


async def forget(session: AsyncSession, person_id: int) -> None:
    """Erase a person's personal data, keeping only anonymous aggregates.

    Phone, national ID, name, neighbourhood, free-text skills and the platform identity go; their
    pledges and energy reports stay but are unlinked, memberships and volunteer axes stay on the
    anonymous row, so campaign totals do not change. The
    next /start from the same account meets a stranger."""
    # Off the call-out lists too: nobody can be reached at an erased address.
    await session.execute(update(Volunteer).where(Volunteer.person_id == person_id).values(skills=None,
                                                                                          on_call=False))
    # Pledges and reports keep counting in campaign totals, but no longer point at anyone.
    await session.execute(update(Pledge).where(Pledge.person_id == person_id).values(person_id=None))
    await session.execute(update(EnergyReport).where(EnergyReport.person_id == person_id).values(person_id=None))
    await session.execute(update(Person).where(Person.referred_by_id == person_id).values(referred_by_id=None))
    await PeopleRepository(session).update_fields(
        person_id, platform_user_id=-person_id, chat_id=0, first_name=None, phone=None, national_id=None,
        neighbourhood=None, referral_code=f"gone{person_id}"[:16], referred_by_id=None, consent_at=None,
        forgotten_at=utcnow(), unreachable=True)
    await session.commit()

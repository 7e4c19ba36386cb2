"""Queries and writes on people; the caller's service commits."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from storage.models import Person

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_referral_code() -> str:
    """A short, unambiguous code a person shares to credit referrals."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))


# The columns a person's view is made of, in the view's order (campaigns.people.PersonView checks it).
VIEW_FIELDS = ("id", "platform", "platform_user_id", "chat_id", "language", "first_name", "phone", "national_id",
               "province_code", "county_code", "neighbourhood", "referral_code", "consent_at", "onboarded_at",
               "created_at", "last_seen_at")
_PEOPLE: Table = Person.__table__  # type: ignore[assignment]
_VIEW_COLUMNS = [_PEOPLE.c[name] for name in VIEW_FIELDS]
# The look-up every update makes, in Core (no ORM row to build) and built once (its compiled form is cached).
_VIEW_BY_PLATFORM_USER = select(*_VIEW_COLUMNS, _PEOPLE.c.unreachable).where(
    _PEOPLE.c.platform == bindparam("platform"), _PEOPLE.c.platform_user_id == bindparam("user_id"))


async def view_row_on(connection: AsyncConnection, platform: str, user_id: int) -> Sequence[Any] | None:
    """The VIEW_FIELDS of the person a platform user id belongs to, then their `unreachable` flag."""
    result = await connection.execute(_VIEW_BY_PLATFORM_USER, {"platform": platform, "user_id": user_id})
    return result.first()


async def update_view_on(connection: AsyncConnection, person_id: int, values: dict[str, Any]) -> Sequence[Any]:
    """Set columns of one person and return their VIEW_FIELDS as written (one statement, in Core)."""
    result = await connection.execute(
        update(_PEOPLE).where(_PEOPLE.c.id == person_id).values(**values).returning(*_VIEW_COLUMNS))
    return result.one()


async def touch_on(connection: AsyncConnection, person_id: int, now: Any) -> None:
    """Mark a person seen now (and so reachable)."""
    await connection.execute(update(_PEOPLE).where(_PEOPLE.c.id == person_id).values(
        last_seen_at=now, unreachable=False))


class PeopleRepository:
    """People by platform identity, by id and by referral code."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_platform_user(self, platform: str, user_id: int) -> Person | None:
        """The person a platform user id belongs to."""
        result = await self.session.execute(
            select(Person).where(Person.platform == platform, Person.platform_user_id == user_id))
        return result.scalar_one_or_none()

    async def view_row_by_platform_user(self, platform: str, user_id: int) -> Sequence[Any] | None:
        """The VIEW_FIELDS of the person a platform user id belongs to, then their `unreachable` flag."""
        return await view_row_on(await self.session.connection(), platform, user_id)

    async def update_returning_view(self, person_id: int, values: dict[str, Any]) -> Sequence[Any]:
        """Set columns of one person and return their VIEW_FIELDS as written (one statement, in Core)."""
        return await update_view_on(await self.session.connection(), person_id, values)

    async def by_id(self, person_id: int) -> Person | None:
        """A person by our id."""
        return await self.session.get(Person, person_id)

    async def by_referral_code(self, code: str) -> Person | None:
        """The person who owns a referral code."""
        result = await self.session.execute(select(Person).where(Person.referral_code == code))
        return result.scalar_one_or_none()

    def add(self, person: Person) -> None:
        """Stage a new person."""
        self.session.add(person)

    async def update_fields(self, person_id: int, **values: Any) -> None:
        """Set columns of one person."""
        await self.session.execute(update(Person).where(Person.id == person_id).values(**values))

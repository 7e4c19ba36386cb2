"""Queries and writes on people; the caller's service commits."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_referral_code() -> str:
    """A short, unambiguous code a person shares to credit referrals."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))


class PeopleRepository:
    """People by platform identity, by id and by referral code."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_platform_user(self, platform: str, user_id: int) -> Person | None:
        """The person a platform user id belongs to."""
        result = await self.session.execute(
            select(Person).where(Person.platform == platform, Person.platform_user_id == user_id))
        return result.scalar_one_or_none()

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

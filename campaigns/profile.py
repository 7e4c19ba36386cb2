"""What a person can see about themselves: their profile, registration and participation counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns import volunteers
from campaigns.volunteers import VolunteerView
from storage.models import Membership, Pledge


@dataclass(frozen=True)
class Participation:
    """How much a person has taken part: campaigns joined (and not left) and live pledges."""

    campaigns: int
    pledges: int


@dataclass(frozen=True)
class ProfileExtras:
    """Everything /me shows beyond the person's own row."""

    volunteer: VolunteerView | None
    participation: Participation


def mask_national_id(national_id: str) -> str:
    """A national ID with all but its last three digits hidden: «*******123»."""
    return "*" * (len(national_id) - 3) + national_id[-3:]


async def participation(session: AsyncSession, person_id: int) -> Participation:
    """Counts straight from the memberships and pledges tables."""
    joined = await session.scalar(select(func.count()).select_from(Membership).where(
        Membership.person_id == person_id, Membership.left_at.is_(None)))
    pledged = await session.scalar(select(func.count()).select_from(Pledge).where(
        Pledge.person_id == person_id, Pledge.status != "cancelled"))
    return Participation(campaigns=int(joined or 0), pledges=int(pledged or 0))


async def extras(session: AsyncSession, person_id: int) -> ProfileExtras:
    """The volunteer registration and participation counts of a person."""
    return ProfileExtras(volunteer=await volunteers.get(session, person_id),
                         participation=await participation(session, person_id))

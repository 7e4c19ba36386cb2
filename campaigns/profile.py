"""What a person can see about themselves: their profile, registration and participation counts."""

from __future__ import annotations

from dataclasses import dataclass

from campaigns import volunteers
from campaigns.volunteers import VolunteerView
from storage.unit_of_work import UnitOfWork


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


async def participation(uow: UnitOfWork, person_id: int) -> Participation:
    """Counts straight from the memberships and pledges tables."""
    joined, pledged = await uow.people.participation(person_id)
    return Participation(campaigns=joined, pledges=pledged)


async def extras(uow: UnitOfWork, person_id: int) -> ProfileExtras:
    """The volunteer registration and participation counts of a person."""
    return ProfileExtras(volunteer=await volunteers.get(uow, person_id),
                         participation=await participation(uow, person_id))

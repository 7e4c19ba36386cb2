"""Queries and writes on campaigns and memberships; the caller's service commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Campaign, Membership


class CampaignRepository:
    """Campaigns by slug or id, and who joined them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_slug(self, slug: str) -> Campaign | None:
        """A campaign by its slug."""
        result = await self.session.execute(select(Campaign).where(Campaign.slug == slug))
        return result.scalar_one_or_none()

    async def by_id(self, campaign_id: int) -> Campaign | None:
        """A campaign by id."""
        return await self.session.get(Campaign, campaign_id)

    async def all(self) -> Sequence[Campaign]:
        """Every campaign, by id."""
        return (await self.session.execute(select(Campaign).order_by(Campaign.id))).scalars().all()

    def add(self, campaign: Campaign) -> None:
        """Stage a new campaign."""
        self.session.add(campaign)

    async def membership(self, person_id: int, campaign_id: int) -> Membership | None:
        """A person's membership row in a campaign (current or left)."""
        result = await self.session.execute(select(Membership).where(
            Membership.person_id == person_id, Membership.campaign_id == campaign_id))
        return result.scalar_one_or_none()

    def add_membership(self, membership: Membership) -> None:
        """Stage a new membership."""
        self.session.add(membership)

    async def rejoin(self, membership_id: int, when: datetime) -> None:
        """Make a left membership current again."""
        await self.session.execute(update(Membership).where(Membership.id == membership_id)
                                   .values(left_at=None, joined_at=when))

    async def leave(self, person_id: int, campaign_id: int, when: datetime) -> int:
        """Mark a current membership as left; the number of rows changed."""
        result = await self.session.execute(update(Membership).where(
            Membership.person_id == person_id, Membership.campaign_id == campaign_id,
            Membership.left_at.is_(None)).values(left_at=when))
        return int(getattr(result, "rowcount", 0) or 0)

    async def member_count(self, campaign_id: int) -> int:
        """How many people are currently members."""
        result = await self.session.execute(select(func.count()).select_from(Membership).where(
            Membership.campaign_id == campaign_id, Membership.left_at.is_(None)))
        return int(result.scalar_one())

    async def joined_ids(self, person_id: int) -> set[int]:
        """Ids of the campaigns a person is currently a member of."""
        result = await self.session.execute(select(Membership.campaign_id).where(
            Membership.person_id == person_id, Membership.left_at.is_(None)))
        return set(result.scalars().all())

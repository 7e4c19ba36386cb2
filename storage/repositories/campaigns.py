"""Queries and writes on campaigns and memberships; the caller's service commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError

from storage.models import Campaign, Membership, Person
from storage.repositories.base import Repository, insert_for
from storage.repositories.regions import within


class CampaignRepository(Repository):
    """Campaigns by slug or id, and who joined them."""

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

    async def put(self, row: Campaign | None, slug: str, values: dict[str, Any]) -> Campaign | None:
        """Write a campaign's columns: a new row under a slug when `row` is None, else into `row`; flushed, so
        a new campaign has its id. None when another process wrote the same slug meanwhile (roll back then)."""
        if row is None:
            row = Campaign(slug=slug, **values)
            self.session.add(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
        return row if await self.write_staged() else None

    async def write_staged(self) -> bool:
        """Write what the action has staged so far (a campaign and its events' schedules); False when a unique
        key was taken by another process meanwhile (roll back then)."""
        try:
            await self.session.flush()
        except IntegrityError:
            return False
        return True

    def set_status(self, row: Campaign, status: str) -> None:
        """Change a campaign's status, in its column and in the definition pages read (saved on commit)."""
        row.definition = {**row.definition, "status": status}
        row.status = status

    async def membership(self, person_id: int, campaign_id: int) -> Membership | None:
        """A person's membership row in a campaign (current or left)."""
        result = await self.session.execute(select(Membership).where(
            Membership.person_id == person_id, Membership.campaign_id == campaign_id))
        return result.scalar_one_or_none()

    def add_membership(self, membership: Membership) -> None:
        """Stage a new membership."""
        self.session.add(membership)

    async def add_membership_once(self, person_id: int, campaign_id: int, referred_by_id: int | None,
                                  when: datetime) -> bool:
        """Insert a membership unless the person already has one in the campaign (ON CONFLICT DO NOTHING, so
        two taps at once make one row and never fail the transaction); True when inserted."""
        statement = insert_for(self.session, Membership).values(
            person_id=person_id, campaign_id=campaign_id, referred_by_id=referred_by_id, joined_at=when,
            opted_out=False).on_conflict_do_nothing(
            index_elements=[Membership.person_id, Membership.campaign_id]).returning(Membership.id)
        return (await self.session.execute(statement)).scalar_one_or_none() is not None

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

    async def members_by_region(self, campaign_id: int, by_province: bool, province_code: str | None,
                                county_code: str | None) -> dict[str | None, int]:
        """A campaign's current members (not forgotten) living in a region (codes; None: any), counted by their
        province or county: the statistics' participants."""
        region = Person.province_code if by_province else Person.county_code
        result = await self.session.execute(
            select(region, func.count()).select_from(Membership).join(Person, Person.id == Membership.person_id)
            .where(Membership.campaign_id == campaign_id, Membership.left_at.is_(None), Person.forgotten_at.is_(None),
                   *within(Person.province_code, Person.county_code, province_code, county_code))
            .group_by(region))
        return {code: int(n) for code, n in result.all()}

    async def members_by_campaign_area(self, campaign_ids: Sequence[int], province_code: str | None,
                                       county_code: str | None) -> dict[int, dict[tuple[str | None, str | None], int]]:
        """Campaigns' current members (not forgotten) living in a region (codes; None: any), counted by campaign and
        by their (province, county): one grouped query gives the dashboard a campaign's province map and county
        ranking, or the overview's figures of every active campaign from one scan of the people."""
        result = await self.session.execute(
            select(Membership.campaign_id, Person.province_code, Person.county_code, func.count())
            .select_from(Membership).join(Person, Person.id == Membership.person_id)
            .where(Membership.campaign_id.in_(campaign_ids), Membership.left_at.is_(None),
                   Person.forgotten_at.is_(None),
                   *within(Person.province_code, Person.county_code, province_code, county_code))
            .group_by(Membership.campaign_id, Person.province_code, Person.county_code))
        found: dict[int, dict[tuple[str | None, str | None], int]] = {campaign_id: {} for campaign_id in campaign_ids}
        for campaign_id, province, county, n in result.all():
            found[campaign_id][(province, county)] = int(n)
        return found

    async def newcomers_within(self, week_start: datetime, month_start: datetime, province_code: str | None,
                               county_code: str | None) -> tuple[int, int]:
        """People (not forgotten) living in a region who joined a campaign since each moment and are still members
        of it: distinct people since the week's start and since the month's start, in one statement."""
        def joined_since(moment: datetime) -> Any:
            return func.count(func.distinct(case((Membership.joined_at >= moment, Membership.person_id))))

        result = await self.session.execute(
            select(joined_since(week_start), joined_since(month_start)).select_from(Membership)
            .join(Person, Person.id == Membership.person_id)
            .where(Membership.joined_at >= min(week_start, month_start), Membership.left_at.is_(None),
                   Person.forgotten_at.is_(None),
                   *within(Person.province_code, Person.county_code, province_code, county_code)))
        week, month = result.one()
        return int(week), int(month)

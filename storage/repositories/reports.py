"""Read-only figures across the aggregates for managers: the export tables streamed in chunks from a server-side
cursor, and a region's figures over a span of time (the council report). Never a phone number or a national ID:
what these return goes to managers."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, distinct, func, not_, select

from storage.models import Campaign, Membership, Person, Pledge, Volunteer, utcnow
from storage.models.assignments import Assignment, HoursEntry
from storage.models.pledges import LIVE_STATUSES, PledgeStatus
from storage.repositories.audience import is_teen
from storage.repositories.base import Repository
from storage.repositories.regions import within

STREAM_CHUNK = 2_000  # rows fetched per round trip from the cursor


class ReportRepository(Repository):
    """Export rows and a region's figures over time, for the dashboard's files and reports and the bot's exports."""

    async def _streamed(self, query: Select[*tuple[Any, ...]], limit: int | None
                        ) -> AsyncGenerator[tuple[Any, ...], None]:
        """The query's rows as plain tuples, fetched STREAM_CHUNK at a time (a server-side cursor on PostgreSQL),
        so no more than one chunk is held in memory; the cursor is closed even when the reader stops early."""
        if limit is not None:
            query = query.limit(limit)
        # Through the session's connection: plain column rows need none of the ORM's result machinery (a quarter
        # faster for a large export), and the statement still runs in the unit of work's transaction.
        connection = await self.session.connection()
        result = await connection.stream(query.execution_options(yield_per=STREAM_CHUNK))
        try:
            async for partition in result.partitions():
                for row in partition:
                    yield tuple(row)
        finally:
            await result.close()

    def pledge_rows(self, province_code: str | None, county_code: str | None, campaign_id: int | None = None,
                    limit: int | None = None) -> AsyncGenerator[tuple[Any, ...], None]:
        """Pledges made in a region (of one campaign, or all), oldest first: id, campaign slug, the donor's
        referral code, kind, amount, item, quantity, recurrence, period, province, county, status, due on,
        created at, fulfilled at."""
        donor = case((is_teen(Person.id, utcnow()), None), else_=Person.referral_code)  # a teen: never named
        query = (select(Pledge.id, Campaign.slug, donor, Pledge.kind, Pledge.amount, Pledge.item,
                        Pledge.quantity, Pledge.recurrence, Pledge.period, Pledge.province_code, Pledge.county_code,
                        Pledge.status, Pledge.due_on, Pledge.created_at, Pledge.fulfilled_at)
                 .join(Campaign, Campaign.id == Pledge.campaign_id).outerjoin(Person, Person.id == Pledge.person_id)
                 .where(*within(Pledge.province_code, Pledge.county_code, province_code, county_code))
                 .order_by(Pledge.id))
        if campaign_id is not None:
            query = query.where(Pledge.campaign_id == campaign_id)
        return self._streamed(query, limit)

    def volunteer_rows(self, province_code: str | None, county_code: str | None, limit: int | None = None
                       ) -> AsyncGenerator[tuple[Any, ...], None]:
        """Registrations of people not forgotten serving in a region, oldest first: referral code, first name,
        axes, specialty, days, hours, on call, province, county, registered at."""
        query = (select(Person.referral_code, Person.first_name, Volunteer.axes, Volunteer.specialty, Volunteer.days,
                        Volunteer.hours, Volunteer.on_call, Volunteer.province_code, Volunteer.county_code,
                        Volunteer.registered_at)
                 .join(Person, Person.id == Volunteer.person_id)
                 .where(Person.forgotten_at.is_(None), not_(is_teen(Person.id, utcnow())),  # teens: a count only
                        *within(Volunteer.province_code, Volunteer.county_code, province_code, county_code))
                 .order_by(Volunteer.id))
        return self._streamed(query, limit)

    def participant_rows(self, province_code: str | None, county_code: str | None, limit: int | None = None
                         ) -> AsyncGenerator[tuple[Any, ...], None]:
        """Current campaign memberships of people not forgotten living in a region, oldest first: campaign slug,
        referral code, first name, province, county, joined at."""
        query = (select(Campaign.slug, Person.referral_code, Person.first_name, Person.province_code,
                        Person.county_code, Membership.joined_at)
                 .join(Person, Person.id == Membership.person_id).join(Campaign, Campaign.id == Membership.campaign_id)
                 .where(Membership.left_at.is_(None), Person.forgotten_at.is_(None),
                        not_(is_teen(Person.id, utcnow())),  # teens: a count only
                        *within(Person.province_code, Person.county_code, province_code, county_code))
                 .order_by(Membership.id))
        return self._streamed(query, limit)

    async def new_participants(self, province_code: str | None, county_code: str | None, start: datetime,
                               end: datetime) -> int:
        """People living in a region who joined a campaign in [start, end) (each counted once)."""
        result = await self.session.execute(
            select(func.count(distinct(Membership.person_id))).join(Person, Person.id == Membership.person_id)
            .where(Membership.joined_at >= start, Membership.joined_at < end, Person.forgotten_at.is_(None),
                   *within(Person.province_code, Person.county_code, province_code, county_code)))
        return int(result.scalar_one())

    async def pledge_figures(self, province_code: str | None, county_code: str | None, start: datetime,
                             end: datetime) -> tuple[int, int, int, int]:
        """Pledges made in a region: how many were made in [start, end) and their tomans (payroll rials as tomans),
        and how many were fulfilled in it and their tomans."""
        tomans = func.coalesce(case((Pledge.kind == "payroll", Pledge.amount // 10), else_=Pledge.amount), 0)
        made = (Pledge.created_at >= start) & (Pledge.created_at < end) & Pledge.status.in_(LIVE_STATUSES)
        done = ((Pledge.fulfilled_at >= start) & (Pledge.fulfilled_at < end)
                & (Pledge.status == PledgeStatus.FULFILLED.value))
        result = await self.session.execute(
            select(func.count().filter(made), func.coalesce(func.sum(tomans).filter(made), 0),
                   func.count().filter(done), func.coalesce(func.sum(tomans).filter(done), 0))
            .where(*within(Pledge.province_code, Pledge.county_code, province_code, county_code),
                   (made | done)))
        row = result.one()
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])

    async def volunteer_figures(self, province_code: str | None, county_code: str | None, start: datetime,
                                end: datetime) -> tuple[int, int]:
        """Volunteers serving in a region: registered by `end` (people not forgotten), and new in [start, end)."""
        # "Not forgotten" as an anti-join on ix_people_forgotten (a few rows): joining every person to read
        # forgotten_at scanned the whole people table.
        forgotten = select(Person.id).where(Person.id == Volunteer.person_id, Person.forgotten_at.is_not(None))
        result = await self.session.execute(
            select(func.count(), func.count().filter(Volunteer.registered_at >= start))
            .where(Volunteer.registered_at < end, ~forgotten.exists(),
                   *within(Volunteer.province_code, Volunteer.county_code, province_code, county_code)))
        total, new = result.one()
        return int(total), int(new)

    async def volunteer_minutes(self, province_code: str | None, county_code: str | None, start: datetime,
                                end: datetime) -> int:
        """Minutes of service logged in [start, end) by volunteers serving in a region."""
        result = await self.session.execute(
            select(func.coalesce(func.sum(HoursEntry.minutes), 0))
            .join(Volunteer, Volunteer.person_id == HoursEntry.person_id)
            .where(HoursEntry.at >= start, HoursEntry.at < end,
                   *within(Volunteer.province_code, Volunteer.county_code, province_code, county_code)))
        return int(result.scalar_one())

    async def callout_figures(self, province_code: str | None, county_code: str | None, start: datetime,
                              end: datetime) -> tuple[int, int]:
        """Urgent call-outs in a region created in [start, end), and how many of them filled."""
        result = await self.session.execute(
            select(func.count(), func.count().filter(Assignment.filled_at.is_not(None)))
            .where(Assignment.urgent.is_(True), Assignment.created_at >= start, Assignment.created_at < end,
                   *within(Assignment.province_code, Assignment.county_code, province_code, county_code)))
        total, filled = result.one()
        return int(total), int(filled)

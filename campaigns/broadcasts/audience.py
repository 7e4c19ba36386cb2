"""Audiences: a segment as one SQL query over people, counted, sampled and streamed by keyset."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, exists, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, Select

from campaigns.broadcasts.dto import Membership as Filter
from campaigns.broadcasts.dto import Segment
from storage.models import Membership, Person, Pledge, Volunteer, utcnow
from storage.models.broadcasts import Broadcast, Delivery, DeliveryStatus

_OPEN_PLEDGE = ("pledged", "overdue")


@dataclass(frozen=True)
class Exclusions:
    """Who a broadcast skips beyond the always-excluded (forgotten, unreachable, globally stopped)."""

    campaign_id: int | None = None  # people who opted out of this campaign
    recent_days: int | None = None  # people sent this campaign's message in the last N days
    message_key: str | None = None  # narrows "this campaign's message" to one message key
    schedule_id: int | None = None  # people this schedule already reached...
    schedule_days: int | None = None  # ...ever (None) or in the last N days


@dataclass(frozen=True)
class Recipient:
    """One member of an audience, as the outbox writes it."""

    person_id: int
    platform: str
    chat_id: int
    language: str


def _contains(column: Any, value: str) -> ColumnElement[bool]:
    # JSON lists are stored as text on both databases; a quoted match is exact per element.
    return cast(column, String).like(f'%"{value}"%')


def _segment_filters(segment: Segment, now: datetime) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if segment.onboarded_only:
        where.append(Person.onboarded_at.is_not(None))
    if segment.provinces:
        where.append(Person.province_code.in_(segment.provinces))
    if segment.counties:
        where.append(Person.county_code.in_(segment.counties))
    if segment.neighbourhoods:
        where.append(Person.neighbourhood.in_(segment.neighbourhoods))
    if segment.languages:
        where.append(Person.language.in_(segment.languages))
    if segment.platforms:
        where.append(Person.platform.in_(segment.platforms))
    if segment.active_since is not None:
        where.append(Person.last_seen_at >= segment.active_since)
    if segment.inactive_since is not None:
        where.append(Person.last_seen_at < segment.inactive_since)
    if segment.registered_after is not None:
        where.append(Person.created_at >= segment.registered_after)
    if segment.registered_before is not None:
        where.append(Person.created_at < segment.registered_before)
    if segment.volunteer_axes or segment.specialties or segment.on_call is not None:
        vol = [Volunteer.person_id == Person.id]
        if segment.volunteer_axes:
            vol.append(or_(*(_contains(Volunteer.axes, axis) for axis in segment.volunteer_axes)))
        if segment.specialties:
            vol.append(Volunteer.specialty.in_(segment.specialties))
        if segment.on_call is not None:
            vol.append(Volunteer.on_call.is_(segment.on_call))
        where.append(exists().where(*vol))
    if segment.campaign_id is not None and segment.membership is not None:
        where.append(_membership_filter(segment, now))
    return where


def _membership_filter(segment: Segment, now: datetime) -> ColumnElement[bool]:
    campaign_id = segment.campaign_id
    member = [Membership.person_id == Person.id, Membership.campaign_id == campaign_id,
              Membership.left_at.is_(None)]
    if segment.joined_before is not None:
        member.append(Membership.joined_at <= segment.joined_before)
    joined = exists().where(*member)
    pledged = exists().where(Pledge.person_id == Person.id, Pledge.campaign_id == campaign_id,
                             Pledge.cancelled_at.is_(None))
    kind = segment.membership
    if kind is Filter.JOINED:
        return joined
    if kind is Filter.NOT_JOINED:
        return not_(exists().where(Membership.person_id == Person.id, Membership.campaign_id == campaign_id,
                                   Membership.left_at.is_(None)))
    if kind is Filter.PLEDGED:
        return pledged
    if kind is Filter.NOT_PLEDGED:
        return and_(joined, not_(pledged))
    if kind is Filter.MONTHLY_PLEDGER:
        # A monthly pledge not stopped: whatever this or last month's row says (paid, due, overdue, or
        # skipped with "only this month"), the person still gives every month.
        return exists().where(Pledge.person_id == Person.id, Pledge.campaign_id == campaign_id,
                              Pledge.recurrence == "monthly", Pledge.stopped_at.is_(None))
    # OVERDUE: a pledge still open after its due date (Iran's calendar day), flipped to overdue or not yet.
    today = (now + timedelta(hours=3, minutes=30)).date()
    return exists().where(Pledge.person_id == Person.id, Pledge.campaign_id == campaign_id,
                          Pledge.cancelled_at.is_(None), Pledge.status.in_(_OPEN_PLEDGE), Pledge.due_on < today)


def _exclusion_filters(ex: Exclusions, now: datetime) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        Person.forgotten_at.is_(None),
        Person.unreachable.is_(False),
        Person.opted_out_at.is_(None),
    ]
    if ex.campaign_id is not None:
        where.append(not_(exists().where(Membership.person_id == Person.id,
                                         Membership.campaign_id == ex.campaign_id,
                                         Membership.opted_out.is_(True))))
    if ex.campaign_id is not None and ex.recent_days:
        recent = [Delivery.person_id == Person.id, Delivery.status == DeliveryStatus.SENT,
                  Delivery.sent_at >= now - timedelta(days=ex.recent_days),
                  Broadcast.id == Delivery.broadcast_id, Broadcast.campaign_id == ex.campaign_id]
        if ex.message_key is not None:
            recent.append(Broadcast.message_key == ex.message_key)
        where.append(not_(exists().where(*recent)))
    if ex.schedule_id is not None:
        reached = [Delivery.person_id == Person.id, Delivery.status != DeliveryStatus.CANCELLED,
                   Broadcast.id == Delivery.broadcast_id, Broadcast.schedule_id == ex.schedule_id]
        if ex.schedule_days:
            reached.append(Broadcast.created_at >= now - timedelta(days=ex.schedule_days))
        where.append(not_(exists().where(*reached)))
    return where


def audience_where(segment: Segment, exclusions: Exclusions, now: datetime | None = None
                   ) -> list[ColumnElement[bool]]:
    """Every condition a person must meet to be in the audience."""
    now = now or utcnow()
    return _segment_filters(segment, now) + _exclusion_filters(exclusions, now)


def audience_select(segment: Segment, exclusions: Exclusions, now: datetime | None = None
                    ) -> Select[int, str, int, str]:
    """The audience as SELECT id, platform, chat_id, language ordered by id."""
    return (select(Person.id, Person.platform, Person.chat_id, Person.language)
            .where(*audience_where(segment, exclusions, now)).order_by(Person.id))


async def count(session: AsyncSession, segment: Segment, exclusions: Exclusions = Exclusions(),
                now: datetime | None = None) -> int:
    """How many people the segment reaches after exclusions."""
    query = select(func.count()).select_from(Person).where(*audience_where(segment, exclusions, now))
    return int((await session.execute(query)).scalar_one())


async def sample(session: AsyncSession, segment: Segment, exclusions: Exclusions = Exclusions(),
                 limit: int = 5) -> list[Recipient]:
    """A few recipients to show the manager before sending."""
    rows = await session.execute(audience_select(segment, exclusions).limit(limit))
    return [Recipient(row[0], row[1], row[2], row[3]) for row in rows]


async def stream(session: AsyncSession, segment: Segment, exclusions: Exclusions = Exclusions(),
                 batch: int = 2000, after_id: int = 0) -> AsyncIterator[list[Recipient]]:
    """The audience in batches by keyset on people.id: memory stays flat whatever its size."""
    base = audience_select(segment, exclusions)
    last = after_id
    while True:
        rows = (await session.execute(base.where(Person.id > last).limit(batch))).all()
        if not rows:
            return
        yield [Recipient(row[0], row[1], row[2], row[3]) for row in rows]
        last = rows[-1][0]

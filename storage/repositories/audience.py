"""An audience as SQL: a segment and its exclusions become the conditions a person must meet.

The segment and exclusions are the engine's plain data (campaigns/broadcasts/dto.py ``Segment``,
campaigns/broadcasts/audience.py ``Exclusions``); storage reads them through the protocols below, so it
never imports the domain. BroadcastRepository counts, samples, streams and fills the outbox with them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import String, and_, cast, exists, not_, or_, select
from sqlalchemy.sql import ColumnElement, Select

from storage.models import Membership, Person, Pledge, Volunteer
from storage.models.broadcasts import Broadcast, Delivery, DeliveryStatus
from storage.models.guardians import BirthYear, ConsentStatus, GuardianConsent, TeenAssignment
from storage.models.pledges import OPEN_STATUSES

_IRAN = timedelta(hours=3, minutes=30)  # Iran's clock (no daylight saving since 2022), as campaigns/jalali.IRAN_TZ
TEEN_QUIET = (21, 8)  # teens get no message from 21:00 to 08:00 Iran time, whatever a broadcast's quiet hours


def in_teen_quiet_hours(now: datetime) -> bool:
    """True when `now` is in the teens' quiet window (21:00-08:00 in Iran)."""
    hour = (now + _IRAN).hour
    return hour >= TEEN_QUIET[0] or hour < TEEN_QUIET[1]


def is_teen(person_id: Any, now: datetime) -> ColumnElement[bool]:
    """The person (a column or an id) declared a year of birth that makes them a teen at `now`."""
    return exists().where(BirthYear.person_id == person_id, BirthYear.adult_from > now)


def guardian_confirmed(person_id: Any) -> ColumnElement[bool]:
    """A guardian accepted the person's consent request (and has not withdrawn it)."""
    return exists().where(GuardianConsent.teen_id == person_id,
                          GuardianConsent.status == ConsentStatus.CONFIRMED.value)


def teens_not_now(person_id: Any, now: datetime) -> list[ColumnElement[bool]]:
    """The conditions a delivery's person meets to be sent to at `now`: none by day, not a teen in their quiet
    window (the worker leaves a teen's message pending until 08:00)."""
    return [not_(is_teen(person_id, now))] if in_teen_quiet_hours(now) else []


def teens_reached(person_id: Any, now: datetime) -> ColumnElement[bool]:
    """Who a broadcast may reach among teens: none in their quiet window, else only those whose guardian
    confirmed; adults always (this condition holds for them)."""
    if in_teen_quiet_hours(now):
        return not_(is_teen(person_id, now))
    return or_(not_(is_teen(person_id, now)), guardian_confirmed(person_id))


def teens_invited(assignment_id: Any, urgent: bool, now: datetime) -> ColumnElement[bool]:
    """Who an assignment's invitations may reach among teens: never to a call-out (urgent); to an ordinary
    assignment only one a manager marked suitable for teens, and only teens whose guardian confirmed."""
    if urgent:
        return not_(is_teen(Person.id, now))
    suitable = exists().where(TeenAssignment.assignment_id == assignment_id)
    return or_(not_(is_teen(Person.id, now)), and_(suitable, guardian_confirmed(Person.id)))


class AudienceSegment(Protocol):
    """Who a broadcast reaches (campaigns.broadcasts.dto.Segment): every field set narrows it."""

    @property
    def provinces(self) -> Sequence[str]: ...
    @property
    def counties(self) -> Sequence[str]: ...
    @property
    def neighbourhoods(self) -> Sequence[str]: ...
    @property
    def volunteer_axes(self) -> Sequence[str]: ...
    @property
    def specialties(self) -> Sequence[str]: ...
    @property
    def on_call(self) -> bool | None: ...
    @property
    def campaign_id(self) -> int | None: ...
    @property
    def membership(self) -> str | None: ...
    @property
    def joined_before(self) -> datetime | None: ...
    @property
    def languages(self) -> Sequence[str]: ...
    @property
    def platforms(self) -> Sequence[str]: ...
    @property
    def active_since(self) -> datetime | None: ...
    @property
    def inactive_since(self) -> datetime | None: ...
    @property
    def registered_after(self) -> datetime | None: ...
    @property
    def registered_before(self) -> datetime | None: ...
    @property
    def onboarded_only(self) -> bool: ...


class AudienceExclusions(Protocol):
    """Who a broadcast skips beyond the always-excluded (campaigns.broadcasts.audience.Exclusions)."""

    @property
    def campaign_id(self) -> int | None: ...
    @property
    def recent_days(self) -> int | None: ...
    @property
    def message_key(self) -> str | None: ...
    @property
    def schedule_id(self) -> int | None: ...
    @property
    def schedule_days(self) -> int | None: ...


def _contains(column: Any, value: str) -> ColumnElement[bool]:
    # JSON lists are stored as text on both databases; a quoted match is exact per element.
    return cast(column, String).like(f'%"{value}"%')


def _segment_filters(segment: AudienceSegment, now: datetime) -> list[ColumnElement[bool]]:
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


def _membership_filter(segment: AudienceSegment, now: datetime) -> ColumnElement[bool]:
    # The membership values are campaigns.broadcasts.dto.Membership (a StrEnum), compared by value.
    campaign_id = segment.campaign_id
    member = [Membership.person_id == Person.id, Membership.campaign_id == campaign_id,
              Membership.left_at.is_(None)]
    if segment.joined_before is not None:
        member.append(Membership.joined_at <= segment.joined_before)
    joined = exists().where(*member)
    pledged = exists().where(Pledge.person_id == Person.id, Pledge.campaign_id == campaign_id,
                             Pledge.cancelled_at.is_(None))
    kind = segment.membership
    if kind == "joined":
        return joined
    if kind == "not_joined":
        return not_(exists().where(Membership.person_id == Person.id, Membership.campaign_id == campaign_id,
                                   Membership.left_at.is_(None)))
    if kind == "pledged":
        return pledged
    if kind == "not_pledged":
        return and_(joined, not_(pledged))
    if kind == "monthly_pledger":
        # A monthly pledge not stopped: whatever this or last month's row says (paid, due, overdue, or
        # skipped with "only this month"), the person still gives every month.
        return exists().where(Pledge.person_id == Person.id, Pledge.campaign_id == campaign_id,
                              Pledge.recurrence == "monthly", Pledge.stopped_at.is_(None))
    # OVERDUE: a pledge still open after its due date (Iran's calendar day), flipped to overdue or not yet.
    today = (now + timedelta(hours=3, minutes=30)).date()
    return exists().where(Pledge.person_id == Person.id, Pledge.campaign_id == campaign_id,
                          Pledge.cancelled_at.is_(None), Pledge.status.in_(OPEN_STATUSES), Pledge.due_on < today)


def _exclusion_filters(ex: AudienceExclusions, now: datetime) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        Person.forgotten_at.is_(None),
        Person.unreachable.is_(False),
        Person.opted_out_at.is_(None),
        teens_reached(Person.id, now),
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


def audience_where(segment: AudienceSegment, exclusions: AudienceExclusions, now: datetime
                   ) -> list[ColumnElement[bool]]:
    """Every condition a person must meet to be in the audience."""
    return _segment_filters(segment, now) + _exclusion_filters(exclusions, now)


def audience_select(segment: AudienceSegment, exclusions: AudienceExclusions, now: datetime
                    ) -> Select[int, str, int, str]:
    """The audience as SELECT id, platform, chat_id, language ordered by id."""
    return (select(Person.id, Person.platform, Person.chat_id, Person.language)
            .where(*audience_where(segment, exclusions, now)).order_by(Person.id))

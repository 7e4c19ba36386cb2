"""Queries and writes on referrals and the service providers they go to; the unit of work commits.

A referral's moves are conditional UPDATEs (`WHERE status = <the status it moves from>`): a double tap, or two
managers pressing at once, moves it once, and the second press finds it already moved."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from storage.models.assignments import Assignment, AssignmentResponse, ResponseStatus
from storage.models.referrals import Referral, ReferralStatus, ServiceProvider, Urgency
from storage.models.roles import RoleGrant, RoleLevel
from storage.repositories.base import Repository, rowcount
from storage.repositories.regions import within as in_area  # (a method below is named `within`)

_ON_CALLOUT = (ResponseStatus.ACCEPTED.value, ResponseStatus.CHECKED_IN.value, ResponseStatus.CHECKED_OUT.value)
_WAITING = (ReferralStatus.OPEN.value, ReferralStatus.ASSIGNED.value)  # not yet contacted


class ReferralRepository(Repository):
    """Every SQL statement on referrals and service providers."""

    # -- providers -------------------------------------------------------------------------------------

    async def provider(self, provider_id: int) -> ServiceProvider | None:
        """One provider by id."""
        return await self.session.get(ServiceProvider, provider_id)

    async def provider_by_source(self, source: str) -> ServiceProvider | None:
        """The provider loaded from a file's entry ("<file>#<key>"), if it was loaded before."""
        found = await self.session.execute(select(ServiceProvider).where(ServiceProvider.source == source))
        return found.scalar_one_or_none()

    async def add_provider(self, row: ServiceProvider) -> int:
        """Write a new provider; its id."""
        return await self._written(row)

    async def providers_within(self, province_code: str | None, county_code: str | None, *,
                               kind: str | None = None, limit: int = 50) -> Sequence[ServiceProvider]:
        """Active providers in an area (a county manager also sees the province-wide ones of their province),
        of one kind when given, by kind then name."""
        where: list[Any] = [ServiceProvider.active.is_(True)]
        if county_code is not None:
            where.append(or_(ServiceProvider.county_code == county_code, and_(
                ServiceProvider.county_code.is_(None), ServiceProvider.province_code == province_code)))
        elif province_code is not None:
            where.append(ServiceProvider.province_code == province_code)
        if kind is not None:
            where.append(ServiceProvider.kind == kind)
        found = await self.session.execute(select(ServiceProvider).where(*where).order_by(
            ServiceProvider.kind, ServiceProvider.name, ServiceProvider.id).limit(limit))
        return found.scalars().all()

    # -- referrals -------------------------------------------------------------------------------------

    async def by_id(self, referral_id: int) -> Referral | None:
        """One referral by id."""
        return await self.session.get(Referral, referral_id)

    async def by_nonce(self, nonce: str) -> Referral | None:
        """The referral saved under a Send button's nonce (a double tap finds it)."""
        found = await self.session.execute(select(Referral).where(Referral.nonce == nonce))
        return found.scalar_one_or_none()

    async def add(self, row: Referral) -> int:
        """Write a new referral; its id."""
        return await self._written(row)

    async def callout_province(self, assignment_id: int, person_id: int) -> str | None:
        """The province of an emergency call-out this person accepted (checked in or out too); None when they
        are not on it (never invited, declined, or it is not a call-out)."""
        found = await self.session.execute(
            select(Assignment.province_code).join(AssignmentResponse, AssignmentResponse.assignment_id == Assignment.id)
            .where(Assignment.id == assignment_id, Assignment.urgent.is_(True),
                   AssignmentResponse.person_id == person_id, AssignmentResponse.status.in_(_ON_CALLOUT)))
        return found.scalar_one_or_none()

    async def callouts_of(self, person_id: int, since: datetime, limit: int = 5) -> Sequence[tuple[int, str]]:
        """(id, title) of the emergency call-outs a person accepted that start after `since`, newest first."""
        found = await self.session.execute(
            select(Assignment.id, Assignment.title).join(AssignmentResponse, AssignmentResponse.assignment_id
                                                         == Assignment.id)
            .where(AssignmentResponse.person_id == person_id, AssignmentResponse.status.in_(_ON_CALLOUT),
                   Assignment.urgent.is_(True), Assignment.starts_at >= since)
            .order_by(Assignment.starts_at.desc(), Assignment.id.desc()).limit(limit))
        return [(int(ident), str(title)) for ident, title in found.all()]

    async def move(self, referral_id: int, was: Sequence[str], **values: Any) -> bool:
        """Set columns of a referral only while its status is one of `was`: True when this call moved it."""
        result = await self.session.execute(update(Referral).where(
            Referral.id == referral_id, Referral.status.in_(list(was))).values(**values))
        return rowcount(result) == 1

    async def within(self, province_code: str | None, county_code: str | None, *, closed: bool = False,
                     limit: int = 20) -> Sequence[Referral]:
        """Referrals in an area, open ones (or closed ones) only, the oldest waiting first."""
        where = in_area(Referral.province_code, Referral.county_code, province_code, county_code)
        status = Referral.status == ReferralStatus.CLOSED.value
        found = await self.session.execute(select(Referral).where(*where, status if closed else ~status)
                                           .order_by(Referral.created_at, Referral.id).limit(limit))
        return found.scalars().all()

    def _waiting_since(self, today_before: datetime, week_before: datetime) -> list[Any]:
        return [Referral.status.in_(_WAITING), Referral.contacted_at.is_(None), or_(
            and_(Referral.urgency == Urgency.TODAY.value, Referral.created_at <= today_before),
            and_(Referral.urgency == Urgency.WEEK.value, Referral.created_at <= week_before))]

    async def overdue(self, province_code: str | None, county_code: str | None, today_before: datetime,
                      week_before: datetime, limit: int = 20) -> Sequence[Referral]:
        """Referrals in an area not contacted in time ("today" ones created before `today_before`, the others
        before `week_before`), the oldest first."""
        where = in_area(Referral.province_code, Referral.county_code, province_code, county_code)
        found = await self.session.execute(select(Referral).where(
            *where, *self._waiting_since(today_before, week_before)).order_by(Referral.created_at, Referral.id)
            .limit(limit))
        return found.scalars().all()

    async def overdue_unreminded(self, today_before: datetime, week_before: datetime,
                                 limit: int = 200) -> Sequence[Referral]:
        """Overdue referrals everywhere whose managers were not reminded yet, the oldest first."""
        found = await self.session.execute(select(Referral).where(
            *self._waiting_since(today_before, week_before), Referral.reminded_at.is_(None))
            .order_by(Referral.created_at, Referral.id).limit(limit))
        return found.scalars().all()

    async def claim_reminder(self, referral_id: int, now: datetime) -> bool:
        """Mark a referral's managers reminded, once: True for the one call (of any worker) that did."""
        result = await self.session.execute(update(Referral).where(
            Referral.id == referral_id, Referral.reminded_at.is_(None)).values(reminded_at=now))
        return rowcount(result) == 1

    async def forget_referrer(self, person_id: int) -> int:
        """Drop a person as the referrer of their referrals (/forget): the referrals stay; how many."""
        return rowcount(await self.session.execute(update(Referral).where(Referral.referrer_id == person_id)
                                                   .values(referrer_id=None)))

    # -- who hears of a referral -----------------------------------------------------------------------

    async def managers_of_province(self, province_code: str) -> list[int]:
        """The people holding an active provincial role over a province; when there are none, the national
        managers and super admins (a referral always reaches someone)."""
        active = RoleGrant.revoked_at.is_(None)
        found = await self.session.execute(select(RoleGrant.person_id).where(
            active, RoleGrant.level == RoleLevel.PROVINCIAL.value, RoleGrant.province_code == province_code))
        people = sorted({int(p) for p in found.scalars()})
        if people:
            return people
        found = await self.session.execute(select(RoleGrant.person_id).where(
            active, RoleGrant.level.in_([RoleLevel.NATIONAL.value, RoleLevel.SUPER_ADMIN.value])))
        return sorted({int(p) for p in found.scalars()})

    # -- figures ---------------------------------------------------------------------------------------

    async def counts_by(self, column: str, province_code: str | None, county_code: str | None
                        ) -> list[tuple[str, int]]:
        """How many referrals there are in an area per value of `column` ("need", "province_code", "status" or
        "county_code"; "" for no value), most first."""
        key = getattr(Referral, column)
        where = in_area(Referral.province_code, Referral.county_code, province_code, county_code)
        found = await self.session.execute(select(key, func.count()).where(*where).group_by(key)
                                           .order_by(func.count().desc(), key))
        return [("" if value is None else str(value), int(count)) for value, count in found.all()]

    async def first_contacts(self, province_code: str | None, county_code: str | None
                             ) -> list[tuple[datetime, datetime]]:
        """(created, first contacted) of the contacted referrals in an area."""
        where = in_area(Referral.province_code, Referral.county_code, province_code, county_code)
        found = await self.session.execute(select(Referral.created_at, Referral.contacted_at).where(
            *where, Referral.contacted_at.is_not(None)))
        return [(created, contacted) for created, contacted in found.all() if contacted is not None]

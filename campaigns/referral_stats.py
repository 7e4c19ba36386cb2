"""Figures of the referral system for a manager's statistics: referrals by kind of need, by province, and the
time from a referral to its first contact. Counts only: never a name, a phone or a note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median

from campaigns import roles
from campaigns.audit import Actor
from campaigns.referrals import OVERDUE_AFTER
from storage.models import utcnow
from storage.models.referrals import Urgency
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ReferralFigures:
    """How many referrals there are in a manager's region, by need and by province (most first), and the median
    hours from a referral to its first contact over those contacted (None when none was)."""

    total: int
    by_need: list[tuple[str, int]]
    by_province: list[tuple[str, int]]
    contacted: int
    median_hours: int | None


@dataclass(frozen=True)
class ReferralBreakdown:
    """More of an area's referral figures for the dashboard: by status and by county (most first; "" for a
    referral with no county), and the overdue ones not contacted in time (ids, never a person)."""

    by_status: list[tuple[str, int]]
    by_county: list[tuple[str, int]]
    overdue: list[OverdueReferral]


@dataclass(frozen=True)
class OverdueReferral:
    """An overdue referral as figures show it: its id, need, urgency, place and when it was made."""

    id: int
    need: str
    urgency: str
    province_code: str
    county_code: str | None
    created_at: datetime


async def figures(uow: UnitOfWork, actor: Actor) -> ReferralFigures:
    """The referral figures of the manager's region."""
    return await figures_in(uow, *roles.scope_of_actor(actor).area())


async def figures_in(uow: UnitOfWork, province: str | None, county: str | None) -> ReferralFigures:
    """The referral figures of an area ((None, None): the whole country)."""
    by_need = await uow.referrals.counts_by("need", province, county)
    by_province = await uow.referrals.counts_by("province_code", province, county)
    waits = [(contacted - created).total_seconds() / 3600
             for created, contacted in await uow.referrals.first_contacts(province, county)]
    return ReferralFigures(total=sum(count for _, count in by_need), by_need=by_need, by_province=by_province,
                           contacted=len(waits), median_hours=round(median(waits)) if waits else None)


async def breakdown_in(uow: UnitOfWork, province: str | None, county: str | None,
                       now: datetime | None = None) -> ReferralBreakdown:
    """An area's referrals by status and by county, and the overdue ones (48 hours without contact for "today",
    7 days otherwise; the oldest twenty)."""
    now = now or utcnow()
    overdue = await uow.referrals.overdue(province, county, now - OVERDUE_AFTER[Urgency.TODAY],
                                          now - OVERDUE_AFTER[Urgency.WEEK])
    return ReferralBreakdown(
        by_status=await uow.referrals.counts_by("status", province, county),
        by_county=await uow.referrals.counts_by("county_code", province, county),
        overdue=[OverdueReferral(row.id, row.need, row.urgency, row.province_code, row.county_code, row.created_at)
                 for row in overdue])

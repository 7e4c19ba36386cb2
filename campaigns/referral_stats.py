"""Figures of the referral system for a manager's statistics: referrals by kind of need, by province, and the
time from a referral to its first contact. Counts only: never a name, a phone or a note."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from campaigns import roles
from campaigns.audit import Actor
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


async def figures(uow: UnitOfWork, actor: Actor) -> ReferralFigures:
    """The referral figures of the manager's region."""
    province, county = roles.scope_of_actor(actor).area()
    by_need = await uow.referrals.counts_by("need", province, county)
    by_province = await uow.referrals.counts_by("province_code", province, county)
    waits = [(contacted - created).total_seconds() / 3600
             for created, contacted in await uow.referrals.first_contacts(province, county)]
    return ReferralFigures(total=sum(count for _, count in by_need), by_need=by_need, by_province=by_province,
                           contacted=len(waits), median_hours=round(median(waits)) if waits else None)

"""Queries and writes on pledges and energy reports; the caller's service commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import EnergyReport, Pledge

LIVE = ("pledged", "fulfilled", "overdue")  # statuses that count towards a campaign


class PledgeRepository:
    """Pledges by key, by person and by campaign, with the sums progress needs."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, pledge: Pledge) -> None:
        """Stage a new pledge."""
        self.session.add(pledge)

    async def by_key(self, key: str) -> Pledge | None:
        """The pledge made under an idempotency key."""
        result = await self.session.execute(select(Pledge).where(Pledge.idempotency_key == key))
        return result.scalar_one_or_none()

    async def by_id(self, pledge_id: int) -> Pledge | None:
        """A pledge by id."""
        return await self.session.get(Pledge, pledge_id)

    async def of_person(self, person_id: int, limit: int = 50) -> Sequence[Pledge]:
        """A person's pledges, newest first."""
        result = await self.session.execute(select(Pledge).where(Pledge.person_id == person_id)
                                            .order_by(Pledge.created_at.desc(), Pledge.id.desc()).limit(limit))
        return result.scalars().all()

    async def set_status(self, pledge_id: int, status: str, **values: Any) -> int:
        """Change a pledge's status (only from 'pledged' or 'overdue'); rows changed."""
        result = await self.session.execute(update(Pledge).where(
            Pledge.id == pledge_id, Pledge.status.in_(("pledged", "overdue"))).values(status=status, **values))
        return int(getattr(result, "rowcount", 0) or 0)

    async def flip_overdue(self, today: date) -> int:
        """Mark pledges still open past their due date as overdue; rows changed."""
        result = await self.session.execute(update(Pledge).where(
            Pledge.status == "pledged", Pledge.due_on.is_not(None), Pledge.due_on < today)
            .values(status="overdue"))
        return int(getattr(result, "rowcount", 0) or 0)

    async def tomans(self, campaign_id: int) -> int:
        """Tomans pledged to a campaign (payroll rials counted as tomans, i.e. divided by ten)."""
        amount = case((Pledge.kind == "payroll", Pledge.amount // 10), else_=Pledge.amount)
        result = await self.session.execute(select(func.coalesce(func.sum(amount), 0)).where(
            Pledge.campaign_id == campaign_id, Pledge.status.in_(LIVE), Pledge.amount.is_not(None)))
        return int(result.scalar_one())

    async def items(self, campaign_id: int) -> int:
        """Items pledged to a campaign."""
        result = await self.session.execute(select(func.coalesce(func.sum(Pledge.quantity), 0)).where(
            Pledge.campaign_id == campaign_id, Pledge.status.in_(LIVE), Pledge.kind == "in_kind"))
        return int(result.scalar_one() or 0)

    async def payroll_sums(self, campaign_id: int, by: str) -> list[tuple[str | None, int, int]]:
        """Payroll rials and pledgers grouped by 'agency' or 'province_code'."""
        column = getattr(Pledge, by)
        result = await self.session.execute(
            select(column, func.coalesce(func.sum(Pledge.amount), 0), func.count(func.distinct(Pledge.person_id)))
            .where(Pledge.campaign_id == campaign_id, Pledge.kind == "payroll", Pledge.status.in_(LIVE))
            .group_by(column).order_by(func.sum(Pledge.amount).desc()))
        return [(row[0], int(row[1]), int(row[2])) for row in result.all()]


class EnergyRepository:
    """Energy reports: one per person, campaign and period ('baseline' or a Jalali month)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_person(self, person_id: int, campaign_id: int) -> Sequence[EnergyReport]:
        """A person's reports in a campaign, by period."""
        result = await self.session.execute(select(EnergyReport).where(
            EnergyReport.person_id == person_id, EnergyReport.campaign_id == campaign_id)
            .order_by(EnergyReport.period))
        return result.scalars().all()

    async def put(self, person_id: int, campaign_id: int, period: str, unit: str, value: int,
                  where: tuple[str | None, str | None, str | None], now: datetime) -> None:
        """Insert or replace the report of one period; `where` is (province, county, neighbourhood)."""
        result = await self.session.execute(select(EnergyReport).where(
            EnergyReport.person_id == person_id, EnergyReport.campaign_id == campaign_id,
            EnergyReport.period == period))
        report = result.scalar_one_or_none()
        if report is None:
            report = EnergyReport(person_id=person_id, campaign_id=campaign_id, period=period, created_at=now)
            self.session.add(report)
        report.unit, report.value, report.created_at = unit, value, now
        report.province_code, report.county_code, report.neighbourhood = where

    async def all_of_campaign(self, campaign_id: int) -> Sequence[EnergyReport]:
        """Every report in a campaign (for aggregates)."""
        result = await self.session.execute(select(EnergyReport).where(EnergyReport.campaign_id == campaign_id))
        return result.scalars().all()

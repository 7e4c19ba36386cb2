"""Queries and writes on pledges and energy reports; the caller's service commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, select, true, update
from sqlalchemy.sql import ColumnElement

from storage.models import Campaign, EnergyReport, Person, Pledge
from storage.models.pledges import LIVE_STATUSES, OPEN_STATUSES, PledgeStatus
from storage.repositories.base import Repository, insert_for
from storage.repositories.regions import within


def _within(province_code: str | None, county_code: str | None) -> list[ColumnElement[bool]]:
    """Pledges made in a province and/or a county (None: any)."""
    return within(Pledge.province_code, Pledge.county_code, province_code, county_code)


def _series(row: Pledge) -> ColumnElement[bool]:
    """The rows of a monthly pledge's series: a cash or in-kind series by its first row, a payroll one by
    person and campaign (each payroll month is a pledge of its own)."""
    if row.kind == "payroll":
        return and_(Pledge.person_id == row.person_id, Pledge.campaign_id == row.campaign_id,
                    Pledge.kind == "payroll", Pledge.recurrence == "monthly")
    root = row.series_id or row.id
    return or_(Pledge.id == root, Pledge.series_id == root)


class PledgeRepository(Repository):
    """Pledges by key, by person and by campaign, with the sums progress needs."""

    def add(self, pledge: Pledge) -> None:
        """Stage a new pledge."""
        self.session.add(pledge)

    async def insert_once(self, values: dict[str, Any]) -> int | None:
        """Insert a pledge unless its idempotency key already made one: one statement, so the unique index
        decides between taps arriving at once (ON CONFLICT DO NOTHING); the new id, or None."""
        statement = insert_for(self.session, Pledge).values(**values).on_conflict_do_nothing(
            index_elements=[Pledge.idempotency_key]).returning(Pledge.id)
        return (await self.session.execute(statement)).scalar_one_or_none()

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
            Pledge.id == pledge_id, Pledge.status.in_(OPEN_STATUSES)).values(status=status, **values))
        return int(getattr(result, "rowcount", 0) or 0)

    async def update_open(self, pledge_id: int, **values: Any) -> int:
        """Change columns of a pledge that is still open ('pledged' or 'overdue'); rows changed."""
        result = await self.session.execute(
            update(Pledge).where(Pledge.id == pledge_id, Pledge.status.in_(OPEN_STATUSES))
            .values(**values).execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    async def fulfil_open(self, pledge_ids: Sequence[int], when: datetime) -> int:
        """Mark the open pledges among these ids fulfilled; rows changed."""
        result = await self.session.execute(
            update(Pledge).where(Pledge.id.in_(pledge_ids), Pledge.status.in_(OPEN_STATUSES))
            .values(status=PledgeStatus.FULFILLED.value, fulfilled_at=when)
            .execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    async def stop_series(self, row: Pledge, when: datetime) -> None:
        """Stop the monthly series a pledge belongs to, and cancel its open months after this one's (made
        ahead of it; none, usually)."""
        series = _series(row)
        await self.session.execute(update(Pledge).where(series, Pledge.stopped_at.is_(None)).values(stopped_at=when)
                                   .execution_options(synchronize_session=False))
        await self.session.execute(update(Pledge).where(series, Pledge.status.in_(OPEN_STATUSES),
                                                        Pledge.period > (row.period or ""))
                                   .values(status=PledgeStatus.CANCELLED.value, cancelled_at=when)
                                   .execution_options(synchronize_session=False))

    async def series_to_roll(self, after_id: int, period: str, today: date, kinds: Sequence[str],
                             limit: int) -> Sequence[Pledge]:
        """First rows (id above `after_id`, by id) of the monthly series of these kinds still live on a day: not
        stopped, not yet made for `period`, their donor not forgotten, their campaign active and not over."""
        result = await self.session.execute(
            select(Pledge).join(Person, Person.id == Pledge.person_id).join(Campaign, Campaign.id == Pledge.campaign_id)
            .where(Pledge.id > after_id, Pledge.recurrence == "monthly", Pledge.kind.in_(kinds),
                   Pledge.series_id.is_(None), Pledge.stopped_at.is_(None), Pledge.period < period,
                   Person.forgotten_at.is_(None), Campaign.status == "active",
                   or_(Campaign.ends_on.is_(None), Campaign.ends_on >= today))
            .order_by(Pledge.id).limit(limit))
        return result.scalars().all()

    async def insert_new(self, rows: list[dict[str, Any]]) -> int:
        """Insert pledges whose idempotency keys are not taken yet (the others are skipped); how many."""
        statement = insert_for(self.session, Pledge).values(rows).on_conflict_do_nothing(
            index_elements=[Pledge.idempotency_key]).returning(Pledge.id)
        return len((await self.session.execute(statement)).all())

    async def open_ids_of_referral(self, referral_code: str, amount: int | None, province_code: str | None,
                                   county_code: str | None) -> list[int]:
        """Ids of the open pledges of this amount made by the person with a referral code, in a province
        and/or county (None: any), soonest due first."""
        result = await self.session.execute(
            select(Pledge.id).join(Person, Person.id == Pledge.person_id)
            .where(Person.referral_code == referral_code, Pledge.status.in_(OPEN_STATUSES), Pledge.amount == amount,
                   *_within(province_code, county_code))
            .order_by(Pledge.due_on, Pledge.id))
        return list(result.scalars().all())

    async def overdue_with_codes(self, today: date, province_code: str | None,
                                 county_code: str | None) -> list[tuple[Pledge, str | None]]:
        """Open pledges due before a day, in a province and/or county (None: any), most overdue first, each
        with its donor's referral code."""
        result = await self.session.execute(
            select(Pledge, Person.referral_code).outerjoin(Person, Person.id == Pledge.person_id)
            .where(Pledge.status.in_(OPEN_STATUSES), Pledge.due_on.is_not(None), Pledge.due_on < today,
                   *_within(province_code, county_code))
            .order_by(Pledge.due_on, Pledge.id))
        return [(row[0], row[1]) for row in result.all()]

    async def flip_overdue(self, today: date) -> int:
        """Mark pledges still open past their due date as overdue; rows changed."""
        result = await self.session.execute(update(Pledge).where(
            Pledge.status == PledgeStatus.PLEDGED.value, Pledge.due_on.is_not(None), Pledge.due_on < today)
            .values(status=PledgeStatus.OVERDUE.value))
        return int(getattr(result, "rowcount", 0) or 0)

    async def tomans(self, campaign_id: int) -> int:
        """Tomans pledged to a campaign (payroll rials counted as tomans, i.e. divided by ten)."""
        amount = case((Pledge.kind == "payroll", Pledge.amount // 10), else_=Pledge.amount)
        result = await self.session.execute(select(func.coalesce(func.sum(amount), 0)).where(
            Pledge.campaign_id == campaign_id, Pledge.status.in_(LIVE_STATUSES), Pledge.amount.is_not(None)))
        return int(result.scalar_one())

    async def items(self, campaign_id: int) -> int:
        """Items pledged to a campaign."""
        result = await self.session.execute(select(func.coalesce(func.sum(Pledge.quantity), 0)).where(
            Pledge.campaign_id == campaign_id, Pledge.status.in_(LIVE_STATUSES), Pledge.kind == "in_kind"))
        return int(result.scalar_one() or 0)

    async def payroll_sums(self, campaign_id: int, by: str) -> list[tuple[str | None, int, int]]:
        """Payroll rials and pledgers grouped by 'agency' or 'province_code'."""
        column = getattr(Pledge, by)
        result = await self.session.execute(
            select(column, func.coalesce(func.sum(Pledge.amount), 0), func.count(func.distinct(Pledge.person_id)))
            .where(Pledge.campaign_id == campaign_id, Pledge.kind == "payroll", Pledge.status.in_(LIVE_STATUSES))
            .group_by(column).order_by(func.sum(Pledge.amount).desc()))
        return [(row[0], int(row[1]), int(row[2])) for row in result.all()]

    # Statistics and exports inside a manager's region (province/county codes; None: any) ---------------

    async def sums_by_area(self, campaign_ids: Sequence[int] | None, levels: int, province_code: str | None,
                           county_code: str | None, since: datetime | None = None, until: datetime | None = None
                           ) -> list[tuple[int, tuple[str | None, ...], int, int, int, int]]:
        """Live pledges made in a region (codes; None: any) grouped by campaign and by the area pledged to:
        `levels` 1 (province), 2 (province, county) or 3 (province, county, and the pledger's neighbourhood when
        they live in that county). Each row: (campaign id, area, how many, tomans (payroll rials counted as
        tomans), how many fulfilled, items). With `since`/`until`, only what happened in that span: pledges made
        in it are counted (with their tomans and items), and pledges fulfilled in it as fulfilled. The one grouped
        read of pledges by place: the managers' stats, the monthly area message and the dashboard's pages."""
        area: list[Any] = [Pledge.province_code, Pledge.county_code][:min(levels, 2)]
        query = select(Pledge.campaign_id)
        if levels >= 3:
            area.append(case((Person.county_code == Pledge.county_code, Person.neighbourhood), else_=None))
            query = query.outerjoin(Person, Person.id == Pledge.person_id)
        made: ColumnElement[bool] = true()
        done: ColumnElement[bool] = Pledge.status == PledgeStatus.FULFILLED.value
        conditions = [Pledge.status.in_(LIVE_STATUSES), *_within(province_code, county_code)]
        if since is not None and until is not None:
            made = and_(Pledge.created_at >= since, Pledge.created_at < until)
            done = and_(done, Pledge.fulfilled_at >= since, Pledge.fulfilled_at < until)
            conditions.append(or_(made, done))
        if campaign_ids is not None:
            conditions.append(Pledge.campaign_id.in_(campaign_ids))
        tomans = case((Pledge.kind == "payroll", Pledge.amount // 10), else_=Pledge.amount)
        result = await self.session.execute(
            query.add_columns(*area, func.sum(case((made, 1), else_=0)),
                              func.coalesce(func.sum(case((made, tomans), else_=0)), 0),
                              func.sum(case((done, 1), else_=0)),
                              func.coalesce(func.sum(case((and_(made, Pledge.kind == "in_kind"), Pledge.quantity),
                                                          else_=0)), 0))
            .where(*conditions).group_by(Pledge.campaign_id, *area))
        width = len(area)
        return [(int(row[0]), tuple(row[1:1 + width]), int(row[1 + width] or 0), int(row[2 + width] or 0),
                 int(row[3 + width] or 0), int(row[4 + width] or 0)) for row in result.all()]

    async def live_count_by_county(self, province_code: str | None, county_code: str | None) -> dict[str | None, int]:
        """Live pledges made in a region, counted by county."""
        result = await self.session.execute(
            select(Pledge.county_code, func.count())
            .where(Pledge.status.in_(LIVE_STATUSES), *_within(province_code, county_code)).group_by(Pledge.county_code))
        return {code: int(n) for code, n in result.all()}


class EnergyRepository(Repository):
    """Energy reports: one per person, campaign and period ('baseline' or a Jalali month)."""

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

    async def of_county(self, campaign_id: int, county_code: str) -> Sequence[EnergyReport]:
        """Every report in a campaign made from one county (for what its people and neighbourhoods saved)."""
        result = await self.session.execute(select(EnergyReport).where(
            EnergyReport.campaign_id == campaign_id, EnergyReport.county_code == county_code))
        return result.scalars().all()

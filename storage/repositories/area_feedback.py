"""Queries and writes of the monthly message on what an area achieved; the unit of work commits.

Everything here is set-based: the figures are grouped queries over the month, the deliveries one
INSERT ... SELECT over the participants (never one statement per person)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, and_, case, delete, exists, func, insert, literal, or_, select
from sqlalchemy.orm import aliased

from storage.models import Campaign, EnergyReport, Membership, Person, Volunteer
from storage.models.assignments import HoursEntry
from storage.models.broadcasts import Broadcast, Delivery, DeliveryStatus
from storage.models.shifts_feedback import AreaFeedbackOptOut, AreaFigures
from storage.repositories.base import Repository, insert_for

_DELIVERY_COLUMNS = ["broadcast_id", "person_id", "platform", "chat_id", "language", "status", "attempts"]
Area = tuple[str | None, str | None, str | None]


class AreaFeedbackRepository(Repository):
    """Every SQL statement of the monthly area message: figures, recipients, opt-outs."""

    # -- the month's figures --------------------------------------------------------------------------------

    async def energy_saved(self, baseline: str, period: str) -> list[tuple[int, Area, str, int]]:
        """What energy-drive reporters saved in `period` against their baseline, grouped by campaign, the
        (province, county, neighbourhood) of the month's report and the unit: (campaign, area, unit, saved)."""
        base = aliased(EnergyReport)
        saved = case((base.value > EnergyReport.value, base.value - EnergyReport.value), else_=0)
        rows = await self.session.execute(
            select(EnergyReport.campaign_id, EnergyReport.province_code, EnergyReport.county_code,
                   EnergyReport.neighbourhood, base.unit, func.sum(saved))
            .join(base, and_(base.person_id == EnergyReport.person_id, base.campaign_id == EnergyReport.campaign_id,
                             base.period == baseline))
            .where(EnergyReport.period == period, base.unit == EnergyReport.unit)
            .group_by(EnergyReport.campaign_id, EnergyReport.province_code, EnergyReport.county_code,
                      EnergyReport.neighbourhood, base.unit))
        return [(int(c), (p, k, n), unit, int(total or 0)) for c, p, k, n, unit, total in rows.all()]

    async def hours_by_area(self, since: datetime, until: datetime) -> list[tuple[Area, int]]:
        """Volunteer minutes credited in a span, grouped by the volunteer's province and county and the person's
        neighbourhood: (area, minutes)."""
        rows = await self.session.execute(
            select(Volunteer.province_code, Volunteer.county_code,
                   case((Person.county_code == Volunteer.county_code, Person.neighbourhood), else_=None),
                   func.sum(HoursEntry.minutes))
            .join(Volunteer, Volunteer.person_id == HoursEntry.person_id)
            .join(Person, Person.id == HoursEntry.person_id)
            .where(HoursEntry.at >= since, HoursEntry.at < until)
            .group_by(Volunteer.province_code, Volunteer.county_code,
                      case((Person.county_code == Volunteer.county_code, Person.neighbourhood), else_=None)))
        return [((p, k, n), int(minutes or 0)) for p, k, n, minutes in rows.all()]

    async def add_figures(self, rows: list[dict[str, Any]]) -> None:
        """Write a month's area figures (one executemany; a few thousand rows at most)."""
        if rows:
            await self.session.execute(insert(AreaFigures), rows)

    async def clear_figures(self, period: str) -> None:
        """Forget a month's figures (they are written again with its message)."""
        await self.session.execute(delete(AreaFigures).where(AreaFigures.period == period))

    async def figures_for(self, period: str, campaign_ids: Sequence[int], area: Area) -> Sequence[AreaFigures]:
        """A month's figures of these campaigns (and the hours row) for a neighbourhood, its county and province."""
        province, county, neighbourhood = area
        places = [and_(AreaFigures.province_code == province, AreaFigures.county_code.is_(None))]
        if county is not None:
            places.append(and_(AreaFigures.county_code == county, AreaFigures.neighbourhood.is_(None)))
            if neighbourhood is not None:
                places.append(and_(AreaFigures.county_code == county, AreaFigures.neighbourhood == neighbourhood))
        return (await self.session.execute(select(AreaFigures).where(
            AreaFigures.period == period, or_(AreaFigures.campaign_id.in_(campaign_ids),
                                              AreaFigures.campaign_id.is_(None)),
            AreaFigures.province_code == province, or_(*places)))).scalars().all()

    # -- recipients -----------------------------------------------------------------------------------------

    async def deliver(self, broadcast_id: int) -> int:
        """One pending delivery per participant: onboarded, reachable, with a province, not stopped (/stop) nor
        opted out of this message, and a current member of a campaign they did not silence; how many."""
        member = exists().where(Membership.person_id == Person.id, Membership.left_at.is_(None),
                                Membership.opted_out.is_(False))
        opted_out = exists().where(AreaFeedbackOptOut.person_id == Person.id)
        rows = (select(literal(broadcast_id, Integer), Person.id, Person.platform, Person.chat_id, Person.language,
                       literal(DeliveryStatus.PENDING.value, String), literal(0, Integer))
                .where(Person.onboarded_at.is_not(None), Person.forgotten_at.is_(None), Person.unreachable.is_(False),
                       Person.opted_out_at.is_(None), Person.province_code.is_not(None), member, ~opted_out))
        result = await self.session.execute(insert(Delivery).from_select(_DELIVERY_COLUMNS, rows))
        count = getattr(result, "rowcount", -1)
        if count is None or count < 0:
            count = (await self.session.execute(select(func.count()).select_from(Delivery).where(
                Delivery.broadcast_id == broadcast_id))).scalar_one()
        return int(count)

    async def recipient(self, delivery_id: int) -> tuple[int, str | None, Area, dict[str, Any], tuple[int, ...]] | None:
        """(person id, language, area, the broadcast's text arguments, ids of the campaigns the person is a current
        member of and did not silence) of one delivery, in one query; None when the person is forgotten."""
        rows = (await self.session.execute(
            select(Person.id, Person.language, Person.province_code, Person.county_code, Person.neighbourhood,
                   Broadcast.text_args, Membership.campaign_id)
            .join(Delivery, Delivery.person_id == Person.id).join(Broadcast, Broadcast.id == Delivery.broadcast_id)
            .outerjoin(Membership, and_(Membership.person_id == Person.id, Membership.left_at.is_(None),
                                        Membership.opted_out.is_(False)))
            .where(Delivery.id == delivery_id, Person.forgotten_at.is_(None))
            .order_by(Membership.campaign_id))).all()
        if not rows:
            return None
        first = rows[0]
        campaigns = tuple(int(row[6]) for row in rows if row[6] is not None)
        return int(first[0]), first[1], (first[2], first[3], first[4]), dict(first[5] or {}), campaigns

    async def definitions(self, campaign_ids: Sequence[int]) -> Sequence[tuple[int, dict[str, Any]]]:
        """(id, definition) of these campaigns."""
        rows = await self.session.execute(select(Campaign.id, Campaign.definition).where(
            Campaign.id.in_(campaign_ids)))
        return [(int(i), dict(d or {})) for i, d in rows.all()]

    # -- opting out -----------------------------------------------------------------------------------------

    async def opt_out(self, person_id: int, now: datetime) -> None:
        """No more monthly messages for this person (once; a second press changes nothing)."""
        await self.session.execute(insert_for(self.session, AreaFeedbackOptOut).values(person_id=person_id, at=now)
                                   .on_conflict_do_nothing(index_elements=["person_id"]))

    async def opt_in(self, person_id: int) -> None:
        """Receive the monthly message again."""
        await self.session.execute(delete(AreaFeedbackOptOut).where(AreaFeedbackOptOut.person_id == person_id))

    async def opted_out(self, person_id: int) -> bool:
        """True when the person asked not to receive the monthly message."""
        return (await self.session.execute(select(AreaFeedbackOptOut.person_id).where(
            AreaFeedbackOptOut.person_id == person_id))).first() is not None

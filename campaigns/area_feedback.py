"""The monthly message on what your area achieved (محله‌محوری): on the first day of each Jalali month, each
participant who has not opted out hears what their neighbourhood, county and province did last month in the
campaigns they joined: pledged, fulfilled, wheelchairs funded, volunteer hours.

It fires through the schedule engine (a schedule of kind AREA_FEEDBACK whose occurrence is the month, claimed
once by its unique firing), so a second run of the job finds the month taken. Firing computes the month's
figures once with grouped queries (pledges from `stats.pledge_sums`, the managers' own query) and writes one
delivery per participant with one INSERT ... SELECT, in the firing's transaction. The outbox then sends it
within the bot's send budget, outside quiet hours; each message is written at send time from the stored
figures of the person's own area and campaigns (`compose`)."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

import jdatetime

from campaigns import stats
from campaigns.broadcasts import outbox
from campaigns.broadcasts.dto import MessageSpec, Segment
from campaigns.broadcasts.service import BroadcastPlan, prepare_broadcast
from campaigns.energy import BASELINE, EnergyUnit, value_of, wheelchairs
from campaigns.jalali import IRAN_TZ, end_of_jalali_month
from campaigns.kinds import EnergyData
from storage.models import utcnow
from storage.models.broadcasts import Schedule, ScheduleKind
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

TEXT_KEY = "feedback-monthly"  # the broadcast's marker: the worker writes each message from `compose`
SOURCE = "area-feedback#monthly"
HOUR = 10  # Iran time on the 1st: after quiet hours, when people read messages
LEVELS = ("neighbourhood", "county", "province")

Area = tuple[str | None, str | None, str | None]


@dataclass(frozen=True)
class Figures:
    """What one area achieved in one month (in one campaign, or in volunteer hours)."""

    level: str  # neighbourhood | county | province
    province_code: str
    county_code: str | None
    neighbourhood: str | None
    pledges: int = 0
    amount: int = 0
    fulfilled: int = 0
    wheelchairs: int = 0
    minutes: int = 0


@dataclass(frozen=True)
class CampaignFigures:
    """One campaign the person joined, with its figures in their neighbourhood, county and province."""

    campaign_id: int
    title: dict[str, str]
    energy: bool
    areas: tuple[Figures, ...]


@dataclass(frozen=True)
class MonthlyMessage:
    """One person's monthly message, ready to be written in their language."""

    person_id: int
    language: str
    period: str  # the month it reports on, Jalali YYYY-MM
    campaigns: tuple[CampaignFigures, ...]
    hours: tuple[Figures, ...]


def previous_period(period: str) -> str:
    """The Jalali month before 'YYYY-MM'."""
    year, month = (int(part) for part in period.split("-"))
    return f"{year - 1:04d}-12" if month == 1 else f"{year:04d}-{month - 1:02d}"


def month_span(period: str) -> tuple[datetime, datetime]:
    """The first moment of a Jalali month and of the next one, in Iran time."""
    year, month = (int(part) for part in period.split("-"))
    start = jdatetime.date(year, month, 1).togregorian()
    end = end_of_jalali_month(start) + timedelta(days=1)
    return datetime.combine(start, time(0, 0), IRAN_TZ), datetime.combine(end, time(0, 0), IRAN_TZ)


def _level(area: Area) -> str:
    return "neighbourhood" if area[2] is not None else "county" if area[1] is not None else "province"


def _up(area: Area) -> list[Area]:
    """An area and those above it: (p, c, n) counts for its neighbourhood, county and province."""
    province, county, neighbourhood = area
    if province is None:
        return []
    found: list[Area] = [(province, None, None)]
    if county is not None:
        found.append((province, county, None))
        if neighbourhood:
            found.append((province, county, neighbourhood))
    return found


async def month_figures(uow: UnitOfWork, period: str, energy_prices: dict[int, EnergyData]
                        ) -> list[dict[str, Any]]:
    """The month's figures of every area and campaign, as rows for the figures table: three grouped queries
    (pledges, energy savings, volunteer hours) rolled up from neighbourhoods to counties and provinces."""
    since, until = month_span(period)
    totals: dict[tuple[int | None, Area], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for campaign_id, area, count, amount, fulfilled, _items in await stats.pledge_sums(uow, None, 3, None, None,
                                                                                       since, until):
        for place in _up((area[0], area[1], area[2])):
            row = totals[(campaign_id, place)]
            row[0] += count
            row[1] += amount
            row[2] += fulfilled
    values: dict[tuple[int, Area], int] = defaultdict(int)  # rials saved, summed before turning into chairs
    for campaign_id, area, unit, saved in await uow.area_feedback.energy_saved(BASELINE, period):
        prices = energy_prices.get(campaign_id)
        if prices is not None:
            for place in _up(area):
                values[(campaign_id, place)] += value_of(saved, EnergyUnit(unit), prices)
    for (campaign_id, place), value in values.items():
        totals[(campaign_id, place)][3] = wheelchairs(value, energy_prices[campaign_id])
    for area, minutes in await uow.area_feedback.hours_by_area(since, until):
        for place in _up(area):
            totals[(None, place)][4] += minutes
    return [{"period": period, "campaign_id": campaign_id, "province_code": place[0], "county_code": place[1],
             "neighbourhood": place[2], "pledges": row[0], "amount": row[1], "fulfilled": row[2],
             "wheelchairs": row[3], "minutes": row[4]} for (campaign_id, place), row in totals.items()]


async def _energy_prices(uow: UnitOfWork) -> dict[int, EnergyData]:
    return {campaign.id: EnergyData(**campaign.definition["energy"])
            for campaign in await uow.campaigns.all() if (campaign.definition or {}).get("energy")}


async def stage_month(uow: UnitOfWork, occurrence: str, now: datetime) -> int:
    """The schedule engine's stager: last month's figures, the broadcast and one delivery per participant,
    staged in the firing's transaction (the engine commits); the broadcast's id."""
    period = previous_period(occurrence)
    await uow.area_feedback.clear_figures(period)
    await uow.area_feedback.add_figures(await month_figures(uow, period, await _energy_prices(uow)))
    broadcast_id = await prepare_broadcast(uow, Segment(), MessageSpec(text_key=TEXT_KEY,
                                                                       text_args={"report_period": period}),
                                           BroadcastPlan(message_key=f"area-feedback:{period}"), now=now,
                                           allow_empty=True)
    total = await uow.area_feedback.deliver(broadcast_id)
    await outbox.start(uow, broadcast_id, total)
    log.info("monthly area message queued", extra={"period": period, "count": total})
    return broadcast_id


# The schedule engine's stager of this kind (worker/loop.py hands it to the engine).
STAGERS = {ScheduleKind.AREA_FEEDBACK.value: stage_month}


async def ensure_schedule(uow: UnitOfWork, now: datetime | None = None) -> int:
    """The monthly schedule (made once, at the worker's start); commits; its id."""
    for schedule in await uow.schedules.by_source_prefix(SOURCE):
        return schedule.id
    schedule_id = await uow.schedules.create(Schedule(
        source=SOURCE, kind=ScheduleKind.AREA_FEEDBACK.value, month_day=1, hour=HOUR, text_key=TEXT_KEY,
        text_args={}, buttons=[], segment={}, created_at=now or utcnow()))
    await uow.commit()
    return schedule_id


CACHE_SIZE = 4096


@dataclass
class ComposeCache:
    """What a sender keeps between messages: an area's figures (a month's never change once written) and each
    campaign's title, so most messages cost one query."""

    figures: dict[tuple[str, Area, tuple[int, ...]], tuple[tuple[int | None, Figures], ...]] = field(
        default_factory=dict)
    campaigns: dict[int, tuple[dict[str, str], bool]] = field(default_factory=dict)


async def compose(uow: UnitOfWork, delivery_id: int, cache: ComposeCache | None = None) -> MonthlyMessage | None:
    """One person's message from the stored figures of their area and campaigns; None when there is nothing
    to send (forgotten, no campaign left, or no region)."""
    cache = cache or ComposeCache()
    recipient = await uow.area_feedback.recipient(delivery_id)
    if recipient is None:
        return None
    person_id, language, area, args, ids = recipient
    period = str(args.get("report_period") or "")
    if not period or not ids or area[0] is None:
        return None
    missing = [campaign_id for campaign_id in ids if campaign_id not in cache.campaigns]
    if missing:
        for campaign_id, definition in await uow.area_feedback.definitions(missing):
            cache.campaigns[campaign_id] = (dict(definition.get("title") or {}), bool(definition.get("energy")))
    key = (period, area, ids)
    found = cache.figures.get(key)
    if found is None:
        found = tuple((row.campaign_id, Figures(
            _level((row.province_code, row.county_code, row.neighbourhood)), row.province_code, row.county_code,
            row.neighbourhood, row.pledges, row.amount, row.fulfilled, row.wheelchairs, row.minutes))
            for row in await uow.area_feedback.figures_for(period, list(ids), area))
        if len(cache.figures) >= CACHE_SIZE:
            cache.figures.clear()
        cache.figures[key] = found
    order = {level: index for index, level in enumerate(LEVELS)}
    by_campaign: dict[int | None, list[Figures]] = defaultdict(list)
    for owner, figures_row in found:
        by_campaign[owner].append(figures_row)
    for figures in by_campaign.values():
        figures.sort(key=lambda f: order[f.level])
    campaigns = tuple(CampaignFigures(campaign_id, *cache.campaigns.get(campaign_id, ({}, False)),
                                      tuple(by_campaign.get(campaign_id, ()))) for campaign_id in ids)
    return MonthlyMessage(person_id, language or "fa", period, campaigns, tuple(by_campaign.get(None, ())))


async def opt_out(uow: UnitOfWork, person_id: int, now: datetime | None = None) -> None:
    """No more monthly area messages for this person (other broadcasts unchanged); commits."""
    await uow.area_feedback.opt_out(person_id, now or utcnow())
    await uow.commit()
    log.info("monthly area message opted out")


async def opt_in(uow: UnitOfWork, person_id: int) -> None:
    """Receive the monthly area message again; commits."""
    await uow.area_feedback.opt_in(person_id)
    await uow.commit()


"""The energy-saving wheelchair drive: consumption against a baseline, its value, wheelchairs funded."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from campaigns import catalogue
from campaigns.catalogue import CampaignView
from campaigns.jalali import period_of
from campaigns.kinds import EnergyData
from campaigns.people import PersonView
from storage.models import EnergyReport, utcnow
from storage.unit_of_work import UnitOfWork

BASELINE = "baseline"


class EnergyUnit(enum.StrEnum):
    """How a person reports consumption: kilowatt-hours, or the bill in rials."""

    KWH = "kwh"
    RIAL = "rial"


@dataclass(frozen=True)
class Saving:
    """Energy saved (in the reporting unit), its value in rials, and the wheelchairs it funds."""

    saved: int
    value_rials: int
    wheelchairs: int


@dataclass(frozen=True)
class PersonEnergy:
    """A participant's standing: their unit, baseline, months reported and what they saved."""

    unit: EnergyUnit | None
    baseline: int | None
    months: dict[str, int]
    saving: Saving


@dataclass(frozen=True)
class EnergyTotals:
    """A drive's saving for the whole campaign and per neighbourhood, county and province."""

    saved: int
    value_rials: int
    wheelchairs: int
    by_province: dict[str, Saving]
    by_county: dict[str, Saving]
    by_neighbourhood: dict[str, Saving]


def value_of(saved: int, unit: EnergyUnit, prices: EnergyData) -> int:
    """What a saving is worth in rials."""
    return saved * prices.price_per_kwh_rials if unit == EnergyUnit.KWH else saved


def wheelchairs(value_rials: int, prices: EnergyData) -> int:
    """Whole wheelchairs a value in rials pays for."""
    return value_rials // (prices.wheelchair_price_tomans * 10)


@dataclass(frozen=True)
class WheelchairShare:
    """A value as wheelchairs, in the friendliest form: whole chairs, a percent of one, or how many people
    saving as much would buy one together (70 kWh is 0.05% of a chair: "1,905 people like you buy one")."""

    whole: int
    percent: int
    people_for_one: int


def wheelchair_share(value_rials: int, prices: EnergyData) -> WheelchairShare:
    """What a value in rials buys of wheelchairs."""
    price = prices.wheelchair_price_tomans * 10
    people = -(-price // value_rials) if value_rials > 0 else 0
    return WheelchairShare(whole=value_rials // price, percent=value_rials * 100 // price, people_for_one=people)


@dataclass(frozen=True)
class AreaSaving:
    """What the people of one county (and of one neighbourhood in it) saved together."""

    county: Saving
    county_people: int
    neighbourhood: Saving
    neighbourhood_people: int


def saving_of(reports: Sequence[EnergyReport], prices: EnergyData) -> Saving:
    """One person's saving: each month's drop below the baseline (a rise counts as no saving)."""
    baseline = next((r for r in reports if r.period == BASELINE), None)
    if baseline is None:
        return Saving(0, 0, 0)
    saved = sum(max(0, baseline.value - r.value) for r in reports if r.period != BASELINE)
    value = value_of(saved, EnergyUnit(baseline.unit), prices)
    return Saving(saved, value, wheelchairs(value, prices))


def _sum(savings: Iterable[Saving], prices: EnergyData) -> Saving:
    items = list(savings)
    value = sum(s.value_rials for s in items)
    return Saving(sum(s.saved for s in items), value, wheelchairs(value, prices))


def _prices(campaign: CampaignView) -> EnergyData:
    assert campaign.definition.energy is not None, "an energy drive has prices"
    return campaign.definition.energy


async def report(uow: UnitOfWork, person: PersonView, campaign: CampaignView, value: int,
                 unit: EnergyUnit, today: date, *, baseline: bool = False) -> PersonEnergy:
    """Record the baseline or this Jalali month's consumption (a reporter is a member of the drive), and
    return the person's standing; one commit."""
    where = (person.province_code, person.county_code, person.neighbourhood)
    await uow.energy.put(person.id, campaign.id, BASELINE if baseline else period_of(today),
                         unit.value, value, where, utcnow())
    await catalogue.enrol(uow, person.id, campaign.id)
    await uow.commit()
    return await standing(uow, person.id, campaign)


async def standing(uow: UnitOfWork, person_id: int, campaign: CampaignView) -> PersonEnergy:
    """A person's reports in an energy drive and what they saved."""
    reports = await uow.energy.of_person(person_id, campaign.id)
    baseline = next((r for r in reports if r.period == BASELINE), None)
    months = {r.period: r.value for r in reports if r.period != BASELINE}
    return PersonEnergy(unit=EnergyUnit(baseline.unit) if baseline else None,
                        baseline=baseline.value if baseline else None, months=months,
                        saving=saving_of(reports, _prices(campaign)))


async def together(uow: UnitOfWork, campaign: CampaignView, county_code: str,
                   neighbourhood: str | None) -> AreaSaving:
    """What everyone reporting from a county saved, and those of a neighbourhood in it (by each person's
    latest report), for the line "your county together" under a person's own saving."""
    prices = _prices(campaign)
    per_person: dict[int | None, list[EnergyReport]] = defaultdict(list)
    for row in await uow.energy.of_county(campaign.id, county_code):
        per_person[row.person_id].append(row)
    county: list[Saving] = []
    near: list[Saving] = []
    for reports in per_person.values():
        saving = saving_of(reports, prices)
        county.append(saving)
        if neighbourhood and max(reports, key=lambda r: r.created_at).neighbourhood == neighbourhood:
            near.append(saving)
    return AreaSaving(county=_sum(county, prices), county_people=len(county), neighbourhood=_sum(near, prices),
                      neighbourhood_people=len(near))


async def campaign_total(uow: UnitOfWork, campaign: CampaignView) -> EnergyTotals:
    """A drive's savings summed for the campaign and per neighbourhood, county and province."""
    prices = _prices(campaign)
    per_person: dict[int | None, list[EnergyReport]] = defaultdict(list)
    for row in await uow.energy.all_of_campaign(campaign.id):
        per_person[row.person_id].append(row)
    provinces: dict[str, list[Saving]] = defaultdict(list)
    counties: dict[str, list[Saving]] = defaultdict(list)
    neighbourhoods: dict[str, list[Saving]] = defaultdict(list)
    everyone: list[Saving] = []
    for reports in per_person.values():
        saving = saving_of(reports, prices)
        latest = max(reports, key=lambda r: r.created_at)
        everyone.append(saving)
        if latest.province_code:
            provinces[latest.province_code].append(saving)
        if latest.county_code:
            counties[latest.county_code].append(saving)
            if latest.neighbourhood:
                neighbourhoods[f"{latest.county_code}/{latest.neighbourhood}"].append(saving)
    total = _sum(everyone, prices)
    return EnergyTotals(saved=total.saved, value_rials=total.value_rials, wheelchairs=total.wheelchairs,
                        by_province={k: _sum(v, prices) for k, v in provinces.items()},
                        by_county={k: _sum(v, prices) for k, v in counties.items()},
                        by_neighbourhood={k: _sum(v, prices) for k, v in neighbourhoods.items()})

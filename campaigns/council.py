"""The council report: a province's figures for one Jalali quarter (provincial councils meet every three months),
limited to what the reading manager's region covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import jdatetime

from campaigns.jalali import IRAN_TZ, end_of_jalali_month, to_jalali
from campaigns.regions import load_regions
from campaigns.roles import Scope
from storage.unit_of_work import UnitOfWork

FIRST_YEAR, LAST_YEAR = 1390, 1500  # the Jalali years a report may name


@dataclass(frozen=True)
class Quarter:
    """A Jalali quarter: its year, its number (1-4) and its first and last days (Gregorian dates)."""

    year: int
    number: int
    first_day: date
    last_day: date

    def bounds(self) -> tuple[datetime, datetime]:
        """The quarter as [start, end) moments: midnight in Iran on its first day and the day after its last."""
        start = datetime.combine(self.first_day, time(), IRAN_TZ)
        return start, datetime.combine(self.last_day + timedelta(days=1), time(), IRAN_TZ)


@dataclass(frozen=True)
class QuarterFigures:
    """What happened in a region over a quarter (pledge amounts in tomans; hours rounded down)."""

    new_participants: int
    pledged: int
    pledged_tomans: int
    fulfilled: int
    fulfilled_tomans: int
    volunteers: int
    new_volunteers: int
    hours: int
    callouts: int
    callouts_filled: int


def quarter(year: int, number: int) -> Quarter | None:
    """A Jalali year's quarter (1: Farvardin-Khordad … 4: Dey-Esfand), or None when there is no such quarter."""
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= number <= 4):
        return None
    first = jdatetime.date(year, 3 * number - 2, 1).togregorian()
    last = end_of_jalali_month(jdatetime.date(year, 3 * number, 1).togregorian())
    return Quarter(year, number, first, last)


def quarter_of(day: date) -> tuple[int, int]:
    """The Jalali year and quarter a day falls in."""
    jd = to_jalali(day)
    return jd.year, (jd.month - 1) // 3 + 1


def area_in(scope: Scope, province_code: str) -> tuple[str | None, str | None] | None:
    """The part of a province a manager's region covers, as (province, county) codes for the repositories; None
    when it covers none of it."""
    if scope.national or scope.covers(province_code):
        return province_code, None
    province = load_regions().province_of(scope.county_code)
    if province is not None and province.code == province_code:
        return province_code, scope.county_code  # the province too, so the report's place-and-time indexes serve it
    return None


async def figures(uow: UnitOfWork, area: tuple[str | None, str | None], period: Quarter) -> QuarterFigures:
    """A region's figures for the quarter: new participants, pledges made and fulfilled (with tomans), volunteers
    (all by the quarter's end, and new), hours served and urgent call-outs (and how many filled)."""
    start, end = period.bounds()
    participants = await uow.reports.new_participants(*area, start, end)
    pledged, pledged_tomans, fulfilled, fulfilled_tomans = await uow.reports.pledge_figures(*area, start, end)
    volunteers, new_volunteers = await uow.reports.volunteer_figures(*area, start, end)
    minutes = await uow.reports.volunteer_minutes(*area, start, end)
    callouts, filled = await uow.reports.callout_figures(*area, start, end)
    return QuarterFigures(participants, pledged, pledged_tomans, fulfilled, fulfilled_tomans, volunteers,
                          new_volunteers, minutes // 60, callouts, filled)

"""Participation per 1,000 people by province and county, as the dashboard's maps, legends and tables show it: the
figures, their shades, the rates in the reader's digits, and which province a manager's scope reaches."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

from campaigns.participation import RegionTotals
from campaigns.regions import load_regions
from campaigns.roles import Scope
from i18n import Translator
from i18n.digits import to_persian_digits

SHADES = 4  # participation is drawn in four steps above none (s1…s4); s0 is none, "out" is outside the scope


@dataclass(frozen=True)
class AreaFigure:
    """Participation in one province or county: campaign members living there per 1,000 residents (and, on a
    campaign's page, its pledges and fulfilled pledges there)."""

    code: str
    name: str
    participants: int
    population: int
    in_scope: bool
    shade: int = 0
    pledges: int = 0
    fulfilled: int = 0

    @property
    def per_thousand(self) -> float:
        """Participants per 1,000 residents."""
        return self.participants * 1000 / self.population if self.population else 0.0


def rate_text(value: float, t: Translator) -> str:
    """A rate with three decimals (as the bot's fairness list) in the reader's digits."""
    text = f"{value:.3f}"
    return to_persian_digits(text.replace(".", "٫")) if t.language == "fa" else text


def shaded(figures: list[AreaFigure]) -> tuple[list[AreaFigure], float]:
    """Each figure's shade (0: none; 1…SHADES by equal steps up to the highest rate in scope) and that rate."""
    top = max((f.per_thousand for f in figures if f.in_scope), default=0.0)
    return [dataclasses.replace(f, shade=min(SHADES, math.ceil(f.per_thousand / top * SHADES))
                                if top and f.participants and f.in_scope else 0) for f in figures], top


def legend(top: float, t: Translator) -> list[tuple[str, str]]:
    """The legend's rows: a shade's class and the range of rates it stands for."""
    rows = [("s0", t("dashboard-legend-none"))]
    for step in range(1, SHADES + 1):
        rows.append((f"s{step}", t("dashboard-legend-range", low=rate_text(top * (step - 1) / SHADES, t),
                                   high=rate_text(top * step / SHADES, t))))
    rows.append(("out", t("dashboard-legend-out")))
    return rows


def province_in_scope(scope: Scope, province_code: str) -> bool:
    """True when a manager's region lies in (or is) this province: a county manager reaches their county's province."""
    if scope.covers(province_code):
        return True
    province = load_regions().province_of(scope.county_code)
    return province is not None and province.code == province_code


def province_figures(totals: Mapping[str, RegionTotals], scope: Scope, language: str) -> list[AreaFigure]:
    """The 31 provinces' figures (shaded; those outside the scope without numbers). A county manager's province
    counts their county's residents only."""
    regions = load_regions()
    county = regions.county(scope.county_code) if scope.county_code else None
    figures: list[AreaFigure] = []
    for province in regions.provinces:
        in_scope = province_in_scope(scope, province.code)
        population = county.population if county is not None and in_scope else sum(
            c.population for c in province.counties)
        found = totals.get(province.code, RegionTotals()) if in_scope else RegionTotals()
        figures.append(AreaFigure(province.code, province.name(language), found.participants, population, in_scope,
                                  pledges=found.pledges, fulfilled=found.fulfilled))
    return shaded(figures)[0]


def county_figures(totals: Mapping[str, RegionTotals], scope: Scope, province_code: str,
                   language: str) -> list[AreaFigure]:
    """A province's counties in the shipped order, shaded among those inside the scope (the others without
    numbers)."""
    province = load_regions().province(province_code)
    figures = []
    for county in province.counties if province else ():
        in_scope = scope.covers(province_code, county.code)
        found = totals.get(county.code, RegionTotals()) if in_scope else RegionTotals()
        figures.append(AreaFigure(county.code, county.name(language), found.participants, county.population, in_scope,
                                  pledges=found.pledges, fulfilled=found.fulfilled))
    return shaded(figures)[0]


def lowest_first(figures: list[AreaFigure]) -> list[AreaFigure]:
    """Places inside the scope with residents, by participation per 1,000 people, the lowest first (the more
    populous first among equal rates: more people missed)."""
    return sorted((f for f in figures if f.in_scope and f.population > 0),
                  key=lambda f: (f.per_thousand, -f.population))

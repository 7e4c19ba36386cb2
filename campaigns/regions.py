"""Iran's provinces and counties from the shipped data file, and matching typed names to them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TypeVar

import yaml

from campaigns.numerals import digits_value
from campaigns.words import fold_text

_T = TypeVar("_T", "Province", "County")

DATA_FILE = Path(__file__).resolve().parent / "data" / "regions.yaml"


@dataclass(frozen=True)
class County:
    """A county (shahrestan)."""

    code: str
    province_code: str
    fa: str
    en: str
    population: int

    def name(self, language: str) -> str:
        """The county's name in a language."""
        return self.fa if language == "fa" else self.en


@dataclass(frozen=True)
class Province:
    """A province (ostan) with its counties and neighbouring provinces."""

    code: str
    fa: str
    en: str
    neighbours: tuple[str, ...]
    counties: tuple[County, ...]

    def name(self, language: str) -> str:
        """The province's name in a language."""
        return self.fa if language == "fa" else self.en


@dataclass(frozen=True)
class Regions:
    """All provinces, with look-ups by code."""

    provinces: tuple[Province, ...]

    def province(self, code: str | None) -> Province | None:
        """A province by code."""
        return self._province_index.get(code or "")

    def county(self, code: str | None) -> County | None:
        """A county by code."""
        return self._county_index.get(code or "")

    def province_of(self, county_code: str | None) -> Province | None:
        """The province a county (by code) lies in; None for no county or an unknown one."""
        county = self.county(county_code)
        return self.province(county.province_code) if county is not None else None

    def holds(self, province_code: str | None, county_code: str | None) -> bool:
        """True when the province exists and the county, if one is named, is one of its counties."""
        if self.province(province_code) is None:
            return False
        county = self.county(county_code) if county_code is not None else None
        return county_code is None or (county is not None and county.province_code == province_code)

    # Indexes kept on the instance: an lru_cache keyed by the Regions hashed every province and county on
    # each look-up (1.6% of the bot's CPU per update under load).
    @cached_property
    def _province_index(self) -> dict[str, Province]:
        return {province.code: province for province in self.provinces}

    @cached_property
    def _county_index(self) -> dict[str, County]:
        return {county.code: county for province in self.provinces for county in province.counties}

    def match_province(self, text: str) -> Province | None:
        """The province whose Persian or English name (or list number) a person typed."""
        return _match(text, list(self.provinces))

    def match_county(self, province_code: str, text: str) -> County | None:
        """The county of a province whose name (or list number) a person typed."""
        province = self.province(province_code)
        return _match(text, list(province.counties)) if province else None


def _match(text: str, items: list[_T]) -> _T | None:
    folded = fold_text(text)
    number = digits_value(folded)
    if number is not None and 1 <= number <= len(items):
        return items[number - 1]
    exact = [item for item in items if folded in (fold_text(item.fa), fold_text(item.en))]
    if exact:
        return exact[0]
    partial = [item for item in items if folded and (folded in fold_text(item.fa) or folded in fold_text(item.en))]
    return partial[0] if len(partial) == 1 else None


@lru_cache(maxsize=1)
def load_regions(path: Path = DATA_FILE) -> Regions:
    """Load the regions data file once."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    provinces = tuple(
        Province(
            code=p["code"], fa=p["fa"], en=p["en"], neighbours=tuple(p.get("neighbours", ())),
            counties=tuple(County(code=c["code"], province_code=p["code"], fa=c["fa"], en=c["en"],
                                  population=int(c.get("population") or 0)) for c in p["counties"]),
        )
        for p in raw["provinces"]
    )
    return Regions(provinces)

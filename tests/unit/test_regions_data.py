"""Sanity checks for campaigns/data/regions.yaml (provinces and counties of Iran)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REGIONS_PATH = Path(__file__).resolve().parents[2] / "campaigns" / "data" / "regions.yaml"

ARABIC_YEH = "\u064a"  # ي
ARABIC_KAF = "\u0643"  # ك
CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PERSIAN_RE = re.compile(r"^[\u0600-\u06ff\u200c ]+$")


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    with REGIONS_PATH.open(encoding="utf-8") as fh:
        loaded = yaml.safe_load(fh)
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def provinces(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["provinces"]


def _counties(provinces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [county for province in provinces for county in province["counties"]]


def test_header(data: dict[str, Any]) -> None:
    assert data["version"] == 1
    assert isinstance(data["source"], str) and data["source"].strip()


def test_thirty_one_provinces(provinces: list[dict[str, Any]]) -> None:
    assert len(provinces) == 31


def test_every_province_has_counties(provinces: list[dict[str, Any]]) -> None:
    for province in provinces:
        assert len(province["counties"]) >= 1, province["code"]
    # Most provinces are divided into many counties.
    assert sum(1 for p in provinces if len(p["counties"]) >= 5) >= 28


def test_total_counties(provinces: list[dict[str, Any]]) -> None:
    assert len(_counties(provinces)) >= 400


def test_codes_unique_and_well_formed(provinces: list[dict[str, Any]]) -> None:
    province_codes = [p["code"] for p in provinces]
    assert len(province_codes) == len(set(province_codes))
    county_codes = [c["code"] for c in _counties(provinces)]
    assert len(county_codes) == len(set(county_codes))
    for code in province_codes + county_codes:
        assert CODE_RE.match(code), code
    for province in provinces:
        for county in province["counties"]:
            assert county["code"].startswith(province["code"] + "-"), county["code"]


def test_no_duplicate_names_within_province(provinces: list[dict[str, Any]]) -> None:
    for province in provinces:
        fa_names = [c["fa"] for c in province["counties"]]
        en_names = [c["en"] for c in province["counties"]]
        assert len(fa_names) == len(set(fa_names)), province["code"]
        assert len(en_names) == len(set(en_names)), province["code"]


def test_neighbours_valid_and_symmetric(provinces: list[dict[str, Any]]) -> None:
    by_code = {p["code"]: set(p["neighbours"]) for p in provinces}
    for code, neighbours in by_code.items():
        assert neighbours, f"{code} has no neighbours"
        assert code not in neighbours, f"{code} lists itself"
        for other in neighbours:
            assert other in by_code, f"{code} lists unknown neighbour {other}"
            assert code in by_code[other], f"{code} lists {other} but not the other way round"


def test_tehran_neighbours(provinces: list[dict[str, Any]]) -> None:
    tehran = next(p for p in provinces if p["code"] == "tehran")
    assert set(tehran["neighbours"]) == {"alborz", "mazandaran", "semnan", "qom", "markazi"}


def test_persian_names_use_persian_letters(provinces: list[dict[str, Any]]) -> None:
    names = [p["fa"] for p in provinces] + [c["fa"] for c in _counties(provinces)]
    for name in names:
        assert ARABIC_YEH not in name, f"Arabic yeh in {name!r}"
        assert ARABIC_KAF not in name, f"Arabic kaf in {name!r}"
        assert PERSIAN_RE.match(name), f"non-Persian characters in {name!r}"
        assert name == name.strip() and "  " not in name, repr(name)


def test_compound_province_names(provinces: list[dict[str, Any]]) -> None:
    fa_names = {p["fa"] for p in provinces}
    for expected in ("کهگیلویه و بویراحمد", "چهارمحال و بختیاری", "آذربایجان شرقی", "سیستان و بلوچستان"):
        assert expected in fa_names, expected


def test_english_names_present(provinces: list[dict[str, Any]]) -> None:
    for item in [*provinces, *_counties(provinces)]:
        assert isinstance(item["en"], str) and item["en"].strip(), item["code"]


def test_populations_positive_integers(provinces: list[dict[str, Any]]) -> None:
    for county in _counties(provinces):
        population = county["population"]
        assert isinstance(population, int) and not isinstance(population, bool), county["code"]
        assert population > 0, county["code"]


def test_total_population_plausible(provinces: list[dict[str, Any]]) -> None:
    total = sum(c["population"] for c in _counties(provinces))
    assert 75_000_000 <= total <= 85_000_000, total


def test_tehran_province_population_plausible(provinces: list[dict[str, Any]]) -> None:
    tehran = next(p for p in provinces if p["code"] == "tehran")
    total = sum(c["population"] for c in tehran["counties"])
    assert 12_500_000 <= total <= 14_000_000, total

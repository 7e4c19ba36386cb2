"""The province and county outlines (dashboard/data/provinces.json and counties/<province>.json, © OpenStreetMap,
ODbL) joined to the shipped regions by folded names: a region's code gives its SVG path."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from campaigns.regions import load_regions
from campaigns.words import fold_text

MAP_FILE = Path(__file__).resolve().parent / "data" / "provinces.json"
COUNTY_DIR = Path(__file__).resolve().parent / "data" / "counties"

# Counties OpenStreetMap tags under another official name than regions.yaml (the same county, renamed): the
# shipped code -> the name in OpenStreetMap. Anything else that does not join is listed by tests/dashboard, not guessed.
ALSO_KNOWN_AS = {
    "golestan-bandar-torkaman": "ترکمن",  # Bandar Torkaman County is tagged «شهرستان ترکمن» (Q1292693)
    "lorestan-dowreh": "چگنی",  # Dowreh County, renamed Chegeni County (Q2610703)
}


@dataclass(frozen=True)
class ProvinceMap:
    """The outlines by province code, the frame they are drawn in, and the names on either side left unjoined."""

    width: float
    height: float
    paths: dict[str, str]
    unmatched_shapes: tuple[str, ...]  # names in the map file with no shipped province
    unmatched_regions: tuple[str, ...]  # shipped province codes with no outline


def _folded(name: str) -> str:
    return fold_text(name.removeprefix("استان"))


@cache
def province_map(path: Path = MAP_FILE) -> ProvinceMap:
    """The map file joined to regions.yaml by folded Persian (then English) names; read once."""
    data = json.loads(path.read_text(encoding="utf-8"))
    regions = load_regions()
    by_name = {_folded(p.fa): p.code for p in regions.provinces} | {_folded(p.en): p.code for p in regions.provinces}
    paths: dict[str, str] = {}
    unmatched: list[str] = []
    for shape in data["provinces"]:
        code = by_name.get(_folded(shape["name_fa"])) or by_name.get(_folded(shape["name_en"]))
        if code is None or code in paths:
            unmatched.append(shape["name_fa"])
        else:
            paths[code] = shape["path"]
    missing = tuple(p.code for p in regions.provinces if p.code not in paths)
    return ProvinceMap(float(data["width"]), float(data["height"]), paths, tuple(unmatched), missing)


@dataclass(frozen=True)
class CountyMap:
    """A province's county outlines by county code, their frame, the outlines of counties Hamyar's list does not
    have (drawn, without figures), and the province's shipped counties with no outline."""

    province_code: str
    width: float
    height: float
    paths: dict[str, str]
    unlisted: tuple[tuple[str, str, str], ...]  # (Persian name, English name, path) of shapes matching no county
    unmatched_regions: tuple[str, ...]


def _county_folded(name: str) -> str:
    return fold_text(name.removeprefix("شهرستان"))


@cache
def county_map(province_code: str, folder: Path = COUNTY_DIR) -> CountyMap | None:
    """A province's county outlines joined to its shipped counties by folded Persian (then English) names, read once;
    None for a province without a file."""
    province = load_regions().province(province_code)
    path = folder / f"{province_code}.json"
    if province is None or not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    by_name: dict[str, str] = {}
    for county in province.counties:
        for name in (county.fa, county.en, ALSO_KNOWN_AS.get(county.code, "")):
            if name:
                by_name.setdefault(_county_folded(name), county.code)
    paths: dict[str, str] = {}
    unlisted: list[tuple[str, str, str]] = []
    for shape in data["counties"]:
        code = by_name.get(_county_folded(shape["name_fa"])) or by_name.get(_county_folded(shape["name_en"]))
        if code is None or code in paths:
            unlisted.append((shape["name_fa"].removeprefix("شهرستان").strip(), shape["name_en"], shape["path"]))
        else:
            paths[code] = shape["path"]
    missing = tuple(c.code for c in province.counties if c.code not in paths)
    return CountyMap(province_code, float(data["width"]), float(data["height"]), paths, tuple(unlisted), missing)

"""The province outlines (dashboard/data/provinces.json, © OpenStreetMap, ODbL) joined to the shipped regions by
folded names: a region's code gives its SVG path."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from campaigns.regions import load_regions
from campaigns.words import fold_text

MAP_FILE = Path(__file__).resolve().parent / "data" / "provinces.json"


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

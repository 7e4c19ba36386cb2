"""Write dashboard/data/provinces.json (Iran's 31 province outlines) and dashboard/data/counties/<province>.json (each
province's county outlines), projected once for the dashboard's SVG maps.

Sources: /work/shared/data/iran-provinces.geojson and iran-counties.geojson (or the folder given), OpenStreetMap
boundaries simplified (Douglas–Peucker 0.02° for provinces, 0.01° for counties). Each outline is projected
(equirectangular, longitudes shortened by the cosine of the map's middle latitude) into a 600-unit-high frame
(400 for a province's counties) and written as an SVG path with one decimal; the names are kept as tagged, and the
dashboard joins them to the shipped regions by folded names at start. A county file is named by the province code
Hamyar uses: the counties' ISO province code is joined to the province whose shipped counties share most of its
county names. © OpenStreetMap contributors, ODbL 1.0.

    .venv/bin/python scripts/dashboard_map_data.py [path/to/shared/data]
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from campaigns.regions import load_regions  # noqa: E402  (the project root is put on the path above)
from campaigns.words import fold_text  # noqa: E402

SOURCE = Path("/work/shared/data")
TARGET = ROOT / "dashboard" / "data" / "provinces.json"
COUNTY_DIR = ROOT / "dashboard" / "data" / "counties"
ATTRIBUTION = "© OpenStreetMap contributors"
LICENCE = ("Open Database License 1.0 (ODbL), https://opendatacommons.org/licenses/odbl/1-0/; "
           "a database derived from this file stays under the ODbL")

Feature = dict[str, Any]
Projection = Callable[[float, float], str]


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def _rings(feature: Feature) -> list[list[list[float]]]:
    return [ring for poly in _polygons(feature["geometry"]) for ring in poly]


def _frame(features: list[Feature], height: float) -> tuple[float, Projection]:
    """The frame's width, and the projection of a point into it as an SVG coordinate pair."""
    points = [pt for f in features for ring in _rings(f) for pt in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    shrink = math.cos(math.radians((north + south) / 2))
    scale = height / (north - south)

    def project(lon: float, lat: float) -> str:
        return f"{(lon - west) * shrink * scale:.1f},{(north - lat) * scale:.1f}"

    return round((east - west) * shrink * scale, 1), project


def _path(feature: Feature, project: Projection) -> str:
    return " ".join("M" + " L".join(project(*pt) for pt in ring[:-1]) + "Z" for ring in _rings(feature))


def _shapes(features: list[Feature], project: Projection, suffix: str) -> list[dict[str, str]]:
    return [{"name_fa": f["properties"]["name:fa"],
             "name_en": (f["properties"].get("name:en") or "").removesuffix(suffix),
             "path": _path(f, project)}
            for f in sorted(features, key=lambda f: f["properties"]["name:fa"])]


def _write(target: Path, source: str, width: float, height: float, key: str, shapes: list[dict[str, str]],
           **extra: str) -> None:
    target.write_text(json.dumps({"attribution": ATTRIBUTION, "licence": LICENCE, "source": source, **extra,
                                  "width": width, "height": height, key: shapes},
                                 ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def write_provinces(source: Path) -> None:
    features = json.loads((source / "iran-provinces.geojson").read_text(encoding="utf-8"))["features"]
    width, project = _frame(features, 600.0)
    shapes = _shapes(features, project, "")
    _write(TARGET, "OpenStreetMap province boundary relations (admin_level 4) as collected by the iran-geojson "
           "project, simplified with Douglas-Peucker at 0.02 degrees, projected by scripts/dashboard_map_data.py",
           width, 600.0, "provinces", shapes)
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(shapes)} provinces, {TARGET.stat().st_size} bytes")


def _county_key(name: str) -> str:
    return fold_text(name.removeprefix("شهرستان"))


def province_of_iso(features: list[Feature]) -> dict[str, str]:
    """Each ISO province code of the county file joined to the shipped province whose counties share most of its
    county names (every group has one clear winner; a group matching nothing stops the script)."""
    home = {_county_key(c.fa): p.code for p in load_regions().provinces for c in p.counties}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for feature in features:
        code = home.get(_county_key(feature["properties"]["name:fa"]))
        votes[feature["properties"]["province_iso"]][code or ""] += 1
    joined = {}
    for iso, counter in votes.items():
        counter.pop("", None)
        if not counter:
            raise SystemExit(f"{iso}: no county name matches a shipped county; join it by hand")
        joined[iso] = counter.most_common(1)[0][0]
    return joined


def write_counties(source: Path) -> None:
    features = json.loads((source / "iran-counties.geojson").read_text(encoding="utf-8"))["features"]
    by_province: dict[str, list[Feature]] = defaultdict(list)
    for iso, code in province_of_iso(features).items():
        by_province[code] = [f for f in features if f["properties"]["province_iso"] == iso]
    COUNTY_DIR.mkdir(exist_ok=True)
    total = 0
    for code, group in sorted(by_province.items()):
        width, project = _frame(group, 400.0)
        target = COUNTY_DIR / f"{code}.json"
        _write(target, "OpenStreetMap county boundary relations (admin_level 5) as collected by the iran-geojson "
               "project, simplified with Douglas-Peucker at 0.01 degrees, projected by scripts/dashboard_map_data.py",
               width, 400.0, "counties", _shapes(group, project, " County"), province=code)
        total += target.stat().st_size
    print(f"wrote {COUNTY_DIR.relative_to(ROOT)}/: {len(by_province)} provinces, {len(features)} counties, "
          f"{total} bytes")


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    write_provinces(folder)
    write_counties(folder)

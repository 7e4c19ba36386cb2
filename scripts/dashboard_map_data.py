"""Write dashboard/data/provinces.json: Iran's 31 province outlines, projected once for the dashboard's SVG map.

Source: /work/shared/data/iran-provinces.geojson (or the path given), OpenStreetMap boundaries simplified
(Douglas–Peucker 0.02°). Each outline is projected (equirectangular, longitudes shortened by cos 32°N) into a
600-unit-high frame and written as an SVG path with one decimal; the names are kept as tagged, and the dashboard
joins them to the shipped regions by folded names at start. © OpenStreetMap contributors, ODbL 1.0.

    .venv/bin/python scripts/dashboard_map_data.py [path/to/iran-provinces.geojson]
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/work/shared/data/iran-provinces.geojson")
TARGET = ROOT / "dashboard" / "data" / "provinces.json"
HEIGHT = 600.0
SHRINK = math.cos(math.radians(32))


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def main(source: Path) -> None:
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    points = [pt for f in features for poly in _polygons(f["geometry"]) for ring in poly for pt in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    scale = HEIGHT / (north - south)
    width = round((east - west) * SHRINK * scale, 1)

    def project(lon: float, lat: float) -> str:
        return f"{(lon - west) * SHRINK * scale:.1f},{(north - lat) * scale:.1f}"

    provinces = []
    for feature in sorted(features, key=lambda f: f["properties"]["name:en"]):
        rings = [ring for poly in _polygons(feature["geometry"]) for ring in poly]
        path = " ".join("M" + " L".join(project(*pt) for pt in ring[:-1]) + "Z" for ring in rings)
        provinces.append({"name_fa": feature["properties"]["name:fa"], "name_en": feature["properties"]["name:en"],
                          "path": path})
    TARGET.write_text(json.dumps({
        "attribution": "© OpenStreetMap contributors",
        "licence": "Open Database License 1.0 (ODbL), https://opendatacommons.org/licenses/odbl/1-0/; "
                   "a database derived from this file stays under the ODbL",
        "source": "OpenStreetMap province boundary relations (admin_level 4) as collected by the iran-geojson "
                  "project, simplified with Douglas-Peucker at 0.02 degrees, projected by "
                  "scripts/dashboard_map_data.py",
        "width": width, "height": HEIGHT, "provinces": provinces,
    }, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(provinces)} provinces, {TARGET.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)

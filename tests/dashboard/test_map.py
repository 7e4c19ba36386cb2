"""The map file joins every shipped province by its folded name, and names its source and licence."""

from __future__ import annotations

import json

from campaigns.regions import load_regions
from dashboard.geo import MAP_FILE, province_map


def test_every_province_has_an_outline_and_every_outline_a_province() -> None:
    joined = province_map()
    assert joined.unmatched_shapes == (), f"map outlines matching no shipped province: {joined.unmatched_shapes}"
    assert joined.unmatched_regions == (), f"shipped provinces without an outline: {joined.unmatched_regions}"
    assert sorted(joined.paths) == sorted(p.code for p in load_regions().provinces)
    assert len(joined.paths) == 31


def test_the_map_file_carries_its_attribution_and_licence() -> None:
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    assert "OpenStreetMap" in data["attribution"] and "ODbL" in data["licence"]
    assert MAP_FILE.stat().st_size < 100_000

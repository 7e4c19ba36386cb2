"""Regions.holds: a county belongs to a province by its own province, not by a code that starts alike
(every Kermanshah county's code begins with "kerman")."""

from __future__ import annotations

from campaigns.regions import load_regions


def test_a_county_is_held_by_its_own_province_only() -> None:
    regions = load_regions()
    kermanshah = regions.province("kermanshah")
    kerman = regions.province("kerman")
    assert kermanshah is not None and kerman is not None
    kermanshah_county, kerman_county = kermanshah.counties[0], kerman.counties[0]
    assert kermanshah_county.code.startswith("kerman")  # why a prefix test was wrong
    assert regions.holds("kermanshah", kermanshah_county.code)
    assert not regions.holds("kerman", kermanshah_county.code)
    assert regions.holds("kerman", kerman_county.code)
    assert regions.holds("kerman", None)  # the whole province
    assert not regions.holds("kerman", "no-such-county")
    assert not regions.holds("atlantis", None)


def test_a_countys_province_is_its_own_and_an_unknown_county_has_none() -> None:
    regions = load_regions()
    kermanshah = regions.province("kermanshah")
    assert kermanshah is not None
    assert regions.province_of(kermanshah.counties[0].code) == kermanshah  # not Kerman, whose code it starts with
    assert all(regions.province_of(county.code) == province
               for province in regions.provinces for county in province.counties)
    assert regions.province_of("no-such-county") is None and regions.province_of(None) is None
    assert regions.province_of("kermanshah") is None  # a province's code is no county's

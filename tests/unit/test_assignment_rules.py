"""Assignment forms refused before anything is written; wave areas; minutes for the time bank."""

from __future__ import annotations

from datetime import timedelta

import pytest

from campaigns import callouts, timebank
from campaigns.assignments import AssignmentRefused, Refusal, check
from campaigns.audit import Actor
from campaigns.regions import load_regions
from storage.models import utcnow
from storage.models.assignments import Assignment
from storage.models.roles import RoleLevel
from tests.assignment_factories import COUNTY, form

NATIONAL = Actor(1, RoleLevel.NATIONAL)
YAZD = Actor(2, RoleLevel.PROVINCIAL, "yazd")
COUNTY_MANAGER = Actor(3, RoleLevel.COUNTY, "isfahan", COUNTY)


def refusal(**fields: object) -> Refusal | None:
    """The refusal code of a form, or None when it would be created."""
    actor = fields.pop("actor", NATIONAL)
    try:
        check(form(**fields), actor, utcnow())  # type: ignore[arg-type]
    except AssignmentRefused as refused:
        return refused.code
    return None


def test_a_good_form_passes() -> None:
    assert refusal() is None
    assert refusal(actor=COUNTY_MANAGER) is None


@pytest.mark.parametrize("headcount", [0, -3, 10_001])
def test_headcount_must_be_positive(headcount: int) -> None:
    assert refusal(headcount=headcount) is Refusal.BAD_HEADCOUNT


def test_past_deadline_and_start_are_refused() -> None:
    now = utcnow()
    assert refusal(deadline=now - timedelta(minutes=1)) is Refusal.PAST_DEADLINE
    assert refusal(starts_at=now - timedelta(minutes=1), deadline=now + timedelta(minutes=5)) is Refusal.PAST_START
    assert refusal(deadline=now + timedelta(days=2)) is Refusal.DEADLINE_AFTER_START


def test_citizens_and_other_regions_are_refused() -> None:
    assert refusal(actor=None) is Refusal.NOT_MANAGER
    assert refusal(actor=YAZD) is Refusal.OUT_OF_REGION
    assert refusal(actor=COUNTY_MANAGER, county="isfahan-ardestan") is Refusal.OUT_OF_REGION
    assert refusal(actor=COUNTY_MANAGER, county=None) is Refusal.OUT_OF_REGION


def test_region_and_specialty_checks() -> None:
    assert refusal(county="tehran-tehran") is Refusal.UNKNOWN_REGION
    assert refusal(urgent=True, specialty=None) is Refusal.NEEDS_SPECIALTY
    assert refusal(title="  ") is Refusal.EMPTY_TITLE


def test_wave_areas_widen_for_call_outs_only() -> None:
    regions = load_regions()
    callout = Assignment(id=1, urgent=True, province_code="isfahan", county_code=COUNTY)
    assert callouts.area(callout, 1, regions) == callouts.Area(counties=(COUNTY,))
    assert callouts.area(callout, 2, regions) == callouts.Area(provinces=("isfahan",))
    neighbours = callouts.area(callout, 3, regions)
    assert neighbours is not None and "yazd" in neighbours.provinces and "isfahan" not in neighbours.provinces
    ordinary = Assignment(id=2, urgent=False, province_code="isfahan", county_code=None)
    assert callouts.area(ordinary, 1, regions) == callouts.Area(provinces=("isfahan",))
    assert callouts.area(ordinary, 2, regions) is None


def test_minutes_between_are_bounded() -> None:
    start = utcnow()
    assert timebank.minutes_between(start, start + timedelta(seconds=5)) == 1
    assert timebank.minutes_between(start, start + timedelta(hours=2, minutes=30)) == 150
    assert timebank.minutes_between(start, start + timedelta(days=3)) == 24 * 60

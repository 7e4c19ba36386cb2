"""The monthly area message's calendar and roll-up rules (campaigns/area_feedback.py)."""

from __future__ import annotations

from datetime import datetime, time

import jdatetime

from campaigns.area_feedback import _up, month_span, previous_period
from campaigns.jalali import IRAN_TZ


def test_the_month_before_wraps_the_year() -> None:
    assert previous_period("1405-10") == "1405-09"
    assert previous_period("1405-01") == "1404-12"


def test_a_month_spans_from_its_first_day_to_the_next_months_in_iran_time() -> None:
    start, end = month_span("1405-12")  # Esfand: 29 or 30 days, whatever the year
    assert start == datetime.combine(jdatetime.date(1405, 12, 1).togregorian(), time(0), IRAN_TZ)
    assert end == datetime.combine(jdatetime.date(1406, 1, 1).togregorian(), time(0), IRAN_TZ)
    assert month_span("1405-06")[1] == month_span("1405-07")[0]


def test_an_area_counts_for_itself_and_those_above_it() -> None:
    assert _up(("tehran", "tehran-pardis", "n1")) == [("tehran", None, None), ("tehran", "tehran-pardis", None),
                                                      ("tehran", "tehran-pardis", "n1")]
    assert _up(("tehran", "tehran-pardis", None)) == [("tehran", None, None), ("tehran", "tehran-pardis", None)]
    assert _up(("tehran", None, "n1")) == [("tehran", None, None)]  # a neighbourhood without its county: province
    assert _up((None, "tehran-pardis", "n1")) == []  # pledged to "anywhere": counted nationally only

"""The first and last Gregorian days of a Jalali month (campaigns/jalali.py), at the calendar's edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from campaigns.jalali import end_of_jalali_month, start_of_jalali_month, to_jalali


@pytest.mark.parametrize(("day", "first", "last"), [
    (date(2025, 3, 1), date(2025, 2, 19), date(2025, 3, 20)),  # Esfand 1403, a leap year: 30 days
    (date(2026, 3, 1), date(2026, 2, 20), date(2026, 3, 20)),  # Esfand 1404: 29 days
    (date(2025, 3, 20), date(2025, 2, 19), date(2025, 3, 20)),  # 20 March 2025 is 30 Esfand 1403, its last day
    (date(2025, 3, 21), date(2025, 3, 21), date(2025, 4, 20)),  # 21 March 2025 is 1 Farvardin 1404: 31 days
    (date(2026, 3, 20), date(2026, 2, 20), date(2026, 3, 20)),  # 20 March 2026 is 29 Esfand 1404, its last day
    (date(2026, 3, 21), date(2026, 3, 21), date(2026, 4, 20)),  # 21 March 2026 is 1 Farvardin 1405
    (date(2026, 9, 22), date(2026, 8, 23), date(2026, 9, 22)),  # 31 Shahrivar 1405: the last 31-day month
    (date(2026, 9, 23), date(2026, 9, 23), date(2026, 10, 22)),  # 1 Mehr 1405: the first 30-day month
    (date(2027, 2, 19), date(2027, 1, 21), date(2027, 2, 19)),  # 30 Bahman 1405
])
def test_a_days_jalali_month_starts_and_ends_on_these_gregorian_days(day: date, first: date, last: date) -> None:
    assert (start_of_jalali_month(day), end_of_jalali_month(day)) == (first, last)


def test_a_moment_falls_in_the_month_it_is_in_iran() -> None:
    # 20:29 UTC on 20 March 2025 is 23:59 of 30 Esfand 1403 in Iran; 20:30 is midnight of 1 Farvardin 1404.
    before = datetime(2025, 3, 20, 20, 29, tzinfo=UTC)
    assert start_of_jalali_month(before) == date(2025, 2, 19) and end_of_jalali_month(before) == date(2025, 3, 20)
    after = before + timedelta(minutes=1)
    assert start_of_jalali_month(after) == date(2025, 3, 21) and end_of_jalali_month(after) == date(2025, 4, 20)


def test_every_day_of_two_years_lies_in_a_month_that_starts_on_a_first_and_ends_before_the_next() -> None:
    day = date(2025, 3, 21)  # 1 Farvardin 1404, through Esfand 1405
    while day < date(2027, 3, 21):
        first, last = start_of_jalali_month(day), end_of_jalali_month(day)
        assert first <= day <= last and to_jalali(first).day == 1
        assert to_jalali(last).month == to_jalali(day).month and to_jalali(last + timedelta(days=1)).day == 1
        day += timedelta(days=1)

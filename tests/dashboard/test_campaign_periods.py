"""The overview's «this week» starts on Saturday and «this month» on the first of the Jalali month, both at midnight
in Iran, whatever the server's clock zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jdatetime

from campaigns.jalali import IRAN_TZ
from campaigns.participation import month_start, week_start


def iran(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=IRAN_TZ)


def test_the_week_starts_on_saturday_at_midnight_in_iran() -> None:
    saturday = iran(2026, 11, 28)  # 7 Azar 1405, a Saturday
    assert saturday.strftime("%A") == "Saturday"
    assert week_start(iran(2026, 12, 4, 23, 59)) == saturday.astimezone(UTC)  # Friday night: the same week
    assert week_start(iran(2026, 12, 5, 0, 30)) == iran(2026, 12, 5).astimezone(UTC)  # Saturday: a new week
    assert week_start(saturday) == saturday.astimezone(UTC)
    # 21:00 UTC on Friday is already Saturday 00:30 in Iran.
    assert week_start(datetime(2026, 12, 4, 21, 0, tzinfo=UTC)) == iran(2026, 12, 5).astimezone(UTC)


def test_the_month_starts_on_the_first_of_the_jalali_month() -> None:
    first_of_azar = jdatetime.date(1405, 9, 1).togregorian()
    start = iran(first_of_azar.year, first_of_azar.month, first_of_azar.day).astimezone(UTC)
    assert month_start(iran(2026, 12, 5, 12)) == start
    assert month_start(iran(first_of_azar.year, first_of_azar.month, first_of_azar.day, 0, 1)) == start
    # The last minute of Aban 1405 in Iran belongs to Aban, which began on 1 Aban.
    first_of_aban = jdatetime.date(1405, 8, 1).togregorian()
    assert month_start(start - timedelta(minutes=1)) == iran(first_of_aban.year, first_of_aban.month,
                                                             first_of_aban.day).astimezone(UTC)

"""The Jalali (Solar Hijri) calendar for everything a person reads, and Iran's clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import jdatetime

from campaigns.numerals import to_latin_digits, to_persian_digits

IRAN_TZ = timezone(timedelta(hours=3, minutes=30), "Asia/Tehran")

MONTHS_FA: tuple[str, ...] = tuple(jdatetime.date.j_months_fa)
MONTHS_EN: tuple[str, ...] = tuple(jdatetime.date.j_months_en)


def to_jalali(value: date | datetime) -> jdatetime.date:
    """The Jalali date of a Gregorian date, or of a moment as seen in Iran."""
    if isinstance(value, datetime):
        value = value.astimezone(IRAN_TZ).date() if value.tzinfo else value.date()
    return jdatetime.date.fromgregorian(date=value)


def start_of_jalali_month(value: date | datetime) -> date:
    """The first Gregorian day of the Jalali month a date falls in (a moment: as seen in Iran)."""
    return to_jalali(value).replace(day=1).togregorian()


def end_of_jalali_month(value: date | datetime) -> date:
    """The last Gregorian day of the Jalali month a date falls in (a moment: as seen in Iran): the day before
    the next month's first, so Esfand ends on its 29th or, in a leap year, its 30th."""
    jd = to_jalali(value)
    following = jdatetime.date(jd.year + (jd.month == 12), jd.month % 12 + 1, 1)
    return following.togregorian() - timedelta(days=1)


def month_name(month: int, language: str) -> str:
    """The name of a Jalali month (1-12)."""
    return (MONTHS_FA if language == "fa" else MONTHS_EN)[month - 1]


def format_date(value: date | datetime, language: str) -> str:
    """A date as a person reads it: "3 Azar 1405", in Persian digits and month names for Persian."""
    jd = to_jalali(value)
    text = f"{jd.day} {month_name(jd.month, language)} {jd.year}"
    return to_persian_digits(text) if language == "fa" else text


def period_of(value: date | datetime) -> str:
    """The Jalali month a date falls in, as 'YYYY-MM'."""
    jd = to_jalali(value)
    return f"{jd.year:04d}-{jd.month:02d}"


def format_period(period: str, language: str) -> str:
    """A Jalali 'YYYY-MM' as the month's name and year ("Azar 1405") in a language."""
    year, month = (int(part) for part in period.split("-"))
    text = f"{month_name(month, language)} {year}"
    return to_persian_digits(text) if language == "fa" else text


def parse_jalali_date(text: str) -> date | None:
    """A Jalali date typed as 1405/09/03 (any digits, / or - separators) as a Gregorian date."""
    parts = to_latin_digits(text.strip()).replace("-", "/").split("/")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    try:
        return jdatetime.date(int(parts[0]), int(parts[1]), int(parts[2])).togregorian()
    except ValueError:
        return None

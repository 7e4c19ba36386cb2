"""Digits in any script, phone numbers, national IDs, Jalali dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from campaigns.jalali import IRAN_TZ, format_date, format_period, parse_jalali_date, period_of
from campaigns.numerals import format_number, normalize_phone, parse_int, valid_national_id


@pytest.mark.parametrize("text,expected", [
    ("1250000", 1250000), ("۱۲۵۰۰۰۰", 1250000), ("١٢٥٠٠٠٠", 1250000), ("1,250,000", 1250000),
    ("۱٬۲۵۰٬۰۰۰", 1250000), ("  42 ", 42), ("۱۲ ۵۰۰", 12500),
    ("12a", None), ("", None), ("-5", None), ("1.5", None), ("دوازده", None), ("²", None),
])
def test_parse_int(text: str, expected: int | None) -> None:
    assert parse_int(text) == expected


def test_format_number() -> None:
    assert format_number(1250000, "fa") == "۱٬۲۵۰٬۰۰۰"
    assert format_number(1250000, "en") == "1,250,000"


@pytest.mark.parametrize("text,expected", [
    ("09121234567", "09121234567"), ("+989121234567", "09121234567"), ("989121234567", "09121234567"),
    ("00989121234567", "09121234567"), ("9121234567", "09121234567"), ("۰۹۱۲ ۱۲۳ ۴۵۶۷", "09121234567"),
    ("٠٩١٢١٢٣٤٥٦٧", "09121234567"), ("0912-123-4567", "09121234567"),
    ("02112345678", None), ("0912123456", None), ("abc", None), ("+14155550100", None),
])
def test_normalize_phone(text: str, expected: str | None) -> None:
    assert normalize_phone(text) == expected


def test_national_id_check_digit() -> None:
    assert valid_national_id("0499370899") == "0499370899"
    assert valid_national_id("۰۴۹۹۳۷۰۸۹۹") == "0499370899"
    assert valid_national_id("0499370898") is None
    assert valid_national_id("1111111111") is None
    assert valid_national_id("12345") is None


def test_jalali() -> None:
    assert format_date(date(2026, 11, 24), "fa") == "۳ آذر ۱۴۰۵"
    assert format_date(date(2026, 11, 24), "en") == "3 Azar 1405"
    # 22:00 UTC on 23 Nov is already 24 Nov (3 Azar) in Tehran.
    assert period_of(datetime(2026, 11, 23, 22, 0, tzinfo=IRAN_TZ.utcoffset(None) and __import__(
        "datetime").UTC)) == "1405-09"
    assert format_period("1405-09", "fa") == "آذر ۱۴۰۵"
    assert parse_jalali_date("۱۴۰۵/۰۹/۰۳") == date(2026, 11, 24)
    assert parse_jalali_date("1405-13-01") is None

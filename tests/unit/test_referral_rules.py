"""The referral system's rules that need no database: a phone number in a note (any digit script), the
masking of log lines, names and phones, and when a referral is overdue."""

from __future__ import annotations

from datetime import timedelta

import pytest

from campaigns.callbacks import ReferralAction, ReferralButton
from campaigns.referrals import (
    ReferralRefused,
    Refusal,
    clean_name,
    clean_note,
    clean_phone,
    holds_phone,
    is_overdue,
    mask_phones,
)
from storage.models import utcnow
from storage.models.referrals import Referral


@pytest.mark.parametrize("text", ["0912 345 6789", "۰۹۱۲۳۴۵۶۷۸۹", "٠٩١٢-٣٤٥-٦٧٨٩", "+98 912 345 6789", "tel 3345678"])
def test_a_phone_number_in_any_script_is_found(text: str) -> None:
    assert holds_phone(f"تماس: {text} لطفاً")
    assert "***" in mask_phones(text) and "345" not in mask_phones(text)


@pytest.mark.parametrize("text", ["خانه‌اش آسیب دیده", "۳ کودک، ۱۴۰۵/۰۹/۰۳", "ساعت ۱۸:۳۰", "123456"])
def test_short_numbers_are_not_phones(text: str) -> None:
    assert not holds_phone(text)


def test_a_note_is_refused_when_too_long_or_holding_a_phone() -> None:
    assert clean_note("  دو   خط  ") == "دو خط"
    assert clean_note("   ") is None
    assert clean_note("x" * 300) == "x" * 300
    for text, code in (("x" * 301, Refusal.NOTE_TOO_LONG), ("شماره ۰۹۱۲۳۴۵۶۷۸۹", Refusal.NOTE_HAS_PHONE)):
        with pytest.raises(ReferralRefused) as refused:
            clean_note(text)
        assert refused.value.code is code


def test_names_and_phones() -> None:
    assert clean_name(" زهرا   کریمی ") == "زهرا کریمی"
    for bad in ("", "۱۲۳۴", "a" * 81, "Ali 09123456789"):
        with pytest.raises(ReferralRefused):
            clean_name(bad)
    assert clean_phone("۰۹۱۵ ۱۱۱ ۲۲۳۳") == "09151112233"
    with pytest.raises(ReferralRefused):
        clean_phone("021 1234 5678")


@pytest.mark.parametrize(("urgency", "age", "overdue"), [
    ("today", timedelta(hours=47, minutes=59), False), ("today", timedelta(hours=48), True),
    ("week", timedelta(days=6, hours=23), False), ("week", timedelta(days=7), True)])
def test_overdue_after_48_hours_or_7_days(urgency: str, age: timedelta, overdue: bool) -> None:
    now = utcnow()
    row = Referral(urgency=urgency, status="open", created_at=now - age, contacted_at=None)
    assert is_overdue(row, now) is overdue
    row.status, row.contacted_at = "contacted", now
    assert not is_overdue(row, now)


def test_a_referral_button_names_its_row() -> None:
    assert ReferralButton.parse("rf:o:0") is None  # opening names a referral
    assert ReferralButton.parse("rf:l:0") == ReferralButton(action=ReferralAction.LIST)
    assert ReferralButton.parse("rfa:1:2") is None  # another kind's prefix

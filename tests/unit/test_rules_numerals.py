"""The numeric rules, digit by digit: national ID check digits (remainders 0, 1 and 2+), and every parser a
conversation step uses, fed Latin, Persian (۰-۹) and Arabic-Indic (٠-٩) digits alike."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from campaigns import payroll
from campaigns.broadcasts.schedules import parse_when
from campaigns.jalali import IRAN_TZ, parse_jalali_date
from campaigns.numerals import (
    format_number,
    normalize_phone,
    parse_int,
    to_latin_digits,
    to_persian_digits,
    valid_national_id,
)
from campaigns.pledges import AmountWords, parse_tomans
from campaigns.roles import parse_identity
from handlers.pledges import amount_words
from i18n import words

# The test's own digit tables, written out here rather than taken from the code under test.
LATIN, PERSIAN, ARABIC = "0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"


def in_digits(text: str, script: str) -> str:
    """`text` with its Latin digits written in another script's."""
    return text.translate(str.maketrans(LATIN, script))


def persian(text: str) -> str:
    return in_digits(text, PERSIAN)


def arabic(text: str) -> str:
    return in_digits(text, ARABIC)


# The check digit: total = Σ digit[i] × (10 - i) over the first nine digits; r = total mod 11;
# the tenth digit is r when r < 2, else 11 - r. Each valid ID below is worked out by hand in its comment.
VALID_IDS = {
    "5678901230": 0,  # 5×10+6×9+7×8+8×7+9×6+0×5+1×4+2×3+3×2 = 286 = 26×11 → r 0, check 0
    "1234567891": 1,  # 1×10+2×9+3×8+4×7+5×6+6×5+7×4+8×3+9×2 = 210 = 19×11+1 → r 1, check 1
    "2749581631": 1,  # 2×10+7×9+4×8+9×7+5×6+8×5+1×4+6×3+3×2 = 276 = 25×11+1 → r 1, check 1
    "0012345679": 2,  # 0+0+1×8+2×7+3×6+4×5+5×4+6×3+7×2 = 112 = 10×11+2 → r 2, check 9
    "0487654323": 8,  # 0+4×9+8×8+7×7+6×6+5×5+4×4+3×3+2×2 = 239 = 21×11+8 → r 8, check 3
    "0000000108": 3,  # 1×3 = 3 → r 3, check 8
    "4000000004": 7,  # 4×10 = 40 = 3×11+7 → r 7, check 4
}


@pytest.mark.parametrize("national_id", list(VALID_IDS))
def test_valid_national_ids_in_every_digit_script(national_id: str) -> None:
    assert valid_national_id(national_id) == national_id
    assert valid_national_id(persian(national_id)) == national_id
    assert valid_national_id(arabic(national_id)) == national_id


@pytest.mark.parametrize("national_id, remainder", list(VALID_IDS.items()))
def test_every_other_check_digit_is_refused(national_id: str, remainder: int) -> None:
    head, check = national_id[:9], int(national_id[9])
    assert check == (remainder if remainder < 2 else 11 - remainder)
    for wrong in range(10):
        if wrong != check:
            assert valid_national_id(f"{head}{wrong}") is None, f"{head}{wrong}"
            assert valid_national_id(arabic(f"{head}{wrong}")) is None


@pytest.mark.parametrize("text", [
    "1234567890",  # r 1 wants 1, not 0 (a rule that used 11 - r for r 1 would want 10: nothing valid)
    "5678901231",  # r 0 wants 0
    "0012345672",  # r 2 wants 9, not 2 (a rule taking r itself for r 2)
    "0012345670",  # ... nor 0
])
def test_check_digit_at_the_borders_of_the_rule(text: str) -> None:
    assert valid_national_id(text) is None


@pytest.mark.parametrize("same", ["0000000000", "1111111111", "2222222222", "9999999999"])
def test_ids_of_one_repeated_digit_are_refused_though_their_check_digit_adds_up(same: str) -> None:
    # Each of these passes the checksum (e.g. 1111111111: 54 = 4×11+10 → r 10, check 1).
    total = sum(int(same[i]) * (10 - i) for i in range(9))
    remainder = total % 11
    assert int(same[9]) == (remainder if remainder < 2 else 11 - remainder)
    assert valid_national_id(same) is None
    assert valid_national_id(arabic(same)) is None


@pytest.mark.parametrize("text, expected", [
    ("001-234567-9", "0012345679"), ("001 234567 9", "0012345679"), ("۰۰۱-۲۳۴۵۶۷-۹", "0012345679"),
    ("٠٠١ ٢٣٤٥٦٧ ٩", "0012345679"), ("\t0012345679\n", "0012345679"), ("  5678901230  ", "5678901230"),
    ("۱۲۳۴۵۶۷۸۹۱", "1234567891"), ("١٢٣٤٥٦٧٨٩١", "1234567891"), ("12345۶۷٨٩1", "1234567891"),
])
def test_national_id_separators_and_mixed_scripts(text: str, expected: str) -> None:
    assert valid_national_id(text) == expected


@pytest.mark.parametrize("text", [
    "012345679", "00012345679", "۰۱۲۳۴۵۶۷۹", "٠٠٠١٢٣٤٥٦٧٩", "", "   ", "abcdefghij", "00123456۷x",
    "0012345679a", "+012345679", "001.234567.9", "001_234567_9",
])
def test_national_id_of_the_wrong_shape_is_refused(text: str) -> None:
    assert valid_national_id(text) is None


# -- whole numbers: amounts, quantities, readings, headcounts, list numbers ---------------------------

@pytest.mark.parametrize("latin, expected", [
    ("0", 0), ("7", 7), ("120", 120), ("250000", 250_000), ("250,000", 250_000), ("1 000 000", 1_000_000),
    ("1_000", 1000),
])
def test_parse_int_reads_the_same_number_in_every_script(latin: str, expected: int) -> None:
    assert parse_int(latin) == expected
    assert parse_int(persian(latin)) == expected
    assert parse_int(arabic(latin)) == expected


@pytest.mark.parametrize("text, expected", [
    ("٢٥٠٬٠٠٠", 250_000),  # the Arabic thousands mark
    ("۲۵۰،۰۰۰", 250_000),  # the Persian comma
    ("٢٥٠,٠٠٠", 250_000),
    ("\u00a0٤٢\u00a0", 42),
    ("١٢ ٥٠٠", 12_500),
    ("1٢۳", 123),
])
def test_parse_int_separators_with_arabic_indic_digits(text: str, expected: int) -> None:
    assert parse_int(text) == expected


@pytest.mark.parametrize("text", ["-٥", "٥-", "١٢a", "٣.٥", "٣e٢", "+٣", "²", "٣²", "①", "", "٬", ",,"])
def test_parse_int_refuses_what_is_not_a_whole_number(text: str) -> None:
    assert parse_int(text) is None


def test_digit_conversion_both_ways() -> None:
    assert to_latin_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert to_latin_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert to_latin_digits("a٣b۳c3") == "a3b3c3"
    assert to_persian_digits("0123456789") == "۰۱۲۳۴۵۶۷۸۹"
    assert to_persian_digits("٣ و 3") == "٣ و ۳"  # Arabic-Indic digits are left as they are
    assert format_number(0, "fa") == "۰" and format_number(999, "fa") == "۹۹۹"
    assert format_number(1000, "fa") == "۱٬۰۰۰" and format_number(1000, "en") == "1,000"
    assert format_number(1234567, "ar") == "1,234,567"  # any language but Persian keeps Latin digits


# -- phone numbers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("latin", [
    "09121234567", "9121234567", "989121234567", "+989121234567", "00989121234567", "0912 123 4567",
    "0912-123-4567", "(0912) 1234567", "+98 912 123 4567",
])
def test_phone_in_every_script(latin: str) -> None:
    assert normalize_phone(latin) == "09121234567"
    assert normalize_phone(persian(latin)) == "09121234567"
    assert normalize_phone(arabic(latin)) == "09121234567"


@pytest.mark.parametrize("text", [
    "119121234567",  # twelve digits that do not start with the country code
    "98912123456",  # the country code, but one digit short
    "9891212345678",  # the country code, one digit too many
    "0098912123456",
    "912123456", "91212345678", "٠٢١١٢٣٤٥٦٧٨", "۰۹۱۲۱۲۳۴۵۶", "+١٤١٥٥٥٥٠١٠٠", "++989121234567", "0912123456a",
])
def test_not_a_mobile_number(text: str) -> None:
    assert normalize_phone(text) is None


# -- amounts in words, payslip digits, identities, dates ----------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("٥٠٠ هزار", 500_000), ("۵۰۰ هزار تومان", 500_000), ("٢ میلیون تومان", 2_000_000), ("٢٥٠٬٠٠٠ تومان", 250_000),
    ("١ میلیارد", 1_000_000_000), ("٥٠٠k", 500_000), ("٣ million tomans", 3_000_000), ("٧٥٠٠٠", 75_000),
])
def test_amounts_with_arabic_indic_digits(text: str, expected: int) -> None:
    assert parse_tomans(text, amount_words()) == expected


@pytest.mark.parametrize("text, expected", [
    ("٤٣٢١", 4321), ("٠٩٨٧", 987), ("١٨٬٧٥٤٬٣٢١", 4321), ("١٨٧٥٤٣٢١٠ ریال", 3210), ("۴۳۲۱", 4321),
    ("١٢٣٤٥", payroll.DigitsError.AMBIGUOUS), ("٤٣a١", payroll.DigitsError.NOT_DIGITS),
])
def test_payslip_digits_with_arabic_indic_digits(text: str, expected: int | payroll.DigitsError) -> None:
    assert payroll.payslip_digits(text, words("answers-unit-rial")) == expected


def test_identities_with_arabic_indic_digits() -> None:
    assert parse_identity("telegram:١٢٣") == ("telegram", 123)
    assert parse_identity("bale:۴۵۶") == ("bale", 456)
    assert parse_identity("bale:٤x") is None


def test_jalali_dates_and_moments_with_arabic_indic_digits() -> None:
    assert parse_jalali_date("١٤٠٥/٠٩/٠٣") == date(2026, 11, 24)
    assert parse_jalali_date("١٤٠٥-٠٩-٠٣") == date(2026, 11, 24)
    assert parse_jalali_date("١٤٠٥/١٣/٠١") is None
    assert parse_when("١٤٠٥/٠٩/٠٣ ١٨:٣٠") == datetime(2026, 11, 24, 18, 30, tzinfo=IRAN_TZ)
    assert parse_when("۱۴۰۵/۰۹/۰۳") == datetime(2026, 11, 24, 9, 0, tzinfo=IRAN_TZ)
    assert parse_when("١٤٠٥/٠٩/٣٢ ١٨:٣٠") is None


def test_parse_int_length_bounds() -> None:
    # At most 4 × MAX_DIGITS characters are read at all, padding included; at most MAX_DIGITS digits.
    assert parse_int(" " * 71 + "٧") == 7
    assert parse_int(" " * 72 + "٧") is None
    assert parse_int(" " * 80 + "7") is None
    assert parse_int("٩" * 18) == 999_999_999_999_999_999
    assert parse_int("٩" * 19) is None
    assert parse_int("١٢٣ " * 6) == 123_123_123_123_123_123


@pytest.mark.parametrize(("typed", "tomans"), [
    ("۲٫۵ میلیون", 2_500_000),  # the Arabic decimal separator (U+066B), as Persian keyboards type it
    ("2.5 million", 2_500_000),
    ("٢٫٥ میلیون تومان", 2_500_000),
    ("۱٫۲۵ میلیون", 1_250_000),
    ("٫۵ میلیون", 500_000),
    ("0.5 هزار", 500),
    ("۵۰۰٬۰۰۰", 500_000),  # the Arabic thousands separator (U+066C) stays a thousands separator
])
def test_a_decimal_before_a_scale_word_is_read_as_a_fraction_of_it(typed: str, tomans: int) -> None:
    words = AmountWords(thousand=("هزار", "thousand"), million=("میلیون", "million"), units=("تومان",))
    assert parse_tomans(typed, words) == tomans


@pytest.mark.parametrize("typed", ["۲٫۵", "1.5", "۲٫۰۰۰۱ هزار", "1.2.3 million", "۲٫ میلیون"])
def test_a_decimal_that_is_not_whole_tomans_is_refused(typed: str) -> None:
    words = AmountWords(thousand=("هزار",), million=("میلیون", "million"), units=("تومان",))
    assert parse_tomans(typed, words) is None
    assert parse_int("۲٫۵") is None  # never 25

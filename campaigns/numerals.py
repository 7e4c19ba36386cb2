"""Digits in any script in, Persian digits out: parsing and formatting numbers people type."""

from __future__ import annotations

import re

# Digit scripts and formatting live on the ground floor (i18n.digits, which the translator uses); their
# names stay importable from here.
from i18n.digits import format_number as format_number
from i18n.digits import to_latin_digits as to_latin_digits
from i18n.digits import to_persian_digits as to_persian_digits

# Separators people type inside numbers: Latin and Persian commas, the Arabic thousands mark, spaces.
# Not the Arabic decimal mark (U+066B, «۲٫۵»): read as a thousands mark it made 2.5 into 25.
_SEPARATORS = re.compile(r"[,\u060c\u066c\s_]")
# Decimal marks: the Latin point and the Arabic decimal separator.
DECIMAL_MARKS = (".", "\u066b")

# Nobody types a number of more than 18 digits (a quintillion tomans); longer ones are refused before
# int() sees them (Python refuses over 4,300 digits, and a long one is slow to convert).
MAX_DIGITS = 18
# Row ids are PostgreSQL integer columns (storage/models): 32-bit signed, so 1 .. 2^31 - 1.
MAX_ID = 2**31 - 1


def digits_value(text: str) -> int | None:
    """The value of a string of Latin digits at most MAX_DIGITS long; else None (signs, spaces, other
    scripts' digits and superscripts included)."""
    if not text or len(text) > MAX_DIGITS or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def parse_int(text: str) -> int | None:
    """A whole number typed in any digit script, with optional thousands separators, of at most
    MAX_DIGITS digits; else None."""
    if len(text) > 4 * MAX_DIGITS:  # more than any number with its separators and spaces
        return None
    return digits_value(_SEPARATORS.sub("", to_latin_digits(text.strip())))


def is_long_number(text: str) -> bool:
    """True when the text is a whole number, but of more digits than MAX_DIGITS (so far too large)."""
    cleaned = _SEPARATORS.sub("", to_latin_digits(text.strip()))
    return len(cleaned) > MAX_DIGITS and cleaned.isascii() and cleaned.isdigit()


def normalize_phone(text: str) -> str | None:
    """An Iranian mobile number in any common form, as 09xxxxxxxxx; None if it is not one."""
    digits = re.sub(r"[\s\-()]", "", to_latin_digits(text.strip()))
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("0098"):
        digits = digits[4:]
    elif digits.startswith("98") and len(digits) == 12:
        digits = digits[2:]
    if digits.startswith("9") and len(digits) == 10:
        digits = "0" + digits
    if re.fullmatch(r"09\d{9}", digits):
        return digits
    return None


def valid_national_id(text: str) -> str | None:
    """A 10-digit Iranian national ID whose check digit is right, normalised; else None."""
    digits = to_latin_digits(text.strip()).replace("-", "").replace(" ", "")
    if not re.fullmatch(r"\d{10}", digits) or len(set(digits)) == 1:
        return None
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    remainder = total % 11
    check = remainder if remainder < 2 else 11 - remainder
    return digits if int(digits[9]) == check else None

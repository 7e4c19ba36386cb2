"""Digits from one script to another, and numbers as a reader writes them (Persian or Latin digits).

On the ground floor with the translator, which formats every int it is given; campaigns.numerals parses
what people type on top of these (and re-exports them)."""

from __future__ import annotations

_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def to_latin_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits with Latin ones."""
    return text.translate(_TO_LATIN)


def to_persian_digits(text: str) -> str:
    """Replace Latin digits with Persian ones."""
    return text.translate(_TO_PERSIAN)


def format_number(value: int, language: str) -> str:
    """Thousands-separated number; Persian digits and the Persian separator for Persian texts."""
    latin = f"{value:,}"
    if language == "fa":
        return to_persian_digits(latin.replace(",", "\u066c"))
    return latin

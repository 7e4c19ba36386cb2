"""Typed words: what a person types instead of pressing a button, matched whatever the spelling.

The words themselves live in the locale files (`i18n.words(key)`: answers.ftl's `|`-separated lists and
the buttons' own labels, in both languages); these helpers only compare. Spelling is folded first
(Arabic yeh and kaf, ZWNJ, spaces, hyphens, tatweel, alef forms, case; digits in any script)."""

from __future__ import annotations

from collections.abc import Sequence

from campaigns.numerals import digits_value, to_latin_digits


def fold_text(text: str) -> str:
    """Fold spelling variants people type: Arabic yeh/kaf, ZWNJ, spaces, case."""
    text = to_latin_digits(text).strip().lower()
    for src, dst in (("ي", "ی"), ("ك", "ک"), ("\u200c", ""), (" ", ""), ("-", ""), ("ـ", ""), ("ة", "ه"),
                     ("أ", "ا"), ("إ", "ا"), ("آ", "ا")):
        text = text.replace(src, dst)
    return text


def pick_one(text: str, labels: Sequence[Sequence[str]]) -> int | None:
    """The option a person typed: its list number (1-based) or one of its words; else None."""
    folded = fold_text(text)
    if folded.isdigit():
        number = digits_value(folded)  # None when too long or not Latin digits (superscripts)
        return number - 1 if number is not None and 1 <= number <= len(labels) else None
    for index, words in enumerate(labels):
        if folded in {fold_text(word) for word in words if word}:
            return index
    return None


def is_word(text: str, words: Sequence[str]) -> bool:
    """True when the text is one of these words (spelling variants folded; numbers never match)."""
    folded = fold_text(text)
    return bool(folded) and folded in {fold_text(word) for word in words if word}

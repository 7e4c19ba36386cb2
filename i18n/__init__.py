"""Texts from Fluent locale files (Persian first, English second), numbers in the reader's digits."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

from i18n.digits import format_number

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("fa", "en")
DEFAULT_LANGUAGE = "fa"

log = logging.getLogger(__name__)


class Translator:
    """Renders message ids for one language; unknown ids fall back to Persian, then to the id."""

    def __init__(self, language: str, bundle: FluentBundle, fallback: Translator | None = None) -> None:
        self.language = language
        self._bundle = bundle
        self._fallback = fallback

    def __call__(self, key: str, **args: Any) -> str:
        """The text for `key`; ints are formatted in the reader's digits with separators."""
        if not self._bundle.has_message(key):
            if self._fallback is not None:
                return self._fallback(key, **args)
            log.error("missing locale text", extra={"key": key})
            return key
        values = {name: self._value(value) for name, value in args.items()}
        pattern = self._bundle.get_message(key).value
        if pattern is None:
            return key
        text, errors = self._bundle.format_pattern(pattern, values)
        if errors:
            log.error("locale text failed to render", extra={"key": key, "errors": str(errors)})
        return str(text)

    def has(self, key: str) -> bool:
        """True when this language (or its fallback) has the text."""
        return self._bundle.has_message(key) or (self._fallback is not None and self._fallback.has(key))

    def number(self, value: int) -> str:
        """A number as this reader writes it."""
        return format_number(value, self.language)

    def _value(self, value: Any) -> Any:
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int):
            return self.number(value)
        return value


def _bundle(language: str) -> FluentBundle:
    bundle = FluentBundle([language], use_isolating=False)
    for path in sorted((LOCALES_DIR / language).glob("*.ftl")):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return bundle


@cache
def translator(language: str) -> Translator:
    """The translator for a language; anything but English is Persian."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    if language == DEFAULT_LANGUAGE:
        return Translator(language, _bundle(language))
    return Translator(language, _bundle(language), fallback=translator(DEFAULT_LANGUAGE))


def words(*keys: str) -> list[str]:
    """What a person may type for one option: the text of these ids in every language.

    People type in either language whatever their setting, so both are read. A text may be a
    `|`-separated list (the `answers-*` vocabularies in answers.ftl); each item is one word."""
    return [word.strip() for key in keys for language in LANGUAGES
            for word in translator(language)(key).split("|") if word.strip()]


def message_ids(language: str) -> set[str]:
    """Every message id a language defines (for the locale parity test)."""
    ids: set[str] = set()
    for path in (LOCALES_DIR / language).glob("*.ftl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line[0].isspace() and not line.startswith(("#", "-")) and "=" in line:
                ids.add(line.split("=", 1)[0].strip())
    return ids

"""Keyboards every conversation shares: the main menu, back and skip, typed labels, region names.

The region picker's keyboards are in handlers/region_picker.py."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from aiogram.filters import BaseFilter
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from campaigns.callbacks import NavAction, NavButton
from campaigns.regions import Regions
from campaigns.words import is_word, pick_one
from i18n import LANGUAGES, Translator, words

MENU_KEYS = ("menu-campaigns", "menu-my-campaigns", "menu-my-pledges", "menu-volunteer", "menu-profile",
             "menu-help")


def main_menu(t: Translator) -> ReplyKeyboardMarkup:
    """The main menu as a reply keyboard, two buttons a row, all in words."""
    def build() -> ReplyKeyboardMarkup:
        labels = [t(key) for key in MENU_KEYS]
        rows = [[KeyboardButton(text=label) for label in labels[i:i + 2]] for i in range(0, len(labels), 2)]
        return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)

    return built_once(("main-menu", t.language), build, t)


class MenuText(BaseFilter):
    """Matches the label of a main-menu button in any language (people may type it, too)."""

    def __init__(self, key: str) -> None:
        self.labels = set(words(key))

    async def __call__(self, message: Message) -> bool:
        return (message.text or "").strip() in self.labels


class TypedWord(BaseFilter):
    """Matches a button's label typed instead of tapped (either language, spelling variants folded)."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message) -> bool:
        return is_word(message.text or "", words(self.key))


Markup = TypeVar("Markup")
_BUILT: dict[tuple[Hashable, ...], tuple[tuple[object, ...], Any]] = {}
_BUILT_MAX = 4096


def built_once(key: tuple[Hashable, ...], build: Callable[[], Markup], *owners: object) -> Markup:
    """The keyboard for `key`, built on its first use only.

    Building pydantic buttons was most of a reply's pydantic time, for keyboards that never change
    (a language's labels, the regions' names). `owners` (regions, translator) are held and compared by
    identity. Each caller gets its own lists of rows (a caller may add a row to its copy); the buttons
    themselves are shared."""
    full = (*key, *map(id, owners))
    hit = _BUILT.get(full)
    if hit is not None and all(a is b for a, b in zip(hit[0], owners, strict=True)):
        return _fresh_rows(hit[1])
    markup = build()
    if len(_BUILT) < _BUILT_MAX:
        _BUILT[full] = (owners, markup)
        return _fresh_rows(markup)
    return markup


def _fresh_rows(markup: Markup) -> Markup:
    field = "inline_keyboard" if isinstance(markup, InlineKeyboardMarkup) else "keyboard"
    rows = getattr(markup, field, None)
    if rows is None:
        return markup
    return markup.model_copy(update={field: [list(row) for row in rows]})  # type: ignore[attr-defined]


def back_row(t: Translator, *, skip: bool = False) -> list[InlineKeyboardButton]:
    """The Back button (and Skip beside it) as the last row of a step's keyboard."""
    row = [InlineKeyboardButton(text=t("button-back"), callback_data=NavButton(action=NavAction.BACK).pack())]
    if skip:
        row.append(InlineKeyboardButton(text=t("button-skip"), callback_data=NavButton(action=NavAction.SKIP).pack()))
    return row


def back_skip_keyboard(t: Translator, *, skip: bool = True) -> InlineKeyboardMarkup:
    """Back (and optionally Skip) under a question that expects typed text."""
    return built_once(("back-skip", t.language, skip),
                      lambda: InlineKeyboardMarkup(inline_keyboard=[back_row(t, skip=skip)]), t)


def share_phone_keyboard(t: Translator, way_out: str) -> ReplyKeyboardMarkup:
    """Share one's own contact, or leave by the button `way_out` (Cancel in onboarding, Back in the profile)."""
    return built_once(("share-phone", way_out, t.language), lambda: ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t("button-share-phone"), request_contact=True)],
                  [KeyboardButton(text=t(way_out))]], resize_keyboard=True, one_time_keyboard=True), t)


def typed_language(text: str) -> str | None:
    """The language a person typed (its name in either language, or 1 for Persian, 2 for English)."""
    index = pick_one(text, [words("language-fa", "answers-language-fa"), words("language-en", "answers-language-en")])
    return None if index is None else LANGUAGES[index]


def region_name(regions: Regions, province_code: str | None, county_code: str | None, language: str,
                neighbourhood: str | None = None) -> str:
    """Province, county and neighbourhood, comma-separated in the reader's language; empty when unknown."""
    parts: list[str] = []
    province = regions.province(province_code)
    county = regions.county(county_code)
    if province:
        parts.append(province.name(language))
    if county:
        parts.append(county.name(language))
    if neighbourhood:
        parts.append(neighbourhood)
    return "، ".join(parts) if language == "fa" else ", ".join(parts)

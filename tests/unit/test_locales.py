"""Locales and buttons: both languages define the same texts, and every button has words."""

from __future__ import annotations

import unicodedata

import pytest
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.i18n import LANGUAGES, message_ids, translator
from campaigns.regions import load_regions
from handlers import onboarding, profile, volunteer_keyboards
from handlers.keyboards import back_skip_keyboard, county_keyboard, main_menu, province_keyboard


def test_persian_and_english_define_the_same_message_ids() -> None:
    fa, en = message_ids("fa"), message_ids("en")
    assert sorted(fa - en) == [], "in Persian only"
    assert sorted(en - fa) == [], "in English only"


def has_words(label: str) -> bool:
    """True when a label has at least one letter or digit (not only emoji, symbols or marks)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in label)


def test_has_words() -> None:
    assert has_words("ادامه") and has_words("Next page") and has_words("۲")
    assert not has_words("✅") and not has_words("⬅️ ➡️") and not has_words("  ") and not has_words("🔙")


def _keyboards(language: str) -> list[InlineKeyboardMarkup | ReplyKeyboardMarkup]:
    t = translator(language)
    regions = load_regions()
    keyboards: list[InlineKeyboardMarkup | ReplyKeyboardMarkup] = [
        main_menu(t), back_skip_keyboard(t), province_keyboard(regions, t, 0), province_keyboard(regions, t, 1),
        county_keyboard(regions, "isfahan", t, 0),
        volunteer_keyboards.axes_keyboard(t, []), volunteer_keyboards.axes_keyboard(t, ["health"]),
        volunteer_keyboards.specialty_keyboard(t), volunteer_keyboards.days_keyboard(t, ["sat", "fri"]),
        volunteer_keyboards.days_keyboard(t, []), volunteer_keyboards.hours_keyboard(t),
        volunteer_keyboards.on_call_keyboard(t), volunteer_keyboards.region_keyboard(t),
        volunteer_keyboards.summary_keyboard(t),
    ]
    keyboards += profile.all_keyboards(t)
    keyboards += [onboarding._language_keyboard(t), onboarding._yes_no_keyboard(t), onboarding._phone_keyboard(t)]
    return keyboards


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_button_has_words(language: str) -> None:
    for keyboard in _keyboards(language):
        rows = keyboard.inline_keyboard if isinstance(keyboard, InlineKeyboardMarkup) else keyboard.keyboard
        for row in rows:
            for button in row:
                assert has_words(button.text), f"button without words: {button.text!r}"
                assert "vol-" not in button.text and "prof-" not in button.text, f"missing text: {button.text}"
                data = getattr(button, "callback_data", None)
                assert data is None or len(data.encode()) <= 64


def test_selected_toggles_say_so_in_words() -> None:
    t = translator("fa")
    labels = [b.text for row in volunteer_keyboards.axes_keyboard(t, ["health"]).inline_keyboard for b in row]
    assert "سلامت، انتخاب شده" in labels and "فرهنگی" in labels

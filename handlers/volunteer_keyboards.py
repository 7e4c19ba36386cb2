"""Volunteer registration: its buttons, the words each option may be typed as, and the summary text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from pydantic import model_validator

from campaigns.numerals import to_persian_digits
from campaigns.people import PersonView
from campaigns.profile import mask_national_id
from campaigns.regions import Regions
from campaigns.volunteers import AXES, DAYS, HOURS, SPECIALTIES
from handlers.guards import IndexOrNone
from handlers.keyboards import Nav, region_name
from handlers.states import VolunteerData
from i18n import Translator, words

# The summary's fields, in the order of the steps (the edit button of field i carries index i).
FIELDS = ("axes", "specialty", "days", "hours", "on_call", "region", "national_id", "skills")
ALL_DAYS = len(DAYS)  # the index of Every day (vol-days-all) after the seven days
# How many options each action's index chooses from (Every day follows the days; on call is 0 or 1);
# the other actions carry no index (-1).
_OPTIONS = {"ax": len(AXES), "sp": len(SPECIALTIES), "dy": ALL_DAYS + 1, "hr": len(HOURS), "oc": 2,
            "ed": len(FIELDS)}


class VolAct(CallbackData, prefix="vol"):
    """A volunteer-registration button: an action and the index of the option it concerns.

    An index outside the action's list fails to unpack (a stale or forged button), so handlers may index."""

    action: Literal["ax", "axd", "sp", "dy", "dyd", "hr", "oc", "rk", "ro", "ok", "ed"]
    value: IndexOrNone = -1

    @model_validator(mode="after")
    def _value_in_its_list(self) -> VolAct:
        count = _OPTIONS.get(self.action)
        if not (self.value == -1 if count is None else 0 <= self.value < count):
            raise ValueError("no such option")
        return self


def axis_key(axis: str) -> str:
    """Locale id of an axis."""
    return f"vol-axis-{axis}"


def specialty_key(specialty: str) -> str:
    """Locale id of a specialty."""
    return f"vol-spec-{specialty}"


def day_key(day: str) -> str:
    """Locale id of a day."""
    return f"vol-day-{day}"


def hours_key(hours: str) -> str:
    """Locale id of a part of the day."""
    return f"vol-hours-{hours}"


def typed_labels(kind: str) -> list[list[str]]:
    """For each option of a step, the words that select it when typed."""
    if kind == "axes":
        return [words(axis_key(a)) for a in AXES]
    if kind == "specialty":
        return [[*words(specialty_key(s)), s.replace("_", " ")] for s in SPECIALTIES]
    if kind == "days":
        return [words(day_key(d)) for d in DAYS] + [words("vol-days-all", "answers-every-day")]
    if kind == "hours":
        return [[*words(hours_key(h)), h] for h in HOURS]
    if kind == "on_call":
        return [words("vol-yes", "answers-yes"), words("vol-no", "answers-no")]
    if kind == "region":
        return [words("vol-region-keep", "answers-this-region"), words("vol-region-other")]
    if kind == "fields":
        return [words(f"vol-field-{name}") for name in FIELDS]
    raise ValueError(kind)


def _button(text: str, action: str, value: int = -1) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=VolAct(action=action, value=value).pack())


def _back(t: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t("button-back"), callback_data=Nav(action="back").pack())]


def _columns(buttons: Sequence[InlineKeyboardButton], columns: int = 2) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i:i + columns]) for i in range(0, len(buttons), columns)]


def _toggle(t: Translator, key: str, selected: bool) -> str:
    label = t(key)
    return t("vol-selected", label=label) if selected else label


def axes_keyboard(t: Translator, selected: Sequence[str]) -> InlineKeyboardMarkup:
    """Axes as toggles saying "selected" in words (vol-selected), then Continue and Back."""
    buttons = [_button(_toggle(t, axis_key(a), a in selected), "ax", i) for i, a in enumerate(AXES)]
    rows = [[b] for b in buttons] + [[_button(t("vol-button-done"), "axd")], _back(t)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def specialty_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Specialties, two a row, and Back."""
    buttons = [_button(t(specialty_key(s)), "sp", i) for i, s in enumerate(SPECIALTIES)]
    return InlineKeyboardMarkup(inline_keyboard=[*_columns(buttons), _back(t)])


def days_keyboard(t: Translator, selected: Sequence[str]) -> InlineKeyboardMarkup:
    """Days as toggles from Saturday to Friday, Every day (vol-days-all), then Continue and Back."""
    buttons = [_button(_toggle(t, day_key(d), d in selected), "dy", i) for i, d in enumerate(DAYS)]
    every = _button(_toggle(t, "vol-days-all", len(selected) == len(DAYS)), "dy", ALL_DAYS)
    rows = [*_columns(buttons), [every], [_button(t("vol-button-done"), "dyd")], _back(t)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def hours_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Parts of the day, and Back."""
    buttons = [_button(t(hours_key(h)), "hr", i) for i, h in enumerate(HOURS)]
    return InlineKeyboardMarkup(inline_keyboard=[*_columns(buttons), _back(t)])


def on_call_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Yes / No to emergency call-outs, and Back."""
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("vol-yes"), "oc", 1), _button(t("vol-no"), "oc", 0)],
                                                 _back(t)])


def region_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Keep the region or choose another, and Back."""
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("vol-region-keep"), "rk")],
                                                 [_button(t("vol-region-other"), "ro")], _back(t)])


def summary_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Confirm, an edit button per field, and Back."""
    edits = [_button(t("vol-edit", field=t(f"vol-field-{name}")), "ed", i) for i, name in enumerate(FIELDS)]
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("vol-button-confirm"), "ok")], *_columns(edits),
                                                 _back(t)])


def _join(t: Translator, items: Sequence[str]) -> str:
    return ("، " if t.language == "fa" else ", ").join(items)


def _digits(t: Translator, text: str) -> str:
    return to_persian_digits(text) if t.language == "fa" else text


def summary_text(t: Translator, data: VolunteerData, regions: Regions) -> str:
    """Every field of the registration in words, numbered like the edit prompt."""
    none = t("vol-not-given")
    days = t("vol-days-all") if len(data.days) == len(DAYS) else _join(t, [t(day_key(d)) for d in data.days])
    return t(
        "vol-summary",
        axes=_join(t, [t(axis_key(a)) for a in data.axes]) or none,
        specialty=t(specialty_key(data.specialty)) if data.specialty else none,
        days=days or none,
        hours=t(hours_key(data.hours)) if data.hours else none,
        on_call=none if data.on_call is None else t("vol-yes" if data.on_call else "vol-no"),
        region=region_name(regions, data.province_code, data.county_code, t.language) or none,
        national_id=_digits(t, mask_national_id(data.national_id)) if data.national_id else none,
        skills=data.skills or none,
    )


def person_region(regions: Regions, person: PersonView, t: Translator) -> str:
    """The person's own region in words."""
    return region_name(regions, person.province_code, person.county_code, t.language) or t("vol-not-given")

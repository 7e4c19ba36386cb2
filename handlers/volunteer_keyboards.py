"""Volunteer registration: its buttons, the words each option may be typed as, and the summary text."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from campaigns.callbacks import EVERY_DAY, VOLUNTEER_FIELDS, NavAction, NavButton, VolunteerAction, VolunteerButton
from campaigns.numerals import to_persian_digits
from campaigns.people import PersonView
from campaigns.profile import mask_national_id
from campaigns.regions import Regions
from campaigns.volunteers import AXES, DAYS, HOURS, SPECIALTIES
from handlers.keyboards import region_name
from handlers.states import VolunteerData
from i18n import Translator, words


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
        return [words(f"vol-field-{name}") for name in VOLUNTEER_FIELDS]
    raise ValueError(kind)


def _button(text: str, action: VolunteerAction, value: int = -1) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=VolunteerButton(action=action, value=value).pack())


def _back(t: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t("button-back"), callback_data=NavButton(action=NavAction.BACK).pack())]


def _columns(buttons: Sequence[InlineKeyboardButton], columns: int = 2) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i:i + columns]) for i in range(0, len(buttons), columns)]


def _toggle(t: Translator, key: str, selected: bool) -> str:
    label = t(key)
    return t("vol-selected", label=label) if selected else label


def axes_keyboard(t: Translator, selected: Sequence[str]) -> InlineKeyboardMarkup:
    """Axes as toggles saying "selected" in words (vol-selected), then Continue and Back."""
    buttons = [_button(_toggle(t, axis_key(a), a in selected), VolunteerAction.AXIS, i) for i, a in enumerate(AXES)]
    rows = [[b] for b in buttons] + [[_button(t("vol-button-done"), VolunteerAction.AXES_DONE)], _back(t)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def specialty_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Specialties, two a row, and Back."""
    buttons = [_button(t(specialty_key(s)), VolunteerAction.SPECIALTY, i) for i, s in enumerate(SPECIALTIES)]
    return InlineKeyboardMarkup(inline_keyboard=[*_columns(buttons), _back(t)])


def days_keyboard(t: Translator, selected: Sequence[str]) -> InlineKeyboardMarkup:
    """Days as toggles from Saturday to Friday, Every day (vol-days-all), then Continue and Back."""
    buttons = [_button(_toggle(t, day_key(d), d in selected), VolunteerAction.DAY, i) for i, d in enumerate(DAYS)]
    every = _button(_toggle(t, "vol-days-all", len(selected) == len(DAYS)), VolunteerAction.DAY, EVERY_DAY)
    rows = [*_columns(buttons), [every], [_button(t("vol-button-done"), VolunteerAction.DAYS_DONE)], _back(t)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def hours_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Parts of the day, and Back."""
    buttons = [_button(t(hours_key(h)), VolunteerAction.HOURS, i) for i, h in enumerate(HOURS)]
    return InlineKeyboardMarkup(inline_keyboard=[*_columns(buttons), _back(t)])


def on_call_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Yes / No to emergency call-outs, and Back."""
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("vol-yes"), VolunteerAction.ON_CALL, 1),
                                                  _button(t("vol-no"), VolunteerAction.ON_CALL, 0)],
                                                 _back(t)])


def region_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Keep the region or choose another, and Back."""
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("vol-region-keep"), VolunteerAction.REGION_KEEP)],
                                                 [_button(t("vol-region-other"),
                                                          VolunteerAction.REGION_OTHER)], _back(t)])


def summary_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """Confirm, an edit button per field, and Back."""
    edits = [_button(t("vol-edit", field=t(f"vol-field-{name}")), VolunteerAction.EDIT, i) for i,
             name in enumerate(VOLUNTEER_FIELDS)]
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("vol-button-confirm"), VolunteerAction.CONFIRM)],
                                                 *_columns(edits),
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

"""Buttons every conversation shares (back, skip, pages, regions), onboarding's, the profile's and
volunteer registration's."""

from __future__ import annotations

import enum
from typing import Literal, Self

from pydantic import model_validator

from campaigns.callbacks.base import ButtonData, Index, IndexOrNone
from campaigns.regions import load_regions
from campaigns.volunteers import AXES, DAYS, HOURS, SPECIALTIES

VOLUNTEER_FIELDS = ("axes", "specialty", "days", "hours", "on_call", "region", "national_id", "skills")
"""The volunteer summary's fields, in the order of the steps (the edit button of field i carries i)."""
EVERY_DAY = len(DAYS)
"""The index of "every day", after the seven days."""


class NavAction(enum.StrEnum):
    BACK = "back"
    SKIP = "skip"
    PAGE = "page"


class NavButton(ButtonData, prefix="nav"):
    """Back, skip, or a page of a list."""

    action: NavAction
    page: Index = 0


class RegionAction(enum.StrEnum):
    """What a region picker button does (handlers/region_picker.py)."""

    PROVINCE = "p"  # a province chosen (province: its index)
    COUNTY = "c"  # a county chosen (province and county: their indexes)
    WHOLE = "w"  # the whole province rather than one county (province: its index)
    PAGE = "pg"  # another page: of the provinces (province -1) or of one province's counties
    BACK = "b"  # the question before (or the caller's step before the picker)
    SKIP = "s"  # no neighbourhood


class RegionButton(ButtonData, prefix="rg"):
    """A region picker button. Indexes, not names, keep it short whatever the names' length; an index off
    the map does not parse (a stale or forged press), so handlers may index without checks."""

    action: RegionAction
    province: IndexOrNone = -1
    county: IndexOrNone = -1
    page: Index = 0

    @model_validator(mode="after")
    def _on_the_map(self) -> Self:
        provinces = load_regions().provinces
        needs_province = self.action in (RegionAction.PROVINCE, RegionAction.COUNTY, RegionAction.WHOLE)
        if (needs_province or self.province != -1) and not 0 <= self.province < len(provinces):
            raise ValueError("no such province")
        if self.action is RegionAction.COUNTY and not 0 <= self.county < len(provinces[self.province].counties):
            raise ValueError("no such county")
        return self


# -- onboarding and profile ----------------------------------------------------------------------------

class LanguageButton(ButtonData, prefix="lang"):
    """A language chosen at the first step."""

    code: Literal["fa", "en"]


class ConsentButton(ButtonData, prefix="consent"):
    """The answer to the privacy notice."""

    agree: bool


class ProfileAction(enum.StrEnum):
    EDIT_LANGUAGE = "lang"
    EDIT_PHONE = "phone"
    EDIT_REGION = "region"
    EDIT_NEIGHBOURHOOD = "nbh"
    EDIT_NATIONAL_ID = "nid"
    VOLUNTEER = "vol"
    FORGET = "forget"
    SET_LANGUAGE = "setlang"
    CLEAR_NEIGHBOURHOOD = "nbh_clear"
    CLEAR_NATIONAL_ID = "nid_clear"
    FORGET_YES = "forget_yes"
    FORGET_NO = "forget_no"
    PLEDGES = "pledges"  # the full list of the person's pledges (handlers/my_pledges.py)


class ProfileButton(ButtonData, prefix="pf"):
    """A profile button: which field to edit, a language, or the answer to /forget."""

    action: ProfileAction
    value: Literal["", "fa", "en"] = ""


class VolunteerAction(enum.StrEnum):
    AXIS = "ax"  # toggles an axis (index into AXES)
    AXES_DONE = "axd"
    SPECIALTY = "sp"
    DAY = "dy"  # toggles a day (index into DAYS, or EVERY_DAY)
    DAYS_DONE = "dyd"
    HOURS = "hr"
    ON_CALL = "oc"  # 0 no, 1 yes
    REGION_KEEP = "rk"  # the person's own region
    REGION_OTHER = "ro"
    CONFIRM = "ok"
    EDIT = "ed"  # a field of the summary (index into VOLUNTEER_FIELDS)


# How many options each action's index chooses from; the other actions carry no index (-1).
_VOLUNTEER_OPTIONS = {VolunteerAction.AXIS: len(AXES), VolunteerAction.SPECIALTY: len(SPECIALTIES),
                      VolunteerAction.DAY: EVERY_DAY + 1, VolunteerAction.HOURS: len(HOURS), VolunteerAction.ON_CALL: 2,
                      VolunteerAction.EDIT: len(VOLUNTEER_FIELDS)}


class VolunteerButton(ButtonData, prefix="vol"):
    """A volunteer-registration button: an action and the index of the option it concerns."""

    action: VolunteerAction
    value: IndexOrNone = -1

    @model_validator(mode="after")
    def _value_in_its_list(self) -> Self:
        count = _VOLUNTEER_OPTIONS.get(self.action)
        if not (self.value == -1 if count is None else 0 <= self.value < count):
            raise ValueError("no such option")
        return self

"""Buttons of the manager conversations: the menu, the broadcast composer and its audience screen, statistics."""

from __future__ import annotations

import enum
from typing import Annotated, ClassVar, Self

from pydantic import Field, model_validator

from campaigns.broadcasts.dto import Membership
from campaigns.callbacks.base import ActsOnRows, ButtonData, RowIdOrZero
from campaigns.numerals import MAX_ID
from campaigns.volunteers import AXES, SPECIALTIES

# Lists whose positions buttons carry: their order is part of the packed format.
AUDIENCE_MEMBERSHIPS = (Membership.JOINED, Membership.NOT_JOINED, Membership.PLEDGED)
AUDIENCE_LANGUAGES = ("fa", "en")
AUDIENCE_PLATFORMS = ("telegram", "bale")
STATS_EXPORTS = (("pledges", "csv"), ("pledges", "xlsx"), ("volunteers", "csv"), ("volunteers", "xlsx"))
"""The statistics exports: (what, file format)."""


class ManagerAction(enum.StrEnum):
    MENU = "menu"
    CAMPAIGNS = "campaigns"
    COMPOSE = "compose"
    STATS = "stats"
    ROLES = "roles"
    AUDIT = "audit"
    FOLLOWUP = "followup"
    APPROVALS = "approvals"
    ASSIGN = "assign"
    CALLOUT = "callout"
    GRANT = "grant"
    LEVEL = "level"
    REVOKE = "revoke"  # a role grant
    ACTIVATE = "activate"  # a campaign
    CLOSE = "close"  # a campaign
    LOAD = "load"
    FULFIL = "fulfil"
    PAYMENTS = "payments"
    OVERDUE = "overdue"
    REVIEW = "review"  # an approval
    APPROVE = "approve"  # an approval
    REJECT = "reject"  # an approval
    REFERRALS = "referrals"  # the referrals in the manager's region (handlers/referral_manage.py)


class ManagerMenuButton(ButtonData, ActsOnRows, prefix="mg"):
    """A manager-menu button: an action and one number (an id, a page, an index)."""

    action: ManagerAction
    arg: RowIdOrZero = 0
    ON_A_ROW: ClassVar[frozenset[enum.Enum]] = frozenset({
        ManagerAction.REVOKE, ManagerAction.ACTIVATE, ManagerAction.CLOSE, ManagerAction.REVIEW,
        ManagerAction.APPROVE, ManagerAction.REJECT})


class ComposerAction(enum.StrEnum):
    TEXT = "text"
    NO_PHOTO = "nophoto"
    BUTTONS = "buttons"
    PICK_JOIN = "joinpick"
    JOIN = "join"  # a campaign
    LINK = "link"
    AUDIENCE = "audience"
    PREVIEW = "preview"
    SCHEDULE = "schedule"
    SEND = "send"
    PROGRESS = "progress"  # a broadcast
    PAUSE = "pause"  # a broadcast
    RESUME = "resume"  # a broadcast
    CANCEL = "cancel"  # a broadcast


class ComposerButton(ButtonData, ActsOnRows, prefix="cp"):
    """A broadcast composer's button: an action and one number (a campaign's or a broadcast's id for some)."""

    action: ComposerAction
    arg: RowIdOrZero = 0
    ON_A_ROW: ClassVar[frozenset[enum.Enum]] = frozenset({
        ComposerAction.JOIN, ComposerAction.PROGRESS, ComposerAction.PAUSE, ComposerAction.RESUME,
        ComposerAction.CANCEL})
    NO_ROW: ClassVar[str] = "this action acts on a campaign or a broadcast"


class AudienceAction(enum.StrEnum):
    PICK_PROVINCE = "prov"  # opens a list
    PICK_COUNTY = "county"
    PICK_AXIS = "axis"
    PICK_SPECIALTY = "spec"
    PICK_CAMPAIGN = "camp"
    PICK_LANGUAGE = "lang"
    PICK_PLATFORM = "plat"
    CLEAR = "clear"
    CAMPAIGN = "cm"  # a campaign's id, -1 for any
    MEMBERSHIP = "mk"  # index into AUDIENCE_MEMBERSHIPS
    AXIS = "ax"  # index into AXES, -1 for any
    SPECIALTY = "sp"
    LANGUAGE = "lg"
    PLATFORM = "pl"


# How many options an index chooses from (-1 is Any); CAMPAIGN carries a campaign's id instead.
_AUDIENCE_OPTIONS = {AudienceAction.AXIS: len(AXES), AudienceAction.SPECIALTY: len(SPECIALTIES),
                     AudienceAction.LANGUAGE: len(AUDIENCE_LANGUAGES), AudienceAction.PLATFORM: len(AUDIENCE_PLATFORMS),
                     AudienceAction.MEMBERSHIP: len(AUDIENCE_MEMBERSHIPS)}


class AudienceButton(ButtonData, prefix="au"):
    """A button of the composer's audience screen: what to choose (or clear) and an index or a campaign's id."""

    action: AudienceAction
    arg: Annotated[int, Field(ge=-1, le=MAX_ID)] = 0

    @model_validator(mode="after")
    def _index_in_its_list(self) -> Self:
        count = _AUDIENCE_OPTIONS.get(self.action)
        lowest = 0 if self.action is AudienceAction.MEMBERSHIP else -1  # every choice but the membership has Any
        if self.action is AudienceAction.CAMPAIGN:
            fits = self.arg != 0
        else:
            fits = lowest <= self.arg < count if count is not None else self.arg == 0
        if not fits:
            raise ValueError("no such option")
        return self


class StatsAction(enum.StrEnum):
    CAMPAIGN = "campaign"  # a campaign's id
    VOLUNTEERS = "volunteers"
    FAIRNESS = "fair"  # 0 or 1: which measure
    EXPORT = "export"  # index into STATS_EXPORTS


class StatsButton(ButtonData, prefix="st"):
    """A statistics button: an action and one number."""

    action: StatsAction
    arg: RowIdOrZero = 0

    @model_validator(mode="after")
    def _arg_fits(self) -> Self:
        fits = {StatsAction.CAMPAIGN: self.arg > 0, StatsAction.VOLUNTEERS: self.arg == 0,
                StatsAction.FAIRNESS: self.arg in (0, 1),
                StatsAction.EXPORT: self.arg < len(STATS_EXPORTS)}[self.action]
        if not fits:
            raise ValueError("no such statistics button")
        return self

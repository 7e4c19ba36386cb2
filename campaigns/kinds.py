"""The shape of a campaign definition (one YAML file per campaign), validated by pydantic."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from campaigns.jalali import parse_jalali_date
from campaigns.numerals import to_latin_digits


class CampaignKind(enum.StrEnum):
    """What a campaign asks of people; each kind has its own flow and, maybe, its own data."""

    FUNDRAISING = "fundraising"
    ENERGY_SAVING = "energy_saving"
    PAYROLL = "payroll"
    IN_KIND = "in_kind"
    DOWRY = "dowry"
    VOLUNTEER = "volunteer"
    EMERGENCY_TEAM = "emergency_team"


class CampaignStatus(enum.StrEnum):
    """The status a definition gives a campaign (dates may still make it not yet open, or over)."""

    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class Audience(enum.StrEnum):
    """Who a campaign is for: teens (under 18, with a guardian's consent: the MANA programme), adults, or everyone."""

    EVERYONE = "everyone"
    TEENS = "teens"
    ADULTS = "adults"


class GoalKind(enum.StrEnum):
    """What a campaign's goal counts."""

    AMOUNT = "amount"  # tomans pledged
    ITEMS = "items"  # items pledged (or, for an energy drive, wheelchairs funded)
    COUNT = "count"  # people who joined
    METRIC = "metric"  # a measured quantity (kWh saved)


class PledgeKind(enum.StrEnum):
    """How a person helps."""

    CASH = "cash"
    IN_KIND = "in_kind"
    PAYROLL = "payroll"


class Recurrence(enum.StrEnum):
    """Once, or every Jalali month."""

    ONCE = "once"
    MONTHLY = "monthly"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A text in Persian and English."""

    fa: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, language: str) -> str:
        """The text in a language (Persian unless English is asked for)."""
        return self.en if language == "en" else self.fa


class Goal(_Strict):
    """What the campaign aims for: a kind, a target and its unit."""

    kind: GoalKind
    target: int = Field(gt=0)
    unit: Text


class Payment(_Strict):
    """How a donor pays (shown to them; Hamyar takes no payments)."""

    link: str | None = None
    card: str | None = None
    note: Text | None = None


class PledgeRules(_Strict):
    """Limits and options of pledges to a campaign."""

    kinds: tuple[PledgeKind, ...] = ()
    min_tomans: int = Field(default=10_000, ge=0)
    max_tomans: int = Field(default=10_000_000_000, gt=0)
    recurrence: tuple[Recurrence, ...] = (Recurrence.ONCE,)
    max_quantity: int = Field(default=10_000, gt=0)

    @model_validator(mode="after")
    def _limits(self) -> PledgeRules:
        if self.min_tomans > self.max_tomans:
            raise ValueError("pledge.min_tomans is more than pledge.max_tomans")
        return self


class Question(_Strict):
    """An extra question the campaign asks with each pledge (its answer is kept with the pledge)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    text: Text
    required: bool = True
    max_length: int = Field(default=120, gt=0, le=1000)


class Choice(_Strict):
    """A named option from campaign data (an agency, an item), by a short code."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,23}$")
    name: Text
    unit: Text | None = None
    price_tomans: int | None = Field(default=None, gt=0)


class DowrySet(Choice):
    """A whole dowry set: its items (codes of the catalogue's items)."""

    contents: tuple[str, ...] = ()


class EnergyData(_Strict):
    """Prices that turn saved energy into wheelchairs."""

    price_per_kwh_rials: int = Field(gt=0)
    wheelchair_price_tomans: int = Field(gt=0)


class PayrollData(_Strict):
    """The agencies whose employees pledge their payslip digits."""

    agencies: tuple[Choice, ...] = Field(min_length=1)


class InKindData(_Strict):
    """The items a campaign collects."""

    items: tuple[Choice, ...] = Field(min_length=1)
    free_text: bool = True


class DowryData(_Strict):
    """The dowry catalogue: whole sets and single items, with prices."""

    sets: tuple[DowrySet, ...] = Field(min_length=1)
    items: tuple[Choice, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _contents_known(self) -> DowryData:
        known = {item.code for item in self.items}
        for dowry_set in self.sets:
            missing = set(dowry_set.contents) - known
            if missing:
                raise ValueError(f"dowry set {dowry_set.code} lists unknown items: {sorted(missing)}")
            if dowry_set.price_tomans is None:
                raise ValueError(f"dowry set {dowry_set.code} has no price_tomans")
        if any(item.price_tomans is None for item in self.items):
            raise ValueError("every dowry item needs price_tomans")
        return self


class VolunteerData(_Strict):
    """Where a volunteer campaign sends people: a command owned by the volunteer conversation."""

    entry: str = "/volunteer"


class EventKind(enum.StrEnum):
    """A campaign event (RapidPro style): when it fires, relative to what."""

    MONTHLY_PLEDGE = "monthly_pledge"  # a day of each Jalali month, to people with an active monthly pledge
    AFTER_JOIN_NO_PLEDGE = "after_join_no_pledge"  # N days after joining, while no pledge yet
    PLEDGE_OVERDUE = "pledge_overdue"  # a pledge is past its due date (repeated at most every `days` days)


class EventButton(enum.StrEnum):
    """A button an event's message carries (besides "stop these messages", always added)."""

    JOIN = "join"  # join the campaign
    PLEDGE = "pledge"  # start a pledge to the campaign (the payroll flow for a payroll campaign)


class CampaignEvent(_Strict):
    """One campaign event: `{kind: monthly_pledge, day: 1, hour: 10}`, `{kind: after_join_no_pledge, days: 3}`,
    `{kind: pledge_overdue}`; an optional text (else the default locale text) and buttons."""

    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]{0,23}$")
    kind: EventKind
    day: int | None = Field(default=None, ge=1, le=29)  # every Jalali month has at least 29 days
    hour: int | None = Field(default=None, ge=0, le=23)
    days: int | None = Field(default=None, ge=0, le=365)
    text: Text | None = None
    buttons: tuple[EventButton, ...] = ()

    @model_validator(mode="after")
    def _fields_of_kind(self) -> CampaignEvent:
        if self.kind is EventKind.MONTHLY_PLEDGE and self.days is not None:
            raise ValueError("monthly_pledge takes 'day' (of the Jalali month), not 'days'")
        if self.kind is not EventKind.MONTHLY_PLEDGE and self.day is not None:
            raise ValueError(f"{self.kind.value} takes no 'day'; only monthly_pledge does")
        if self.kind is EventKind.AFTER_JOIN_NO_PLEDGE and self.days is None:
            raise ValueError("after_join_no_pledge needs 'days' (how many days after joining)")
        if self.kind is EventKind.PLEDGE_OVERDUE and self.days == 0:
            raise ValueError("pledge_overdue 'days' (repeat every N days) must be at least 1")
        if len(set(self.buttons)) != len(self.buttons):
            raise ValueError("an event lists the same button twice")
        return self

    def key(self, index: int) -> str:
        """The event's stable name within its campaign: its id, else its place and kind."""
        return self.id or f"{index}-{self.kind.value}"


_KIND_SECTION: dict[CampaignKind, str] = {
    CampaignKind.ENERGY_SAVING: "energy",
    CampaignKind.PAYROLL: "payroll",
    CampaignKind.IN_KIND: "in_kind",
    CampaignKind.DOWRY: "dowry",
    CampaignKind.VOLUNTEER: "volunteer",
    CampaignKind.EMERGENCY_TEAM: "volunteer",
}


def parse_date(value: Any) -> date | None:
    """A date written as ISO Gregorian (2025-11-22) or Jalali (1404/09/01), any digits."""
    if value is None or value == "" or isinstance(value, date):
        return value or None
    text = to_latin_digits(str(value).strip())
    if "/" in text or (text[:2] in ("13", "14") and len(text) >= 8):
        parsed = parse_jalali_date(text)
        if parsed is None:
            raise ValueError(f"not a Jalali date: {value!r}")
        return parsed
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date (use 2025-11-22 or 1404/09/01): {value!r}") from None


class CampaignDefinition(_Strict):
    """One campaign, as its YAML file describes it."""

    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    kind: CampaignKind
    status: CampaignStatus = CampaignStatus.ACTIVE
    title: Text
    summary: Text
    goal: Goal
    starts_on: date | None = None
    ends_on: date | None = None
    regions: tuple[str, ...] = ()
    payment: Payment | None = None
    pledge: PledgeRules = PledgeRules()
    questions: tuple[Question, ...] = ()
    energy: EnergyData | None = None
    payroll: PayrollData | None = None
    in_kind: InKindData | None = None
    dowry: DowryData | None = None
    volunteer: VolunteerData | None = None
    events: tuple[CampaignEvent, ...] = ()
    audience: Audience = Audience.EVERYONE  # who it is for; anything but everyone asks the year of birth on joining
    birth_year: bool = False  # ask the year of birth on joining even when it is for everyone

    @field_validator("starts_on", "ends_on", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> date | None:
        return parse_date(value)

    @model_validator(mode="after")
    def _consistent(self) -> CampaignDefinition:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        section = _KIND_SECTION.get(self.kind)
        if section and section != "volunteer" and getattr(self, section) is None:
            raise ValueError(f"a campaign of kind {self.kind.value} needs a '{section}:' section")
        if PledgeKind.IN_KIND in self.pledge.kinds and self.in_kind is None and self.dowry is None:
            raise ValueError("in_kind pledges need an 'in_kind:' item list")
        if PledgeKind.PAYROLL in self.pledge.kinds and self.payroll is None:
            raise ValueError("payroll pledges need a 'payroll:' agency list")
        if len({q.id for q in self.questions}) != len(self.questions):
            raise ValueError("two questions share an id")
        keys = [event.key(index) for index, event in enumerate(self.events)]
        if len(set(keys)) != len(keys):
            raise ValueError("two events share an id")
        if any(EventButton.PLEDGE in event.buttons for event in self.events) and not self.pledge.kinds:
            raise ValueError("an event has a 'pledge' button but the campaign takes no pledges")
        return self

    @property
    def asks_birth_year(self) -> bool:
        """True when joining asks the year of birth (not yet known): a campaign for teens or adults only, or one
        that says so."""
        return self.birth_year or self.audience is not Audience.EVERYONE

    @property
    def volunteer_entry(self) -> str | None:
        """The command a volunteer campaign's page sends people to, if any."""
        if self.kind in (CampaignKind.VOLUNTEER, CampaignKind.EMERGENCY_TEAM):
            return (self.volunteer or VolunteerData()).entry
        return None

    def item(self, code: str) -> Choice | None:
        """An in-kind or dowry item (or set) by its code."""
        choices: list[Choice] = []
        if self.in_kind:
            choices += self.in_kind.items
        if self.dowry:
            choices += [*self.dowry.sets, *self.dowry.items]
        return next((choice for choice in choices if choice.code == code), None)

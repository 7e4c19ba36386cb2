"""Plain data the engine speaks: segments, messages, buttons, outgoing sends, refusals."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from campaigns.errors import Refused
from storage.models.broadcasts import BroadcastKind

__all__ = ["BroadcastKind"]  # (re-exported: the worker and callers name a broadcast's kind from here)


class Membership(enum.StrEnum):
    """How a segment filters on one campaign."""

    JOINED = "joined"
    NOT_JOINED = "not_joined"
    PLEDGED = "pledged"
    NOT_PLEDGED = "not_pledged"
    MONTHLY_PLEDGER = "monthly_pledger"  # holds an active monthly pledge
    OVERDUE = "overdue"  # holds a pledge past its due date


@dataclass(frozen=True)
class Segment:
    """Who a broadcast reaches: every field set narrows the audience; empty fields do not."""

    provinces: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    neighbourhoods: tuple[str, ...] = ()
    volunteer_axes: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()
    on_call: bool | None = None
    campaign_id: int | None = None
    membership: Membership | None = None
    joined_before: datetime | None = None  # with JOINED / NOT_PLEDGED: joined at or before this moment
    languages: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    active_since: datetime | None = None
    inactive_since: datetime | None = None
    registered_after: datetime | None = None
    registered_before: datetime | None = None
    onboarded_only: bool = True

    def to_json(self) -> dict[str, Any]:
        """The segment as JSON-ready data (datetimes as ISO text)."""
        data = asdict(self)
        for name, value in data.items():
            if isinstance(value, datetime):
                data[name] = value.isoformat()
            elif isinstance(value, tuple):
                data[name] = list(value)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Segment:
        """A segment back from `to_json` data."""
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in cls.__dataclass_fields__ or value is None:
                continue
            if isinstance(value, list):
                value = tuple(value)
            elif name in _DATETIMES:
                value = datetime.fromisoformat(value)
            elif name == "membership":
                value = Membership(value)
            values[name] = value
        return cls(**values)


_DATETIMES = {"joined_before", "active_since", "inactive_since", "registered_after", "registered_before"}


class ButtonKind(enum.StrEnum):
    """Buttons a broadcast may carry (the bot side renders their words)."""

    JOIN = "join"  # join the broadcast's campaign
    LINK = "link"  # open a URL
    REPLY = "reply"  # a reply choice; `label` is the manager's own words
    STOP = "stop"  # "stop these messages": under every ordinary broadcast (campaigns/broadcasts/buttons.py)
    ACTION = "action"  # a service's own button: `label` is a locale id, `value` its callback data


@dataclass(frozen=True)
class ButtonSpec:
    """One button: its kind, the words a manager gave (links, replies) and its value."""

    kind: ButtonKind
    label: str | None = None
    value: str | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"kind": self.kind.value, "label": self.label, "value": self.value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ButtonSpec:
        """A button back from its JSON."""
        return cls(ButtonKind(data["kind"]), data.get("label"), data.get("value"))


@dataclass(frozen=True)
class MessageSpec:
    """What a manager wants to send: text (or a locale id the bot renders), photo, buttons."""

    text: str | None = None
    text_key: str | None = None
    text_args: dict[str, Any] = field(default_factory=dict)
    photo: str | None = None
    buttons: tuple[ButtonSpec, ...] = ()


@dataclass(frozen=True)
class Outgoing:
    """One message on its way to one chat, as the Sender receives it."""

    delivery_id: int
    broadcast_id: int
    campaign_id: int | None
    platform: str
    chat_id: int
    language: str
    text: str | None
    text_key: str | None
    text_args: dict[str, Any]
    photo: str | None
    buttons: tuple[ButtonSpec, ...]
    paid: bool = False
    kind: BroadcastKind = BroadcastKind.ORDINARY  # a service notice carries no "stop these messages"


class Refusal(enum.StrEnum):
    """Why a broadcast was refused before anything was queued (locale id: broadcast-refused-<code>)."""

    EMPTY_AUDIENCE = "empty-audience"
    EMPTY_TEXT = "empty-text"
    TEXT_TOO_LONG = "text-too-long"
    CAPTION_TOO_LONG = "caption-too-long"
    BAD_PHOTO = "bad-photo"
    BAD_LINK = "bad-link"
    SCHEDULE_IN_PAST = "schedule-in-past"
    CAMPAIGN_ENDED = "campaign-ended"
    UNKNOWN_CAMPAIGN = "unknown-campaign"
    BAD_SCHEDULE = "bad-schedule"


class BroadcastRefused(Refused[Refusal]):
    """A broadcast or schedule cannot be queued; `code` names the reason for the manager."""

    def __init__(self, code: Refusal, **details: Any) -> None:
        super().__init__(code)
        self.details = details

    @property
    def locale_key(self) -> str:
        """The locale id that explains this refusal."""
        return f"broadcast-refused-{self.code.value}"

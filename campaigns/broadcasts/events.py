"""Campaign events from campaign files into schedules (like RapidPro campaign events).

Each event of a definition is one schedule row named `<slug>#<event key>` (the event's id, else its place
and kind). Syncing is idempotent: a reload of the same file changes nothing; an event that changed is
updated in place (its firings, hence "once a month", are kept); an event removed from the file, or every
event of a campaign that is closed or over, is disabled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from campaigns.broadcasts.dto import ButtonKind, ButtonSpec, Segment
from campaigns.broadcasts.schedules import MONTHLY_TEXT_KEY, OVERDUE_TEXT_KEY
from campaigns.callbacks import PledgeStartAction, PledgeStartButton
from campaigns.callbacks.payments import PayAction, PayButton
from campaigns.kinds import (
    CampaignDefinition,
    CampaignEvent,
    CampaignKind,
    CampaignStatus,
    EventButton,
    EventKind,
    PledgeKind,
)
from storage.models.broadcasts import Schedule, ScheduleKind
from storage.unit_of_work import UnitOfWork

# Locale ids (i18n/locales/*/broadcast.ftl) of the default texts and of the buttons.
MONTHLY_PAYROLL_TEXT_KEY = "broadcast-monthly-payroll"
AFTER_JOIN_TEXT_KEY = "broadcast-after-join-no-pledge"
EVENT_TEXT_KEY = "broadcast-event-text"  # `{ $text }`: the event's own words, in the reader's language
PLEDGE_BUTTON_KEY = "broadcast-button-pledge"
PAYROLL_BUTTON_KEY = "broadcast-button-payroll"
PAY_MONTH_BUTTON_KEY = "payment-button-month"  # i18n/locales/*/payments.ftl

_SCHEDULE_KIND = {EventKind.MONTHLY_PLEDGE: ScheduleKind.MONTHLY_PLEDGE,
                  EventKind.AFTER_JOIN_NO_PLEDGE: ScheduleKind.AFTER_JOIN,
                  EventKind.PLEDGE_OVERDUE: ScheduleKind.PLEDGE_OVERDUE}
_FIELDS = ("kind", "month_day", "hour", "days", "text", "text_key", "text_args", "photo", "buttons", "segment",
           "emergency", "active")


@dataclass
class EventReport:
    """What a sync did, by schedule source name."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def pledge_start_data(campaign_id: int, kind: str) -> str:
    """The callback data that starts a pledge of a kind to a campaign (as the campaign page's pledge buttons)."""
    return PledgeStartButton(campaign=campaign_id, kind=PledgeStartAction(kind)).pack()


def source_of(slug: str, key: str) -> str:
    """The schedule name of a campaign's event."""
    return f"{slug}#{key}"


def _default_text_key(event: CampaignEvent, definition: CampaignDefinition) -> str:
    if event.kind is EventKind.MONTHLY_PLEDGE:
        return MONTHLY_PAYROLL_TEXT_KEY if definition.kind is CampaignKind.PAYROLL else MONTHLY_TEXT_KEY
    if event.kind is EventKind.AFTER_JOIN_NO_PLEDGE:
        return AFTER_JOIN_TEXT_KEY
    return OVERDUE_TEXT_KEY


def _buttons(event: CampaignEvent, definition: CampaignDefinition, campaign_id: int) -> list[dict[str, Any]]:
    buttons: list[ButtonSpec] = []
    for button in event.buttons:
        if button is EventButton.JOIN:
            buttons.append(ButtonSpec(ButtonKind.JOIN))
        elif button is EventButton.PLEDGE:
            kind = definition.pledge.kinds[0].value
            label = PAYROLL_BUTTON_KEY if kind == "payroll" else PLEDGE_BUTTON_KEY
            buttons.append(ButtonSpec(ButtonKind.ACTION, label, pledge_start_data(campaign_id, kind)))
    if event.kind is EventKind.MONTHLY_PLEDGE and PledgeKind.CASH in definition.pledge.kinds:
        # Each month's reminder brings this month's invoice one tap away (handlers/payments.py): the same
        # buttons go to every pledger, so the button names the campaign and the bot finds the person's pledge.
        pay = PayButton(action=PayAction.MONTH, id=campaign_id).pack()
        buttons.append(ButtonSpec(ButtonKind.ACTION, PAY_MONTH_BUTTON_KEY, pay))
    return [b.to_json() for b in buttons]


def schedule_values(event: CampaignEvent, definition: CampaignDefinition, campaign_id: int,
                    active: bool) -> dict[str, Any]:
    """The schedule row an event stands for."""
    args: dict[str, Any] = {"campaign": {"fa": definition.title.fa, "en": definition.title.en}}
    if event.text is not None:
        args["text"] = {"fa": event.text.fa, "en": event.text.en}
    return {"kind": _SCHEDULE_KIND[event.kind].value, "month_day": event.day, "hour": event.hour,
            "days": event.days, "text": None,
            "text_key": EVENT_TEXT_KEY if event.text is not None else _default_text_key(event, definition),
            "text_args": args, "photo": None, "buttons": _buttons(event, definition, campaign_id),
            "segment": Segment().to_json(), "emergency": False, "active": active}


def _live(definition: CampaignDefinition, today: date) -> bool:
    return definition.status is CampaignStatus.ACTIVE and (definition.ends_on is None or definition.ends_on >= today)


async def sync_events(uow: UnitOfWork, campaign_id: int, definition: CampaignDefinition, now: datetime,
                      today: date, report: EventReport | None = None) -> EventReport:
    """Upsert a campaign's events into schedules and disable those gone from its file (the caller commits)."""
    report = report if report is not None else EventReport()
    existing: dict[str, Schedule] = {row.source or "": row for row in
                                     await uow.schedules.by_source_prefix(source_of(definition.slug, ""))}
    live = _live(definition, today)
    wanted: set[str] = set()
    for index, event in enumerate(definition.events):
        source = source_of(definition.slug, event.key(index))
        wanted.add(source)
        values = schedule_values(event, definition, campaign_id, live)
        row = existing.get(source)
        if row is None:
            uow.schedules.add(Schedule(source=source, campaign_id=campaign_id, created_at=now, **values))
            report.created.append(source)
        elif any(getattr(row, name) != values[name] for name in _FIELDS) or row.campaign_id != campaign_id:
            for name, value in values.items():
                setattr(row, name, value)
            row.campaign_id = campaign_id
            report.updated.append(source)
        else:
            report.unchanged.append(source)
    for source, row in existing.items():
        if source not in wanted and row.active:
            row.active = False
            report.disabled.append(source)
    return report

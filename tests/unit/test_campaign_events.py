"""Campaign events in campaign files: validation, idempotent upsert into schedules (a reload of the same
file changes nothing, a removed event is disabled), the shipped events, the pledge button's callback,
day-and-hour monthly occurrences, and how the worker renders an event's texts."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.broadcasts.dto import ButtonKind, ButtonSpec, Outgoing
from campaigns.broadcasts.events import EVENT_TEXT_KEY, MONTHLY_PAYROLL_TEXT_KEY, pledge_start_data
from campaigns.broadcasts.schedules import occurrence, tick
from campaigns.callbacks import PledgeStartAction, PledgeStartButton
from campaigns.jalali import IRAN_TZ
from campaigns.kinds import CampaignDefinition, EventKind
from campaigns.loader import load_campaigns, read_definitions
from i18n import translator
from storage.models import Campaign
from storage.models.broadcasts import Broadcast, Schedule, ScheduleKind
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from worker.loop import keyboard, render_args

Pool = async_sessionmaker[AsyncSession]
SHIPPED = Path(__file__).resolve().parents[2] / "campaigns" / "definitions"
# 1 Dey 1405 is 22 December 2026.
DEY_1 = datetime(2026, 12, 22, tzinfo=IRAN_TZ)

CAMPAIGN = """
slug: winter-coats
kind: fundraising
title: {fa: کاپشن زمستانی, en: Winter coats}
summary: {fa: کاپشن برای کودکان, en: Coats for children}
goal: {kind: amount, target: 1000000, unit: {fa: تومان, en: tomans}}
starts_on: 2026-03-21
ends_on: 2030-03-20
pledge: {kinds: [cash], recurrence: [once, monthly]}
events:
  - {kind: monthly_pledge, day: 1, hour: 10}
  - {kind: after_join_no_pledge, days: 3, buttons: [pledge]}
  - {id: late, kind: pledge_overdue, text: {fa: "پرداخت { month } مانده است", en: "{month} is still unpaid"}}
"""


def _raw(events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(CAMPAIGN)
    if events is not None:
        raw["events"] = events
    return raw


def test_events_parse() -> None:
    definition = CampaignDefinition.model_validate(_raw())
    kinds = [e.kind for e in definition.events]
    assert kinds == [EventKind.MONTHLY_PLEDGE, EventKind.AFTER_JOIN_NO_PLEDGE, EventKind.PLEDGE_OVERDUE]
    assert [e.key(i) for i, e in enumerate(definition.events)] == ["0-monthly_pledge", "1-after_join_no_pledge",
                                                                  "late"]
    assert CampaignDefinition.model_validate(_raw([])).events == ()


@pytest.mark.parametrize("event, fragment", [
    ({"kind": "birthday"}, "kind"),
    ({"kind": "monthly_pledge", "day": 30}, "day"),  # Esfand may have 29 days
    ({"kind": "monthly_pledge", "day": 0}, "day"),
    ({"kind": "monthly_pledge", "hour": 24}, "hour"),
    ({"kind": "monthly_pledge", "days": 3}, "takes 'day'"),
    ({"kind": "after_join_no_pledge"}, "needs 'days'"),
    ({"kind": "after_join_no_pledge", "days": 3, "day": 1}, "takes no 'day'"),
    ({"kind": "pledge_overdue", "days": 0}, "at least 1"),
    ({"kind": "pledge_overdue", "colour": "red"}, "colour"),
    ({"kind": "pledge_overdue", "text": {"fa": "فقط فارسی"}}, "en"),
    ({"kind": "pledge_overdue", "buttons": ["pledge", "pledge"]}, "same button"),
    ({"kind": "pledge_overdue", "buttons": ["donate"]}, "buttons"),
    ({"kind": "pledge_overdue", "id": "Bad Id"}, "id"),
])
def test_bad_events_are_refused(event: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as error:
        CampaignDefinition.model_validate(_raw([event]))
    assert fragment in str(error.value)


def test_two_events_with_one_id_are_refused() -> None:
    with pytest.raises(ValidationError, match="share an id"):
        CampaignDefinition.model_validate(_raw([{"id": "x", "kind": "pledge_overdue"},
                                                {"id": "x", "kind": "monthly_pledge"}]))


def test_pledge_button_needs_pledges() -> None:
    raw = _raw([{"kind": "pledge_overdue", "buttons": ["pledge"]}])
    raw["pledge"] = {"kinds": []}
    with pytest.raises(ValidationError, match="takes no pledges"):
        CampaignDefinition.model_validate(raw)


def test_shipped_events() -> None:
    events = {d.slug: d.events for d in read_definitions(SHIPPED)}
    (monthly,) = events["shokraneh-salamat"]
    assert (monthly.kind, monthly.day, monthly.hour, monthly.buttons) == (EventKind.MONTHLY_PLEDGE, 1, 10, ("pledge",))
    for slug in ("dowry-sets", "energy-wheelchairs"):
        kinds = {e.kind: e for e in events[slug]}
        assert kinds[EventKind.AFTER_JOIN_NO_PLEDGE].days == 3
        assert EventKind.PLEDGE_OVERDUE in kinds


def test_pledge_button_data_is_the_handlers_callback() -> None:
    assert pledge_start_data(42, "payroll") == PledgeStartButton(campaign=42, kind=PledgeStartAction.PAYROLL).pack()
    assert pledge_start_data(7, "in_kind") == PledgeStartButton(campaign=7, kind=PledgeStartAction.IN_KIND).pack()


async def _schedules(pool: Pool) -> list[tuple[Any, ...]]:
    async with pool() as session:
        rows = (await session.execute(select(Schedule).order_by(Schedule.source))).scalars().all()
        return [(r.source, r.kind, r.month_day, r.hour, r.days, r.text_key, r.text_args, r.buttons, r.active,
                 r.created_at) for r in rows]


async def test_upsert_is_idempotent_and_follows_the_file(tmp_path: Path, session_pool: Pool) -> None:
    path = tmp_path / "winter-coats.yaml"
    path.write_text(CAMPAIGN, encoding="utf-8")
    async with session_pool() as session:
        first = await load_campaigns(UnitOfWork(session), tmp_path)
    assert first.events.created == ["winter-coats#0-monthly_pledge", "winter-coats#1-after_join_no_pledge",
                                    "winter-coats#late"]
    before = await _schedules(session_pool)
    async with session_pool() as session:
        again = await load_campaigns(UnitOfWork(session), tmp_path)
    assert (again.events.created, again.events.updated, again.events.disabled) == ([], [], [])
    assert len(again.events.unchanged) == 3
    assert await _schedules(session_pool) == before

    by_source = {row[0]: row for row in before}
    monthly, after_join = by_source["winter-coats#0-monthly_pledge"], by_source["winter-coats#1-after_join_no_pledge"]
    assert monthly[1:6] == ("monthly_pledge", 1, 10, None, "broadcast-monthly-pledge")
    assert after_join[1:6] == ("after_join", None, None, 3, "broadcast-after-join-no-pledge")
    late = by_source["winter-coats#late"]
    assert late[5] == EVENT_TEXT_KEY and late[6]["text"] == {"fa": "پرداخت { month } مانده است",
                                                              "en": "{month} is still unpaid"}
    async with session_pool() as session:
        campaign_id = (await session.execute(select(Campaign.id))).scalar_one()
    assert by_source["winter-coats#1-after_join_no_pledge"][7] == [
        {"kind": "action", "label": "broadcast-button-pledge",
         "value": PledgeStartButton(campaign=campaign_id, kind=PledgeStartAction.CASH).pack()}]

    # Change one event, drop another: one update, one disabled; the rest untouched.
    raw = _raw()
    raw["events"] = [{"kind": "monthly_pledge", "day": 5, "hour": 10},
                     {"id": "late", "kind": "pledge_overdue", "text": {"fa": "دیر شد", "en": "Late"}}]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    async with session_pool() as session:
        changed = await load_campaigns(UnitOfWork(session), tmp_path)
    assert changed.events.updated == ["winter-coats#0-monthly_pledge", "winter-coats#late"]
    assert changed.events.disabled == ["winter-coats#1-after_join_no_pledge"]
    after = {row[0]: row for row in await _schedules(session_pool)}
    assert after["winter-coats#0-monthly_pledge"][2] == 5
    assert after["winter-coats#0-monthly_pledge"][9] == by_source["winter-coats#0-monthly_pledge"][9]
    assert after["winter-coats#1-after_join_no_pledge"][8] is False
    async with session_pool() as session:
        still = await load_campaigns(UnitOfWork(session), tmp_path)
    assert (still.events.updated, still.events.disabled) == ([], [])

    # Back in the file: enabled again. A closed campaign: every event disabled.
    path.write_text(CAMPAIGN, encoding="utf-8")
    async with session_pool() as session:
        back = await load_campaigns(UnitOfWork(session), tmp_path)
    assert "winter-coats#1-after_join_no_pledge" in back.events.updated
    assert all(row[8] for row in await _schedules(session_pool))
    path.write_text(CAMPAIGN.replace("kind: fundraising", "kind: fundraising\nstatus: closed"), encoding="utf-8")
    async with session_pool() as session:
        await load_campaigns(UnitOfWork(session), tmp_path)
    assert not any(row[8] for row in await _schedules(session_pool))


async def test_shipped_payroll_event_row(session_pool: Pool) -> None:
    async with session_pool() as session:
        await load_campaigns(UnitOfWork(session), SHIPPED)
        campaign_id = (await session.execute(select(Campaign.id).where(Campaign.slug == "shokraneh-salamat")
                                             )).scalar_one()
        row = (await session.execute(select(Schedule).where(Schedule.source == "shokraneh-salamat#monthly-digits")
                                     )).scalar_one()
    assert (row.kind, row.month_day, row.hour, row.text_key, row.active) == (
        ScheduleKind.MONTHLY_PLEDGE.value, 1, 10, MONTHLY_PAYROLL_TEXT_KEY, True)
    assert row.buttons == [{"kind": "action", "label": "broadcast-button-payroll",
                            "value": PledgeStartButton(campaign=campaign_id, kind=PledgeStartAction.PAYROLL).pack()}]


def test_monthly_occurrence_waits_for_its_day_and_hour() -> None:
    schedule = Schedule(kind="monthly_pledge", month_day=1, hour=10, created_at=DEY_1 - timedelta(days=40))
    assert occurrence(schedule, DEY_1 + timedelta(hours=9, minutes=59)) is None
    assert occurrence(schedule, DEY_1 + timedelta(hours=10)) == "1405-10"
    assert occurrence(schedule, DEY_1 + timedelta(days=12)) == "1405-10"  # a worker down on the 1st catches up
    fifth = Schedule(kind="monthly_pledge", month_day=5, hour=0, created_at=DEY_1 - timedelta(days=40))
    assert occurrence(fifth, DEY_1 + timedelta(days=3, hours=23)) is None
    assert occurrence(fifth, DEY_1 + timedelta(days=4)) == "1405-10"
    # Made after this month's moment: first fires next month.
    late = Schedule(kind="monthly_pledge", month_day=1, hour=10, created_at=DEY_1 + timedelta(hours=11))
    assert occurrence(late, DEY_1 + timedelta(hours=12)) is None
    assert occurrence(late, DEY_1 + timedelta(days=30, hours=10)) == "1405-11"
    daily = Schedule(kind="pledge_overdue", hour=10, created_at=DEY_1)
    assert occurrence(daily, DEY_1 + timedelta(hours=9)) is None
    assert occurrence(daily, DEY_1 + timedelta(hours=10)) == "2026-12-22"


async def test_event_text_reaches_the_broadcast_and_renders_per_reader(tmp_path: Path, session_pool: Pool) -> None:
    shutil.copy(SHIPPED / "shokraneh-salamat.yaml", tmp_path)
    (tmp_path / "winter-coats.yaml").write_text(CAMPAIGN, encoding="utf-8")
    async with session_pool() as session:
        await load_campaigns(UnitOfWork(session), tmp_path)
        await session.execute(update(Schedule).values(created_at=DEY_1 - timedelta(days=40)))
        await session.commit()
    # Two monthly reminders, the after-join and the overdue one (both to nobody here).
    assert len(await tick(UnitOfWorkFactory(session_pool), DEY_1 + timedelta(hours=10))) == 4
    async with session_pool() as session:
        broadcasts = (await session.execute(select(Broadcast).order_by(Broadcast.id))).scalars().all()
    late = next(b for b in broadcasts if b.text_key == EVENT_TEXT_KEY)
    payroll = next(b for b in broadcasts if b.text_key == MONTHLY_PAYROLL_TEXT_KEY)
    for language, expected in (("fa", "پرداخت دی مانده است"), ("en", "Dey is still unpaid")):
        t = translator(language)
        message = Outgoing(delivery_id=1, broadcast_id=late.id, campaign_id=late.campaign_id, platform="telegram",
                           chat_id=1, language=language, text=None, text_key=late.text_key,
                           text_args=late.text_args, photo=None, buttons=())
        assert t(EVENT_TEXT_KEY, **render_args(message, t)) == expected
    t = translator("en")
    message = Outgoing(delivery_id=1, broadcast_id=payroll.id, campaign_id=payroll.campaign_id, platform="telegram",
                       chat_id=1, language="en", text=None, text_key=payroll.text_key, text_args=payroll.text_args,
                       photo=None, buttons=tuple(ButtonSpec.from_json(b) for b in payroll.buttons))
    text = t(MONTHLY_PAYROLL_TEXT_KEY, **render_args(message, t))
    assert text.startswith("Your monthly pledge for Dey — Health gratitude payroll pledge")
    rows = keyboard(message, t)["inline_keyboard"]
    assert rows[0][0] == {"text": "Send this month's four digits",
                          "callback_data": PledgeStartButton(campaign=payroll.campaign_id,
                                                             kind=PledgeStartAction.PAYROLL).pack()}
    assert message.buttons[0].kind is ButtonKind.ACTION

"""Scheduled and relative messages (like RapidPro campaign events), fired exactly once each."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, time, timedelta

import jdatetime

from campaigns.broadcasts.dto import BroadcastRefused, ButtonSpec, Membership, MessageSpec, Refusal, Segment
from campaigns.broadcasts.service import BroadcastPlan, complete_after_commit, prepare_broadcast
from campaigns.broadcasts.validation import check_campaign, check_message, check_schedule
from campaigns.jalali import IRAN_TZ, period_of, start_of_jalali_month
from campaigns.numerals import to_latin_digits
from storage.models import utcnow
from storage.models.broadcasts import Schedule, ScheduleKind
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# A kind that stages its own broadcast: (unit of work, occurrence, now) -> the broadcast's id, not committed.
Stager = Callable[[UnitOfWork, str, datetime], Awaitable[int]]
STAGED_KINDS = frozenset({ScheduleKind.AREA_FEEDBACK.value})

MONTHLY_TEXT_KEY = "broadcast-monthly-pledge"
OVERDUE_TEXT_KEY = "broadcast-pledge-overdue"
OVERDUE_REPEAT_DAYS = 7


def parse_when(text: str) -> datetime | None:
    """A moment typed as Jalali '1405/09/03 18:30' (any digits; time optional, 09:00) in Iran time."""
    parts = to_latin_digits(text.strip()).replace("-", "/").split()
    if not parts or len(parts) > 2:
        return None
    numbers = parts[0].split("/")
    if len(numbers) != 3 or not all(n.isdigit() for n in numbers):
        return None
    try:
        day = jdatetime.date(int(numbers[0]), int(numbers[1]), int(numbers[2])).togregorian()
        clock = time.fromisoformat(parts[1] if len(parts) == 2 else "09:00")
    except ValueError:
        return None
    return datetime.combine(day, clock, IRAN_TZ)


async def create_schedule(uow: UnitOfWork, kind: ScheduleKind, message: MessageSpec, *,
                          campaign_id: int | None = None, at: datetime | str | None = None,
                          days: int | None = None, segment: Segment | None = None, emergency: bool = False,
                          created_by_id: int | None = None, now: datetime | None = None,
                          month_day: int | None = None, hour: int | None = None) -> int:
    """Validate and store a schedule; commits; returns its id."""
    now = now or utcnow()
    if isinstance(at, str):
        parsed = parse_when(at)
        if parsed is None:
            raise BroadcastRefused(Refusal.BAD_SCHEDULE)
        at = parsed
    if kind is ScheduleKind.AT and at is None:
        raise BroadcastRefused(Refusal.BAD_SCHEDULE)
    if kind is ScheduleKind.AFTER_JOIN and (days is None or days < 0):
        raise BroadcastRefused(Refusal.BAD_SCHEDULE)
    if kind is not ScheduleKind.AT and campaign_id is None:
        raise BroadcastRefused(Refusal.BAD_SCHEDULE)
    if (month_day is not None and not 1 <= month_day <= 29) or (hour is not None and not 0 <= hour <= 23):
        raise BroadcastRefused(Refusal.BAD_SCHEDULE)
    if kind is ScheduleKind.MONTHLY_PLEDGE and message.text is None and message.text_key is None:
        message = dataclasses.replace(message, text_key=MONTHLY_TEXT_KEY)
    if kind is ScheduleKind.PLEDGE_OVERDUE and message.text is None and message.text_key is None:
        message = dataclasses.replace(message, text_key=OVERDUE_TEXT_KEY)
    check_message(message)
    check_schedule(at, now)
    await check_campaign(uow, campaign_id, now)
    schedule = Schedule(campaign_id=campaign_id, kind=kind.value, at=at, days=days, month_day=month_day, hour=hour,
                        text=message.text, text_key=message.text_key, text_args=dict(message.text_args),
                        photo=message.photo,
                        buttons=[b.to_json() for b in message.buttons], segment=(segment or Segment()).to_json(),
                        emergency=emergency, created_by_id=created_by_id, created_at=now)
    schedule_id = await uow.schedules.create(schedule)
    await uow.commit()
    return schedule_id


def _month_start(now: datetime) -> datetime:
    return datetime.combine(start_of_jalali_month(now), time(0, 0), IRAN_TZ)


def occurrence(schedule: Schedule, now: datetime) -> str | None:
    """The key of the occurrence due now, or None: one per schedule (AT), Iran day, or Jalali month.

    A monthly event is due from its day and hour of the Jalali month (the 1st at 00:00 by default), and
    only for moments after the schedule was made (a new schedule does not fire for a month already begun);
    a daily event is due from its hour, Iran time."""
    kind = ScheduleKind(schedule.kind)
    if kind is ScheduleKind.AT:
        return "once" if schedule.at is not None and schedule.at <= now else None
    if kind in (ScheduleKind.MONTHLY_PLEDGE, ScheduleKind.AREA_FEEDBACK):
        moment = _month_start(now) + timedelta(days=(schedule.month_day or 1) - 1, hours=schedule.hour or 0)
        return period_of(now) if schedule.created_at <= moment <= now else None
    local = now.astimezone(IRAN_TZ)
    if schedule.hour is not None and local.hour < schedule.hour:
        return None
    return local.date().isoformat()


def _plan(schedule: Schedule, now: datetime, key: str) -> tuple[Segment, MessageSpec, BroadcastPlan]:
    kind = ScheduleKind(schedule.kind)
    segment = Segment.from_json(schedule.segment or {})
    args: dict[str, object] = dict(schedule.text_args or {})
    plan = BroadcastPlan(campaign_id=schedule.campaign_id, emergency=schedule.emergency,
                         schedule_id=schedule.id)
    if kind is ScheduleKind.AFTER_JOIN:
        segment = dataclasses.replace(segment, campaign_id=schedule.campaign_id, membership=Membership.NOT_PLEDGED,
                                      joined_before=now - timedelta(days=schedule.days or 0))
    elif kind is ScheduleKind.MONTHLY_PLEDGE:
        segment = dataclasses.replace(segment, campaign_id=schedule.campaign_id,
                                      membership=Membership.MONTHLY_PLEDGER)
        args["period"] = key
        plan = dataclasses.replace(plan, schedule_id=None)  # each month reaches every pledger again
    elif kind is ScheduleKind.PLEDGE_OVERDUE:
        segment = dataclasses.replace(segment, campaign_id=schedule.campaign_id, membership=Membership.OVERDUE)
        plan = dataclasses.replace(plan, schedule_days=schedule.days or OVERDUE_REPEAT_DAYS)
    if "text" in args:  # a campaign event's own words may name this month
        args.setdefault("period", period_of(now))
    message = MessageSpec(text=schedule.text, text_key=schedule.text_key, text_args=args, photo=schedule.photo,
                          buttons=tuple(ButtonSpec.from_json(b) for b in schedule.buttons or ()))
    return segment, message, plan


async def fire(uows: UnitOfWorkFactory, schedule_id: int, key: str, now: datetime,
               stager: Stager | None = None) -> int | None:
    """Fire one occurrence into the outbox; None when another worker already did (the unique key).

    A kind with a `stager` (the monthly area message) stages its own broadcast and deliveries, in the
    same transaction as the firing that claims the occurrence."""
    async with uows() as uow:
        schedule = await uow.schedules.by_id(schedule_id)
        if schedule is None:
            return None
        if stager is not None:
            return await _fire_staged(uow, schedule_id, key, now, stager)
        segment, message, plan = _plan(schedule, now, key)
        # The unique (schedule, occurrence) row claims the occurrence.
        firing = await uow.schedules.claim_firing(schedule_id, key, now)
        if firing is None:
            await uow.rollback()
            return None
        try:
            broadcast_id = await prepare_broadcast(uow, segment, message, plan, now=now, allow_empty=True)
        except BroadcastRefused as refused:
            log.warning("scheduled message refused", extra={"schedule": schedule_id, "code": refused.code})
            schedule.active = False
            await uow.commit()
            return None
        if plan.schedule_id != schedule_id:  # a monthly message: reached everyone again, still this schedule's
            await uow.broadcasts.set_schedule(broadcast_id, schedule_id)
        if ScheduleKind(schedule.kind) is ScheduleKind.AT:
            schedule.active = False
        if not await uow.schedules.link_firing(firing, broadcast_id):
            await uow.rollback()
            return None
        complete_after_commit(uow, broadcast_id)
        await uow.commit()
        return broadcast_id


async def _fire_staged(uow: UnitOfWork, schedule_id: int, key: str, now: datetime, stager: Stager) -> int | None:
    firing = await uow.schedules.claim_firing(schedule_id, key, now)
    if firing is None:
        await uow.rollback()
        return None
    broadcast_id = await stager(uow, key, now)
    if not await uow.schedules.link_firing(firing, broadcast_id):
        await uow.rollback()
        return None
    await uow.commit()
    return broadcast_id


async def tick(uows: UnitOfWorkFactory, now: datetime | None = None,
               stagers: Mapping[str, Stager] | None = None) -> list[int]:
    """Fire every occurrence due now; returns the broadcasts this call created. Schedules of a kind that
    stages itself (STAGED_KINDS) fire only with their stager."""
    now = now or utcnow()
    stagers = stagers or {}
    async with uows() as uow:
        schedules = await uow.schedules.active()
        due = [(s.id, key, stagers.get(s.kind)) for s in schedules
               if (s.kind not in STAGED_KINDS or s.kind in stagers) and (key := occurrence(s, now)) is not None]
        done = await uow.schedules.fired([d[0] for d in due])
    fired: list[int] = []
    for schedule_id, key, stager in due:
        if (schedule_id, key) in done:
            continue
        broadcast_id = await fire(uows, schedule_id, key, now, stager)
        if broadcast_id is not None:
            fired.append(broadcast_id)
    return fired


async def run_scheduler(uows: UnitOfWorkFactory, stop: asyncio.Event, every: float = 30.0,
                        clock: Callable[[], datetime] = utcnow, stagers: Mapping[str, Stager] | None = None) -> None:
    """Tick until `stop` is set."""
    while not stop.is_set():
        try:
            await tick(uows, clock(), stagers)
        except Exception:
            log.exception("scheduler tick failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)

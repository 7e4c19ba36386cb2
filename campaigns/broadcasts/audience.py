"""Audiences: a segment counted, sampled and streamed by keyset (its SQL: storage/repositories/audience.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from campaigns.broadcasts.dto import Segment
from storage.models import utcnow
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Exclusions:
    """Who a broadcast skips beyond the always-excluded (forgotten, unreachable, globally stopped)."""

    campaign_id: int | None = None  # people who opted out of this campaign
    recent_days: int | None = None  # people sent this campaign's message in the last N days
    message_key: str | None = None  # narrows "this campaign's message" to one message key
    schedule_id: int | None = None  # people this schedule already reached...
    schedule_days: int | None = None  # ...ever (None) or in the last N days


@dataclass(frozen=True)
class Recipient:
    """One member of an audience, as the outbox writes it."""

    person_id: int
    platform: str
    chat_id: int
    language: str


async def count(uow: UnitOfWork, segment: Segment, exclusions: Exclusions = Exclusions(),
                now: datetime | None = None) -> int:
    """How many people the segment reaches after exclusions."""
    return await uow.broadcasts.count_audience(segment, exclusions, now or utcnow())


async def sample(uow: UnitOfWork, segment: Segment, exclusions: Exclusions = Exclusions(),
                 limit: int = 5, now: datetime | None = None) -> list[Recipient]:
    """A few recipients to show the manager before sending (the first by id)."""
    rows = await uow.broadcasts.audience_page(segment, exclusions, now or utcnow(), limit)
    return [Recipient(row[0], row[1], row[2], row[3]) for row in rows]


async def stream(uow: UnitOfWork, segment: Segment, exclusions: Exclusions = Exclusions(),
                 batch: int = 2000, after_id: int = 0) -> AsyncIterator[list[Recipient]]:
    """The audience in batches by keyset on people.id: memory stays flat whatever its size."""
    now = utcnow()
    last = after_id
    while True:
        rows = await uow.broadcasts.audience_page(segment, exclusions, now, batch, after_id=last)
        if not rows:
            return
        yield [Recipient(row[0], row[1], row[2], row[3]) for row in rows]
        last = rows[-1][0]

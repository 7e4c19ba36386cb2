"""The outbox: broadcasts written as delivery rows in batches, claimed, confirmed and recovered."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from campaigns.broadcasts.audience import Exclusions
from campaigns.broadcasts.dto import BroadcastKind, ButtonSpec, Segment
from campaigns.broadcasts.quiet import in_quiet_hours
from storage.models import utcnow
from storage.models.broadcasts import Broadcast, DeliveryStatus
from storage.unit_of_work import UnitOfWork

FILL_BATCH = 5000


@dataclass(frozen=True)
class BroadcastInfo:
    """What a sender needs of a running broadcast (never the ORM row)."""

    id: int
    campaign_id: int | None
    text: str | None
    text_key: str | None
    text_args: dict[str, Any]
    photo: str | None
    buttons: tuple[ButtonSpec, ...]
    emergency: bool
    quiet_hours: str | None
    manager_platform: str | None
    manager_chat_id: int | None
    kind: BroadcastKind = BroadcastKind.ORDINARY


@dataclass(frozen=True)
class Claimed:
    """A delivery this worker now holds."""

    id: int
    broadcast_id: int
    person_id: int
    chat_id: int
    language: str
    attempts: int


class Outcome(enum.StrEnum):
    """What happened to one claimed delivery."""

    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    AMBIGUOUS = "ambiguous"
    RETRY = "retry"  # put back: pending again, maybe after not_before


@dataclass(frozen=True)
class Result:
    """The outcome of one claimed delivery, to be written in a batch."""

    delivery: Claimed
    outcome: Outcome
    error: str | None = None
    not_before: datetime | None = None
    attempts: int | None = None


@dataclass(frozen=True)
class Backlog:
    """What the outbox holds unsent (the worker's gauges)."""

    pending: int
    claimed: int
    oldest_due: datetime | None  # when the longest-waiting message due now became due


def exclusions_of(broadcast: Broadcast) -> Exclusions:
    """The exclusions stored with a broadcast."""
    data = dict(broadcast.segment.get("exclusions") or {})
    return Exclusions(**data)


def segment_of(broadcast: Broadcast) -> Segment:
    """The segment stored with a broadcast."""
    return Segment.from_json(broadcast.segment.get("segment") or {})


async def fill(uow: UnitOfWork, broadcast_id: int, batch: int = FILL_BATCH) -> int:
    """Write the broadcast's delivery rows by keyset batches (resumable); commit each; return the total."""
    broadcast = await uow.broadcasts.by_id(broadcast_id)
    if broadcast is None:
        raise LookupError(broadcast_id)
    segment, exclusions, as_of = segment_of(broadcast), exclusions_of(broadcast), broadcast.created_at
    last = await uow.broadcasts.last_filled_person(broadcast_id)
    while True:
        boundary = await uow.broadcasts.fill_batch(broadcast_id, segment, exclusions, as_of, last, batch)
        await uow.commit()
        if boundary is None:
            break
        last = boundary
    return await uow.broadcasts.delivery_count(broadcast_id)


async def start(uow: UnitOfWork, broadcast_id: int, total: int) -> None:
    """Mark a filled broadcast as running; the caller commits."""
    await uow.broadcasts.start(broadcast_id, total, utcnow())


def info(broadcast: Broadcast) -> BroadcastInfo:
    """The DTO of a broadcast row."""
    return BroadcastInfo(
        id=broadcast.id, campaign_id=broadcast.campaign_id, text=broadcast.text, text_key=broadcast.text_key,
        text_args=dict(broadcast.text_args or {}), photo=broadcast.photo,
        buttons=tuple(ButtonSpec.from_json(b) for b in broadcast.buttons or ()), emergency=broadcast.emergency,
        quiet_hours=broadcast.quiet_hours, manager_platform=broadcast.manager_platform,
        manager_chat_id=broadcast.manager_chat_id, kind=BroadcastKind(broadcast.kind or BroadcastKind.ORDINARY))


async def runnable(uow: UnitOfWork, now: datetime) -> list[BroadcastInfo]:
    """Running broadcasts whose time has come and that are outside their quiet hours now."""
    rows = await uow.broadcasts.running(now)
    return [info(row) for row in rows if row.emergency or not in_quiet_hours(now, row.quiet_hours)]


async def claim(uow: UnitOfWork, *, worker_id: str, broadcast_ids: Sequence[int], platform: str,
                limit: int, now: datetime) -> list[Claimed]:
    """Take up to `limit` pending deliveries (SKIP LOCKED on PostgreSQL); the caller commits."""
    if not broadcast_ids or limit <= 0:
        return []
    rows = await uow.broadcasts.claim(worker_id=worker_id, broadcast_ids=broadcast_ids, platform=platform,
                                      limit=limit, now=now)
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


async def record(uow: UnitOfWork, worker_id: str, results: Sequence[Result], now: datetime) -> None:
    """Write a batch of outcomes, only over rows this worker still holds; the caller commits."""
    sent = [r.delivery.id for r in results if r.outcome is Outcome.SENT]
    if sent:
        await uow.broadcasts.mark_sent(sent, worker_id, now)
    blocked = [r for r in results if r.outcome is Outcome.BLOCKED]
    if blocked:
        await uow.broadcasts.mark_blocked([r.delivery.id for r in blocked], {r.delivery.person_id for r in blocked},
                                          worker_id, _short(blocked[0].error))
    others = [r for r in results if r.outcome in (Outcome.FAILED, Outcome.AMBIGUOUS, Outcome.RETRY)]
    if others:
        await uow.broadcasts.settle(worker_id, [_settled(r, worker_id) for r in others])
        retried = [r.delivery.id for r in others if r.outcome is Outcome.RETRY]
        if retried:
            # A message given back after its broadcast was cancelled is cancelled, not left pending.
            await uow.broadcasts.cancel_returned(retried)


def _settled(result: Result, worker_id: str) -> dict[str, Any]:
    retry = result.outcome is Outcome.RETRY
    status = DeliveryStatus.PENDING if retry else DeliveryStatus(result.outcome.value)
    return {"id": result.delivery.id, "status": status.value, "error": _short(result.error),
            "not_before": result.not_before,
            "attempts": result.attempts if result.attempts is not None else result.delivery.attempts,
            "claimed_by": None if retry else worker_id}


def _short(text: str | None) -> str | None:
    return None if text is None else text[:250]


async def release(uow: UnitOfWork, *, worker_id: str | None = None, stale_before: datetime | None = None) -> int:
    """Put claimed-but-unconfirmed deliveries back (this worker's after a restart, or stale leases)."""
    return await uow.broadcasts.release(worker_id=worker_id, stale_before=stale_before)


async def open_count(uow: UnitOfWork, broadcast_ids: Sequence[int]) -> int:
    """Deliveries still pending or claimed in these broadcasts (whenever they are due)."""
    if not broadcast_ids:
        return 0
    return await uow.broadcasts.open_count(broadcast_ids)


async def finish(uow: UnitOfWork, now: datetime) -> list[int]:
    """Mark running broadcasts with nothing left to send as done; return those this call finished; the caller
    commits."""
    # A message put back (429, retry) after its broadcast was cancelled must not wait forever.
    await uow.broadcasts.cancel_pending_of_cancelled()
    return [broadcast_id for broadcast_id in await uow.broadcasts.drained_running()
            if await uow.broadcasts.mark_done(broadcast_id, now)]


async def backlog(uow: UnitOfWork, running: Sequence[int], now: datetime) -> Backlog:
    """Every broadcast's pending and claimed messages, and the oldest wait among the running ones' due now."""
    counts = await uow.broadcasts.open_by_status()
    oldest = await uow.broadcasts.oldest_due(running, now) if running else None
    return Backlog(counts.get(DeliveryStatus.PENDING, 0), counts.get(DeliveryStatus.CLAIMED, 0), oldest)

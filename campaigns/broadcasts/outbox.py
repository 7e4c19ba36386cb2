"""The outbox: broadcasts written as delivery rows in batches, claimed, confirmed and recovered."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Integer, String, Table, bindparam, exists, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns.broadcasts.audience import Exclusions, audience_where
from campaigns.broadcasts.dto import ButtonSpec, Segment
from campaigns.broadcasts.quiet import in_quiet_hours
from storage.models import Person, utcnow
from storage.models.broadcasts import Broadcast, BroadcastStatus, Delivery, DeliveryStatus

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


def exclusions_of(broadcast: Broadcast) -> Exclusions:
    """The exclusions stored with a broadcast."""
    data = dict(broadcast.segment.get("exclusions") or {})
    return Exclusions(**data)


def segment_of(broadcast: Broadcast) -> Segment:
    """The segment stored with a broadcast."""
    return Segment.from_json(broadcast.segment.get("segment") or {})


async def fill(session: AsyncSession, broadcast_id: int, batch: int = FILL_BATCH) -> int:
    """Write the broadcast's delivery rows by keyset batches (resumable); commit each; return the total."""
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None:
        raise LookupError(broadcast_id)
    where = audience_where(segment_of(broadcast), exclusions_of(broadcast), broadcast.created_at)
    last = (await session.execute(select(func.coalesce(func.max(Delivery.person_id), 0))
                                  .where(Delivery.broadcast_id == broadcast_id))).scalar_one()
    columns = ["broadcast_id", "person_id", "platform", "chat_id", "language", "status", "attempts"]
    while True:
        boundary = (await session.execute(select(Person.id).where(*where, Person.id > last).order_by(Person.id)
                                          .offset(batch - 1).limit(1))).scalar_one_or_none()
        chunk = [*where, Person.id > last] + ([Person.id <= boundary] if boundary is not None else [])
        rows = select(literal(broadcast_id, Integer), Person.id, Person.platform, Person.chat_id,
                      Person.language, literal(DeliveryStatus.PENDING.value, String), literal(0, Integer)
                      ).where(*chunk)
        await session.execute(insert(Delivery).from_select(columns, rows))
        await session.commit()
        if boundary is None:
            break
        last = boundary
    total = (await session.execute(select(func.count()).select_from(Delivery)
                                   .where(Delivery.broadcast_id == broadcast_id))).scalar_one()
    return int(total)


async def start(session: AsyncSession, broadcast_id: int, total: int) -> None:
    """Mark a filled broadcast as running; the caller commits."""
    await session.execute(update(Broadcast).where(Broadcast.id == broadcast_id,
                                                  Broadcast.status == BroadcastStatus.PREPARING)
                          .values(status=BroadcastStatus.RUNNING, total=total, started_at=utcnow()))


def info(broadcast: Broadcast) -> BroadcastInfo:
    """The DTO of a broadcast row."""
    return BroadcastInfo(
        id=broadcast.id, campaign_id=broadcast.campaign_id, text=broadcast.text, text_key=broadcast.text_key,
        text_args=dict(broadcast.text_args or {}), photo=broadcast.photo,
        buttons=tuple(ButtonSpec.from_json(b) for b in broadcast.buttons or ()), emergency=broadcast.emergency,
        quiet_hours=broadcast.quiet_hours, manager_platform=broadcast.manager_platform,
        manager_chat_id=broadcast.manager_chat_id)


async def runnable(session: AsyncSession, now: datetime) -> list[BroadcastInfo]:
    """Running broadcasts whose time has come and that are outside their quiet hours now."""
    rows = (await session.execute(select(Broadcast).where(
        Broadcast.status == BroadcastStatus.RUNNING,
        or_(Broadcast.not_before.is_(None), Broadcast.not_before <= now)))).scalars().all()
    return [info(row) for row in rows if row.emergency or not in_quiet_hours(now, row.quiet_hours)]


async def claim(session: AsyncSession, *, worker_id: str, broadcast_ids: Sequence[int], platform: str,
                limit: int, now: datetime) -> list[Claimed]:
    """Take up to `limit` pending deliveries (SKIP LOCKED on PostgreSQL); the caller commits."""
    if not broadcast_ids or limit <= 0:
        return []
    pick = (select(Delivery.id)
            .where(Delivery.broadcast_id.in_(broadcast_ids), Delivery.status == DeliveryStatus.PENDING,
                   Delivery.platform == platform, or_(Delivery.not_before.is_(None), Delivery.not_before <= now))
            .order_by(Delivery.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    statement = (update(Delivery).where(Delivery.id.in_(pick.scalar_subquery()))
                 .values(status=DeliveryStatus.CLAIMED, claimed_by=worker_id, claimed_at=now)
                 .returning(Delivery.id, Delivery.broadcast_id, Delivery.person_id, Delivery.chat_id,
                            Delivery.language, Delivery.attempts)
                 .execution_options(synchronize_session=False))
    rows = (await session.execute(statement)).all()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


async def record(session: AsyncSession, worker_id: str, results: Sequence[Result], now: datetime) -> None:
    """Write a batch of outcomes, only over rows this worker still holds; the caller commits."""
    table = cast(Table, Delivery.__table__)
    held = [table.c.claimed_by == worker_id, table.c.status == DeliveryStatus.CLAIMED.value]
    sent = [r.delivery.id for r in results if r.outcome is Outcome.SENT]
    if sent:
        await session.execute(update(table).where(table.c.id.in_(sent), *held)
                              .values(status=DeliveryStatus.SENT.value, sent_at=now))
    blocked = [r for r in results if r.outcome is Outcome.BLOCKED]
    if blocked:
        await session.execute(update(table).where(table.c.id.in_([r.delivery.id for r in blocked]), *held)
                              .values(status=DeliveryStatus.BLOCKED.value, error=_short(blocked[0].error)))
        await session.execute(update(Person).where(Person.id.in_({r.delivery.person_id for r in blocked}))
                              .values(unreachable=True).execution_options(synchronize_session=False))
    others = [r for r in results if r.outcome in (Outcome.FAILED, Outcome.AMBIGUOUS, Outcome.RETRY)]
    if others:
        statement = (update(table).where(table.c.id == bindparam("d_id"), *held)
                     .values(status=bindparam("d_status"), error=bindparam("d_error"),
                             not_before=bindparam("d_not_before"), attempts=bindparam("d_attempts"),
                             claimed_by=bindparam("d_claimed_by")))
        await session.execute(statement, [_row(r, worker_id) for r in others])
        retried = [r.delivery.id for r in others if r.outcome is Outcome.RETRY]
        if retried:
            # A message given back after its broadcast was cancelled is cancelled, not left pending.
            cancelled = select(Broadcast.id).where(Broadcast.status == BroadcastStatus.CANCELLED)
            await session.execute(update(table).where(
                table.c.id.in_(retried), table.c.status == DeliveryStatus.PENDING.value,
                table.c.broadcast_id.in_(cancelled)).values(status=DeliveryStatus.CANCELLED.value))


def _row(result: Result, worker_id: str) -> dict[str, Any]:
    retry = result.outcome is Outcome.RETRY
    status = DeliveryStatus.PENDING if retry else DeliveryStatus(result.outcome.value)
    return {"d_id": result.delivery.id, "d_status": status.value, "d_error": _short(result.error),
            "d_not_before": result.not_before,
            "d_attempts": result.attempts if result.attempts is not None else result.delivery.attempts,
            "d_claimed_by": None if retry else worker_id}


def _short(text: str | None) -> str | None:
    return None if text is None else text[:250]


async def release(session: AsyncSession, *, worker_id: str | None = None, stale_before: datetime | None = None
                  ) -> int:
    """Put claimed-but-unconfirmed deliveries back (this worker's after a restart, or stale leases)."""
    conditions = []
    if worker_id is not None:
        conditions.append(Delivery.claimed_by == worker_id)
    if stale_before is not None:
        conditions.append(Delivery.claimed_at < stale_before)
    if not conditions:
        return 0
    result = await session.execute(
        update(Delivery).where(Delivery.status == DeliveryStatus.CLAIMED, or_(*conditions))
        .values(status=DeliveryStatus.PENDING, claimed_by=None).execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


async def open_count(session: AsyncSession, broadcast_ids: Sequence[int]) -> int:
    """Deliveries still pending or claimed in these broadcasts (whenever they are due)."""
    if not broadcast_ids:
        return 0
    return int((await session.execute(select(func.count()).select_from(Delivery).where(
        Delivery.broadcast_id.in_(broadcast_ids),
        Delivery.status.in_((DeliveryStatus.PENDING, DeliveryStatus.CLAIMED))))).scalar_one())


async def finish(session: AsyncSession, now: datetime) -> list[int]:
    """Mark running broadcasts with nothing left to send as done; return those this call finished."""
    # A message put back (429, retry) after its broadcast was cancelled must not wait forever.
    cancelled = select(Broadcast.id).where(Broadcast.status == BroadcastStatus.CANCELLED).scalar_subquery()
    await session.execute(update(Delivery).where(Delivery.status == DeliveryStatus.PENDING,
                                                 Delivery.broadcast_id.in_(cancelled))
                          .values(status=DeliveryStatus.CANCELLED).execution_options(synchronize_session=False))
    open_rows = exists().where(Delivery.broadcast_id == Broadcast.id,
                               Delivery.status.in_((DeliveryStatus.PENDING, DeliveryStatus.CLAIMED)))
    candidates = (await session.execute(select(Broadcast.id).where(
        Broadcast.status == BroadcastStatus.RUNNING, ~open_rows))).scalars().all()
    finished: list[int] = []
    for broadcast_id in candidates:
        result = await session.execute(update(Broadcast).where(
            Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.RUNNING)
            .values(status=BroadcastStatus.DONE, finished_at=now))
        if getattr(result, "rowcount", 0) == 1:
            finished.append(broadcast_id)
    return finished

"""Pause, resume, cancel, and progress as data (sent, failed, blocked, pending, rate, ETA)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import utcnow
from storage.models.broadcasts import Broadcast, BroadcastStatus, Delivery, DeliveryStatus

RATE_WINDOW = 30.0


@dataclass(frozen=True)
class Progress:
    """Where one broadcast stands."""

    broadcast_id: int
    status: str
    total: int
    sent: int
    failed: int
    blocked: int
    ambiguous: int
    cancelled: int
    pending: int
    rate: float  # messages a second over the last half minute
    eta_seconds: float | None

    @property
    def done(self) -> bool:
        """True when nothing is left to send."""
        return self.pending == 0 and self.status in (BroadcastStatus.DONE, BroadcastStatus.CANCELLED)


async def _set_status(session: AsyncSession, broadcast_id: int, new: BroadcastStatus,
                      old: tuple[BroadcastStatus, ...]) -> bool:
    result = await session.execute(update(Broadcast).where(Broadcast.id == broadcast_id,
                                                           Broadcast.status.in_(old)).values(status=new))
    await session.commit()
    return getattr(result, "rowcount", 0) == 1


async def pause(session: AsyncSession, broadcast_id: int) -> bool:
    """Stop claiming this broadcast's deliveries (messages in flight still finish)."""
    return await _set_status(session, broadcast_id, BroadcastStatus.PAUSED, (BroadcastStatus.RUNNING,))


async def resume(session: AsyncSession, broadcast_id: int) -> bool:
    """Carry on sending a paused broadcast."""
    return await _set_status(session, broadcast_id, BroadcastStatus.RUNNING, (BroadcastStatus.PAUSED,))


async def cancel(session: AsyncSession, broadcast_id: int, now: datetime | None = None) -> bool:
    """Stop a broadcast for good: its pending deliveries become cancelled."""
    result = await session.execute(update(Broadcast).where(
        Broadcast.id == broadcast_id,
        Broadcast.status.in_((BroadcastStatus.RUNNING, BroadcastStatus.PAUSED, BroadcastStatus.PREPARING)))
        .values(status=BroadcastStatus.CANCELLED, finished_at=now or utcnow()))
    if getattr(result, "rowcount", 0) != 1:
        await session.rollback()
        return False
    await session.execute(update(Delivery).where(Delivery.broadcast_id == broadcast_id,
                                                 Delivery.status == DeliveryStatus.PENDING)
                          .values(status=DeliveryStatus.CANCELLED).execution_options(synchronize_session=False))
    await session.commit()
    return True


async def progress(session: AsyncSession, broadcast_id: int, now: datetime | None = None) -> Progress:
    """Counts by outcome, the recent sending rate and the time left at that rate."""
    now = now or utcnow()
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None:
        raise LookupError(broadcast_id)
    await session.refresh(broadcast)
    counts = dict((await session.execute(select(Delivery.status, func.count()).where(
        Delivery.broadcast_id == broadcast_id).group_by(Delivery.status))).all())
    recent = (await session.execute(select(func.count()).select_from(Delivery).where(
        Delivery.broadcast_id == broadcast_id, Delivery.status == DeliveryStatus.SENT,
        Delivery.sent_at >= now - timedelta(seconds=RATE_WINDOW)))).scalar_one()
    pending = counts.get(DeliveryStatus.PENDING, 0) + counts.get(DeliveryStatus.CLAIMED, 0)
    rate = recent / RATE_WINDOW
    started = broadcast.started_at
    if started is not None and 0 < (now - started).total_seconds() < RATE_WINDOW:
        rate = recent / max(1.0, (now - started).total_seconds())
    return Progress(
        broadcast_id=broadcast_id, status=broadcast.status, total=sum(counts.values()),
        sent=counts.get(DeliveryStatus.SENT, 0), failed=counts.get(DeliveryStatus.FAILED, 0),
        blocked=counts.get(DeliveryStatus.BLOCKED, 0), ambiguous=counts.get(DeliveryStatus.AMBIGUOUS, 0),
        cancelled=counts.get(DeliveryStatus.CANCELLED, 0), pending=pending, rate=round(rate, 2),
        eta_seconds=round(pending / rate, 1) if rate > 0 else (0.0 if pending == 0 else None))


async def take_progress_turn(session: AsyncSession, broadcast_id: int, every: float, now: datetime | None = None,
                             final: bool = False) -> bool:
    """True for exactly one worker at most every `every` seconds: it edits the manager's progress message."""
    now = now or utcnow()
    condition = or_(Broadcast.progress_at.is_(None), Broadcast.progress_at <= now - timedelta(seconds=every))
    result = await session.execute(update(Broadcast).where(
        Broadcast.id == broadcast_id, Broadcast.manager_chat_id.is_not(None),
        *(() if final else (condition,))).values(progress_at=now))
    await session.commit()
    return getattr(result, "rowcount", 0) == 1


async def set_progress_message(session: AsyncSession, broadcast_id: int, message_id: int) -> None:
    """Remember the manager's progress message so later updates edit it in place."""
    await session.execute(update(Broadcast).where(Broadcast.id == broadcast_id)
                          .values(progress_message_id=message_id))
    await session.commit()


async def progress_message_id(session: AsyncSession, broadcast_id: int) -> int | None:
    """The manager's progress message, if one was sent."""
    return (await session.execute(select(Broadcast.progress_message_id)
                                  .where(Broadcast.id == broadcast_id))).scalar_one_or_none()

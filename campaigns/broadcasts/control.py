"""Pause, resume, cancel, and progress as data (sent, failed, blocked, pending, rate, ETA)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.models import utcnow
from storage.models.broadcasts import BroadcastStatus, DeliveryStatus
from storage.unit_of_work import UnitOfWork

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


@dataclass(frozen=True)
class ProgressReport:
    """A broadcast's progress to show its manager, and where: this worker's turn to edit the message."""

    progress: Progress
    manager_platform: str
    manager_chat_id: int
    message_id: int | None  # the progress message to edit; None: send one
    language: str  # the manager's


async def pause(uow: UnitOfWork, broadcast_id: int, *, commit: bool = True) -> bool:
    """Stop claiming this broadcast's deliveries (messages in flight still finish); commits unless told not."""
    done = await uow.broadcasts.set_status(broadcast_id, BroadcastStatus.PAUSED, (BroadcastStatus.RUNNING,))
    if commit:
        await uow.commit()
    return done


async def resume(uow: UnitOfWork, broadcast_id: int, *, commit: bool = True) -> bool:
    """Carry on sending a paused broadcast; commits unless told not."""
    done = await uow.broadcasts.set_status(broadcast_id, BroadcastStatus.RUNNING, (BroadcastStatus.PAUSED,))
    if commit:
        await uow.commit()
    return done


async def cancel(uow: UnitOfWork, broadcast_id: int, now: datetime | None = None, *, commit: bool = True) -> bool:
    """Stop a broadcast for good: its pending deliveries become cancelled; commits unless told not."""
    if not await uow.broadcasts.cancel(broadcast_id, now or utcnow()):
        await uow.rollback()
        return False
    await uow.broadcasts.cancel_pending(broadcast_id)
    if commit:
        await uow.commit()
    return True


async def _progress(uow: UnitOfWork, broadcast_id: int, status: str, started: datetime | None,
                    now: datetime) -> Progress:
    counts = await uow.broadcasts.counts_by_status(broadcast_id)
    recent = await uow.broadcasts.sent_since(broadcast_id, now - timedelta(seconds=RATE_WINDOW))
    pending = counts.get(DeliveryStatus.PENDING, 0) + counts.get(DeliveryStatus.CLAIMED, 0)
    rate = recent / RATE_WINDOW
    if started is not None and 0 < (now - started).total_seconds() < RATE_WINDOW:
        rate = recent / max(1.0, (now - started).total_seconds())
    return Progress(
        broadcast_id=broadcast_id, status=status, total=sum(counts.values()),
        sent=counts.get(DeliveryStatus.SENT, 0), failed=counts.get(DeliveryStatus.FAILED, 0),
        blocked=counts.get(DeliveryStatus.BLOCKED, 0), ambiguous=counts.get(DeliveryStatus.AMBIGUOUS, 0),
        cancelled=counts.get(DeliveryStatus.CANCELLED, 0), pending=pending, rate=round(rate, 2),
        eta_seconds=round(pending / rate, 1) if rate > 0 else (0.0 if pending == 0 else None))


async def progress(uow: UnitOfWork, broadcast_id: int, now: datetime | None = None) -> Progress:
    """Counts by outcome, the recent sending rate and the time left at that rate."""
    row = await uow.broadcasts.progress_row(broadcast_id)
    if row is None:
        raise LookupError(broadcast_id)
    return await _progress(uow, broadcast_id, row.status, row.started_at, now or utcnow())


async def take_progress_turn(uow: UnitOfWork, broadcast_id: int, every: float, now: datetime | None = None,
                             final: bool = False) -> bool:
    """True for exactly one worker at most every `every` seconds: it edits the manager's progress message;
    commits (the turn is taken for everyone at once)."""
    taken = await uow.broadcasts.take_progress_turn(broadcast_id, every, now or utcnow(), final)
    await uow.commit()
    return taken


async def report_turn(uow: UnitOfWork, broadcast_id: int, every: float, platforms: Collection[str],
                      final: bool = False, now: datetime | None = None) -> ProgressReport | None:
    """The progress to show a broadcast's manager on one of `platforms`, when it is this caller's turn
    (`take_progress_turn`); None when it is not, or the manager is not reachable there."""
    now = now or utcnow()
    if not await take_progress_turn(uow, broadcast_id, every, now, final):
        return None
    row = await uow.broadcasts.progress_row(broadcast_id)
    if row is None or row.manager_platform not in platforms or row.manager_chat_id is None:
        return None
    state = await _progress(uow, broadcast_id, row.status, row.started_at, now)
    languages = await uow.people.languages_of(row.manager_platform, [row.manager_chat_id])
    return ProgressReport(state, row.manager_platform, row.manager_chat_id, row.progress_message_id,
                          languages.get(row.manager_chat_id) or "fa")


async def set_progress_message(uow: UnitOfWork, broadcast_id: int, message_id: int) -> None:
    """Remember the manager's progress message so later updates edit it in place; commits."""
    await uow.broadcasts.set_progress_message(broadcast_id, message_id)
    await uow.commit()


async def progress_message_id(uow: UnitOfWork, broadcast_id: int) -> int | None:
    """The manager's progress message, if one was sent."""
    return await uow.broadcasts.progress_message_id(broadcast_id)

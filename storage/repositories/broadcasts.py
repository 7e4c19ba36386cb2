"""Queries and writes on broadcasts, deliveries, and the outbox's claims and leases; the unit of work commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Integer, Row, String, Table, bindparam, exists, func, insert, literal, or_, select, update

from storage.models import Membership, Person
from storage.models.base import UTCDateTime
from storage.models.broadcasts import Broadcast, BroadcastKind, BroadcastStatus, Delivery, DeliveryStatus
from storage.repositories.audience import (
    AudienceExclusions,
    AudienceSegment,
    audience_select,
    audience_where,
    teens_not_now,
)
from storage.repositories.base import Repository, rowcount, skip_locked

_DELIVERIES = cast(Table, Delivery.__table__)
_OPEN = (DeliveryStatus.PENDING, DeliveryStatus.CLAIMED)
_FILL_COLUMNS = ["broadcast_id", "person_id", "platform", "chat_id", "language", "status", "attempts"]
# One outcome per row, written in one executemany (failed, ambiguous, or put back to retry).
_SETTLE = (update(_DELIVERIES)
           .where(_DELIVERIES.c.id == bindparam("d_id"), _DELIVERIES.c.claimed_by == bindparam("d_worker"),
                  _DELIVERIES.c.status == DeliveryStatus.CLAIMED.value)
           .values(status=bindparam("d_status"), error=bindparam("d_error"), not_before=bindparam("d_not_before"),
                   attempts=bindparam("d_attempts"), claimed_by=bindparam("d_claimed_by")))


class BroadcastRepository(Repository):
    """Every SQL statement on broadcasts, deliveries, and the outbox's claims and leases."""

    # Broadcasts

    async def add(self, broadcast: Broadcast) -> int:
        """Stage a new broadcast and return its id (flushed, not committed)."""
        return await self._written(broadcast)

    async def by_id(self, broadcast_id: int) -> Broadcast | None:
        """A broadcast by id (from the session's identity map when already loaded)."""
        return await self.session.get(Broadcast, broadcast_id)

    async def progress_row(self, broadcast_id: int
                           ) -> Row[str, datetime | None, str | None, int | None, int | None] | None:
        """A broadcast's status, start and manager's chat and progress message, read fresh."""
        return (await self.session.execute(select(
            Broadcast.status, Broadcast.started_at, Broadcast.manager_platform, Broadcast.manager_chat_id,
            Broadcast.progress_message_id).where(Broadcast.id == broadcast_id))).first()

    async def newest(self, before_id: int | None, limit: int) -> Sequence[Broadcast]:
        """Ordinary broadcasts newest first (only those with an id below `before_id`, when given): the dashboard's
        list (a service notice to named people — a referral's, a shift's, an approval's — is nothing to steer)."""
        query = select(Broadcast).where(Broadcast.kind == BroadcastKind.ORDINARY.value)
        if before_id is not None:
            query = query.where(Broadcast.id < before_id)
        return (await self.session.execute(query.order_by(Broadcast.id.desc()).limit(limit))).scalars().all()

    async def set_schedule(self, broadcast_id: int, schedule_id: int) -> None:
        """Record the schedule a broadcast was fired by."""
        await self.session.execute(update(Broadcast).where(Broadcast.id == broadcast_id)
                                   .values(schedule_id=schedule_id))

    async def preparing_ids(self) -> Sequence[int]:
        """Broadcasts whose deliveries are still being written (or were, when a process died)."""
        return (await self.session.execute(select(Broadcast.id).where(
            Broadcast.status == BroadcastStatus.PREPARING))).scalars().all()

    async def start(self, broadcast_id: int, total: int, now: datetime) -> None:
        """Mark a filled broadcast as running."""
        await self.session.execute(update(Broadcast).where(Broadcast.id == broadcast_id,
                                                           Broadcast.status == BroadcastStatus.PREPARING)
                                   .values(status=BroadcastStatus.RUNNING, total=total, started_at=now))

    async def running(self, now: datetime) -> Sequence[Broadcast]:
        """Running broadcasts whose time has come (quiet hours are the caller's rule)."""
        return (await self.session.execute(select(Broadcast).where(
            Broadcast.status == BroadcastStatus.RUNNING,
            or_(Broadcast.not_before.is_(None), Broadcast.not_before <= now)))).scalars().all()

    async def set_status(self, broadcast_id: int, new: str, old: Sequence[str]) -> bool:
        """Move a broadcast from one of `old` to `new`; False when it was in none of them."""
        result = await self.session.execute(update(Broadcast).where(
            Broadcast.id == broadcast_id, Broadcast.status.in_(old)).values(status=new))
        return rowcount(result) == 1

    async def cancel(self, broadcast_id: int, now: datetime) -> bool:
        """Cancel a broadcast still preparing, running or paused; False when it was not."""
        result = await self.session.execute(update(Broadcast).where(
            Broadcast.id == broadcast_id,
            Broadcast.status.in_((BroadcastStatus.RUNNING, BroadcastStatus.PAUSED, BroadcastStatus.PREPARING)))
            .values(status=BroadcastStatus.CANCELLED, finished_at=now))
        return rowcount(result) == 1

    async def take_progress_turn(self, broadcast_id: int, every: float, now: datetime, final: bool) -> bool:
        """Stamp the progress turn when the last is `every` seconds old (always when final); True when taken."""
        condition = or_(Broadcast.progress_at.is_(None), Broadcast.progress_at <= now - timedelta(seconds=every))
        result = await self.session.execute(update(Broadcast).where(
            Broadcast.id == broadcast_id, Broadcast.manager_chat_id.is_not(None),
            *(() if final else (condition,))).values(progress_at=now))
        return rowcount(result) == 1

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        """Remember the manager's progress message."""
        await self.session.execute(update(Broadcast).where(Broadcast.id == broadcast_id)
                                   .values(progress_message_id=message_id))

    async def progress_message_id(self, broadcast_id: int) -> int | None:
        """The manager's progress message, if one was sent."""
        return (await self.session.execute(select(Broadcast.progress_message_id)
                                           .where(Broadcast.id == broadcast_id))).scalar_one_or_none()

    async def cancel_pending_of_cancelled(self) -> None:
        """Cancel deliveries still pending in cancelled broadcasts (put back after a 429 or a retry)."""
        cancelled = select(Broadcast.id).where(Broadcast.status == BroadcastStatus.CANCELLED).scalar_subquery()
        await self.session.execute(update(Delivery).where(Delivery.status == DeliveryStatus.PENDING,
                                                          Delivery.broadcast_id.in_(cancelled))
                                   .values(status=DeliveryStatus.CANCELLED)
                                   .execution_options(synchronize_session=False))

    async def drained_running(self) -> Sequence[int]:
        """Running broadcasts with no delivery pending or claimed."""
        open_rows = exists().where(Delivery.broadcast_id == Broadcast.id, Delivery.status.in_(_OPEN))
        return (await self.session.execute(select(Broadcast.id).where(
            Broadcast.status == BroadcastStatus.RUNNING, ~open_rows))).scalars().all()

    async def mark_done(self, broadcast_id: int, now: datetime) -> bool:
        """Mark a running broadcast done; True for the one caller that did."""
        result = await self.session.execute(update(Broadcast).where(
            Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.RUNNING)
            .values(status=BroadcastStatus.DONE, finished_at=now))
        return rowcount(result) == 1

    # Audiences

    async def count_audience(self, segment: AudienceSegment, exclusions: AudienceExclusions, now: datetime) -> int:
        """How many people the segment reaches after exclusions."""
        query = select(func.count()).select_from(Person).where(*audience_where(segment, exclusions, now))
        return int((await self.session.execute(query)).scalar_one())

    async def audience_page(self, segment: AudienceSegment, exclusions: AudienceExclusions, now: datetime,
                            limit: int, after_id: int | None = None) -> Sequence[Row[int, str, int, str]]:
        """Up to `limit` members (id, platform, chat_id, language) by id, after `after_id` when given."""
        query = audience_select(segment, exclusions, now)
        if after_id is not None:
            query = query.where(Person.id > after_id)
        return (await self.session.execute(query.limit(limit))).all()

    # The outbox

    async def last_filled_person(self, broadcast_id: int) -> int:
        """The highest person id already written for a broadcast (0 for none): where filling resumes."""
        return int((await self.session.execute(select(func.coalesce(func.max(Delivery.person_id), 0))
                                               .where(Delivery.broadcast_id == broadcast_id))).scalar_one())

    async def fill_batch(self, broadcast_id: int, segment: AudienceSegment, exclusions: AudienceExclusions,
                         as_of: datetime, after_id: int, batch: int) -> int | None:
        """Write pending deliveries for the next `batch` members after `after_id` (keyset, one INSERT ... SELECT);
        returns the last person id written, or None when this batch reached the audience's end."""
        where = audience_where(segment, exclusions, as_of)
        boundary = (await self.session.execute(select(Person.id).where(*where, Person.id > after_id)
                                               .order_by(Person.id).offset(batch - 1).limit(1))).scalar_one_or_none()
        chunk = [*where, Person.id > after_id] + ([Person.id <= boundary] if boundary is not None else [])
        rows = select(literal(broadcast_id, Integer), Person.id, Person.platform, Person.chat_id,
                      Person.language, literal(DeliveryStatus.PENDING.value, String), literal(0, Integer)
                      ).where(*chunk)
        await self.session.execute(insert(Delivery).from_select(_FILL_COLUMNS, rows))
        return boundary

    async def deliver_to(self, broadcast_id: int, person_ids: Sequence[int], not_before: datetime | None = None) -> int:
        """One pending delivery of a service notice to each of these people who can still be reached (not forgotten,
        not unreachable; whether they stopped broadcasts does not matter), not sent before `not_before` (kept on the
        delivery, so it holds after an erasure empties the person's row); how many."""
        if not person_ids:
            return 0
        rows = (select(literal(broadcast_id, Integer), Person.id, Person.platform, Person.chat_id, Person.language,
                       literal(DeliveryStatus.PENDING.value, String), literal(0, Integer),
                       literal(not_before, UTCDateTime()))
                .where(Person.id.in_(list(person_ids)), Person.forgotten_at.is_(None), Person.unreachable.is_(False)))
        return rowcount(await self.session.execute(insert(Delivery).from_select([*_FILL_COLUMNS, "not_before"], rows)))

    async def delivery_count(self, broadcast_id: int) -> int:
        """How many deliveries a broadcast has."""
        return int((await self.session.execute(select(func.count()).select_from(Delivery)
                                               .where(Delivery.broadcast_id == broadcast_id))).scalar_one())

    async def claim(self, *, worker_id: str, broadcast_ids: Sequence[int], platform: str, limit: int,
                    now: datetime) -> Sequence[Row[int, int, int, int, str, int]]:
        """Take up to `limit` due pending deliveries of these broadcasts for this worker, lowest ids first;
        returns (id, broadcast_id, person_id, chat_id, language, attempts) rows.

        On PostgreSQL the rows are picked FOR UPDATE SKIP LOCKED, so several workers claim side by side
        without waiting on or doubling each other; SQLite serialises writers anyway."""
        pick = (select(Delivery.id)
                .where(Delivery.broadcast_id.in_(broadcast_ids), Delivery.status == DeliveryStatus.PENDING,
                       Delivery.platform == platform,
                       or_(Delivery.not_before.is_(None), Delivery.not_before <= now),
                       *teens_not_now(Delivery.person_id, now))  # a teen's message waits for 08:00
                .order_by(Delivery.id).limit(limit))
        statement = (update(Delivery).where(Delivery.id.in_(skip_locked(self.session, pick).scalar_subquery()))
                     .values(status=DeliveryStatus.CLAIMED, claimed_by=worker_id, claimed_at=now)
                     .returning(Delivery.id, Delivery.broadcast_id, Delivery.person_id, Delivery.chat_id,
                                Delivery.language, Delivery.attempts)
                     .execution_options(synchronize_session=False))
        return (await self.session.execute(statement)).all()

    def _held(self, worker_id: str) -> list[Any]:
        return [_DELIVERIES.c.claimed_by == worker_id, _DELIVERIES.c.status == DeliveryStatus.CLAIMED.value]

    async def mark_sent(self, delivery_ids: Sequence[int], worker_id: str, now: datetime) -> None:
        """Confirm deliveries sent (only those this worker still holds)."""
        await self.session.execute(update(_DELIVERIES).where(_DELIVERIES.c.id.in_(delivery_ids),
                                                             *self._held(worker_id))
                                   .values(status=DeliveryStatus.SENT.value, sent_at=now))

    async def mark_blocked(self, delivery_ids: Sequence[int], person_ids: set[int], worker_id: str,
                           error: str | None) -> None:
        """Record deliveries refused because the person blocked the bot, and mark those people unreachable."""
        await self.session.execute(update(_DELIVERIES).where(_DELIVERIES.c.id.in_(delivery_ids),
                                                             *self._held(worker_id))
                                   .values(status=DeliveryStatus.BLOCKED.value, error=error))
        await self.session.execute(update(Person).where(Person.id.in_(person_ids))
                                   .values(unreachable=True).execution_options(synchronize_session=False))

    async def settle(self, worker_id: str, outcomes: Sequence[Mapping[str, Any]]) -> None:
        """Write one outcome per held delivery in one batch: each mapping has id, status, error, not_before,
        attempts and claimed_by (None to give the delivery back)."""
        await self.session.execute(_SETTLE, [
            {"d_id": o["id"], "d_worker": worker_id, "d_status": o["status"], "d_error": o["error"],
             "d_not_before": o["not_before"], "d_attempts": o["attempts"], "d_claimed_by": o["claimed_by"]}
            for o in outcomes])

    async def cancel_returned(self, delivery_ids: Sequence[int]) -> None:
        """Deliveries just given back whose broadcast was cancelled meanwhile become cancelled, not pending."""
        cancelled = select(Broadcast.id).where(Broadcast.status == BroadcastStatus.CANCELLED)
        await self.session.execute(update(_DELIVERIES).where(
            _DELIVERIES.c.id.in_(delivery_ids), _DELIVERIES.c.status == DeliveryStatus.PENDING.value,
            _DELIVERIES.c.broadcast_id.in_(cancelled)).values(status=DeliveryStatus.CANCELLED.value))

    async def release(self, *, worker_id: str | None = None, stale_before: datetime | None = None) -> int:
        """Put claimed deliveries back to pending: this worker's (after a restart) or leases older than
        `stale_before`; returns how many."""
        conditions = []
        if worker_id is not None:
            conditions.append(Delivery.claimed_by == worker_id)
        if stale_before is not None:
            conditions.append(Delivery.claimed_at < stale_before)
        if not conditions:
            return 0
        return rowcount(await self.session.execute(
            update(Delivery).where(Delivery.status == DeliveryStatus.CLAIMED, or_(*conditions))
            .values(status=DeliveryStatus.PENDING, claimed_by=None).execution_options(synchronize_session=False)))

    async def open_count(self, broadcast_ids: Sequence[int]) -> int:
        """Deliveries still pending or claimed in these broadcasts (whenever they are due)."""
        return int((await self.session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.broadcast_id.in_(broadcast_ids), Delivery.status.in_(_OPEN)))).scalar_one())

    async def cancel_pending(self, broadcast_id: int) -> None:
        """A broadcast's pending deliveries become cancelled."""
        await self.session.execute(update(Delivery).where(Delivery.broadcast_id == broadcast_id,
                                                          Delivery.status == DeliveryStatus.PENDING)
                                   .values(status=DeliveryStatus.CANCELLED)
                                   .execution_options(synchronize_session=False))

    async def counts_by_status(self, broadcast_id: int) -> dict[str, int]:
        """A broadcast's deliveries counted by status."""
        rows = await self.session.execute(select(Delivery.status, func.count()).where(
            Delivery.broadcast_id == broadcast_id).group_by(Delivery.status))
        return {status: count for status, count in rows}

    async def sent_since(self, broadcast_id: int, since: datetime) -> int:
        """A broadcast's deliveries sent at or after `since`."""
        return int((await self.session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.broadcast_id == broadcast_id, Delivery.status == DeliveryStatus.SENT,
            Delivery.sent_at >= since))).scalar_one())

    async def open_by_status(self) -> dict[str, int]:
        """Every broadcast's pending and claimed deliveries, counted by status (the outbox gauge)."""
        rows = await self.session.execute(select(Delivery.status, func.count()).where(
            Delivery.status.in_(_OPEN)).group_by(Delivery.status))
        return {status: count for status, count in rows}

    async def oldest_due(self, broadcast_ids: Sequence[int], now: datetime) -> datetime | None:
        """When the longest-waiting pending delivery of these broadcasts that is due now became due."""
        due = func.coalesce(Delivery.not_before, Broadcast.not_before, Broadcast.started_at, Broadcast.created_at)
        return (await self.session.execute(
            select(func.min(due, type_=UTCDateTime())).select_from(Delivery)
            .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
            .where(Delivery.broadcast_id.in_(broadcast_ids), Delivery.status == DeliveryStatus.PENDING,
                   or_(Delivery.not_before.is_(None), Delivery.not_before <= now)))).scalar_one_or_none()

    async def buttons_sent(self, broadcast_id: int, person_id: int) -> list[dict[str, Any]] | None:
        """The buttons of a broadcast, when it was sent (queued) to this person; None otherwise."""
        return (await self.session.execute(
            select(Broadcast.buttons).join(Delivery, Delivery.broadcast_id == Broadcast.id)
            .where(Broadcast.id == broadcast_id, Delivery.person_id == person_id))).scalar_one_or_none()

    # Opt-outs: the flags every audience reads

    async def opt_out_everywhere(self, person_id: int, now: datetime) -> None:
        """Stop every campaign's broadcasts to a person."""
        await self.session.execute(update(Person).where(Person.id == person_id).values(opted_out_at=now))

    async def opt_out_of(self, person_id: int, campaign_id: int, now: datetime) -> None:
        """Stop one campaign's broadcasts to a person (a left membership row carries it for a non-member)."""
        membership = (await self.session.execute(select(Membership).where(
            Membership.person_id == person_id, Membership.campaign_id == campaign_id))).scalar_one_or_none()
        if membership is None:
            self.session.add(Membership(person_id=person_id, campaign_id=campaign_id, joined_at=now, left_at=now,
                                        opted_out=True))
        else:
            membership.opted_out = True

    async def opt_in(self, person_id: int, campaign_id: int) -> None:
        """Receive a campaign's broadcasts again; also lifts a global stop."""
        await self.session.execute(update(Membership).where(Membership.person_id == person_id,
                                                            Membership.campaign_id == campaign_id)
                                   .values(opted_out=False).execution_options(synchronize_session=False))
        await self.session.execute(update(Person).where(Person.id == person_id).values(opted_out_at=None)
                                   .execution_options(synchronize_session=False))

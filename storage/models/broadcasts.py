"""Broadcasts, their outbox of deliveries, and scheduled events with their firings."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class BroadcastStatus(enum.StrEnum):
    """Where a broadcast is in its life."""

    PREPARING = "preparing"  # delivery rows being written
    RUNNING = "running"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    DONE = "done"


class BroadcastKind(enum.StrEnum):
    """Whom a broadcast is for, which decides its stop button and whether opting out holds it back."""

    # An audience's message (campaign news, a manager's broadcast, a call-out to a region's volunteers): it ends
    # with "stop these messages" and skips whoever stopped broadcasts.
    ORDINARY = "ordinary"
    # A notice to named people about a service they are in (a referral they handle or made, their shift, their
    # teen's consent, their own broadcast's approval): no stop button, and delivered even to a person who
    # stopped broadcasts (they asked not to get campaign news, not to leave the service).
    SERVICE = "service"


class DeliveryStatus(enum.StrEnum):
    """Where one message to one person is."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
    AMBIGUOUS = "ambiguous"
    CANCELLED = "cancelled"


class ScheduleKind(enum.StrEnum):
    """When a scheduled message fires."""

    AT = "at"  # once, at a moment
    AFTER_JOIN = "after_join"  # N days after joining, while no pledge
    MONTHLY_PLEDGE = "monthly_pledge"  # the 1st of each Jalali month, to monthly pledgers
    PLEDGE_OVERDUE = "pledge_overdue"  # when a pledge passes its due date
    AREA_FEEDBACK = "area_feedback"  # the 1st of each Jalali month: what each participant's area achieved


class Broadcast(Base):
    """One message to an audience; its deliveries are the outbox."""

    __tablename__ = "broadcasts"
    __table_args__ = (Index("ix_broadcasts_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("broadcast_schedules.id", ondelete="SET NULL"),
                                                    index=True)
    status: Mapped[str] = mapped_column(String(16), default=BroadcastStatus.PREPARING)
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(16), default=BroadcastKind.ORDINARY,
                                      server_default=BroadcastKind.ORDINARY.value)
    text: Mapped[str | None] = mapped_column(Text)
    text_key: Mapped[str | None] = mapped_column(String(64))  # a locale id the bot renders per reader
    text_args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    photo: Mapped[str | None] = mapped_column(String(512))
    buttons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    segment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    quiet_hours: Mapped[str | None] = mapped_column(String(16))
    skip_recent_days: Mapped[int | None] = mapped_column(Integer)
    message_key: Mapped[str | None] = mapped_column(String(64))
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime())
    total: Mapped[int] = mapped_column(Integer, default=0)
    manager_platform: Mapped[str | None] = mapped_column(String(16))
    manager_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Delivery(Base):
    """One message to one person: the unit a worker claims, sends and confirms."""

    __tablename__ = "broadcast_deliveries"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "person_id"),
        Index("ix_broadcast_deliveries_claim", "broadcast_id", "status", "id"),
        Index("ix_broadcast_deliveries_claimed", "status", "claimed_by"),
        Index("ix_broadcast_deliveries_person", "person_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(8), default="fa")
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(String(256))


class Schedule(Base):
    """A scheduled or relative campaign event (like a RapidPro campaign event)."""

    __tablename__ = "broadcast_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Where a campaign file's event came from ("<slug>#<event id>"); None for a manager's own schedule.
    source: Mapped[str | None] = mapped_column(String(96), unique=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    days: Mapped[int | None] = mapped_column(Integer)
    month_day: Mapped[int | None] = mapped_column(Integer)  # monthly: the Jalali day of the month (None: the 1st)
    hour: Mapped[int | None] = mapped_column(Integer)  # relative events: not before this hour, Iran time
    text: Mapped[str | None] = mapped_column(Text)
    text_key: Mapped[str | None] = mapped_column(String(64))
    text_args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # a {fa, en} value is per reader
    photo: Mapped[str | None] = mapped_column(String(512))
    buttons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    segment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ScheduleFiring(Base):
    """One occurrence of a schedule; the unique key makes it fire exactly once across workers."""

    __tablename__ = "broadcast_schedule_firings"
    __table_args__ = (UniqueConstraint("schedule_id", "occurrence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("broadcast_schedules.id", ondelete="CASCADE"))
    occurrence: Mapped[str] = mapped_column(String(32))
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcasts.id", ondelete="SET NULL"))
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class JobRun(Base):
    """One daily job on one Iran day; the unique key makes it run once a day across workers."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(32))
    day: Mapped[date] = mapped_column(Date)
    worker: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

"""Assignments and emergency call-outs, volunteers' answers to them, their waves, and the time bank."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class AssignmentStatus(enum.StrEnum):
    """Where an assignment is in its life."""

    OPEN = "open"  # taking acceptances
    FILLED = "filled"  # headcount reached
    EXPIRED = "expired"  # deadline passed before it filled
    CANCELLED = "cancelled"


class ResponseStatus(enum.StrEnum):
    """Where one volunteer stands with one assignment."""

    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TOO_LATE = "too_late"  # pressed Accept after it filled
    CHECKED_IN = "checked_in"
    CHECKED_OUT = "checked_out"


class HoursSource(enum.StrEnum):
    """Where hours in the time bank come from."""

    ASSIGNMENT = "assignment"  # checked out of an assignment
    MANAGER = "manager"  # confirmed by a manager


class Assignment(Base):
    """Work a manager asks for: N volunteers of an axis or specialty, in a region, at a time."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_status", "status", "urgent"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(300))
    province_code: Mapped[str] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(96))
    axis: Mapped[str | None] = mapped_column(String(32))
    specialty: Mapped[str | None] = mapped_column(String(32))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    hours: Mapped[int] = mapped_column(Integer, default=2)  # expected length, for the invitation
    headcount: Mapped[int] = mapped_column(Integer)
    accepted_count: Mapped[int] = mapped_column(Integer, default=0)  # the race-safe counter
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)  # a MOHEB call-out
    status: Mapped[str] = mapped_column(String(16), default=AssignmentStatus.OPEN)
    wave: Mapped[int] = mapped_column(Integer, default=0)  # last wave sent (1 county, 2 province, 3 neighbours)
    wave_every: Mapped[int] = mapped_column(Integer, default=300)  # seconds before widening
    next_wave_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    remind_before: Mapped[int] = mapped_column(Integer, default=3600)  # seconds
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    manager_platform: Mapped[str | None] = mapped_column(String(16))
    manager_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    progress_shown: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    filled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AssignmentResponse(Base):
    """One volunteer's invitation to an assignment and what they did with it."""

    __tablename__ = "assignment_responses"
    __table_args__ = (
        UniqueConstraint("assignment_id", "person_id"),
        Index("ix_assignment_responses_status", "assignment_id", "status"),
        Index("ix_assignment_responses_person", "person_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    wave: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default=ResponseStatus.INVITED)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AssignmentWave(Base):
    """One wave of invitations: the engine broadcast that carried it."""

    __tablename__ = "assignment_waves"
    __table_args__ = (UniqueConstraint("assignment_id", "wave"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    wave: Mapped[int] = mapped_column(Integer)  # 0 is the reminder to the accepted
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcasts.id", ondelete="SET NULL"), index=True)
    invited: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HoursEntry(Base):
    """Hours credited to a volunteer in the time bank (minutes, so sums are exact everywhere)."""

    __tablename__ = "hours_entries"
    __table_args__ = (
        UniqueConstraint("assignment_id", "person_id"),  # one credit per assignment; manager rows have none
        Index("ix_hours_entries_person", "person_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    minutes: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id", ondelete="SET NULL"))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

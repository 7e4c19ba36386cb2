"""Shift reminders (who confirmed, released, refilled) and the monthly message on what an area achieved."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class ShiftState(enum.StrEnum):
    """What an accepted volunteer made of the shift reminders."""

    CONFIRMED = "confirmed"  # «می‌آیم»
    RELEASED = "released"  # «نمی‌توانم بیایم»: the place was freed
    UNCONFIRMED = "unconfirmed"  # neither by the start


class ShiftReminder(Base):
    """One reminder round of an assignment (24 or 1 hours before it, or 0: the start passed); the unique key
    makes each happen once however many workers run."""

    __tablename__ = "shift_reminders"
    __table_args__ = (UniqueConstraint("assignment_id", "lead"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    lead: Mapped[int] = mapped_column(Integer)  # hours before the start
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcasts.id", ondelete="SET NULL"))
    reminded: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ShiftAnswer(Base):
    """One volunteer's answer to the shift reminders of one assignment, and whether they took a freed place."""

    __tablename__ = "shift_answers"
    __table_args__ = (UniqueConstraint("assignment_id", "person_id"),
                      Index("ix_shift_answers_state", "assignment_id", "state"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    state: Mapped[str | None] = mapped_column(String(16))  # a ShiftState, None before any answer
    refill: Mapped[bool] = mapped_column(Boolean, default=False)  # took a place someone released
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AreaFeedbackOptOut(Base):
    """A person who asked not to receive the monthly message on what their area achieved."""

    __tablename__ = "area_feedback_optouts"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AreaFigures(Base):
    """What one area achieved in one campaign in one Jalali month, as the monthly message states it.

    A province's row has no county, a county's no neighbourhood; campaign_id None holds the area's
    volunteer hours (they belong to no campaign). Written once per month when the message is queued."""

    __tablename__ = "area_feedback_figures"
    __table_args__ = (Index("ix_area_feedback_figures_area", "period", "province_code", "county_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7))  # Jalali YYYY-MM
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    province_code: Mapped[str] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(96))
    neighbourhood: Mapped[str | None] = mapped_column(String(128))
    pledges: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)  # tomans
    fulfilled: Mapped[int] = mapped_column(Integer, default=0)
    wheelchairs: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int] = mapped_column(Integer, default=0)

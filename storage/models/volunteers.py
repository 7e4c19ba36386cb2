"""Volunteer registrations: axes, specialty, availability and region."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class Volunteer(Base):
    """A person's registration in the volunteer network (one per person)."""

    __tablename__ = "volunteers"
    __table_args__ = (Index("ix_volunteers_match", "specialty", "on_call", "province_code", "county_code"),
                      # A province's volunteers registered by a moment (the overview's newcomers, the council report).
                      Index("ix_volunteers_place_registered", "province_code", "registered_at",
                            postgresql_include=["person_id"]))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    axes: Mapped[list[str]] = mapped_column(JSON, default=list)
    specialty: Mapped[str] = mapped_column(String(32))
    days: Mapped[list[str]] = mapped_column(JSON, default=list)
    hours: Mapped[str] = mapped_column(String(16))
    on_call: Mapped[bool] = mapped_column(Boolean, default=False)
    province_code: Mapped[str | None] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(96))
    skills: Mapped[str | None] = mapped_column(Text)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

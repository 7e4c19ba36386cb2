"""Teens of the MANA programme: a declared year of birth, a guardian's consent, and the assignments fit for teens."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class ConsentStatus(enum.StrEnum):
    """Where a guardian's consent stands."""

    AWAITING = "awaiting_guardian"  # the teen passed on the code; no guardian answered yet
    CONFIRMED = "confirmed"  # a guardian accepted: the teen takes part
    REFUSED = "refused"  # a guardian refused: the teen's data was erased
    EXPIRED = "expired"  # nobody answered within 14 days: the teen's data was erased
    WITHDRAWN = "withdrawn"  # the guardian withdrew an accepted consent: the teen's data was erased
    FORGOTTEN = "forgotten"  # the teen (or their guardian) erased the teen's data


class BirthYear(Base):
    """A person's declared Jalali year of birth, and the moment they count as an adult (Nowruz of the year they
    are 18 all year round: the year alone cannot say whether the birthday has passed, so a teen is protected
    for a few months too long rather than too short). Storage compares `adult_from` only: no calendar here."""

    __tablename__ = "birth_years"
    __table_args__ = (Index("ix_birth_years_adult_from", "adult_from"),)

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    adult_from: Mapped[datetime] = mapped_column(UTCDateTime())
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class GuardianConsent(Base):
    """A teen's request for a guardian's consent, by a one-time code, and its answer.

    The row outlives an erasure (teen_id and the draft are emptied) so a code used again gets a clear answer."""

    __tablename__ = "guardian_consents"
    __table_args__ = (Index("ix_guardian_consents_status", "status", "requested_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    teen_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), unique=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(24), default=ConsentStatus.AWAITING)
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    phone_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    draft: Mapped[dict[str, object] | None] = mapped_column(JSON)  # the volunteer registration waiting for consent
    province_code: Mapped[str | None] = mapped_column(String(64))  # kept for the counts after an erasure
    county_code: Mapped[str | None] = mapped_column(String(96))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TeenAssignment(Base):
    """An assignment a manager marked as suitable for teens (only these reach teens; never a call-out)."""

    __tablename__ = "teen_assignments"

    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

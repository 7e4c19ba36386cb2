"""The referral system (نظام ارجاع) of the MOHEB teams: service providers, and the referrals a volunteer on a
call-out records for a person who needs specialised help."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class ServiceKind(enum.StrEnum):
    """What a provider offers, and what a referred person needs (one list for both)."""

    PSYCHOLOGY = "psychology"
    PSYCHIATRY = "psychiatry"
    SOCIAL_WORK = "social_work"
    REHABILITATION = "rehabilitation"
    LEGAL = "legal"
    HOUSING = "housing"


class Urgency(enum.StrEnum):
    """How soon the person must be contacted: "today" bypasses quiet hours and is overdue after 48 hours."""

    TODAY = "today"
    WEEK = "week"


class ReferralStatus(enum.StrEnum):
    """Where a referral is: open → assigned (to a provider) → contacted → closed."""

    OPEN = "open"
    ASSIGNED = "assigned"
    CONTACTED = "contacted"
    CLOSED = "closed"


class ReferralOutcome(enum.StrEnum):
    """How a closed referral ended."""

    SERVED = "served"
    DECLINED = "declined"
    UNREACHABLE = "unreachable"


class ServiceProvider(Base):
    """A service a manager can refer people to, in their region; its contact is for managers only."""

    __tablename__ = "referral_providers"
    __table_args__ = (Index("ix_referral_providers_region", "province_code", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "<file>#<key>" for a provider loaded from a YAML file (loaded again, it is updated, not doubled).
    source: Mapped[str | None] = mapped_column(String(96), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(24))
    province_code: Mapped[str] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(96))
    contact: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Referral(Base):
    """A person a volunteer met on a call-out, referred to a specialised service.

    The person's name and phone are kept only when they agreed to be contacted; the referrer is dropped
    (referrer_id NULL) when the volunteer uses /forget, and the referral stays."""

    __tablename__ = "referrals"
    __table_args__ = (
        Index("ix_referrals_region", "province_code", "status"),
        Index("ix_referrals_waiting", "status", "contacted_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nonce: Mapped[str] = mapped_column(String(32), unique=True)  # the Send button's: a double tap finds the first
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id", ondelete="SET NULL"), index=True)
    referrer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    need: Mapped[str] = mapped_column(String(24))
    urgency: Mapped[str] = mapped_column(String(8))
    province_code: Mapped[str] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(96))
    note: Mapped[str | None] = mapped_column(String(300))
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    person_name: Mapped[str | None] = mapped_column(String(80))  # only with consent
    person_phone: Mapped[str | None] = mapped_column(String(16))  # only with consent
    status: Mapped[str] = mapped_column(String(16), default=ReferralStatus.OPEN)
    outcome: Mapped[str | None] = mapped_column(String(16))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("referral_providers.id", ondelete="SET NULL"))
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

"""Manager roles (region-scoped grants), the append-only audit log, and broadcast approvals."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class RoleLevel(enum.StrEnum):
    """How far a manager's authority reaches, highest first."""

    SUPER_ADMIN = "super_admin"
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    COUNTY = "county"


class ApprovalStatus(enum.StrEnum):
    """Where a broadcast waiting for a second manager is."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class RoleGrant(Base):
    """A manager role given to a person by someone above; revoking keeps the row for history."""

    __tablename__ = "role_grants"
    __table_args__ = (Index("ix_role_grants_person_active", "person_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(16))
    province_code: Mapped[str | None] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(96))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEntry(Base):
    """One manager action: who, what, when, to whom and how many. Rows are only ever inserted."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_region", "province_code", "county_code", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    actor_level: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    audience: Mapped[str | None] = mapped_column(Text)  # a description of who the action touched
    count: Mapped[int | None] = mapped_column(Integer)
    province_code: Mapped[str | None] = mapped_column(String(64))  # the region the action concerned
    county_code: Mapped[str | None] = mapped_column(String(96))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ApprovalRequest(Base):
    """A broadcast over the approval threshold, waiting for a second manager (two-person rule)."""

    __tablename__ = "broadcast_approvals"
    __table_args__ = (Index("ix_broadcast_approvals_status", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    composer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    composer_platform: Mapped[str | None] = mapped_column(String(16))
    composer_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default=ApprovalStatus.PENDING)
    message: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    segment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    audience: Mapped[str] = mapped_column(Text, default="")
    count: Mapped[int] = mapped_column(Integer, default=0)
    province_code: Mapped[str | None] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(96))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcasts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

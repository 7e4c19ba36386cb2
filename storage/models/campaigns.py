"""Campaigns (loaded from YAML definitions) and who joined them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class Campaign(Base):
    """A campaign (pouyesh): its identity and dates as columns, the rest of its definition as JSON."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="active")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    checksum: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Membership(Base):
    """A person's participation in a campaign; leaving keeps the row for the campaign's history."""

    __tablename__ = "memberships"
    # A campaign's members (and when they joined or left) are read from the campaign's index alone on PostgreSQL:
    # the dashboard counts them by place for every active campaign (benchmarks/dashboard.py).
    __table_args__ = (UniqueConstraint("person_id", "campaign_id"),
                      Index("ix_memberships_campaign_members", "campaign_id", "person_id",
                            postgresql_include=["left_at", "joined_at"]),
                      # Who joined over a span (the overview's newcomers, the council report's quarter).
                      Index("ix_memberships_joined", "joined_at", postgresql_include=["person_id", "left_at"]))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)

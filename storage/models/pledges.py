"""Pledges of cash, in-kind help and payroll digits, and energy-consumption reports."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class PledgeStatus(enum.StrEnum):
    """Where a pledge is in its life."""

    PLEDGED = "pledged"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"


OPEN_STATUSES = (PledgeStatus.PLEDGED.value, PledgeStatus.OVERDUE.value)  # can still be fulfilled or cancelled
LIVE_STATUSES = (*OPEN_STATUSES, PledgeStatus.FULFILLED.value)  # count towards a campaign


class Pledge(Base):
    """A promise to a campaign; its idempotency key makes a double tap one pledge."""

    __tablename__ = "pledges"
    # A campaign's live pledges grouped by place (the dashboard's overview, campaign and province pages) are read
    # from this index alone on PostgreSQL, already in the grouping's order (no sort spilled to disk; the status is
    # filtered in the index): benchmarks/dashboard.py, 500,000 pledges.
    __table_args__ = (Index("ix_pledges_campaign_status", "campaign_id", "province_code", "county_code", "status",
                            postgresql_include=["kind", "amount", "quantity"]),
                      Index("ix_pledges_status_due_on", "status", "due_on"),
                      # A province's pledges made, and fulfilled, over a span (the council report's quarter).
                      Index("ix_pledges_place_created", "province_code", "created_at"),
                      Index("ix_pledges_place_fulfilled", "province_code", "fulfilled_at"),
                      Index("ix_pledges_series", "series_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # cash | in_kind | payroll
    amount: Mapped[int | None] = mapped_column(BigInteger)  # tomans for cash, rials for payroll digits
    item: Mapped[str | None] = mapped_column(String(128))
    quantity: Mapped[int | None] = mapped_column(Integer)
    province_code: Mapped[str | None] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(96))
    agency: Mapped[str | None] = mapped_column(String(128))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the campaign's extra questions
    recurrence: Mapped[str] = mapped_column(String(16), default="once")  # once | monthly
    period: Mapped[str | None] = mapped_column(String(7))  # Jalali YYYY-MM for monthly pledges
    status: Mapped[str] = mapped_column(String(16), default=PledgeStatus.PLEDGED.value)
    due_on: Mapped[date | None] = mapped_column(Date)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A monthly cash or in-kind pledge is a series: the first row, then one rolled row per Jalali month
    # pointing at it. `stopped_at` (set on every row of a series) ends it; cancelling one month does not.
    series_id: Mapped[int | None] = mapped_column(ForeignKey("pledges.id", ondelete="CASCADE"))
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class EnergyReport(Base):
    """A participant's electricity use for one Jalali month (or the baseline) in a saving drive."""

    __tablename__ = "energy_reports"
    __table_args__ = (Index("ix_energy_reports_person_campaign", "person_id", "campaign_id", "period",
                            unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8))  # "baseline" or Jalali YYYY-MM
    unit: Mapped[str] = mapped_column(String(8))  # kwh | rial
    value: Mapped[int] = mapped_column(BigInteger)
    province_code: Mapped[str | None] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(96))
    neighbourhood: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

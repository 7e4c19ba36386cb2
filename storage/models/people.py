"""People: one row per person per platform, with their profile and consent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class Person(Base):
    """A citizen, volunteer or manager as seen by one bot on one platform."""

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("platform", "platform_user_id"),
        Index("ix_people_region", "province_code", "county_code"),
        # The few forgotten people: counts that only exclude them (the council report's volunteers) anti-join this
        # small index instead of scanning every person (benchmarks/dashboard.py: report 132 ms -> 8 ms in EXPLAIN).
        Index("ix_people_forgotten", "id", postgresql_where=text("forgotten_at IS NOT NULL"),
              sqlite_where=text("forgotten_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(8), default="fa")
    first_name: Mapped[str | None] = mapped_column(String(128))
    phone: Mapped[str | None] = mapped_column(String(16))
    national_id: Mapped[str | None] = mapped_column(String(10))
    province_code: Mapped[str | None] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(96))
    neighbourhood: Mapped[str | None] = mapped_column(String(128))
    referral_code: Mapped[str] = mapped_column(String(16), unique=True)
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    forgotten_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # /stop: no campaign broadcasts
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

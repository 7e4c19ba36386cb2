"""What the managers' web dashboard keeps: the ids of login links already used and of sessions ended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class SpentDashboardToken(Base):
    """A one-time login link that was opened, or a session that was logged out: never accepted again.

    Rows past `expires_at` may be deleted (the signed link or cookie has expired by then anyway)."""

    __tablename__ = "dashboard_spent_tokens"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    spent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

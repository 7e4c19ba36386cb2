"""Queries and writes on broadcasts, deliveries, and the outbox's claims and leases; the unit of work commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class BroadcastRepository:
    """Every SQL statement on broadcasts, deliveries, and the outbox's claims and leases."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

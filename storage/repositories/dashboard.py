"""Writes on the dashboard's spent login links and ended sessions; the unit of work commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from storage.models.dashboard import SpentDashboardToken
from storage.repositories.base import Repository, insert_for, rowcount


class DashboardRepository(Repository):
    """The spent-token table: a token id is spent once; the first to spend it wins."""

    async def spend(self, token_id: str, now: datetime, expires_at: datetime) -> bool:
        """Mark a token id spent: True if this call spent it, False if it was spent before. One statement (ON
        CONFLICT DO NOTHING), so the primary key decides between two opens of the same link at once."""
        statement = insert_for(self.session, SpentDashboardToken).values(id=token_id, spent_at=now,
                                                                         expires_at=expires_at)
        result = await self.session.execute(statement.on_conflict_do_nothing(index_elements=["id"]))
        return rowcount(result) == 1

    async def is_spent(self, token_id: str) -> bool:
        """True when a token id was spent (a used link, a logged-out session)."""
        found = await self.session.execute(select(SpentDashboardToken.id).where(SpentDashboardToken.id == token_id))
        return found.scalar_one_or_none() is not None

    async def forget_expired(self, now: datetime) -> int:
        """Delete the spent ids whose link or session has expired anyway; how many."""
        return rowcount(await self.session.execute(
            delete(SpentDashboardToken).where(SpentDashboardToken.expires_at < now)))

"""What every repository shares: the unit of work's session, and writing a new row for its id."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession


class _Row(Protocol):
    id: Any


def rowcount(result: Any) -> int:
    """Rows an UPDATE or DELETE touched (0 when the driver does not say)."""
    return int(getattr(result, "rowcount", 0) or 0)


class Repository:
    """SQL statements over the unit of work's session; a repository never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _written(self, row: _Row) -> int:
        """Stage a new row and write it now (a flush, not a commit); its id."""
        self.session.add(row)
        await self.session.flush()
        return int(row.id)

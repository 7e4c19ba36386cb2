"""What every repository shares: the unit of work's session, writing a new row for its id, and the INSERT of
the session's dialect."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


class _Row(Protocol):
    id: Any


def insert_for(session: AsyncSession, table: Any) -> postgresql.Insert | sqlite.Insert:
    """``INSERT INTO table`` in the session's dialect, for the statements that need ON CONFLICT: both dialects'
    inserts take ``on_conflict_do_nothing`` and ``on_conflict_do_update`` with the same arguments
    (``index_elements``, ``set_``, ``where``)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    return insert(table)


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

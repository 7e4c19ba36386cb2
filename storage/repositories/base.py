"""What every repository shares: the unit of work's session, writing a new row for its id, and the few pieces
of SQL written per dialect (the session's dialect, its INSERT, row locks, the greatest of several values)."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import ColumnElement

S = TypeVar("S", bound=Select[Any])


class _Row(Protocol):
    id: Any


def dialect_of(session: AsyncSession) -> str:
    """The database the session talks to, ``postgresql`` or ``sqlite``: the one answer every statement written
    per dialect asks (the engine the session resolves to, as its statements do)."""
    return session.get_bind().dialect.name


def insert_for(session: AsyncSession, table: Any) -> postgresql.Insert | sqlite.Insert:
    """``INSERT INTO table`` in the session's dialect, for the statements that need ON CONFLICT: both dialects'
    inserts take ``on_conflict_do_nothing`` and ``on_conflict_do_update`` with the same arguments
    (``index_elements``, ``set_``, ``where``)."""
    insert = postgresql.insert if dialect_of(session) == "postgresql" else sqlite.insert
    return insert(table)


def skip_locked(session: AsyncSession, query: S) -> S:
    """``query`` with FOR UPDATE SKIP LOCKED on PostgreSQL, so several workers take different rows side by side
    without waiting on or doubling each other; unchanged on SQLite, which has no row locks (one writer at a
    time does the same)."""
    return query.with_for_update(skip_locked=True) if dialect_of(session) == "postgresql" else query


def greatest(session: AsyncSession, *values: Any) -> ColumnElement[Any]:
    """The largest of several values of one row: PostgreSQL's ``greatest(...)``; SQLite's ``max(...)`` with two
    or more arguments, its scalar form (with one it would be the aggregate)."""
    if len(values) < 2:
        raise ValueError("greatest() compares two values or more")
    return func.greatest(*values) if dialect_of(session) == "postgresql" else func.max(*values)


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

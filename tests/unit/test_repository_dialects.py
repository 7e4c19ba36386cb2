"""The SQL written per dialect (storage/repositories/base.py) follows the session's database: one answer to
"which dialect" for the unit of work and the repositories, row locks and the greatest of two values in each.
No server is needed: an engine connects on first use, and compiling uses only its dialect."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.sql import ClauseElement

from storage.models.assignments import Assignment
from storage.models.broadcasts import Delivery
from storage.repositories.base import dialect_of, greatest, skip_locked
from storage.unit_of_work import UnitOfWork

ENGINES = {"postgresql": "postgresql+asyncpg://hamyar@127.0.0.1/unused", "sqlite": "sqlite+aiosqlite://"}


def _session(name: str) -> AsyncSession:
    return AsyncSession(create_async_engine(ENGINES[name]))


def _sql(session: AsyncSession, statement: ClauseElement) -> str:
    return str(statement.compile(dialect=session.get_bind().dialect))


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_the_unit_of_work_and_the_repositories_name_one_dialect(name: str) -> None:
    session = _session(name)
    assert dialect_of(session) == UnitOfWork(session).dialect == name


def test_a_claim_skips_locked_rows_on_postgresql_and_takes_no_lock_on_sqlite() -> None:
    postgres, lite = _session("postgresql"), _session("sqlite")
    pick = select(Delivery.id).limit(5)
    assert _sql(postgres, skip_locked(postgres, pick)).endswith("FOR UPDATE SKIP LOCKED")
    assert "FOR UPDATE" not in _sql(lite, skip_locked(lite, pick))


def test_the_greatest_of_two_columns_in_each_dialect() -> None:
    postgres, lite = _session("postgresql"), _session("sqlite")
    assert _sql(postgres, greatest(postgres, Assignment.deadline, Assignment.starts_at)) == (
        "greatest(assignments.deadline, assignments.starts_at)")
    assert _sql(lite, greatest(lite, Assignment.deadline, Assignment.starts_at)) == (
        "max(assignments.deadline, assignments.starts_at)")
    with pytest.raises(ValueError):
        greatest(lite, Assignment.deadline)  # max() of one column is SQLite's aggregate, not the larger value

"""The migration stairway: every revision upgrades, downgrades and upgrades again."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from sqlalchemy import inspect

from storage.db import create_engine
from storage.migrate import downgrade, revisions, upgrade
from storage.models import Base
from tests.conftest import _drop, _pg_admin


@pytest.fixture
def empty_db_url(tmp_path: Path) -> object:
    """An empty database (not migrated)."""
    base = os.environ.get("HAMYAR_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite+aiosqlite:///{tmp_path / 'stairway.db'}"
        return
    name = f"hamyar_stairway_{os.getpid()}"
    asyncio.run(_pg_admin(base, _drop(name), f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + "/" + name
    asyncio.run(_pg_admin(base, _drop(name)))


async def _tables(url: str) -> set[str]:
    engine = create_engine(url, pool_size=1)
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    await engine.dispose()
    return names - {"alembic_version"}


def test_stairway(empty_db_url: str) -> None:
    steps = revisions(empty_db_url)
    assert steps, "no migrations found"
    previous = "base"
    for revision in steps:
        upgrade(empty_db_url, revision)
        downgrade(empty_db_url, previous)
        upgrade(empty_db_url, revision)
        previous = revision
    assert asyncio.run(_tables(empty_db_url)) == set(Base.metadata.tables)
    downgrade(empty_db_url, "base")
    assert asyncio.run(_tables(empty_db_url)) == set()

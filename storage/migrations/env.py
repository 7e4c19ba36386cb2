"""Alembic environment: runs migrations on the async engine for PostgreSQL or SQLite."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from alembic import context
from alembic.operations import ops
from dotenv import dotenv_values
from sqlalchemy.engine import Connection

from storage.db import create_engine, default_database_url
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    """The database to migrate: the one the caller passed (storage.migrate), alembic.ini's sqlalchemy.url,
    DATABASE_URL from the environment or .env (as the programs read it), else the embedded default.
    Read here, not from the programs' settings: the migrations sit below them."""
    url = (config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
           or os.environ.get("DATABASE_URL") or dotenv_values(".env").get("DATABASE_URL"))
    return str(url or default_database_url())


def _plain_index_ops(_context: Any, _revision: Any, directives: list[Any]) -> None:
    """Autogenerate: a new table's indexes as plain op.create_index lines (no batch block: creating an
    index needs no table copy, not even on SQLite), and no drop_index before a table's own drop_table
    (dropping the table drops them). The generated initial revision stays short enough to read."""
    for script in directives:
        upgrade, downgrade = script.upgrade_ops, script.downgrade_ops
        created = {op.table_name for op in upgrade.ops if isinstance(op, ops.CreateTableOp)}
        dropped = {op.table_name for op in downgrade.ops if isinstance(op, ops.DropTableOp)}
        lifted: list[Any] = []
        for op in upgrade.ops:
            if isinstance(op, ops.ModifyTableOps) and op.table_name in created and all(
                    isinstance(inner, ops.CreateIndexOp) for inner in op.ops):
                lifted.extend(op.ops)
            else:
                lifted.append(op)
        upgrade.ops = lifted
        downgrade.ops = [op for op in downgrade.ops if not (
            isinstance(op, ops.ModifyTableOps) and op.table_name in dropped
            and all(isinstance(inner, ops.DropIndexOp) for inner in op.ops))]


# The regeneration script (scripts/regen_initial_migration.sh) writes the schema as two revisions, each under
# 400 lines: the first from these tables only (named in HAMYAR_MIGRATION_TABLES), the second from the rest.
_ONLY = {name for name in os.environ.get("HAMYAR_MIGRATION_TABLES", "").split(",") if name}


def _include(item: Any, name: str | None, kind: str, _reflected: bool, _compare_to: Any) -> bool:
    """Autogenerate: with HAMYAR_MIGRATION_TABLES set, only those tables and what belongs to them."""
    if not _ONLY:
        return True
    table = name if kind == "table" else getattr(getattr(item, "table", None), "name", None)
    return table is None or table in _ONLY


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        process_revision_directives=_plain_index_ops,
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(_url(), pool_size=1)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


def run_migrations_offline() -> None:
    """Emit SQL without a database connection."""
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        asyncio.run(_run_async())

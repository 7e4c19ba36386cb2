"""Queries and writes on role grants, approval requests and the audit log; the unit of work commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class RoleRepository:
    """Every SQL statement on role grants, approval requests and the audit log."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

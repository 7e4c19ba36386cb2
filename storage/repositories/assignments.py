"""Queries and writes on assignments, their responses and waves (call-outs), and hours; the unit of work commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class AssignmentRepository:
    """Every SQL statement on assignments, their responses and waves (call-outs), and hours."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

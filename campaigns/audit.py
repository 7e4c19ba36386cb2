"""The append-only audit log of manager actions: written beside each action, read newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person, utcnow
from storage.models.roles import AuditEntry, RoleLevel

PAGE_SIZE = 10


@dataclass(frozen=True)
class Actor:
    """A manager acting: their person id and the level and region of their widest role."""

    person_id: int
    level: RoleLevel
    province_code: str | None = None
    county_code: str | None = None


@dataclass(frozen=True)
class AuditView:
    """One audit entry as managers read it."""

    id: int
    actor_id: int | None
    actor_name: str | None
    actor_level: str
    action: str
    details: dict[str, Any]
    audience: str | None
    count: int | None
    province_code: str | None
    county_code: str | None
    at: datetime


def record(session: AsyncSession, actor: Actor, action: str, details: dict[str, Any] | None = None, *,
           audience: str | None = None, count: int | None = None, province_code: str | None = None,
           county_code: str | None = None) -> None:
    """Stage one audit entry in the caller's transaction (it commits with the action itself)."""
    session.add(AuditEntry(actor_id=actor.person_id, actor_level=actor.level.value, action=action,
                           details=details or {}, audience=audience, count=count, province_code=province_code,
                           county_code=county_code, at=utcnow()))


def _visible(reader: Actor) -> list[Any]:
    # A national reader sees everything; a provincial one its province; a county one its county.
    if reader.level in (RoleLevel.SUPER_ADMIN, RoleLevel.NATIONAL):
        return []
    if reader.level is RoleLevel.PROVINCIAL:
        return [AuditEntry.province_code == reader.province_code]
    return [AuditEntry.county_code == reader.county_code]


async def page(session: AsyncSession, reader: Actor, number: int = 0, size: int = PAGE_SIZE
               ) -> tuple[list[AuditView], int]:
    """One page of entries inside the reader's region, newest first, and how many there are in all."""
    where = _visible(reader)
    total = int((await session.execute(select(func.count()).select_from(AuditEntry).where(*where))).scalar_one())
    rows = await session.execute(
        select(AuditEntry, Person.first_name).outerjoin(Person, Person.id == AuditEntry.actor_id).where(*where)
        .order_by(AuditEntry.id.desc()).offset(number * size).limit(size))
    views = [AuditView(e.id, e.actor_id, name, e.actor_level, e.action, dict(e.details or {}), e.audience,
                       e.count, e.province_code, e.county_code, e.at) for e, name in rows.all()]
    return views, total

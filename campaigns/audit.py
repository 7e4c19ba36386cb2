"""The append-only audit log of manager actions: written beside each action, read newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.models import utcnow
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork

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


def record(uow: UnitOfWork, actor: Actor, action: str, details: dict[str, Any] | None = None, *,
           audience: str | None = None, count: int | None = None, province_code: str | None = None,
           county_code: str | None = None) -> None:
    """Stage one audit entry in the caller's unit of work (it commits with the action itself)."""
    uow.roles.add_audit(
        actor_id=actor.person_id, actor_level=actor.level.value, action=action, details=details or {},
        audience=audience, count=count, province_code=province_code, county_code=county_code, at=utcnow())


def _visible(reader: Actor) -> tuple[str | None, str | None]:
    # A national reader sees everything; a provincial one its province; a county one its county.
    if reader.level in (RoleLevel.SUPER_ADMIN, RoleLevel.NATIONAL):
        return None, None
    if reader.level is RoleLevel.PROVINCIAL:
        return reader.province_code or "", None  # a province-less provincial reader sees nothing
    return None, reader.county_code or ""


async def page(uow: UnitOfWork, reader: Actor, number: int = 0, size: int = PAGE_SIZE
               ) -> tuple[list[AuditView], int]:
    """One page of entries inside the reader's region, newest first, and how many there are in all."""
    province, county = _visible(reader)
    total = await uow.roles.audit_count(province, county)
    rows = await uow.roles.audit_page(province, county, number * size, size)
    views = [AuditView(e.id, e.actor_id, name, e.actor_level, e.action, dict(e.details or {}), e.audience,
                       e.count, e.province_code, e.county_code, e.at) for e, name in rows]
    return views, total

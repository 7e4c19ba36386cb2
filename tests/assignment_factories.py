"""Builders for assignment tests: volunteers in bulk, a manager, and a ready assignment."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns.assignments import AssignmentForm, AssignmentView, Manager, create
from campaigns.audit import Actor
from campaigns.volunteers import Specialty
from storage.models import Person, Volunteer, utcnow
from storage.models.roles import RoleGrant, RoleLevel
from storage.unit_of_work import UnitOfWork

COUNTY = "isfahan-isfahan"
OTHER_COUNTY = "isfahan-ardestan"


async def add_volunteers(session: AsyncSession, count: int, *, first_chat: int = 5000, platform: str = "telegram",
                         province: str = "isfahan", county: str | None = COUNTY, specialty: str = "psychologist",
                         on_call: bool = True, axes: tuple[str, ...] = ("health",), **fields: Any) -> list[int]:
    """Insert onboarded people registered as volunteers; return their person ids."""
    now = utcnow()
    rows = [{"platform": platform, "platform_user_id": first_chat + i, "chat_id": first_chat + i,
             "language": "fa", "referral_code": f"v{platform[0]}{first_chat + i}", "onboarded_at": now,
             "consent_at": now, "created_at": now, "last_seen_at": now, "province_code": province,
             "county_code": county, "unreachable": False, "first_name": f"V{first_chat + i}", **fields}
            for i in range(count)]
    ids = sorted((await session.execute(insert(Person).returning(Person.id), rows)).scalars().all())
    await session.execute(insert(Volunteer), [
        {"person_id": pid, "axes": list(axes), "specialty": specialty, "days": ["sat"], "hours": "any",
         "on_call": on_call, "province_code": province, "county_code": county, "registered_at": now,
         "updated_at": now} for pid in ids])
    await session.commit()
    return ids


async def add_manager(session: AsyncSession, *, user_id: int = 900, level: RoleLevel = RoleLevel.NATIONAL,
                      province: str | None = None, county: str | None = None) -> Actor:
    """A person holding a manager role; returns the actor."""
    now = utcnow()
    person = Person(platform="telegram", platform_user_id=user_id, chat_id=user_id, language="fa",
                    referral_code=f"m{user_id}", onboarded_at=now, consent_at=now, created_at=now,
                    last_seen_at=now, province_code=province or "isfahan")
    session.add(person)
    await session.flush()
    session.add(RoleGrant(person_id=person.id, level=level.value, province_code=province, county_code=county,
                          granted_at=now))
    await session.commit()
    return Actor(person.id, level, province, county)


def form(*, headcount: int = 3, urgent: bool = False, county: str | None = COUNTY, now: datetime | None = None,
         specialty: Specialty | None = Specialty.PSYCHOLOGIST, **fields: Any) -> AssignmentForm:
    """A valid assignment form starting tomorrow."""
    now = now or utcnow()
    values: dict[str, Any] = {"title": "Shelter support", "place": "Hall 2", "province_code": "isfahan",
                              "county_code": county, "starts_at": now + timedelta(days=1),
                              "headcount": headcount, "deadline": now + timedelta(hours=12),
                              "specialty": specialty, "urgent": urgent, **fields}
    return AssignmentForm(**values)


async def make(session: AsyncSession, actor: Actor, **fields: Any) -> AssignmentView:
    """Create an assignment from `form(**fields)`."""
    return await create(UnitOfWork(session), form(**fields), Manager(actor, "telegram", actor.person_id))

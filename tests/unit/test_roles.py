"""Roles: scopes, who may grant what where, super admins from the configuration, the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import audit, roles
from campaigns.audit import Actor
from campaigns.roles import RoleError, RoleRefusal, Scope
from storage.models import Person, utcnow
from storage.models.roles import AuditEntry, RoleGrant, RoleLevel
from storage.unit_of_work import UnitOfWork

NATIONAL = Scope(RoleLevel.NATIONAL)
ISFAHAN = Scope(RoleLevel.PROVINCIAL, "isfahan")
KASHAN = Scope(RoleLevel.COUNTY, "isfahan", "isfahan-kashan")


def test_scope_covers_and_contains() -> None:
    assert NATIONAL.covers("tehran", None) and NATIONAL.contains(ISFAHAN) and NATIONAL.contains(KASHAN)
    assert ISFAHAN.covers("isfahan", "isfahan-kashan") and not ISFAHAN.covers("tehran", "tehran-tehran")
    assert ISFAHAN.contains(KASHAN) and not ISFAHAN.contains(NATIONAL)
    assert not ISFAHAN.contains(Scope(RoleLevel.PROVINCIAL, "tehran"))
    assert KASHAN.covers("isfahan", "isfahan-kashan") and not KASHAN.covers("isfahan", None)
    assert not KASHAN.contains(ISFAHAN)
    assert ISFAHAN.outranks(RoleLevel.COUNTY) and not ISFAHAN.outranks(RoleLevel.PROVINCIAL)


def test_parse_identity() -> None:
    assert roles.parse_identity("telegram:123") == ("telegram", 123)
    assert roles.parse_identity(" bale:۴۵۶ ") == ("bale", 456)
    assert roles.parse_identity("whatsapp:1") is None and roles.parse_identity("telegram:x") is None


async def _people(session: AsyncSession, count: int) -> list[int]:
    now = utcnow()
    rows = [{"platform": "telegram", "platform_user_id": 10 + i, "chat_id": 10 + i, "referral_code": f"u{i}",
             "created_at": now, "last_seen_at": now, "phone": f"0912000000{i}"} for i in range(count)]
    ids = list((await session.execute(insert(Person).returning(Person.id), rows)).scalars().all())
    await session.commit()
    return sorted(ids)


async def test_grant_rules(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        admin, provincial, county, other = await _people(session, 4)
        boss = Actor(admin, RoleLevel.SUPER_ADMIN)
        await roles.grant(UnitOfWork(session), boss, provincial, RoleLevel.PROVINCIAL, "isfahan")
        manager = await roles.actor_of(UnitOfWork(session),
                                       roles.people.view(await session.get_one(Person, provincial)))
        assert manager == Actor(provincial, RoleLevel.PROVINCIAL, "isfahan", None)

        with pytest.raises(RoleError) as refused:
            await roles.grant(UnitOfWork(session), manager, county, RoleLevel.COUNTY, county_code="tehran-tehran")
        assert refused.value.code is RoleRefusal.OUT_OF_SCOPE
        with pytest.raises(RoleError) as refused:
            await roles.grant(UnitOfWork(session), manager, county, RoleLevel.PROVINCIAL, "isfahan")
        assert refused.value.code is RoleRefusal.NOT_ABOVE
        with pytest.raises(RoleError) as refused:
            await roles.grant(UnitOfWork(session), manager, provincial, RoleLevel.COUNTY, county_code="isfahan-kashan")
        assert refused.value.code is RoleRefusal.SELF

        grant_id = await roles.grant(UnitOfWork(session), manager, county, RoleLevel.COUNTY,
                                     county_code="isfahan-kashan")
        assert await roles.scope_of(UnitOfWork(session), county) == KASHAN
        # A county manager may not touch a provincial one; the provincial one may revoke the county role.
        with pytest.raises(RoleError):
            await roles.grant(UnitOfWork(session), Actor(county, RoleLevel.COUNTY, "isfahan", "isfahan-kashan"), other,
                              RoleLevel.COUNTY, county_code="isfahan-kashan")
        await roles.revoke(UnitOfWork(session), manager, grant_id)
        assert await roles.scope_of(UnitOfWork(session), county) is None
        with pytest.raises(RoleError) as refused:
            await roles.revoke(UnitOfWork(session), manager, grant_id)
        assert refused.value.code is RoleRefusal.NOT_ACTIVE

        await roles.grant(UnitOfWork(session), boss, other, RoleLevel.PROVINCIAL, "tehran")
        actions = (await session.execute(select(AuditEntry.action).order_by(AuditEntry.id))).scalars().all()
        assert actions == ["role_grant", "role_grant", "role_revoke", "role_grant"]
        # The provincial manager reads Isfahan's entries only, newest first; the super admin reads all.
        mine, total = await audit.page(UnitOfWork(session), manager)
        assert total == 3 and [e.action for e in mine] == ["role_revoke", "role_grant", "role_grant"]
        assert {e.province_code for e in mine} == {"isfahan"}
        _, total = await audit.page(UnitOfWork(session), boss)
        assert total == 4


async def test_super_admins_are_seeded_and_dropped(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        await roles.seed_super_admins(UnitOfWork(session), ["telegram:900001", "bale:7", "nonsense"])
        await roles.seed_super_admins(UnitOfWork(session), ["telegram:900001", "bale:7"])  # idempotent
        active = (await session.execute(select(RoleGrant).where(RoleGrant.revoked_at.is_(None)))).scalars().all()
        assert len(active) == 2 and {g.level for g in active} == {"super_admin"}
        await roles.seed_super_admins(UnitOfWork(session), ["telegram:900001"])
        active = (await session.execute(select(RoleGrant).where(RoleGrant.revoked_at.is_(None)))).scalars().all()
        assert len(active) == 1


async def test_find_person_by_code_or_phone(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        first, _ = await _people(session, 2)
        by_phone = await roles.find_person(UnitOfWork(session), "+98 912 000 0000")
        by_code = await roles.find_person(UnitOfWork(session), "U0")
        assert by_phone is not None and by_code is not None and by_phone.id == by_code.id == first
        assert await roles.find_person(UnitOfWork(session), "nobody") is None

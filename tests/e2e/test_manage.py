"""/manage over the emulator: citizens refused, the menu, roles granted and revoked, the audit log."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models.roles import AuditEntry, RoleGrant, RoleLevel
from tests.e2e.harness import Harness
from tests.e2e.journeys import expect, say, tap
from tests.e2e.manager_steps import name_the_grantee, open_roles, pick_level, revoke_role
from tests.e2e.managers import make_manager, managed, onboard_admin, open_menu, person_id

__all__ = ["managed"]


async def _counts(hamyar: Harness) -> tuple[int, int]:
    async with hamyar.session() as session:
        grants = (await session.execute(select(func.count()).select_from(RoleGrant))).scalar_one()
        audits = (await session.execute(select(func.count()).select_from(AuditEntry))).scalar_one()
    return int(grants), int(audits)


async def test_a_citizen_sending_manage_is_told_it_is_for_managers(managed: Harness) -> None:
    citizen = managed.user(3001, "Sara")
    await managed.onboard(citizen)
    before = await _counts(managed)
    reply = await say(citizen, "/manage", "ویژه مدیران")
    assert reply.inline_buttons == []
    assert await _counts(managed) == before


async def test_super_admin_grants_a_provincial_role_by_phone_and_it_is_audited(managed: Harness) -> None:
    admin = await onboard_admin(managed)
    citizen = managed.user(3002, "Reza")
    await managed.onboard(citizen, phone="+989131112233")
    roles_page = await open_roles(admin)
    assert "مدیر ارشد" in roles_page.text
    await name_the_grantee(admin, "۰۹۱۳۱۱۱۲۲۳۳", "Reza")  # typed in Persian digits
    await pick_level(admin, "مدیر استانی")
    await say(admin, "اصفهان", "نقش «مدیر استانی» برای اصفهان ثبت شد")

    reza = await person_id(managed, 3002)
    async with managed.session() as session:
        grant = (await session.execute(select(RoleGrant).where(RoleGrant.person_id == reza))).scalar_one()
        assert (grant.level, grant.province_code, grant.revoked_at) == ("provincial", "isfahan", None)
        entry = (await session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()))).scalars().first()
        assert entry is not None and entry.action == "role_grant" and entry.province_code == "isfahan"

    # Now Reza is a manager: /manage shows his menu and his region.
    menu = await open_menu(citizen)
    assert "مدیر استانی — اصفهان" in menu.text


async def test_a_provincial_manager_cannot_grant_outside_the_province_nor_a_peer_level(managed: Harness) -> None:
    manager = await make_manager(managed, 3003, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    other = managed.user(3004, "Omid")
    await managed.onboard(other, phone="+989140000004")
    await open_roles(manager)
    levels = await name_the_grantee(manager, "09140000004")
    # Only the level below hers is offered.
    assert "مدیر شهرستان" in levels.button_texts() and "مدیر استانی" not in levels.button_texts()
    before = await _counts(managed)
    await pick_level(manager, "مدیر شهرستان")
    await manager.send_text("شیراز")  # a county of Fars, not of Isfahan
    await expect(manager, "این شهرستان را پیدا نکردم")
    assert await _counts(managed) == before
    await say(manager, "کاشان", "نقش «مدیر شهرستان» برای اصفهان، کاشان ثبت شد")


async def test_revoke_and_audit_log_newest_first(managed: Harness) -> None:
    admin = await onboard_admin(managed)
    await make_manager(managed, 3005, RoleLevel.COUNTY, "isfahan", "isfahan-kashan", name="Kian")
    await revoke_role(admin, "Kian")
    kian = await person_id(managed, 3005)
    async with managed.session() as session:
        grant = (await session.execute(select(RoleGrant).where(RoleGrant.person_id == kian))).scalar_one()
        assert grant.revoked_at is not None
    kian_user = managed.user(3005, "Kian")
    await say(kian_user, "/manage", "ویژه مدیران")

    await open_menu(admin)
    log = await tap(admin, "گزارش کارها", "گزارش کارهای مدیران")
    assert "پس گرفتن نقش" in log.text
    assert "Admin (مدیر ارشد)" in log.text

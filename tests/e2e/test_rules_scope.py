"""A county manager's files and numbers hold their county and nothing else: not the next county of the same
province, not a pledge to the whole province, not another province (a privacy rule)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Membership, utcnow
from storage.models.roles import AuditEntry, RoleLevel
from tests.e2e.harness import Harness
from tests.e2e.journeys import tap
from tests.e2e.manager_steps import csv_rows, export, open_stats, xlsx_rows
from tests.e2e.managers import add_people, make_manager, managed
from tests.e2e.stats_data import add_pledge, add_volunteer, campaign_id

__all__ = ["managed"]


@pytest.fixture
async def seeded(managed: Harness) -> Harness:
    """People, members, pledges and volunteers in Kashan, in Isfahan county (same province) and in Tehran."""
    hamyar = managed
    kashan = await add_people(hamyar, 3, 70_000, "isfahan", "isfahan-kashan")
    isfahan = await add_people(hamyar, 2, 70_100, "isfahan", "isfahan-isfahan")
    tehran = await add_people(hamyar, 2, 70_200, "tehran", "tehran-tehran")
    dowry = await campaign_id(hamyar)
    async with hamyar.session() as session:
        session.add_all([Membership(person_id=p, campaign_id=dowry, joined_at=utcnow())
                         for p in (*kashan[:2], isfahan[0], tehran[0], tehran[1])])
        await session.commit()
    await add_pledge(hamyar, kashan[0], dowry, 1_000_000, "isfahan", "isfahan-kashan", status="fulfilled")
    await add_pledge(hamyar, kashan[1], dowry, 2_000_000, "isfahan", "isfahan-kashan")
    await add_pledge(hamyar, kashan[2], dowry, 3_500_000, "isfahan", "isfahan-kashan", status="cancelled")
    await add_pledge(hamyar, isfahan[0], dowry, 4_000_000, "isfahan", "isfahan-isfahan")
    await add_pledge(hamyar, kashan[0], dowry, 8_000_000, "isfahan", None)  # to the whole province
    await add_pledge(hamyar, tehran[0], dowry, 9_000_000, "tehran", "tehran-tehran")
    await add_volunteer(hamyar, kashan[0], "isfahan", "isfahan-kashan", ["health"])
    await add_volunteer(hamyar, isfahan[0], "isfahan", "isfahan-isfahan", ["health", "cultural"], "doctor")
    await add_volunteer(hamyar, tehran[0], "tehran", "tehran-tehran", ["cultural"], "teacher")
    return hamyar


async def test_county_manager_exports_hold_only_the_county(seeded: Harness) -> None:
    hamyar = seeded
    manager = await make_manager(hamyar, 7001, RoleLevel.COUNTY, "isfahan", "isfahan-kashan", name="Kaveh")
    menu = await open_stats(manager)

    rows = csv_rows(await export(hamyar, manager, menu, "خروجی تعهدها (CSV)", "hamyar-pledges.csv"))
    assert rows[0][4] == "مبلغ" and rows[0][9] == "استان" and rows[0][10] == "شهرستان"
    assert sorted((row[2], row[4], row[9], row[10], row[11]) for row in rows[1:]) == [
        ("p70000", "1000000", "اصفهان", "کاشان", "fulfilled"),
        ("p70001", "2000000", "اصفهان", "کاشان", "pledged"),
        ("p70002", "3500000", "اصفهان", "کاشان", "cancelled"),
    ]

    values = xlsx_rows(await export(hamyar, manager, menu, "خروجی تعهدها (Excel)", "hamyar-pledges.xlsx"))
    assert values[0][4] == "مبلغ"
    assert sorted((row[2], row[4], row[10]) for row in values[1:]) == [
        ("p70000", 1_000_000, "کاشان"), ("p70001", 2_000_000, "کاشان"), ("p70002", 3_500_000, "کاشان")]

    rows = csv_rows(await export(hamyar, manager, menu, "خروجی داوطلبان (CSV)", "hamyar-volunteers.csv"))
    assert rows[0][:4] == ["کد معرف", "نام", "محورها", "تخصص"]
    assert [(row[0], row[2], row[7], row[8]) for row in rows[1:]] == [("p70000", "health", "اصفهان", "کاشان")]

    values = xlsx_rows(await export(hamyar, manager, menu, "خروجی داوطلبان (Excel)", "hamyar-volunteers.xlsx"))
    assert [(row[0], row[3], row[8]) for row in values[1:]] == [("p70000", "nurse", "کاشان")]

    async with hamyar.session() as session:
        exports = (await session.execute(select(AuditEntry).where(AuditEntry.action == "export")
                                         .order_by(AuditEntry.id))).scalars().all()
    assert [(e.details["table"], e.details["format"], e.count, e.province_code, e.county_code) for e in exports] == [
        ("pledges", "csv", 3, "isfahan", "isfahan-kashan"), ("pledges", "xlsx", 3, "isfahan", "isfahan-kashan"),
        ("volunteers", "csv", 1, "isfahan", "isfahan-kashan"), ("volunteers", "xlsx", 1, "isfahan", "isfahan-kashan")]


async def test_another_county_of_the_same_province_sees_its_own_rows(seeded: Harness) -> None:
    manager = await make_manager(seeded, 7002, RoleLevel.COUNTY, "isfahan", "isfahan-isfahan", name="Parisa")
    menu = await open_stats(manager)
    rows = csv_rows(await export(seeded, manager, menu, "خروجی تعهدها (CSV)", "hamyar-pledges.csv"))
    assert [(row[2], row[4], row[10]) for row in rows[1:]] == [("p70100", "4000000", "اصفهان")]
    values = xlsx_rows(await export(seeded, manager, menu, "خروجی داوطلبان (Excel)", "hamyar-volunteers.xlsx"))
    assert [(row[0], row[2], row[8]) for row in values[1:]] == [("p70100", "health cultural", "اصفهان")]


async def test_county_manager_stats_count_only_the_county(seeded: Harness) -> None:
    hamyar = seeded
    manager = await make_manager(hamyar, 7003, RoleLevel.COUNTY, "isfahan", "isfahan-kashan", name="Kaveh")
    menu = await open_stats(manager)

    page = await tap(manager, "تأمین جهیزیه زوجین", "شرکت‌کنندگان", message_id=menu.message_id)
    lines = page.text.splitlines()
    # Kashan: two members; two live pledges (the cancelled one does not count), one fulfilled.
    assert "شرکت‌کنندگان: ۲" in lines
    assert "تعهدها: ۲ — مبلغ: ۳٬۰۰۰٬۰۰۰ تومان — اقلام: ۰" in lines
    assert "انجام‌شده: ۱ (۵۰٪)" in lines
    assert lines[-1] == "کاشان: ۲ / ۲ / ۳٬۰۰۰٬۰۰۰ / ۱" and lines[-2].startswith("به تفکیک منطقه")

    volunteers = await tap(manager, "داوطلبان", "داوطلبان حوزه شما", message_id=menu.message_id)
    assert "داوطلبان حوزه شما: ۱" in volunteers.text
    assert "سلامت: ۱" in volunteers.text and "فرهنگی: ۰" in volunteers.text
    assert "کاشان: ۱" in volunteers.text and "تهران" not in volunteers.text and "اصفهان" not in volunteers.text

    fair = await tap(manager, "کمترین تعهد به ازای هر هزار نفر", "کمترین تعهد", message_id=menu.message_id)
    assert fair.text.splitlines()[1:] == ["کاشان: ۲ از ۳۶۳٬۴۰۰ نفر — ۰٫۰۰۶ در هزار"]

    async with hamyar.session() as session:
        views = (await session.execute(select(AuditEntry).where(AuditEntry.action == "stats_view")
                                       .order_by(AuditEntry.id))).scalars().all()
    assert [(e.count, e.county_code) for e in views] == [(2, "isfahan-kashan"), (1, "isfahan-kashan")]

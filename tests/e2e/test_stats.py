"""Stats and exports over the emulator: numbers and files hold only the manager's region."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models.roles import AuditEntry, RoleLevel
from tests.e2e.harness import Harness
from tests.e2e.journeys import tap
from tests.e2e.manager_steps import csv_rows, export, open_stats, xlsx_rows
from tests.e2e.managers import add_people, make_manager, managed
from tests.e2e.stats_data import add_pledge, add_volunteer, campaign_id

__all__ = ["managed"]


@pytest.fixture
async def seeded(managed: Harness) -> Harness:
    """Hamyar with people, pledges and volunteers in Kashan (Isfahan) and in Tehran."""
    hamyar = managed
    isfahan = await add_people(hamyar, 3, 60_000, "isfahan", "isfahan-kashan", phone="09120000000",
                               national_id="0012345678")
    tehran = await add_people(hamyar, 2, 60_100, "tehran", "tehran-tehran", phone="09120000001")
    dowry = await campaign_id(hamyar)
    await add_pledge(hamyar, isfahan[0], dowry, 1_000_000, "isfahan", "isfahan-kashan", status="fulfilled")
    await add_pledge(hamyar, isfahan[1], dowry, 2_000_000, "isfahan", "isfahan-kashan")
    await add_pledge(hamyar, tehran[0], dowry, 9_000_000, "tehran", "tehran-tehran")
    await add_volunteer(hamyar, isfahan[0], "isfahan", "isfahan-kashan", ["health", "cultural"])
    await add_volunteer(hamyar, tehran[0], "tehran", "tehran-tehran", ["health"], specialty="doctor")
    return hamyar


async def test_provincial_exports_hold_only_the_province(seeded: Harness) -> None:
    hamyar = seeded
    manager = await make_manager(hamyar, 6001, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    menu = await open_stats(manager)
    content = await export(hamyar, manager, menu, "خروجی تعهدها (CSV)", "hamyar-pledges.csv")
    rows = csv_rows(content)  # after a BOM, so that Excel shows Persian
    assert rows[0][:3] == ["شماره تعهد", "پویش", "کد معرف"]
    assert sorted(row[4] for row in rows[1:]) == ["1000000", "2000000"]
    assert {row[9] for row in rows[1:]} == {"اصفهان"} and {row[10] for row in rows[1:]} == {"کاشان"}
    assert "09120000000" not in content.decode("utf-8-sig") and "0012345678" not in content.decode("utf-8-sig")

    values = xlsx_rows(await export(hamyar, manager, menu, "خروجی داوطلبان (Excel)", "hamyar-volunteers.xlsx"))
    assert values[0][:4] == ["کد معرف", "نام", "محورها", "تخصص"]
    assert len(values) == 2 and values[1][0] == "p60000" and values[1][2] == "health cultural"
    assert values[1][7] == "اصفهان"

    async with hamyar.session() as session:
        exports = (await session.execute(select(AuditEntry).where(AuditEntry.action == "export")
                                         .order_by(AuditEntry.id))).scalars().all()
        assert [(e.details["table"], e.details["format"], e.count) for e in exports] == [
            ("pledges", "csv", 2), ("volunteers", "xlsx", 1)]
        assert {e.province_code for e in exports} == {"isfahan"}


async def test_campaign_stats_and_fairness_within_scope(seeded: Harness) -> None:
    manager = await make_manager(seeded, 6002, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    menu = await open_stats(manager)
    page = await tap(manager, "تأمین جهیزیه زوجین", "شرکت‌کنندگان")
    # Two pledges to Isfahan (Tehran's 9,000,000 is not counted), one fulfilled: 50%.
    assert "تعهدها: ۲ — مبلغ: ۳٬۰۰۰٬۰۰۰ تومان" in page.text
    assert "انجام‌شده: ۱ (۵۰٪)" in page.text
    assert "کاشان" in page.text and "تهران" not in page.text

    fair = await tap(manager, "کمترین داوطلب به ازای هر هزار نفر", "کمترین داوطلب", message_id=menu.message_id)
    assert "کاشان" not in fair.text.splitlines()[1]  # Kashan has a volunteer; others have none
    assert "تهران" not in fair.text

    volunteers = await tap(manager, "داوطلبان", "داوطلبان حوزه شما", message_id=menu.message_id)
    assert "داوطلبان حوزه شما: ۱" in volunteers.text and "سلامت: ۱" in volunteers.text

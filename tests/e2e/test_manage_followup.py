"""Pledge follow-up and campaign files over the emulator: one by one, CSV all-or-nothing, overdue, YAML."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from campaigns.numerals import to_persian_digits
from storage.models import Campaign, Pledge
from storage.models.roles import AuditEntry, RoleLevel
from tests.e2e.harness import Harness
from tests.e2e.journeys import expect, say, tap
from tests.e2e.manager_steps import open_campaigns, open_followup
from tests.e2e.managers import add_people, make_manager, managed, onboard_admin
from tests.e2e.stats_data import add_pledge, campaign_id

__all__ = ["managed"]


async def _statuses(hamyar: Harness) -> dict[int, str]:
    async with hamyar.session() as session:
        return dict((await session.execute(select(Pledge.id, Pledge.status))).all())


async def _pledged(hamyar: Harness, first: int, *pledges: tuple[int, str, str]) -> list[int]:
    """One person in Kashan (user ids first..) for each pledge (amount, province, county) to the dowry
    campaign; the pledges' ids."""
    people = await add_people(hamyar, len(pledges), first, "isfahan", "isfahan-kashan")
    dowry = await campaign_id(hamyar)
    return [await add_pledge(hamyar, person, dowry, amount, province, county)
            for person, (amount, province, county) in zip(people, pledges, strict=True)]


async def test_fulfil_one_by_one_and_outside_the_region(managed: Harness) -> None:
    hamyar = managed
    mine, theirs = await _pledged(hamyar, 70_000, (500_000, "isfahan", "isfahan-kashan"),
                                  (700_000, "tehran", "tehran-tehran"))
    manager = await make_manager(hamyar, 7001, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    await open_followup(manager)
    await tap(manager, "ثبت انجام یک تعهد", "شماره تعهد را بنویسید")
    await say(manager, str(theirs), "بیرون از حوزه شما")
    await say(manager, str(mine), "انجام‌شده ثبت شد")
    await say(manager, str(mine), "باز نیست")
    assert await _statuses(hamyar) == {mine: "fulfilled", theirs: "pledged"}


async def test_payments_csv_is_all_or_nothing(managed: Harness) -> None:
    hamyar = managed
    first, second, third = await _pledged(hamyar, 71_000, *[(amount, "isfahan", "isfahan-kashan")
                                                            for amount in (100_000, 200_000, 300_000)])
    manager = await make_manager(hamyar, 7002, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    await open_followup(manager)
    await tap(manager, "بارگذاری فایل پرداخت‌ها (CSV)", "فایل CSV")

    bad = f"pledge_id,referral_code,amount\n{first},,100000\nabc,,5\n,p71001,۲۰۰٬۰۰۰\n{first},,1\n".encode()
    await manager.send_document("payments.csv", bad)
    report = await expect(manager, "سطر نادرست")
    assert "سطر ۳" in report.text and "سطر ۵" in report.text and "سطر ۲:" not in report.text
    assert set((await _statuses(hamyar)).values()) == {"pledged"}

    good = (f"\ufeffpledge_id,referral_code,amount\n{first},,100000\n,p71001,۲۰۰٬۰۰۰\n{third},,999\n"
            "999999,,1\n").encode()
    await manager.send_document("payments.csv", good)
    done = await expect(manager, "تعهد انجام‌شده ثبت شد")
    assert done.text.startswith("۲ تعهد") and "سطر ۴" in done.text and "سطر ۵" in done.text
    assert await _statuses(hamyar) == {first: "fulfilled", second: "fulfilled", third: "pledged"}
    async with hamyar.session() as session:
        entry = (await session.execute(select(AuditEntry).where(AuditEntry.action == "pledge_import"))).scalar_one()
        assert entry.count == 2 and sorted(entry.details["pledge_ids"]) == sorted([first, second])


async def test_overdue_pledges_are_listed_within_scope(managed: Harness) -> None:
    hamyar = managed
    people = await add_people(hamyar, 2, 72_000, "isfahan", "isfahan-kashan")
    dowry = await campaign_id(hamyar)
    late = await add_pledge(hamyar, people[0], dowry, 100_000, "isfahan", "isfahan-kashan",
                            due_on=date.today() - timedelta(days=10))
    await add_pledge(hamyar, people[1], dowry, 200_000, "tehran", "tehran-tehran",
                     due_on=date.today() - timedelta(days=10))
    await add_pledge(hamyar, people[1], dowry, 300_000, "isfahan", "isfahan-kashan",
                     due_on=date.today() + timedelta(days=10))
    manager = await make_manager(hamyar, 7003, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    menu = await open_followup(manager, "سررسید گذشته در حوزه شما")
    assert "حوزه شما: ۱" in menu.text
    listing = await tap(manager, "تعهدهای سررسید گذشته", "قدیمی‌ترین اول")
    assert f"#{to_persian_digits(str(late))} " in listing.text
    assert "p72000" in listing.text and "p72001" not in listing.text


CAMPAIGN = """
slug: winter-blankets
kind: fundraising
title: {fa: "پتو برای زمستان", en: "Blankets for winter"}
summary: {fa: "خرید پتو برای خانواده‌ها", en: "Blankets for families"}
goal: {kind: amount, target: 100000000, unit: {fa: "تومان", en: "tomans"}}
"""


async def test_campaign_file_load_bad_file_and_close(managed: Harness) -> None:
    hamyar = managed
    admin = await onboard_admin(hamyar)
    await open_campaigns(admin)
    await tap(admin, "بارگذاری پویش از فایل YAML", "فایل تعریف پویش")
    await say(admin, "slug: x", "به صورت «فایل»")
    await admin.send_document("bad.yaml", CAMPAIGN.replace("target: 100000000", "target: -5").encode())
    bad = await expect(admin, "بارگذاری نشد")
    assert "goal.target" in bad.text
    async with hamyar.session() as session:
        assert (await session.execute(select(Campaign).where(Campaign.slug == "winter-blankets"))).first() is None
    await admin.send_document("winter-blankets.yaml", CAMPAIGN.encode())
    await expect(admin, "«winter-blankets» ساخته شد")

    listing = await open_campaigns(admin)
    assert "پتو برای زمستان" in listing.text
    await tap(admin, "بستن «پتو برای زمستان»", "پویش بسته شد")
    async with hamyar.session() as session:
        row = (await session.execute(select(Campaign).where(Campaign.slug == "winter-blankets"))).scalar_one()
        assert row.status == "closed" and row.definition["status"] == "closed"

    provincial = await make_manager(hamyar, 7004, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    view = await open_campaigns(provincial)
    assert "فقط با مدیران ملی" in view.text and "بارگذاری پویش از فایل YAML" not in view.button_texts()

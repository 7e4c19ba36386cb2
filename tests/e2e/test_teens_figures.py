"""Teens in the managers' figures over the emulator: counts by province and county, never a teen's row in an
export; and a teen's /forget and phone number."""

from __future__ import annotations

from sqlalchemy import select

from campaigns import teens
from storage.models.guardians import BirthYear, ConsentStatus, GuardianConsent
from storage.models.roles import RoleLevel
from tests.e2e import journeys
from tests.e2e.harness import Harness
from tests.e2e.journeys import say, tap
from tests.e2e.manager_steps import csv_rows, export, open_stats
from tests.e2e.managers import add_people, make_manager, managed
from tests.e2e.stats_data import add_volunteer

__all__ = ["managed"]


async def _teen(hamyar: Harness, person_id: int, status: ConsentStatus, code: str) -> None:
    """A teen born 1390 with a consent request in Kashan in the given state."""
    async with hamyar.session() as session:
        session.add(BirthYear(person_id=person_id, year=1390, adult_from=teens.adult_from(1390)))
        session.add(GuardianConsent(teen_id=person_id, code=code, status=status.value,
                                    province_code="isfahan", county_code="isfahan-kashan"))
        await session.commit()


async def test_managers_see_teens_only_as_counts(managed: Harness) -> None:
    hamyar = managed
    adults = await add_people(hamyar, 1, 61_000, "isfahan", "isfahan-kashan")
    minors = await add_people(hamyar, 3, 61_100, "isfahan", "isfahan-kashan")
    await add_volunteer(hamyar, adults[0], "isfahan", "isfahan-kashan", ["health"])
    await add_volunteer(hamyar, minors[0], "isfahan", "isfahan-kashan", ["cultural"])
    await _teen(hamyar, minors[0], ConsentStatus.CONFIRMED, "AAAAAAA2")
    await _teen(hamyar, minors[1], ConsentStatus.AWAITING, "AAAAAAA3")
    await _teen(hamyar, minors[2], ConsentStatus.EXPIRED, "AAAAAAA4")

    manager = await make_manager(hamyar, 6101, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    menu = await open_stats(manager)
    figures = await tap(manager, "داوطلبان", "داوطلبان حوزه شما", message_id=menu.message_id)
    assert "نوجوانان طرح مانا" in (figures.text or "")
    assert "اصفهان، کاشان: ۱ / ۱ / ۱" in (figures.text or ""), figures.text

    rows = csv_rows(await export(hamyar, manager, menu, "خروجی داوطلبان (CSV)", "hamyar-volunteers.csv"))
    assert [row[0] for row in rows[1:]] == ["p61000"]  # the teen's registration is not a row
    document = next(m for m in reversed(manager.messages()) if (m.file_name or "") == "hamyar-volunteers.csv")
    assert "نوجوانان (فقط شمار، بدون اطلاعات فردی): ۱" in (document.text or document.caption or "")

    other = await make_manager(hamyar, 6102, RoleLevel.PROVINCIAL, "tehran", name="Tara")
    menu = await open_stats(other)
    figures = await tap(other, "داوطلبان", "داوطلبان حوزه شما", message_id=menu.message_id)
    assert "هنوز نوجوانی در منطقه شما ثبت‌نام نکرده است" in (figures.text or "")


async def test_a_teen_forgets_and_a_teens_phone_waits_for_the_guardian(hamyar: Harness) -> None:
    teen = await journeys.onboarded(hamyar, 6111, "Nika")
    await say(teen, "/volunteer", "سال تولد خود را")
    await say(teen, "1390", "مرحله ۱ از ۸", strict=False)
    await say(teen, "/cancel", "لغو")
    person = await journeys.person(hamyar, 6111)
    assert person.phone is None
    profile = await journeys.open_profile(teen)
    await tap(teen, "تغییر تلفن", "سرپرست شما هنوز اجازه نداده است", message_id=profile.message_id)
    await say(teen, "/forget", "برای همیشه پاک می‌شود")
    await tap(teen, "بله، همه را پاک کن", "اطلاعات شما پاک شد")
    async with hamyar.session() as session:
        assert await session.get(BirthYear, person.id) is None
        assert (await session.execute(select(GuardianConsent))).scalars().all() == []
    assert await journeys.person_or_none(hamyar, 6111) is None

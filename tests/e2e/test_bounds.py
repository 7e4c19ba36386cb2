"""A 5,000-digit number at every step that reads a number, and a 5,000-character text at every step that
reads text, over the emulator: each gets the step's own clear Persian message saying what to send instead,
never the apology of an error (a 5,000-digit int() raises ValueError: Python's limit is 4,300 digits)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jdatetime
from sqlalchemy import select

from campaigns import catalogue
from campaigns.jalali import IRAN_TZ
from campaigns.numerals import MAX_ID
from emulator import UserClient
from storage.models import Person, utcnow
from storage.unit_of_work import UnitOfWork
from tests.e2e import journeys
from tests.e2e.forged import assert_no_apology, eventually, refused
from tests.e2e.harness import Harness
from tests.e2e.journeys import say, tap
from tests.e2e.managers import ADMIN, managed, open_menu

HUGE = "۹" * 5000  # 5,000 Persian digits
HUGE_LATIN = "7" * 5000
TEXT = "س" * 5000  # 5,000 characters of text

# The e2e `hamyar` fixture and the managers' `managed` run without the flood throttle (Harness.start's
# default): these tests type faster than a person.
__all__ = ["managed"]


async def refused_both(user: UserClient, key: str, **args: Any) -> None:
    """A 5,000-digit number, then a 5,000-character text: each gets the step's message `key`."""
    await refused(user, HUGE, key, **args)
    await refused(user, TEXT, key, **args)


async def test_onboarding_profile_and_catalogue(hamyar: Harness) -> None:
    user = hamyar.user(7101, "Sara")
    await say(user, "/start", "زبان", strict=False)
    await refused(user, HUGE, "language-invalid")
    await tap(user, "فارسی", "آیا موافقید؟", strict=False)
    await refused(user, HUGE, "consent-invalid")
    await tap(user, "موافقم", "شماره موبایل", strict=False)
    await refused_both(user, "phone-invalid")
    await say(user, "09121234567", "استان محل زندگی", strict=False)
    await refused(user, HUGE, "province-invalid")
    await refused(user, HUGE_LATIN, "province-invalid")
    await refused(user, TEXT, "province-invalid")
    counties = await say(user, "اصفهان", "شهرستان خود در استان اصفهان", strict=False)
    await refused_both(user, "county-invalid", province="اصفهان")
    await tap(user, counties.inline_buttons[0][0].text, "نام محله خود را بنویسید", strict=False)
    await refused(user, TEXT, "neighbourhood-invalid")
    await refused(user, HUGE, "neighbourhood-invalid")
    await tap(user, "رد شدن", "ثبت‌نام شما کامل شد", strict=False)

    me = await journeys.open_profile(user, strict=False)
    for button, reply, sent, key, args in (
        ("تغییر تلفن", "شماره موبایل تازه", HUGE, "phone-invalid", {}),
        ("تغییر محله", "نام محله را بنویسید", TEXT, "neighbourhood-invalid", {}),
        ("تغییر کد ملی", "کد ملی ۱۰ رقمی", HUGE, "vol-national-id-invalid", {}),
        ("تغییر زبان", "زبان را انتخاب کنید", HUGE, "prof-ask-language", {}),
        ("تغییر منطقه", "استان تازه", HUGE, "province-invalid", {}),
        ("پاک کردن اطلاعات من", "آیا مطمئن هستید؟", HUGE, "prof-forget-invalid", {}),
    ):
        await tap(user, button, reply, message_id=me.message_id, strict=False)
        await refused(user, sent, key, **args)
    await say(user, "نه", "چیزی پاک نشد", strict=False)  # keep everything
    me = await journeys.open_profile(user, strict=False)
    await tap(user, "تغییر منطقه", "استان تازه", message_id=me.message_id, strict=False)
    await say(user, "تهران", "شهرستان خود در استان تهران", strict=False)
    await refused_both(user, "county-invalid", province="تهران")
    await say(user, "/cancel", "", strict=False)

    await refused(user, TEXT, "text-too-long", max=4000)  # outside any step
    listing = await say(user, "/campaigns", "پویش‌های فعال", strict=False)
    count = len(listing.inline_buttons)
    await refused(user, HUGE, "cat-typed-unknown", count=count)
    await refused(user, HUGE_LATIN, "cat-typed-unknown", count=count)
    await refused(user, TEXT, "cat-typed-unknown", count=count)
    async with hamyar.session() as session:
        person = (await session.execute(select(Person))).scalar_one()
        assert (person.phone, person.neighbourhood, person.national_id) == ("09121234567", None, None)
    assert_no_apology(user)


async def _page(user: UserClient, slug: str) -> None:
    await journeys.join(user, slug, strict=False)


async def test_pledge_questions(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 7201, "Sara")
    async with hamyar.session() as session:
        dowry = await catalogue.by_slug(UnitOfWork(session), "dowry-sets")
        heaters = await catalogue.by_slug(UnitOfWork(session), "low-consumption-heaters")
    assert dowry is not None and heaters is not None
    limits = {"min": dowry.definition.pledge.min_tomans, "max": dowry.definition.pledge.max_tomans}

    await _page(user, "dowry-sets")
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک", strict=False)
    await refused(user, HUGE, "pl-amount-too-large", **limits)
    await refused(user, f"{HUGE} هزار تومان", "pl-amount-too-large", **limits)
    await refused(user, "1" * 19, "pl-amount-too-large", **limits)
    await refused(user, TEXT, "text-too-long", max=4000)  # a pasted text is too long, not "not a number"
    await say(user, "۲۵۰٬۰۰۰", "کمک شما به کجا برسد", strict=False)
    await refused_both(user, "pl-region-invalid")
    await say(user, "۳", "استان مقصد کمک", strict=False)  # another province or county
    await refused(user, HUGE, "pl-province-invalid")
    await say(user, "تهران", "شهرستانی از استان تهران", strict=False)
    await refused(user, HUGE, "pl-county-invalid", province="تهران")
    await say(user, "همه استان تهران", "یک‌بار کمک می‌کنید یا هر ماه", strict=False)
    await refused(user, HUGE, "pl-recurrence-invalid")
    await say(user, "یک‌بار", "لطفاً تعهد خود را بررسی کنید", strict=False)
    await refused_both(user, "pl-confirm-invalid")

    await _page(user, "low-consumption-heaters")
    await tap(user, "تعهد کمک غیرنقدی", "چه چیزی اهدا می‌کنید", strict=False)
    await refused(user, HUGE, "pl-item-invalid")
    await refused(user, TEXT, "pl-item-text-invalid")
    await say(user, "۱", "تعداد را با رقم بنویسید", strict=False)
    quantity = heaters.definition.pledge.max_quantity
    await refused(user, HUGE, "pl-quantity-invalid", max=quantity)
    await refused(user, f"{HUGE_LATIN}", "pl-quantity-invalid", max=quantity)
    await say(user, "۱۲۰", "نام شرکت", strict=False)
    await refused(user, TEXT, "pl-answer-invalid", max=heaters.definition.questions[0].max_length)

    await _page(user, "shokraneh-salamat")
    await tap(user, "ثبت چهار رقم آخر فیش این ماه", "در کدام دستگاه کار می‌کنید", strict=False)
    await refused(user, HUGE, "pay-agency-invalid")
    await refused(user, TEXT, "pay-agency-text-invalid")
    await say(user, "۱", "چهار رقم آخر خالص پرداختی", strict=False)
    await refused(user, HUGE, "pay-digits-ambiguous")
    await refused(user, TEXT, "pay-digits-not-digits")

    await _page(user, "energy-wheelchairs")
    await tap(user, "ثبت مصرف برق", "مصرف برق را چگونه گزارش می‌کنید؟", strict=False)
    await refused_both(user, "en-unit-invalid")
    await tap(user, "به کیلووات‌ساعت (از قبض)", "مصرف پایه", strict=False)
    await refused_both(user, "en-value-invalid", max=100_000)
    async with hamyar.session() as session:
        from storage.models import EnergyReport, Pledge

        assert (await session.execute(select(Pledge))).scalars().all() == []
        assert (await session.execute(select(EnergyReport))).scalars().all() == []
    assert_no_apology(user)


async def test_volunteer_registration(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 7301, "Sara")
    await journeys.start_volunteering(user, strict=False)
    for key, step in (("vol-axes-invalid", "مرحله ۲ از ۸"), ("vol-specialty-invalid", "مرحله ۳ از ۸"),
                      ("vol-days-invalid", "مرحله ۴ از ۸"), ("vol-hours-invalid", "مرحله ۵ از ۸"),
                      ("vol-on-call-invalid", "مرحله ۶ از ۸")):
        await refused(user, HUGE, key)
        await refused(user, HUGE_LATIN, key)
        await say(user, "۱", step, strict=False)
    await refused_both(user, "vol-region-invalid")
    await say(user, "۱", "مرحله ۷ از ۸", strict=False)  # keep this region
    await refused_both(user, "vol-national-id-shape")
    await tap(user, "رد شدن", "مرحله ۸ از ۸", strict=False)
    await refused(user, TEXT, "vol-skills-too-long", length=5000, max=500)
    await tap(user, "رد شدن", "خلاصه ثبت‌نام داوطلبی", strict=False)
    await refused_both(user, "vol-summary-invalid")
    assert_no_apology(user)


def _jalali(moment: Any) -> str:
    local = moment.astimezone(IRAN_TZ)
    day = jdatetime.date.fromgregorian(date=local.date())
    return f"{day.year}/{day.month:02d}/{day.day:02d} {local:%H:%M}"


async def test_manager_steps(managed: Harness) -> None:
    hamyar = managed
    admin = await journeys.onboarded(hamyar, ADMIN, "Admin")

    await say(admin, "/assign", "مرحله ۱ از ۸", strict=False)
    await refused(admin, TEXT, "assignments-title-invalid")
    await say(admin, "حمایت روانی", "مرحله ۲ از ۸", strict=False)
    await refused(admin, TEXT, "assignments-place-invalid")
    await say(admin, "سالن ورزشی", "مرحله ۳ از ۸", strict=False)
    await refused(admin, HUGE, "assignments-province-invalid")
    counties = await say(admin, "اصفهان", "مرحله ۴ از ۸", strict=False)
    await refused(admin, HUGE, "assignments-county-invalid")
    await tap(admin, counties.inline_buttons[0][0].text, "مرحله ۵ از ۸", message_id=counties.message_id, strict=False)
    await refused(admin, HUGE, "assignments-need-invalid")
    await tap(admin, "روان‌شناس", "مرحله ۶ از ۸", strict=False)
    await refused(admin, HUGE, "assignments-when-invalid")
    await refused(admin, f"{HUGE_LATIN}/09/03 18:30", "assignments-when-invalid")
    await say(admin, _jalali(utcnow() + timedelta(days=1)), "مرحله ۷ از ۸", strict=False)
    await refused(admin, HUGE, "assignments-refused-bad-headcount")
    await refused(admin, str(MAX_ID + 1), "assignments-refused-bad-headcount")
    await say(admin, "۲", "مرحله ۸ از ۸", strict=False)
    await refused(admin, HUGE, "assignments-when-invalid")
    await say(admin, "/cancel", "", strict=False)

    menu = await open_menu(admin)
    await tap(admin, "پیگیری تعهدها", "پیگیری تعهدها", message_id=menu.message_id, strict=False)
    await tap(admin, "ثبت انجام یک تعهد", "شماره تعهد را بنویسید", strict=False)
    await refused(admin, HUGE, "manage-fulfil-number-too-long")
    await refused(admin, str(MAX_ID + 1), "manage-fulfil-not-found", id=MAX_ID + 1)
    await refused(admin, "9" * 18, "manage-fulfil-not-found", id=10**18 - 1)
    await refused(admin, TEXT, "manage-fulfil-not-a-number")

    await tap(admin, "نقش‌ها", "نقش‌های فعال", message_id=menu.message_id, strict=False)
    await tap(admin, "دادن نقش جدید", "کد معرف یا شماره موبایل", strict=False)
    await refused_both(admin, "manage-grant-unknown")
    citizen = await journeys.onboarded(hamyar, 7401, "Citizen")
    async with hamyar.session() as session:
        code = (await session.execute(select(Person.referral_code).where(
            Person.platform_user_id == citizen.user_id))).scalar_one()
    levels = await say(admin, code, "چه نقشی", strict=False)
    await refused(admin, HUGE, "manage-grant-level-again")
    await tap(admin, "مدیر استانی", "استان را انتخاب کنید", message_id=levels.message_id, strict=False)
    await refused_both(admin, "manage-grant-province-again")

    await say(admin, "/compose", "متن پیام همگانی", strict=False)
    await refused(admin, TEXT, "compose-text-bad", limit=4096)
    await say(admin, "پیام آزمایشی", "یک عکس بفرستید", strict=False)
    await tap(admin, "رد شدن", "دکمه‌های زیر پیام", strict=False)
    await tap(admin, "افزودن دکمه پیوند", "متن روی دکمه پیوند", strict=False)
    await refused(admin, TEXT, "compose-link-label-bad")
    await say(admin, "گزارش", "نشانی پیوند", strict=False)
    await refused(admin, "https://example.org/" + "a" * 5000, "compose-link-url-too-long", max=1024)
    await refused(admin, TEXT, "compose-link-url-too-long", max=1024)
    await say(admin, "https://example.org/report", "دکمه‌های زیر پیام", strict=False)
    audience = await tap(admin, "ادامه: انتخاب مخاطبان", "تعداد کسانی که پیام به آن‌ها می‌رسد", strict=False)
    await refused_both(admin, "compose-region-unknown")
    await tap(admin, "پیش‌نمایش", "پیام آزمایشی", message_id=audience.message_id, strict=False)
    await eventually(admin, "پیش‌نمایش بالا همان چیزی است")
    await tap(admin, "زمان‌بندی", "زمان ارسال را به تاریخ شمسی بنویسید", strict=False)
    await refused(admin, HUGE, "broadcast-refused-bad-schedule")
    await refused(admin, f"1405/09/{HUGE_LATIN} 18:30", "broadcast-refused-bad-schedule")
    assert_no_apology(admin, citizen)

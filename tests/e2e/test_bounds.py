"""A 5,000-digit number at every step that reads a number, and a 5,000-character text at every step that
reads text, over the emulator: each gets the step's own clear Persian message saying what to send instead,
never the apology of an error (a 5,000-digit int() raises ValueError: Python's limit is 4,300 digits)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jdatetime
import pytest
from sqlalchemy import select

from campaigns import catalogue
from campaigns.jalali import IRAN_TZ
from campaigns.numerals import MAX_ID
from emulator import UserClient
from storage.models import Person, utcnow
from storage.unit_of_work import UnitOfWork
from tests.e2e.forged import assert_no_apology, eventually, refused
from tests.e2e.harness import Harness
from tests.e2e.managers import ADMIN, open_menu
from tests.e2e.managers import start as start_managed

HUGE = "۹" * 5000  # 5,000 Persian digits
HUGE_LATIN = "7" * 5000
TEXT = "س" * 5000  # 5,000 characters of text


@pytest.fixture
async def hamyar(db_url: str, redis_url: str | None) -> Any:
    """Hamyar without the flood throttle (these tests type faster than a person)."""
    harness = await Harness.start(db_url, redis_url, throttle_rate=0)
    yield harness
    await harness.stop()


@pytest.fixture
async def managed(db_url: str, redis_url: str | None) -> Any:
    """Hamyar with a super admin (user 900001), without the flood throttle."""
    harness = await start_managed(db_url, redis_url, throttle_rate=0)
    yield harness
    await harness.stop()


async def test_onboarding_profile_and_catalogue(hamyar: Harness) -> None:
    user = hamyar.user(7101, "Sara")
    await user.send_text("/start")
    await eventually(user, "زبان")
    await refused(user, HUGE, "language-invalid")
    await user.press("فارسی")
    await eventually(user, "آیا موافقید؟")
    await refused(user, HUGE, "consent-invalid")
    await user.press("موافقم")
    await eventually(user, "شماره موبایل")
    await refused(user, HUGE, "phone-invalid")
    await refused(user, TEXT, "phone-invalid")
    await user.send_text("09121234567")
    await eventually(user, "استان محل زندگی")
    await refused(user, HUGE, "province-invalid")
    await refused(user, HUGE_LATIN, "province-invalid")
    await refused(user, TEXT, "province-invalid")
    await user.send_text("اصفهان")
    counties = await eventually(user, "شهرستان خود در استان اصفهان")
    await refused(user, HUGE, "county-invalid", province="اصفهان")
    await refused(user, TEXT, "county-invalid", province="اصفهان")
    await user.press(counties.inline_buttons[0][0].text)
    await eventually(user, "نام محله خود را بنویسید")
    await refused(user, TEXT, "neighbourhood-invalid")
    await refused(user, HUGE, "neighbourhood-invalid")
    await user.press("رد شدن")
    await eventually(user, "ثبت‌نام شما کامل شد")

    await user.send_text("/me")
    me = await eventually(user, "اطلاعاتی که از شما نگه داشته‌ایم")
    for button, reply, sent, key, args in (
        ("تغییر تلفن", "شماره موبایل تازه", HUGE, "phone-invalid", {}),
        ("تغییر محله", "نام محله را بنویسید", TEXT, "neighbourhood-invalid", {}),
        ("تغییر کد ملی", "کد ملی ۱۰ رقمی", HUGE, "vol-national-id-invalid", {}),
        ("تغییر زبان", "زبان را انتخاب کنید", HUGE, "prof-ask-language", {}),
        ("تغییر منطقه", "استان تازه", HUGE, "province-invalid", {}),
        ("پاک کردن اطلاعات من", "آیا مطمئن هستید؟", HUGE, "prof-forget-invalid", {}),
    ):
        await user.press(button, message_id=me.message_id)
        await eventually(user, reply)
        await refused(user, sent, key, **args)
    await user.send_text("نه")  # keep everything
    await eventually(user, "چیزی پاک نشد")
    await user.send_text("/me")
    me = await eventually(user, "اطلاعاتی که از شما نگه داشته‌ایم")
    await user.press("تغییر منطقه", message_id=me.message_id)
    await eventually(user, "استان تازه")
    await user.send_text("تهران")
    await eventually(user, "شهرستان خود در استان تهران")
    await refused(user, HUGE, "county-invalid", province="تهران")
    await refused(user, TEXT, "county-invalid", province="تهران")
    await user.send_text("/cancel")
    await eventually(user, "")

    await refused(user, TEXT, "text-too-long", max=4000)  # outside any step
    await user.send_text("/campaigns")
    listing = await eventually(user, "پویش‌های فعال")
    count = len(listing.inline_buttons)
    await refused(user, HUGE, "cat-typed-unknown", count=count)
    await refused(user, HUGE_LATIN, "cat-typed-unknown", count=count)
    await refused(user, TEXT, "cat-typed-unknown", count=count)
    async with hamyar.session() as session:
        person = (await session.execute(select(Person))).scalar_one()
        assert (person.phone, person.neighbourhood, person.national_id) == ("09121234567", None, None)
    assert_no_apology(user)


async def _page(user: UserClient, slug: str) -> None:
    await user.send_text(f"/start c_{slug}")
    await eventually(user, "پیشرفت")


async def test_pledge_questions(hamyar: Harness) -> None:
    user = hamyar.user(7201, "Sara")
    await hamyar.onboard(user)
    async with hamyar.session() as session:
        dowry = await catalogue.by_slug(UnitOfWork(session), "dowry-sets")
        heaters = await catalogue.by_slug(UnitOfWork(session), "low-consumption-heaters")
    assert dowry is not None and heaters is not None
    limits = {"min": dowry.definition.pledge.min_tomans, "max": dowry.definition.pledge.max_tomans}

    await _page(user, "dowry-sets")
    await user.press("تعهد کمک نقدی")
    await eventually(user, "مبلغ کمک")
    await refused(user, HUGE, "pl-amount-too-large", **limits)
    await refused(user, f"{HUGE} هزار تومان", "pl-amount-too-large", **limits)
    await refused(user, "1" * 19, "pl-amount-too-large", **limits)
    await refused(user, TEXT, "text-too-long", max=4000)  # a pasted text is too long, not "not a number"
    await user.send_text("۲۵۰٬۰۰۰")
    await eventually(user, "کمک شما به کجا برسد")
    await refused(user, HUGE, "pl-region-invalid")
    await refused(user, TEXT, "pl-region-invalid")
    await user.send_text("۳")  # another province or county
    await eventually(user, "استان مقصد کمک")
    await refused(user, HUGE, "pl-province-invalid")
    await user.send_text("تهران")
    await eventually(user, "شهرستانی از استان تهران")
    await refused(user, HUGE, "pl-county-invalid", province="تهران")
    await user.send_text("همه استان تهران")
    await eventually(user, "یک‌بار کمک می‌کنید یا هر ماه")
    await refused(user, HUGE, "pl-recurrence-invalid")
    await user.send_text("یک‌بار")
    await eventually(user, "لطفاً تعهد خود را بررسی کنید")
    await refused(user, HUGE, "pl-confirm-invalid")
    await refused(user, TEXT, "pl-confirm-invalid")

    await _page(user, "low-consumption-heaters")
    await user.press("تعهد کمک غیرنقدی")
    await eventually(user, "چه چیزی اهدا می‌کنید")
    await refused(user, HUGE, "pl-item-invalid")
    await refused(user, TEXT, "pl-item-text-invalid")
    await user.send_text("۱")
    await eventually(user, "تعداد را با رقم بنویسید")
    quantity = heaters.definition.pledge.max_quantity
    await refused(user, HUGE, "pl-quantity-invalid", max=quantity)
    await refused(user, f"{HUGE_LATIN}", "pl-quantity-invalid", max=quantity)
    await user.send_text("۱۲۰")
    await eventually(user, "نام شرکت")
    await refused(user, TEXT, "pl-answer-invalid", max=heaters.definition.questions[0].max_length)

    await _page(user, "shokraneh-salamat")
    await user.press("ثبت چهار رقم آخر فیش این ماه")
    await eventually(user, "در کدام دستگاه کار می‌کنید")
    await refused(user, HUGE, "pay-agency-invalid")
    await refused(user, TEXT, "pay-agency-text-invalid")
    await user.send_text("۱")
    await eventually(user, "چهار رقم آخر خالص پرداختی")
    await refused(user, HUGE, "pay-digits-ambiguous")
    await refused(user, TEXT, "pay-digits-not-digits")

    await _page(user, "energy-wheelchairs")
    await user.press("ثبت مصرف برق")
    await eventually(user, "مصرف برق را چگونه گزارش می‌کنید؟")
    await refused(user, HUGE, "en-unit-invalid")
    await refused(user, TEXT, "en-unit-invalid")
    await user.press("به کیلووات‌ساعت (از قبض)")
    await eventually(user, "مصرف پایه")
    await refused(user, HUGE, "en-value-invalid", max=100_000)
    await refused(user, TEXT, "en-value-invalid", max=100_000)
    async with hamyar.session() as session:
        from storage.models import EnergyReport, Pledge

        assert (await session.execute(select(Pledge))).scalars().all() == []
        assert (await session.execute(select(EnergyReport))).scalars().all() == []
    assert_no_apology(user)


async def test_volunteer_registration(hamyar: Harness) -> None:
    user = hamyar.user(7301, "Sara")
    await hamyar.onboard(user)
    await user.send_text("/volunteer")
    await eventually(user, "مرحله ۱ از ۸")
    for key, step in (("vol-axes-invalid", "مرحله ۲ از ۸"), ("vol-specialty-invalid", "مرحله ۳ از ۸"),
                      ("vol-days-invalid", "مرحله ۴ از ۸"), ("vol-hours-invalid", "مرحله ۵ از ۸"),
                      ("vol-on-call-invalid", "مرحله ۶ از ۸")):
        await refused(user, HUGE, key)
        await refused(user, HUGE_LATIN, key)
        await user.send_text("۱")
        await eventually(user, step)
    await refused(user, HUGE, "vol-region-invalid")
    await refused(user, TEXT, "vol-region-invalid")
    await user.send_text("۱")  # keep this region
    await eventually(user, "مرحله ۷ از ۸")
    await refused(user, HUGE, "vol-national-id-shape")
    await refused(user, TEXT, "vol-national-id-shape")
    await user.press("رد شدن")
    await eventually(user, "مرحله ۸ از ۸")
    await refused(user, TEXT, "vol-skills-too-long", length=5000, max=500)
    await user.press("رد شدن")
    await eventually(user, "خلاصه ثبت‌نام داوطلبی")
    await refused(user, HUGE, "vol-summary-invalid")
    await refused(user, TEXT, "vol-summary-invalid")
    assert_no_apology(user)


def _jalali(moment: Any) -> str:
    local = moment.astimezone(IRAN_TZ)
    day = jdatetime.date.fromgregorian(date=local.date())
    return f"{day.year}/{day.month:02d}/{day.day:02d} {local:%H:%M}"


async def test_manager_steps(managed: Harness) -> None:
    hamyar = managed
    admin = hamyar.user(ADMIN, "Admin")
    await hamyar.onboard(admin)

    await admin.send_text("/assign")
    await eventually(admin, "مرحله ۱ از ۸")
    await refused(admin, TEXT, "assignments-title-invalid")
    await admin.send_text("حمایت روانی")
    await eventually(admin, "مرحله ۲ از ۸")
    await refused(admin, TEXT, "assignments-place-invalid")
    await admin.send_text("سالن ورزشی")
    await eventually(admin, "مرحله ۳ از ۸")
    await refused(admin, HUGE, "assignments-province-invalid")
    await admin.send_text("اصفهان")
    counties = await eventually(admin, "مرحله ۴ از ۸")
    await refused(admin, HUGE, "assignments-county-invalid")
    await admin.press(counties.inline_buttons[0][0].text, message_id=counties.message_id)
    await eventually(admin, "مرحله ۵ از ۸")
    await refused(admin, HUGE, "assignments-need-invalid")
    await admin.press("روان‌شناس")
    await eventually(admin, "مرحله ۶ از ۸")
    await refused(admin, HUGE, "assignments-when-invalid")
    await refused(admin, f"{HUGE_LATIN}/09/03 18:30", "assignments-when-invalid")
    await admin.send_text(_jalali(utcnow() + timedelta(days=1)))
    await eventually(admin, "مرحله ۷ از ۸")
    await refused(admin, HUGE, "assignments-refused-bad-headcount")
    await refused(admin, str(MAX_ID + 1), "assignments-refused-bad-headcount")
    await admin.send_text("۲")
    await eventually(admin, "مرحله ۸ از ۸")
    await refused(admin, HUGE, "assignments-when-invalid")
    await admin.send_text("/cancel")
    await eventually(admin, "")

    menu = await open_menu(admin)
    await admin.press("پیگیری تعهدها", message_id=menu.message_id)
    await eventually(admin, "پیگیری تعهدها")
    await admin.press("ثبت انجام یک تعهد")
    await eventually(admin, "شماره تعهد را بنویسید")
    await refused(admin, HUGE, "manage-fulfil-number-too-long")
    await refused(admin, str(MAX_ID + 1), "manage-fulfil-not-found", id=MAX_ID + 1)
    await refused(admin, "9" * 18, "manage-fulfil-not-found", id=10**18 - 1)
    await refused(admin, TEXT, "manage-fulfil-not-a-number")

    await admin.press("نقش‌ها", message_id=menu.message_id)
    await eventually(admin, "نقش‌های فعال")
    await admin.press("دادن نقش جدید")
    await eventually(admin, "کد معرف یا شماره موبایل")
    await refused(admin, HUGE, "manage-grant-unknown")
    await refused(admin, TEXT, "manage-grant-unknown")
    citizen = hamyar.user(7401, "Citizen")
    await hamyar.onboard(citizen)
    async with hamyar.session() as session:
        code = (await session.execute(select(Person.referral_code).where(
            Person.platform_user_id == citizen.user_id))).scalar_one()
    await admin.send_text(code)
    levels = await eventually(admin, "چه نقشی")
    await refused(admin, HUGE, "manage-grant-level-again")
    await admin.press("مدیر استانی", message_id=levels.message_id)
    await eventually(admin, "استان را انتخاب کنید")
    await refused(admin, HUGE, "manage-grant-province-again")
    await refused(admin, TEXT, "manage-grant-province-again")

    await admin.send_text("/compose")
    await eventually(admin, "متن پیام همگانی")
    await refused(admin, TEXT, "compose-text-bad", limit=4096)
    await admin.send_text("پیام آزمایشی")
    await eventually(admin, "یک عکس بفرستید")
    await admin.press("رد شدن")
    await eventually(admin, "دکمه‌های زیر پیام")
    await admin.press("افزودن دکمه پیوند")
    await eventually(admin, "متن روی دکمه پیوند")
    await refused(admin, TEXT, "compose-link-label-bad")
    await admin.send_text("گزارش")
    await eventually(admin, "نشانی پیوند")
    await refused(admin, "https://example.org/" + "a" * 5000, "compose-link-url-too-long", max=1024)
    await refused(admin, TEXT, "compose-link-url-too-long", max=1024)
    await admin.send_text("https://example.org/report")
    await eventually(admin, "دکمه‌های زیر پیام")
    await admin.press("ادامه: انتخاب مخاطبان")
    audience = await eventually(admin, "تعداد کسانی که پیام به آن‌ها می‌رسد")
    await refused(admin, HUGE, "compose-region-unknown")
    await refused(admin, TEXT, "compose-region-unknown")
    await admin.press("پیش‌نمایش", message_id=audience.message_id)
    await eventually(admin, "پیام آزمایشی")
    await eventually(admin, "پیش‌نمایش بالا همان چیزی است")
    await admin.press("زمان‌بندی")
    await eventually(admin, "زمان ارسال را به تاریخ شمسی بنویسید")
    await refused(admin, HUGE, "broadcast-refused-bad-schedule")
    await refused(admin, f"1405/09/{HUGE_LATIN} 18:30", "broadcast-refused-bad-schedule")
    assert_no_apology(admin, citizen)

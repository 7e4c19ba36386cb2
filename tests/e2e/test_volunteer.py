"""Volunteer registration over the emulator: what the volunteer sees, and the one row it leaves."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from emulator import UserClient
from i18n import translator
from storage.models import Person, Volunteer
from tests.e2e.harness import Harness, expect

FA = translator("fa")


async def _volunteers(hamyar: Harness) -> list[Volunteer]:
    async with hamyar.session() as session:
        return list((await session.execute(select(Volunteer))).scalars())


async def _person(hamyar: Harness, user_id: int) -> Person:
    async with hamyar.session() as session:
        person = (await session.execute(select(Person).where(Person.platform_user_id == user_id))).scalar_one()
        return person


async def _tap_to_summary(user: UserClient) -> None:
    """Axes health + cultural, nurse, Saturday + Monday, morning, on call, own region, no ID, no skills."""
    await user.send_text("داوطلب می‌شوم")
    axes = await expect(user, "مرحله ۱ از ۸")
    assert axes.button_texts()[:5] == ["سلامت", "توانمندسازی", "فرهنگی", "عمرانی", "فوق‌برنامه"]
    await user.press("سلامت")
    toggled = await expect(user, "مرحله ۱ از ۸")
    assert "سلامت، انتخاب شده" in toggled.button_texts()
    await user.press("فرهنگی")
    await expect(user, "مرحله ۱ از ۸")
    await user.press("ادامه")
    specialty = await expect(user, "تخصص شما")
    assert "مددکار اجتماعی" in specialty.button_texts() and "بازگشت" in specialty.button_texts()
    await user.press("پرستار")
    days = await expect(user, "چه روزهایی")
    assert days.button_texts()[:7] == ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"]
    await user.press("شنبه")
    await expect(user, "چه روزهایی")
    await user.press("دوشنبه")
    await expect(user, "چه روزهایی")
    await user.press("ادامه")
    await expect(user, "چه ساعتی")
    await user.press("صبح")
    on_call = await expect(user, "تیم‌های محب")
    assert on_call.button_texts()[:2] == ["بله", "خیر"]
    await user.press("بله")
    region = await expect(user, "منطقه فعالیت شما: اصفهان")
    assert region.button_texts()[:2] == ["همین منطقه", "منطقه دیگر"]
    await user.press("همین منطقه")
    await expect(user, "کد ملی ۱۰ رقمی")
    await user.press("رد شدن")
    await expect(user, "مهارت‌ها یا تجربه‌ها")
    await user.press("رد شدن")


async def test_register_by_tapping(hamyar: Harness) -> None:
    user = hamyar.user(2001, "Sara")
    await hamyar.onboard(user)
    await _tap_to_summary(user)
    summary = await expect(user, "خلاصه ثبت‌نام داوطلبی")
    for line in ("محورها: سلامت، فرهنگی", "تخصص: پرستار", "روزها: شنبه، دوشنبه", "ساعت: صبح",
                 "فراخوان اضطراری: بله", "منطقه: اصفهان", "کد ملی: ثبت نشده", "مهارت‌ها: ثبت نشده"):
        assert line in summary.text, line
    assert summary.button_texts()[0] == "تأیید و ثبت" and "ویرایش تخصص" in summary.button_texts()
    assert await _volunteers(hamyar) == []  # nothing is saved before Confirm
    await user.press("تأیید و ثبت")
    saved = await expect(user, "ثبت‌نام شما در شبکه داوطلبان ذخیره شد")
    assert "داوطلب می‌شوم" in saved.button_texts()

    [row] = await _volunteers(hamyar)
    person = await _person(hamyar, 2001)
    assert row.person_id == person.id
    assert row.axes == ["health", "cultural"] and row.specialty == "nurse"
    assert row.days == ["sat", "mon"] and row.hours == "morning" and row.on_call is True
    assert row.province_code == person.province_code == "isfahan" and row.county_code == person.county_code
    assert row.skills is None and person.national_id is None


async def test_register_by_typing_only(hamyar: Harness) -> None:
    user = hamyar.user(2002, "Reza")
    await hamyar.onboard(user)
    await user.send_text("/volunteer")
    await expect(user, "مرحله ۱ از ۸")
    await user.send_text("آشپزی")
    await expect(user, "این محور را نشناختم")
    await user.send_text("۱ ۳")
    await expect(user, "تخصص شما")
    await user.send_text("مددكار اجتماعي")  # Arabic yeh and kaf
    await expect(user, "چه روزهایی")
    await user.send_text("همه روزها")
    await expect(user, "چه ساعتی")
    await user.send_text("بعد از ظهر")
    await expect(user, "تیم‌های محب")
    await user.send_text("شاید")
    await expect(user, "«بله» یا «خیر»")
    await user.send_text("بله")
    await expect(user, "منطقه فعالیت شما")
    await user.send_text("تهران")
    await expect(user, "شهرستان محل فعالیت در استان تهران")
    await user.send_text("1")
    await expect(user, "کد ملی ۱۰ رقمی")
    await user.send_text("۱۲۳۴")
    await expect(user, "کد ملی باید ۱۰ رقم باشد")
    await user.send_text("۰۰۱۲۳۴۵۶۷۸")  # the check digit should be 9
    wrong = await expect(user, "رقم کنترل")
    assert "رد شدن" in wrong.button_texts()
    await user.send_text("۰۰۱۲۳۴۵۶۷۹")
    await expect(user, "مهارت‌ها یا تجربه‌ها")
    await user.send_text("x" * 501)
    await expect(user, "حداکثر ۵۰۰ نویسه")
    await user.send_text("کمک‌های اولیه، رانندگی")
    summary = await expect(user, "خلاصه ثبت‌نام داوطلبی")
    assert "روزها: همه روزها" in summary.text and "کد ملی: *******۶۷۹" in summary.text
    assert "۰۰۱۲۳۴۵۶۷۹" not in summary.text
    await user.send_text("تأیید")
    await expect(user, "ذخیره شد")

    [row] = await _volunteers(hamyar)
    person = await _person(hamyar, 2002)
    assert row.axes == ["health", "cultural"] and row.specialty == "social_worker"
    assert row.days == ["sat", "sun", "mon", "tue", "wed", "thu", "fri"] and row.hours == "afternoon"
    assert row.province_code == "tehran" and row.county_code is not None and row.county_code.startswith("tehran")
    assert person.province_code == "isfahan"  # the volunteer region does not move the person
    assert row.skills == "کمک‌های اولیه، رانندگی" and person.national_id == "0012345679"


async def test_edit_a_field_from_the_summary_then_register_again(hamyar: Harness) -> None:
    user = hamyar.user(2003)
    await hamyar.onboard(user)
    await _tap_to_summary(user)
    await expect(user, "خلاصه ثبت‌نام")
    await user.press("ویرایش تخصص")
    await expect(user, "تخصص شما")
    await user.press("بازگشت")  # back while editing returns to the summary unchanged
    await expect(user, "تخصص: پرستار")
    await user.send_text("۲")  # edit field 2 by typing its number
    await expect(user, "تخصص شما")
    await user.press("روان‌پزشک")
    summary = await expect(user, "خلاصه ثبت‌نام")
    assert "تخصص: روان‌پزشک" in summary.text and "محورها: سلامت، فرهنگی" in summary.text
    await user.press("تأیید و ثبت")
    await expect(user, "ذخیره شد")

    # A second registration shows the saved one and updates it in place.
    await user.send_text("/volunteer")
    await expect(user, "پیش‌تر در شبکه داوطلبان ثبت‌نام کرده‌اید")
    again = await expect(user, "خلاصه ثبت‌نام")
    assert "تخصص: روان‌پزشک" in again.text
    await user.press("ویرایش فراخوان اضطراری")
    await expect(user, "تیم‌های محب")
    await user.press("خیر")
    await expect(user, "فراخوان اضطراری: خیر")
    await user.press("تأیید و ثبت")
    await expect(user, "ذخیره شد")
    [row] = await _volunteers(hamyar)
    assert row.specialty == "psychiatrist" and row.on_call is False


async def test_double_tap_on_confirm_makes_one_row(hamyar: Harness) -> None:
    user = hamyar.user(2004)
    await hamyar.onboard(user)
    await _tap_to_summary(user)
    summary = await expect(user, "خلاصه ثبت‌نام")
    confirm = summary.find_button("تأیید و ثبت")
    assert confirm is not None and confirm.callback_data is not None
    # Two taps before the bot has handled the first (both reach it: the button is still there).
    first = await user.press(confirm.callback_data, message_id=summary.message_id)
    second = await user.press(confirm.callback_data, message_id=summary.message_id)
    await expect(user, "ذخیره شد")
    for _ in range(40):
        answered = {a.callback_query_id for a in user.callback_answers()}
        if {first, second} <= answered:
            break
        await asyncio.sleep(0.05)
    assert {first, second} <= answered
    async with hamyar.session() as session:
        assert await session.scalar(select(func.count()).select_from(Volunteer)) == 1
    # One "saved"; the other tap is told it was done (the repeat-tap answer, or "already saved" later).
    assert len([m for m in user.messages() if "ذخیره شد" in (m.text or "")]) == 1, user.dump()
    done = {FA("already-done"), FA("vol-already-saved")}
    assert [a.callback_query_id for a in user.callback_answers() if a.text in done] == [second], user.dump()


async def test_back_from_the_first_step_leaves_and_stale_buttons_expire(hamyar: Harness) -> None:
    user = hamyar.user(2005)
    await hamyar.onboard(user)
    await user.send_text("/volunteer")
    await expect(user, "مرحله ۱ از ۸")
    await user.press("بازگشت")
    await expect(user, "ثبت‌نام داوطلبی را رها کردید")
    # /cancel leaves the question and its buttons on screen; pressing one then says it expired.
    await user.send_text("/volunteer")
    axes = await expect(user, "مرحله ۱ از ۸")
    await user.send_text("/cancel")
    await expect(user, "لغو شد")
    health = axes.find_button("سلامت")
    assert health is not None and health.callback_data is not None
    await user.press(health.callback_data, message_id=axes.message_id)
    await asyncio.sleep(0.3)
    assert any("معتبر نیست" in (a.text or "") for a in user.callback_answers())
    assert await _volunteers(hamyar) == []


async def test_registration_needs_onboarding(hamyar: Harness) -> None:
    user = hamyar.user(2006)
    await user.send_text("/volunteer")
    await expect(user, "ثبت‌نام اولیه را کامل کنید")


async def test_a_menu_button_mid_registration_is_not_taken_as_an_answer(hamyar: Harness) -> None:
    user = hamyar.user(2007)
    await hamyar.onboard(user)
    await _tap_to_summary(user)
    await expect(user, "خلاصه ثبت‌نام")
    await user.press("ویرایش مهارت‌ها")
    await expect(user, "مهارت‌ها یا تجربه‌ها")
    await user.send_text("پویش‌ها")  # the persistent main menu, tapped mid-step: it leaves the step
    await expect(user, "پویش‌های فعال")
    assert await _volunteers(hamyar) == []

"""Volunteer registration over the emulator: what the volunteer sees, and the one row it leaves."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from emulator import BotMessage, UserClient
from i18n import translator
from storage.models import Volunteer
from tests.e2e import journeys
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap

FA = translator("fa")


async def _tapped_to_summary(hamyar: Harness, user_id: int) -> tuple[UserClient, BotMessage]:
    """An onboarded person who taps through the registration: axes health + cultural, nurse, Saturday + Monday,
    morning, on call, own region, no ID, no skills; and the summary they are then shown."""
    user = await journeys.onboarded(hamyar, user_id)
    axes = await journeys.start_volunteering(user, "داوطلب می‌شوم")
    assert axes.button_texts()[:5] == ["سلامت", "توانمندسازی", "فرهنگی", "عمرانی", "فوق‌برنامه"]
    toggled = await tap(user, "سلامت", "مرحله ۱ از ۸")
    assert "سلامت، انتخاب شده" in toggled.button_texts()
    await tap(user, "فرهنگی", "مرحله ۱ از ۸")
    specialty = await tap(user, "ادامه", "تخصص شما")
    assert "مددکار اجتماعی" in specialty.button_texts() and "بازگشت" in specialty.button_texts()
    days = await tap(user, "پرستار", "چه روزهایی")
    assert days.button_texts()[:7] == ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"]
    await tap(user, "شنبه", "چه روزهایی")
    await tap(user, "دوشنبه", "چه روزهایی")
    await tap(user, "ادامه", "چه ساعتی")
    on_call = await tap(user, "صبح", "تیم‌های محب")
    assert on_call.button_texts()[:2] == ["بله", "خیر"]
    region = await tap(user, "بله", "منطقه فعالیت شما: اصفهان")
    assert region.button_texts()[:2] == ["همین منطقه", "منطقه دیگر"]
    await tap(user, "همین منطقه", "کد ملی ۱۰ رقمی")
    await tap(user, "رد شدن", "مهارت‌ها یا تجربه‌ها")
    return user, await tap(user, "رد شدن", "خلاصه ثبت‌نام داوطلبی")


async def test_register_by_tapping(hamyar: Harness) -> None:
    user, summary = await _tapped_to_summary(hamyar, 2001)
    for line in ("محورها: سلامت، فرهنگی", "تخصص: پرستار", "روزها: شنبه، دوشنبه", "ساعت: صبح",
                 "فراخوان اضطراری: بله", "منطقه: اصفهان", "کد ملی: ثبت نشده", "مهارت‌ها: ثبت نشده"):
        assert line in summary.text, line
    assert summary.button_texts()[0] == "تأیید و ثبت" and "ویرایش تخصص" in summary.button_texts()
    assert await journeys.volunteers(hamyar) == []  # nothing is saved before Confirm
    saved = await tap(user, "تأیید و ثبت", "ثبت‌نام شما در شبکه داوطلبان ذخیره شد")
    assert "داوطلب می‌شوم" in saved.button_texts()

    [row] = await journeys.volunteers(hamyar)
    person = await journeys.person(hamyar, 2001)
    assert row.person_id == person.id
    assert row.axes == ["health", "cultural"] and row.specialty == "nurse"
    assert row.days == ["sat", "mon"] and row.hours == "morning" and row.on_call is True
    assert row.province_code == person.province_code == "isfahan" and row.county_code == person.county_code
    assert row.skills is None and person.national_id is None


async def test_register_by_typing_only(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 2002, "Reza")
    await journeys.start_volunteering(user)
    await say(user, "آشپزی", "این محور را نشناختم")
    await say(user, "۱ ۳", "تخصص شما")
    await say(user, "مددكار اجتماعي", "چه روزهایی")  # Arabic yeh and kaf
    await say(user, "همه روزها", "چه ساعتی")
    await say(user, "بعد از ظهر", "تیم‌های محب")
    await say(user, "شاید", "«بله» یا «خیر»")
    await say(user, "بله", "منطقه فعالیت شما")
    await say(user, "تهران", "شهرستان محل فعالیت در استان تهران")
    await say(user, "1", "کد ملی ۱۰ رقمی")
    await say(user, "۱۲۳۴", "کد ملی باید ۱۰ رقم باشد")
    wrong = await say(user, "۰۰۱۲۳۴۵۶۷۸", "رقم کنترل")  # the check digit should be 9
    assert "رد شدن" in wrong.button_texts()
    await say(user, "۰۰۱۲۳۴۵۶۷۹", "مهارت‌ها یا تجربه‌ها")
    await say(user, "x" * 501, "حداکثر ۵۰۰ نویسه")
    summary = await say(user, "کمک‌های اولیه، رانندگی", "خلاصه ثبت‌نام داوطلبی")
    assert "روزها: همه روزها" in summary.text and "کد ملی: *******۶۷۹" in summary.text
    assert "۰۰۱۲۳۴۵۶۷۹" not in summary.text
    await say(user, "تأیید", "ذخیره شد")

    [row] = await journeys.volunteers(hamyar)
    person = await journeys.person(hamyar, 2002)
    assert row.axes == ["health", "cultural"] and row.specialty == "social_worker"
    assert row.days == ["sat", "sun", "mon", "tue", "wed", "thu", "fri"] and row.hours == "afternoon"
    assert row.province_code == "tehran" and row.county_code is not None and row.county_code.startswith("tehran")
    assert person.province_code == "isfahan"  # the volunteer region does not move the person
    assert row.skills == "کمک‌های اولیه، رانندگی" and person.national_id == "0012345679"


async def test_edit_a_field_from_the_summary_then_register_again(hamyar: Harness) -> None:
    user, _ = await _tapped_to_summary(hamyar, 2003)
    await tap(user, "ویرایش تخصص", "تخصص شما")
    await tap(user, "بازگشت", "تخصص: پرستار")  # back while editing returns to the summary unchanged
    await say(user, "۲", "تخصص شما")  # edit field 2 by typing its number
    summary = await tap(user, "روان‌پزشک", "خلاصه ثبت‌نام")
    assert "تخصص: روان‌پزشک" in summary.text and "محورها: سلامت، فرهنگی" in summary.text
    await tap(user, "تأیید و ثبت", "ذخیره شد")

    # A second registration shows the saved one and updates it in place.
    await say(user, "/volunteer", "پیش‌تر در شبکه داوطلبان ثبت‌نام کرده‌اید")
    again = await expect(user, "خلاصه ثبت‌نام")
    assert "تخصص: روان‌پزشک" in again.text
    await tap(user, "ویرایش فراخوان اضطراری", "تیم‌های محب")
    await tap(user, "خیر", "فراخوان اضطراری: خیر")
    await tap(user, "تأیید و ثبت", "ذخیره شد")
    [row] = await journeys.volunteers(hamyar)
    assert row.specialty == "psychiatrist" and row.on_call is False


async def test_double_tap_on_confirm_makes_one_row(hamyar: Harness) -> None:
    user, summary = await _tapped_to_summary(hamyar, 2004)
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
    user = await journeys.onboarded(hamyar, 2005)
    await journeys.start_volunteering(user)
    await tap(user, "بازگشت", "ثبت‌نام داوطلبی را رها کردید")
    # /cancel leaves the question and its buttons on screen; pressing one then says it expired.
    axes = await journeys.start_volunteering(user)
    await say(user, "/cancel", "لغو شد")
    health = axes.find_button("سلامت")
    assert health is not None and health.callback_data is not None
    await user.press(health.callback_data, message_id=axes.message_id)
    await asyncio.sleep(0.3)
    assert any("معتبر نیست" in (a.text or "") for a in user.callback_answers())
    assert await journeys.volunteers(hamyar) == []


async def test_registration_needs_onboarding(hamyar: Harness) -> None:
    user = hamyar.user(2006)
    await say(user, "/volunteer", "ثبت‌نام اولیه را کامل کنید")


async def test_a_menu_button_mid_registration_is_not_taken_as_an_answer(hamyar: Harness) -> None:
    user, _ = await _tapped_to_summary(hamyar, 2007)
    await tap(user, "ویرایش مهارت‌ها", "مهارت‌ها یا تجربه‌ها")
    await say(user, "پویش‌ها", "پویش‌های فعال")  # the persistent main menu, tapped mid-step: it leaves the step
    assert await journeys.volunteers(hamyar) == []

"""Onboarding over the emulator: what the person sees, and what the database holds afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Person
from tests.e2e.harness import Harness, expect


async def _person(hamyar: Harness, user_id: int) -> Person | None:
    async with hamyar.session() as session:
        result = await session.execute(select(Person).where(Person.platform_user_id == user_id))
        return result.scalar_one_or_none()


@pytest.mark.parametrize("hamyar", ["telegram", "bale"], indirect=True)
async def test_onboarding_by_tapping(hamyar: Harness) -> None:
    user = hamyar.user(1001, "Sara")
    await user.send_text("/start")
    welcome = await expect(user, "به همیار خوش آمدید")
    assert welcome.button_texts() == ["فارسی", "English"]
    await user.press("فارسی")
    notice = await expect(user, "آیا موافقید؟")
    assert notice.button_texts() == ["موافقم", "موافق نیستم"]
    person = await _person(hamyar, 1001)
    assert person is not None and person.consent_at is None and person.first_name is None

    await user.press("موافقم")
    ask_phone = await expect(user, "شماره موبایل")
    assert ask_phone.reply_buttons[0][0].request_contact
    await user.share_contact("+98 912 123 4567", own=True)
    await expect(user, "۰۹۱۲۱۲۳۴۵۶۷ ثبت شد")
    provinces = await expect(user, "استان محل زندگی")
    assert "اصفهان" in provinces.button_texts() and "صفحه بعد" in provinces.button_texts()
    await user.press("اصفهان") if "اصفهان" in provinces.button_texts()[:12] else await user.send_text("اصفهان")
    counties = await expect(user, "شهرستان خود در استان اصفهان")
    # The first page of Isfahan's 26 counties, in order; Kashan is on a later page, so it is typed.
    names = [b.text for row in counties.inline_buttons for b in row]
    assert names[:3] == ["آران و بیدگل", "اردستان", "اصفهان"] and "صفحه بعد" in names and "کاشان" not in names
    await user.send_text("کاشان")
    neighbourhood = await expect(user, "محله")
    assert neighbourhood.button_texts() == ["بازگشت", "رد شدن"]
    await user.send_text("فین")
    done = await expect(user, "ثبت‌نام شما کامل شد")
    assert "اصفهان، کاشان، فین" in done.text
    assert "پویش‌ها" in done.button_texts()

    person = await _person(hamyar, 1001)
    assert person is not None
    assert person.phone == "09121234567"
    assert person.province_code == "isfahan"
    assert person.county_code is not None and person.county_code.startswith("isfahan-")
    assert person.neighbourhood == "فین"
    assert person.first_name == "Sara" and person.consent_at and person.onboarded_at
    assert person.platform == hamyar.platform


async def test_onboarding_by_typing_with_bad_answers(hamyar: Harness) -> None:
    user = hamyar.user(1002, "Reza")
    await user.send_text("/start")
    await expect(user, "زبان")
    await user.send_text("آلمانی")
    await expect(user, "لطفاً یکی از دو زبان")
    await user.send_text("English")
    await expect(user, "Do you agree?")
    await user.send_text("maybe")
    await expect(user, 'Please choose or type "I agree"')
    await user.send_text("I agree")
    await expect(user, "mobile number")
    await user.share_contact("+989351112233", own=False)
    await expect(user, "not your own number")
    await user.send_text("12345")
    await expect(user, "not a valid mobile number")
    await user.send_sticker()
    await expect(user, "type your answer as text")
    await user.send_text("۰۹۳۵ ۱۱۱ ۲۲۳۳")
    await expect(user, "09351112233 saved")
    await expect(user, "Choose your province")
    await user.send_text("Atlantis")
    await expect(user, "could not find that province")
    await user.send_text("Tehran")
    await expect(user, "county in Tehran")
    await user.send_text("Nowhere")
    await expect(user, "not found in Tehran")
    await user.send_text("1")
    await expect(user, "neighbourhood")
    await user.send_text("x")
    await expect(user, "2 to 60 characters")
    await user.send_text("Skip")
    done = await expect(user, "registration is complete")
    assert "Campaigns" in done.button_texts()

    person = await _person(hamyar, 1002)
    assert person is not None
    assert (person.language, person.phone, person.province_code) == ("en", "09351112233", "tehran")
    assert person.neighbourhood is None and person.onboarded_at is not None


async def test_declining_consent_stores_nothing_personal(hamyar: Harness) -> None:
    user = hamyar.user(1003, "Nima")
    await user.send_text("/start")
    await expect(user, "زبان")
    await user.press("فارسی")
    await expect(user, "موافقید")
    await user.press("موافق نیستم")
    await expect(user, "هیچ اطلاعاتی از شما ذخیره نشد")
    person = await _person(hamyar, 1003)
    assert person is not None
    assert (person.first_name, person.phone, person.consent_at) == (None, None, None)


async def test_returning_person_is_not_asked_again(hamyar: Harness) -> None:
    user = hamyar.user(1004, "Mina")
    await hamyar.onboard(user)
    await user.send_text("/start")
    back = await expect(user, "Mina، خوش برگشتید")
    assert "پویش‌ها" in back.button_texts()


async def test_referral_is_credited(hamyar: Harness) -> None:
    friend = hamyar.user(1005, "Ali")
    await hamyar.onboard(friend)
    referrer = await _person(hamyar, 1005)
    assert referrer is not None
    newcomer = hamyar.user(1006, "Zahra")
    await newcomer.send_text(f"/start r_{referrer.referral_code}")
    await expect(newcomer, "زبان")
    await newcomer.press("فارسی")
    await expect(newcomer, "موافقید")
    await newcomer.press("موافقم")
    await expect(newcomer, "شماره موبایل")
    await newcomer.share_contact("+989121110000")
    await expect(newcomer, "۰۹۱۲۱۱۱۰۰۰۰ ثبت شد")
    await expect(newcomer, "استان محل")
    await newcomer.send_text("قم")
    await expect(newcomer, "شهرستان")
    await newcomer.send_text("1")
    await expect(newcomer, "محله")
    await newcomer.press("رد شدن")
    done = await expect(newcomer, "ثبت‌نام شما کامل شد")
    assert "دعوت" in done.text
    person = await _person(hamyar, 1006)
    assert person is not None and person.referred_by_id == referrer.id

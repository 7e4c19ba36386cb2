"""Onboarding over the emulator: what the person sees, and what the database holds afterwards."""

from __future__ import annotations

import pytest

from tests.e2e import journeys
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap


@pytest.mark.parametrize("hamyar", ["telegram", "bale"], indirect=True)
async def test_onboarding_by_tapping(hamyar: Harness) -> None:
    user = hamyar.user(1001, "Sara")
    welcome = await say(user, "/start", "به همیار خوش آمدید")
    assert welcome.button_texts() == ["فارسی", "English"]
    notice = await tap(user, "فارسی", "آیا موافقید؟")
    assert notice.button_texts() == ["موافقم", "موافق نیستم"]
    person = await journeys.person_or_none(hamyar, 1001)
    assert person is not None and person.consent_at is None and person.first_name is None

    ask_phone = await tap(user, "موافقم", "شماره موبایل")
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
    neighbourhood = await say(user, "کاشان", "محله")
    assert neighbourhood.button_texts() == ["بازگشت", "رد شدن"]
    done = await say(user, "فین", "ثبت‌نام شما کامل شد")
    assert "اصفهان، کاشان، فین" in done.text
    assert "پویش‌ها" in done.button_texts()

    person = await journeys.person_or_none(hamyar, 1001)
    assert person is not None
    assert person.phone == "09121234567"
    assert person.province_code == "isfahan"
    assert person.county_code is not None and person.county_code.startswith("isfahan-")
    assert person.neighbourhood == "فین"
    assert person.first_name == "Sara" and person.consent_at and person.onboarded_at
    assert person.platform == hamyar.platform


async def test_onboarding_by_typing_with_bad_answers(hamyar: Harness) -> None:
    user = hamyar.user(1002, "Reza")
    await say(user, "/start", "زبان")
    await say(user, "آلمانی", "لطفاً یکی از دو زبان")
    await say(user, "English", "Do you agree?")
    await say(user, "maybe", 'Please choose or type "I agree"')
    await say(user, "I agree", "mobile number")
    await user.share_contact("+989351112233", own=False)
    await expect(user, "not your own number")
    await say(user, "12345", "not a valid mobile number")
    await user.send_sticker()
    await expect(user, "type your answer as text")
    await say(user, "۰۹۳۵ ۱۱۱ ۲۲۳۳", "09351112233 saved")
    await expect(user, "Choose your province")
    await say(user, "Atlantis", "could not find that province")
    await say(user, "Tehran", "county in Tehran")
    await say(user, "Nowhere", "not found in Tehran")
    await say(user, "1", "neighbourhood")
    await say(user, "x", "2 to 60 characters")
    done = await say(user, "Skip", "registration is complete")
    assert "Campaigns" in done.button_texts()

    person = await journeys.person_or_none(hamyar, 1002)
    assert person is not None
    assert (person.language, person.phone, person.province_code) == ("en", "09351112233", "tehran")
    assert person.neighbourhood is None and person.onboarded_at is not None


async def test_declining_consent_stores_nothing_personal(hamyar: Harness) -> None:
    user = hamyar.user(1003, "Nima")
    await journeys.choose_language(user)
    await tap(user, "موافق نیستم", "هیچ اطلاعاتی از شما ذخیره نشد")
    person = await journeys.person_or_none(hamyar, 1003)
    assert person is not None
    assert (person.first_name, person.phone, person.consent_at) == (None, None, None)


async def test_returning_person_is_not_asked_again(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 1004, "Mina")
    back = await say(user, "/start", "Mina، خوش برگشتید")
    assert "پویش‌ها" in back.button_texts()


async def test_referral_is_credited(hamyar: Harness) -> None:
    await journeys.onboarded(hamyar, 1005, "Ali")
    referrer = await journeys.person_or_none(hamyar, 1005)
    assert referrer is not None
    newcomer = hamyar.user(1006, "Zahra")
    await journeys.agree(newcomer, f"/start r_{referrer.referral_code}")
    await newcomer.share_contact("+989121110000")
    await expect(newcomer, "۰۹۱۲۱۱۱۰۰۰۰ ثبت شد")
    await expect(newcomer, "استان محل")
    await say(newcomer, "قم", "شهرستان")
    await say(newcomer, "1", "محله")
    done = await journeys.skip_neighbourhood(newcomer)
    assert "دعوت" in done.text
    person = await journeys.person_or_none(hamyar, 1006)
    assert person is not None and person.referred_by_id == referrer.id

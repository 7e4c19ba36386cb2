"""The region picker every conversation shares (handlers/region_picker.py), at its edges: names typed in
another spelling, list numbers in Arabic-Indic and Persian digits, pages, Back from its first question
(to the conversation's step before) and between its questions, a sticker, and its buttons pressed after
it finished or from a question already answered."""

from __future__ import annotations

from sqlalchemy import select

from campaigns.regions import load_regions
from emulator import UserClient
from emulator.models import BotMessage
from storage.models.roles import RoleGrant, RoleLevel
from tests.e2e import journeys
from tests.e2e.forged import expect_expired, refused
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap
from tests.e2e.managers import ADMIN, add_people, make_manager, managed, open_menu, person_id

__all__ = ["managed"]

REGIONS = load_regions()
ISFAHAN = REGIONS.province("isfahan")
assert ISFAHAN is not None


async def _edited(user: UserClient, message: BotMessage, button: str) -> BotMessage:
    """The same message once its buttons show `button` (a page turned in place, not a new message)."""
    return await user.wait_for_message(
        lambda m: m.message_id == message.message_id and button in m.button_texts(), timeout=5.0)


async def test_onboarding_pages_spellings_digits_and_a_stale_list(hamyar: Harness) -> None:
    user = hamyar.user(9101, "Sara")
    await journeys.agree(user)
    await user.share_contact("+989121112233", own=True)
    await expect(user, "ثبت شد")
    provinces = await expect(user, "استان محل زندگی")
    first_page = [p.fa for p in REGIONS.provinces[:12]]
    assert provinces.button_texts()[:12] == first_page and "صفحه بعد" in provinces.button_texts()
    assert "بازگشت" not in provinces.button_texts()  # onboarding's first question has nowhere to go back to

    # Pages turn in place; the second page holds the next twelve provinces, with both page buttons.
    await user.press("صفحه بعد")
    second = await _edited(user, provinces, "صفحه قبل")
    assert second.button_texts()[:12] == [p.fa for p in REGIONS.provinces[12:24]]
    assert "صفحه بعد" in second.button_texts()
    await user.press("صفحه قبل")
    assert (await _edited(user, provinces, first_page[0])).button_texts()[:12] == first_page

    # Back typed where there is no Back is a wrong answer like any other, and says what to send.
    await refused(user, "بازگشت", "province-invalid")
    # The English name in lower case.
    counties = await say(user, "isfahan", "شهرستان خود در استان اصفهان")
    assert "بازگشت" in counties.button_texts()
    # The 20th county is on the second page: its list number in Arabic-Indic digits picks it from the first.
    await user.press("صفحه بعد", message_id=counties.message_id)
    await _edited(user, counties, "صفحه قبل")
    neighbourhood = await say(user, "٢٠", "محله")
    assert neighbourhood.button_texts() == ["بازگشت", "رد شدن"]
    # Back from the neighbourhood: the county list again; a county name with the Arabic kaf.
    await tap(user, "بازگشت", "شهرستان خود در استان اصفهان")
    await refused(user, "آتلانتیس", "county-invalid", province="اصفهان")
    await say(user, "كاشان", "محله")
    await say(user, "ف", "بین ۲ تا ۶۰ نویسه")
    done = await say(user, "رد شدن", "ثبت‌نام شما کامل شد")
    assert "اصفهان، کاشان" in done.text
    person = await journeys.person(hamyar, 9101)
    kashan = next(c for c in ISFAHAN.counties if c.fa == "کاشان")
    assert (person.province_code, person.county_code, person.neighbourhood) == ("isfahan", kashan.code, None)

    # The province list answered by typing still shows its buttons; the picker is over: expired, nothing moves.
    old = next(m for m in user.messages() if m.message_id == provinces.message_id)
    assert old.inline_buttons
    await expect_expired(hamyar, user, old.inline_buttons[0][0].callback_data or "", old)
    assert (await journeys.person(hamyar, 9101)).county_code == kashan.code


async def test_profile_back_from_the_first_question_sticker_and_an_answered_question(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 9102, "Reza")
    me = await journeys.open_profile(user)
    await tap(user, "تغییر منطقه", "استان تازه", message_id=me.message_id)
    # Back from the picker's first question is the profile's step before it: the profile.
    me = await tap(user, "بازگشت", "اطلاعاتی که از شما نگه داشته‌ایم")
    before = await journeys.person(hamyar, 9102)

    provinces = await tap(user, "تغییر منطقه", "استان تازه", message_id=me.message_id)
    await user.send_sticker()
    await expect(user, "به صورت متن بنویسید")
    await say(user, "فارس", "شهرستان خود در استان فارس")
    # Back typed: the provinces again. Then a province by its number in Persian digits.
    await say(user, "بازگشت", "استان تازه")
    seventh = REGIONS.provinces[6]
    counties = await say(user, "۷", f"شهرستان خود در استان {seventh.fa}")
    # A province button from the question already answered: expired while the county is asked.
    await expect_expired(hamyar, user, provinces.inline_buttons[0][0].callback_data or "", provinces)
    first_county = counties.inline_buttons[0][0]
    await tap(user, first_county.text, "ذخیره شد", message_id=counties.message_id)
    await expect(user, f"منطقه: {seventh.fa}، {seventh.counties[0].fa}")
    after = await journeys.person(hamyar, 9102)
    assert (after.province_code, after.county_code) == (seventh.code, seventh.counties[0].code)
    assert before.province_code == "isfahan"
    # The chosen county stays on the answered question, in words, and its buttons are gone.
    answered = next(m for m in user.messages() if m.message_id == counties.message_id)
    assert answered.text.endswith(seventh.counties[0].fa) and not answered.inline_buttons
    # Its county list, pressed again after the picker finished: expired, the region is unchanged.
    await expect_expired(hamyar, user, first_county.callback_data or "", answered)
    assert (await journeys.person(hamyar, 9102)).county_code == seventh.counties[0].code


async def test_pledge_back_to_where_and_the_whole_province_pressed(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 9103, "Mina")
    await user.send_text("/start c_dowry-sets")
    await expect(user, "پیشرفت", strict=False)
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک")
    await say(user, "۲۵۰٬۰۰۰", "کمک شما به کجا برسد")
    await tap(user, "۳. استان یا شهرستان دیگر", "استان مقصد کمک")
    await tap(user, "بازگشت", "کمک شما به کجا برسد")  # the pledge's question before the picker
    await say(user, "۳", "استان مقصد کمک")
    counties = await say(user, "تهران", "شهرستانی از استان تهران")
    assert "همه استان تهران" in counties.button_texts() and "بازگشت" in counties.button_texts()
    await tap(user, "همه استان تهران", "یک‌بار کمک می‌کنید یا هر ماه")
    summary = await tap(user, "یک‌بار", "لطفاً تعهد خود را بررسی کنید")
    assert "تهران" in summary.text


async def test_manager_grant_back_to_the_menu_then_a_county_by_arabic_indic_number(managed: Harness) -> None:
    admin = managed.user(ADMIN, "Admin")
    await managed.onboard(admin, phone="+989120000001")
    citizen = managed.user(9104, "Omid")
    await managed.onboard(citizen, phone="+989131112244")
    for back in (True, False):
        await open_menu(admin)
        await tap(admin, "نقش‌ها", "نقش‌های فعال")
        await tap(admin, "دادن نقش جدید", "کد معرف یا شماره موبایل")
        await say(admin, "09131112244", "چه نقشی به Omid")
        await tap(admin, "مدیر شهرستان", "استان را انتخاب کنید")
        if back:  # Back from the first region question: the manager menu, as every Back in /manage
            await tap(admin, "بازگشت", "پنل مدیریت همیار")
    await say(admin, "يزد", "شهرستان را انتخاب کنید")  # Yazd with the Arabic yeh
    await refused(admin, "آتلانتیس", "manage-grant-county-again")
    await admin.send_text("١")
    yazd = REGIONS.province("yazd")
    assert yazd is not None
    await expect(admin, f"نقش «مدیر شهرستان» برای یزد، {yazd.counties[0].fa} ثبت شد")
    omid = await person_id(managed, 9104)
    async with managed.session() as session:
        grant = (await session.execute(select(RoleGrant).where(RoleGrant.person_id == omid))).scalar_one()
    assert (grant.level, grant.province_code, grant.county_code) == ("county", "yazd", yazd.counties[0].code)


async def test_audience_province_and_a_provincial_managers_own_counties(managed: Harness) -> None:
    await add_people(managed, 2, 51_500, "isfahan", "isfahan-kashan")
    manager = await make_manager(managed, 9105, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    await open_menu(manager)
    await tap(manager, "نوشتن پیام همگانی", "متن پیام همگانی")
    await say(manager, "سلام", "عکس")
    await tap(manager, "رد شدن", "دکمه‌های زیر پیام")
    screen = await tap(manager, "ادامه: انتخاب مخاطبان", "تعداد کسانی که")
    assert "استان" not in screen.button_texts()  # a provincial manager's province is given
    # The county list is her own province's, with no other province to go back to: Back is the screen.
    counties = await tap(manager, "شهرستان", "شهرستان")
    assert counties.button_texts()[:3] == [c.fa for c in ISFAHAN.counties[:3]]
    await tap(manager, "بازگشت", "تعداد کسانی که")
    await tap(manager, "شهرستان", "شهرستان")
    await refused(manager, "شیراز", "compose-region-unknown")  # a county of Fars, not of Isfahan
    audience = await say(manager, "كاشان", "شهرستان کاشان")
    assert "۲ نفر" in audience.text

"""/me and its edits over the emulator: what the person sees, and what the database holds."""

from __future__ import annotations

from storage.models import Campaign, Membership, Person, Pledge
from tests.e2e import journeys
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap


async def add_participation(hamyar: Harness, person_id: int) -> None:
    """A campaign the person joined and two pledges to it (one cancelled), written straight to the tables."""
    async with hamyar.session() as session:
        campaign = Campaign(slug="test-drive", kind="cash", definition={}, checksum="x", regions=[])
        session.add(campaign)
        await session.flush()
        session.add(Membership(person_id=person_id, campaign_id=campaign.id))
        session.add(Pledge(person_id=person_id, campaign_id=campaign.id, kind="cash", amount=500_000,
                           idempotency_key=f"p1-{person_id}"))
        session.add(Pledge(person_id=person_id, campaign_id=campaign.id, kind="cash", amount=100_000,
                           status="cancelled", idempotency_key=f"p2-{person_id}"))
        await session.commit()


async def test_me_shows_what_is_stored(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 3001, "Sara")
    person = await journeys.person(hamyar, 3001)
    await add_participation(hamyar, person.id)
    async with hamyar.session() as session:
        stored = await session.get(Person, person.id)
        assert stored is not None
        stored.national_id = "0012345679"
        await session.commit()

    me = await journeys.open_profile(user)
    for line in ("نام: Sara", "تلفن: ۰۹۱۲۱۲۳۴۵۶۷", "کد ملی: *******۶۷۹", "زبان: فارسی", "منطقه: اصفهان",
                 "محله: ثبت نشده", "داوطلبی: ثبت‌نام نکرده‌اید", "پویش‌هایی که پیوسته‌اید: ۱", "تعهدها: ۱",
                 f"کد معرفی شما: {person.referral_code}",
                 f"https://t.me/hamyar_bot?start=r_{person.referral_code}"):
        assert line in me.text, line
    assert "0012345679" not in me.text and "۰۰۱۲۳۴۵۶۷۹" not in me.text
    assert "۱۴۰" in me.text.split("تاریخ عضویت:")[1].split("\n")[0]  # a Jalali year
    assert "تعهدهای جاری شما (۱):" in me.text and "۵۰۰٬۰۰۰ تومان" in me.text  # the open pledge, not the cancelled
    assert "۱۰۰٬۰۰۰ تومان" not in me.text and "بانک زمان" not in me.text  # no time bank: not a volunteer
    assert me.button_texts() == ["تغییر تلفن", "تغییر کد ملی", "تغییر منطقه", "تغییر محله", "تغییر زبان",
                                 "ثبت‌نام داوطلبی", "همه تعهدهای من", "پاک کردن اطلاعات من"]


async def test_edit_region_neighbourhood_phone_and_language(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 3002, "Reza")
    await journeys.open_profile(user, "اطلاعات من")

    await tap(user, "تغییر محله", "نام محله")
    await say(user, "جلفا", "ذخیره شد")
    await expect(user, "محله: جلفا")

    await tap(user, "تغییر منطقه", "استان تازه")
    counties = await say(user, "فارس", "شهرستان خود در استان فارس")
    await tap(user, "بازگشت", "استان تازه")
    counties = await say(user, "فارس", "شهرستان خود در استان فارس")
    await tap(user, counties.inline_buttons[0][0].text, "محله قبلی پاک شد")
    me = await expect(user, "منطقه: فارس")
    assert "محله: ثبت نشده" in me.text
    person = await journeys.person(hamyar, 3002)
    assert person.province_code == "fars" and person.county_code is not None
    assert person.county_code.startswith("fars") and person.neighbourhood is None

    await tap(user, "تغییر تلفن", "شماره موبایل تازه")
    await user.share_contact("+989350000000", own=False)
    await expect(user, "این شماره خودتان نیست")
    await say(user, "۰۹۱۳ ۱۱۱ ۲۲۳۳", "ذخیره شد")
    await expect(user, "تلفن: ۰۹۱۳۱۱۱۲۲۳۳")

    await tap(user, "تغییر کد ملی", "کد ملی ۱۰ رقمی")
    await say(user, "0012345678", "رقم کنترل")
    await say(user, "٠٠١٢٣٤٥٦٧٩", "ذخیره شد")  # Arabic-Indic digits
    await expect(user, "کد ملی: *******۶۷۹")

    await tap(user, "تغییر زبان", "زبان را انتخاب کنید")
    await say(user, "English", "Saved.")
    me = await expect(user, "What we keep about you")
    assert "Language: English" in me.text and "Region: Fars" in me.text

    person = await journeys.person(hamyar, 3002)
    assert person.phone == "09131112233" and person.national_id == "0012345679" and person.language == "en"


async def test_old_profile_buttons_still_work(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 3003)
    old = await journeys.open_profile(user)
    await journeys.start_volunteering(user)
    button = old.find_button("تغییر محله")
    assert button is not None and button.callback_data is not None
    await tap(user, button.callback_data, "نام محله", message_id=old.message_id)
    await say(user, "بازگشت", "منوی اصلی")
    await expect(user, "اطلاعاتی که از شما نگه داشته‌ایم")

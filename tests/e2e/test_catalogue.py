"""Catalogue and campaign pages over the emulator: deep-link join with referral, join/leave, share."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Campaign, Membership, Person
from tests.e2e.harness import Harness, expect

ENERGY = "پویش تأمین ویلچر از محل کاهش مصرف انرژی"


async def _person(hamyar: Harness, user_id: int) -> Person:
    async with hamyar.session() as session:
        result = await session.execute(select(Person).where(Person.platform_user_id == user_id))
        return result.scalar_one()


async def _memberships(hamyar: Harness, person_id: int) -> list[Membership]:
    async with hamyar.session() as session:
        result = await session.execute(select(Membership).where(Membership.person_id == person_id))
        return list(result.scalars().all())


async def test_deep_link_join_with_referral_for_a_new_person(hamyar: Harness) -> None:
    sharer = hamyar.user(2001, "Ali")
    await hamyar.onboard(sharer)
    ali = await _person(hamyar, 2001)

    newcomer = hamyar.user(2002, "Mina")
    await newcomer.send_text(f"/start c_energy-wheelchairs__{ali.referral_code}")
    await expect(newcomer, "زبان")
    await newcomer.press("فارسی")
    await expect(newcomer, "موافقید")
    await newcomer.press("موافقم")
    await expect(newcomer, "شماره موبایل")
    await newcomer.share_contact("+989131112233", own=True)
    await expect(newcomer, "۰۹۱۳۱۱۱۲۲۳۳ ثبت شد")
    await expect(newcomer, "استان")
    await newcomer.send_text("اصفهان")
    counties = await expect(newcomer, "شهرستان")
    await newcomer.press(counties.inline_buttons[0][0].text)
    await expect(newcomer, "محله")
    await newcomer.press("رد شدن")
    await expect(newcomer, "ثبت‌نام شما کامل شد")
    await expect(newcomer, "پیوستید")
    page = await expect(newcomer, "پیشرفت")
    assert ENERGY in page.text
    assert "پیشرفت: ۰٪ — ۰ از ۵۰۰ ویلچر" in page.text
    assert "سراسر کشور" in page.text and "شما عضو این پویش هستید" in page.text
    assert "خروج از پویش" in page.button_texts() and "ثبت مصرف برق" in page.button_texts()

    mina = await _person(hamyar, 2002)
    assert mina.referred_by_id == ali.id
    memberships = await _memberships(hamyar, mina.id)
    assert len(memberships) == 1 and memberships[0].referred_by_id == ali.id and memberships[0].left_at is None


async def test_catalogue_page_join_leave_share_and_my_campaigns(hamyar: Harness) -> None:
    user = hamyar.user(2003, "Sara")
    await hamyar.onboard(user)
    await user.send_text("پویش‌ها")
    listing = await expect(user, "پویش‌های فعال")
    assert "طرح شکرانه سلامت" in listing.text and "تأمین جهیزیه زوجین" in listing.text
    await user.press("تأمین جهیزیه زوجین")
    page = await expect(user, "برای زوج‌های جوان")
    assert "شما هنوز عضو این پویش نیستید" in page.text
    # Open from 1 Farvardin 1405 to the end of 1406: the page shows how to pay, and that Hamyar takes no money.
    assert "شماره کارت: 6037-9975-0000-0000" in page.text
    assert "همیار پولی دریافت نمی‌کند" in page.text
    assert "۱ فروردین ۱۴۰۵" in page.text and "۲۹ اسفند ۱۴۰۶" in page.text
    await user.press("عضویت در پویش")
    await expect(user, "پیوستید")
    person = await _person(hamyar, 2003)
    assert [m.left_at for m in await _memberships(hamyar, person.id)] == [None]

    await user.send_text("پویش‌های من")
    mine = await expect(user, "پویش‌هایی که عضوشان هستید")
    assert "تأمین جهیزیه زوجین" in mine.text

    await user.press("دعوت دیگران", message_id=page.message_id)
    share = await expect(user, "https://t.me/hamyar_bot?start=c_dowry-sets__")
    assert person.referral_code in share.text

    await user.press("خروج از پویش", message_id=page.message_id)
    await expect(user, "خارج شدید")
    memberships = await _memberships(hamyar, person.id)
    assert memberships[0].left_at is not None
    await user.send_text("پویش‌های من")
    await expect(user, "هنوز عضو هیچ پویشی نیستید")

    # An old page's button still works: it carries the campaign id.
    await user.press("عضویت در پویش", message_id=page.message_id)
    await expect(user, "پیوستید")
    assert (await _memberships(hamyar, person.id))[0].left_at is None


async def test_unknown_campaign_link_and_closed_campaign(hamyar: Harness) -> None:
    user = hamyar.user(2004, "Reza")
    await hamyar.onboard(user)
    await user.send_text("/start c_no-such-campaign")
    await expect(user, "این پویش پیدا نشد")
    async with hamyar.session() as session:
        campaign = (await session.execute(select(Campaign).where(Campaign.slug == "moheb-teams"))).scalar_one()
        definition = dict(campaign.definition)
        definition["status"] = "closed"
        campaign.definition = definition
        await session.commit()
    await user.send_text("/start c_moheb-teams")
    page = await expect(user, "تیم‌های محب")
    assert "به پایان رسیده" in page.text
    assert "عضویت در پویش" not in page.button_texts()
    person = await _person(hamyar, 2004)
    assert await _memberships(hamyar, person.id) == []


async def test_a_campaign_can_be_opened_by_typing(hamyar: Harness) -> None:
    user = hamyar.user(7101, "Typist")
    await hamyar.onboard(user)
    await user.send_text("/campaigns")
    listing = await expect(user, "پویش‌های فعال")
    assert "شماره‌اش را بنویسید" in listing.text
    await user.send_text("۹۹")
    await expect(user, "این پویش را پیدا نکردم")
    await user.send_text("شکرانه")
    page = await expect(user, "طرح شکرانه سلامت")
    assert page.inline_buttons

"""Catalogue and campaign pages over the emulator: deep-link join with referral, join/leave, share."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Campaign, Membership
from tests.e2e import journeys
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap

ENERGY = "پویش تأمین ویلچر از محل کاهش مصرف انرژی"


async def _memberships(hamyar: Harness, person_id: int) -> list[Membership]:
    async with hamyar.session() as session:
        result = await session.execute(select(Membership).where(Membership.person_id == person_id))
        return list(result.scalars().all())


async def test_deep_link_join_with_referral_for_a_new_person(hamyar: Harness) -> None:
    await journeys.onboarded(hamyar, 2001, "Ali")
    ali = await journeys.person(hamyar, 2001)

    newcomer = hamyar.user(2002, "Mina")
    await journeys.agree(newcomer, f"/start c_energy-wheelchairs__{ali.referral_code}")
    await newcomer.share_contact("+989131112233", own=True)
    await expect(newcomer, "۰۹۱۳۱۱۱۲۲۳۳ ثبت شد")
    await expect(newcomer, "استان")
    counties = await say(newcomer, "اصفهان", "شهرستان")
    await tap(newcomer, counties.inline_buttons[0][0].text, "محله")
    await journeys.skip_neighbourhood(newcomer)
    await expect(newcomer, "پیوستید")
    page = await expect(newcomer, "پیشرفت")
    assert ENERGY in page.text
    assert "پیشرفت: ۰٪ — ۰ از ۵۰۰ ویلچر" in page.text
    assert "سراسر کشور" in page.text and "شما عضو این پویش هستید" in page.text
    assert "خروج از پویش" in page.button_texts() and "ثبت مصرف برق" in page.button_texts()

    mina = await journeys.person(hamyar, 2002)
    assert mina.referred_by_id == ali.id
    memberships = await _memberships(hamyar, mina.id)
    assert len(memberships) == 1 and memberships[0].referred_by_id == ali.id and memberships[0].left_at is None


async def test_catalogue_page_join_leave_share_and_my_campaigns(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 2003, "Sara")
    listing = await say(user, "پویش‌ها", "پویش‌های فعال")
    assert "طرح شکرانه سلامت" in listing.text and "تأمین جهیزیه زوجین" in listing.text
    page = await tap(user, "تأمین جهیزیه زوجین", "برای زوج‌های جوان")
    assert "شما هنوز عضو این پویش نیستید" in page.text
    # Open from 1 Farvardin 1405 to the end of 1406: the page shows how to pay, and that Hamyar takes no money.
    assert "شماره کارت: 6037-9975-0000-0000" in page.text
    assert "همیار پولی دریافت نمی‌کند" in page.text
    assert "۱ فروردین ۱۴۰۵" in page.text and "۲۹ اسفند ۱۴۰۶" in page.text
    await tap(user, "عضویت در پویش", "پیوستید")
    person = await journeys.person(hamyar, 2003)
    assert [m.left_at for m in await _memberships(hamyar, person.id)] == [None]

    mine = await say(user, "پویش‌های من", "پویش‌هایی که عضوشان هستید")
    assert "تأمین جهیزیه زوجین" in mine.text

    share = await tap(user, "دعوت دیگران", "https://t.me/hamyar_bot?start=c_dowry-sets__", message_id=page.message_id)
    assert person.referral_code in share.text

    await tap(user, "خروج از پویش", "خارج شدید", message_id=page.message_id)
    memberships = await _memberships(hamyar, person.id)
    assert memberships[0].left_at is not None
    await say(user, "پویش‌های من", "هنوز عضو هیچ پویشی نیستید")

    # An old page's button still works: it carries the campaign id.
    await tap(user, "عضویت در پویش", "پیوستید", message_id=page.message_id)
    assert (await _memberships(hamyar, person.id))[0].left_at is None


async def test_unknown_campaign_link_and_closed_campaign(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 2004, "Reza")
    await say(user, "/start c_no-such-campaign", "این پویش پیدا نشد")
    async with hamyar.session() as session:
        campaign = (await session.execute(select(Campaign).where(Campaign.slug == "moheb-teams"))).scalar_one()
        definition = dict(campaign.definition)
        definition["status"] = "closed"
        campaign.definition = definition
        await session.commit()
    page = await say(user, "/start c_moheb-teams", "تیم‌های محب")
    assert "به پایان رسیده" in page.text
    assert "عضویت در پویش" not in page.button_texts()
    person = await journeys.person(hamyar, 2004)
    assert await _memberships(hamyar, person.id) == []


async def test_a_campaign_can_be_opened_by_typing(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 7101, "Typist")
    listing = await say(user, "/campaigns", "پویش‌های فعال")
    assert "شماره‌اش را بنویسید" in listing.text
    await say(user, "۹۹", "این پویش را پیدا نکردم")
    page = await say(user, "شکرانه", "طرح شکرانه سلامت")
    assert page.inline_buttons

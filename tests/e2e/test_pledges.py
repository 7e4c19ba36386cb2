"""Pledges over the emulator: cash with Persian digits, monthly, in kind, double tap, cancel, bad input."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from campaigns.catalogue import today_in_iran
from campaigns.pledges import end_of_jalali_month
from i18n import translator
from storage.models import Membership, Person, Pledge
from tests.e2e.harness import Harness, expect

FA = translator("fa")


async def _pledges(hamyar: Harness, user_id: int) -> list[Pledge]:
    async with hamyar.session() as session:
        person = (await session.execute(select(Person).where(Person.platform_user_id == user_id))).scalar_one()
        result = await session.execute(select(Pledge).where(Pledge.person_id == person.id).order_by(Pledge.id))
        return list(result.scalars().all())


async def _open(hamyar: Harness, user_id: int, slug: str):  # type: ignore[no-untyped-def]
    user = hamyar.user(user_id, "Sara")
    await hamyar.onboard(user)
    await user.send_text(f"/start c_{slug}")
    await expect(user, "پیوستید")
    await expect(user, "پیشرفت")
    return user


async def test_one_off_cash_pledge_with_persian_digits_and_bad_amounts(hamyar: Harness) -> None:
    user = await _open(hamyar, 3001, "dowry-sets")
    await user.press("تعهد کمک نقدی")
    await expect(user, "مبلغ کمک را به تومان بنویسید")
    await user.send_text("پانصد")
    await expect(user, "این مبلغ عدد نیست")
    await expect(user, "مبلغ کمک را به تومان بنویسید")  # asked again
    await user.send_text("۱۰۰")
    await expect(user, "کمترین مبلغ در این پویش ۵۰٬۰۰۰ تومان است")
    await expect(user, "مبلغ کمک را به تومان بنویسید")  # asked again
    await user.send_text("۹۹۹۹۹۹۹۹۹۹۹")
    await expect(user, "بیشترین مبلغ")
    await expect(user, "مبلغ کمک را به تومان بنویسید")  # asked again
    await user.send_text("۲۵۰٬۰۰۰")
    region = await expect(user, "کمک شما به کجا برسد")
    assert region.button_texts()[-1] == "بازگشت"
    await user.press(region.button_texts()[1])  # my province
    await expect(user, "یک‌بار کمک می‌کنید یا هر ماه")
    await user.send_text("یک‌بار")
    summary = await expect(user, "لطفاً تعهد خود را بررسی کنید")
    assert "۲۵۰٬۰۰۰ تومان" in summary.text and "اصفهان" in summary.text
    await user.press("تأیید")
    saved = await expect(user, "تعهد شما ثبت شد")
    assert "شماره کارت" in saved.text

    [pledge] = await _pledges(hamyar, 3001)
    assert (pledge.kind, pledge.amount, pledge.recurrence, pledge.status) == ("cash", 250_000, "once", "pledged")
    assert pledge.province_code == "isfahan" and pledge.county_code is None
    assert pledge.due_on == today_in_iran() + timedelta(days=7)


async def test_monthly_pledge_double_tap_and_cancel(hamyar: Harness) -> None:
    user = await _open(hamyar, 3002, "energy-wheelchairs")
    await user.press("تعهد کمک نقدی")
    await expect(user, "مبلغ کمک")
    await user.send_text("1,000,000")
    await expect(user, "کمک شما به کجا برسد")
    await user.press("۴. هر جا نیاز بیشتر است")
    await expect(user, "یک‌بار کمک می‌کنید")
    await user.press("هر ماه")
    summary = await expect(user, "لطفاً تعهد خود را بررسی کنید")
    assert "هر ماه" in summary.text and "هر جا نیاز بیشتر است" in summary.text
    # A double tap: the same Confirm pressed twice. One tap saves; the other is told it is done, by the
    # repeat-tap answer or (handled later) by the pledge service's "already saved".
    taps = {await user.press("تأیید", message_id=summary.message_id),
            await user.press("تأیید", message_id=summary.message_id)}
    await expect(user, "تعهد شما ثبت شد")
    for _ in range(200):
        answers = {a.callback_query_id: a.text for a in user.callback_answers() if a.callback_query_id in taps}
        if len(answers) == 2:
            break
        await asyncio.sleep(0.025)
    await asyncio.sleep(0.1)  # a second "saved" would show by now
    texts = [m.text or "" for m in user.messages()]
    told_done = list(answers.values()).count(FA("already-done")) + sum("پیش‌تر ثبت شده بود" in t for t in texts)
    assert len(answers) == 2 and sum("تعهد شما ثبت شد" in t for t in texts) == 1 and told_done == 1, user.dump()
    pledges = await _pledges(hamyar, 3002)
    assert len(pledges) == 1
    [pledge] = pledges
    assert pledge.recurrence == "monthly" and pledge.amount == 1_000_000 and pledge.period
    assert pledge.due_on == end_of_jalali_month(today_in_iran())
    assert pledge.province_code is None

    await user.send_text("/pledges")
    listing = await expect(user, "تعهدهای شما")
    assert "۱٬۰۰۰٬۰۰۰ تومان، هر ماه" in listing.text and "تعهد شده" in listing.text
    await user.press("لغو تعهد ۱")
    await expect(user, "لغو شود؟")
    await user.press("بله، لغو شود")
    await expect(user, "تعهد لغو شد")
    [pledge] = await _pledges(hamyar, 3002)
    assert pledge.status == "cancelled" and pledge.cancelled_at is not None
    await user.send_text("تعهدهای من")
    listing = await expect(user, "تعهدهای شما")
    assert "لغو شده" in listing.text and "لغو تعهد ۱" not in listing.button_texts()


async def test_in_kind_pledge_by_a_company_to_another_county(hamyar: Harness) -> None:
    user = await _open(hamyar, 3003, "low-consumption-heaters")
    await user.press("تعهد کمک غیرنقدی")
    items = await expect(user, "چه چیزی اهدا می‌کنید")
    assert "بخاری گازی کم‌مصرف" in items.button_texts()
    await user.send_text("۹")
    await expect(user, "این گزینه در فهرست نیست")
    await expect(user, "چه چیزی اهدا می‌کنید")  # asked again
    await user.send_text("۱")
    await expect(user, "چند دستگاه")
    await user.send_text("صد")
    await expect(user, "تعداد باید عددی از ۱ تا ۵٬۰۰۰ باشد")
    await expect(user, "چند دستگاه")  # asked again
    await user.send_text("۱۲۰")
    await expect(user, "نام شرکت")
    await user.send_sticker()
    await expect(user, "به صورت متن بنویسید")
    await expect(user, "نام شرکت")  # asked again
    await user.send_text("شرکت فولاد سپاهان")
    await expect(user, "کمک شما به کجا برسد")
    await user.press("۳. استان یا شهرستان دیگر")
    await expect(user, "استان مقصد کمک")
    await user.send_text("لرستان")
    await expect(user, "شهرستانی از استان لرستان")
    await user.send_text("خرم‌آباد")
    summary = await expect(user, "لطفاً تعهد خود را بررسی کنید")
    assert "۱۲۰ دستگاه بخاری گازی کم‌مصرف" in summary.text and "شرکت فولاد سپاهان" in summary.text
    await user.send_text("تأیید")
    await expect(user, "تعهد شما ثبت شد")
    [pledge] = await _pledges(hamyar, 3003)
    assert (pledge.kind, pledge.item, pledge.quantity) == ("in_kind", "gas-heater", 120)
    assert pledge.answers == {"company": "شرکت فولاد سپاهان"}
    assert pledge.province_code == "lorestan" and (pledge.county_code or "").startswith("lorestan-")
    async with hamyar.session() as session:
        assert (await session.execute(select(Membership).where(Membership.person_id == pledge.person_id))).scalar_one()


async def test_dowry_single_item_and_back(hamyar: Harness) -> None:
    user = await _open(hamyar, 3004, "dowry-sets")
    await user.press("اهدای جهیزیه (سری کامل یا یک قلم)")
    items = await expect(user, "چه چیزی اهدا می‌کنید")
    assert "سری کامل جهیزیه" in items.button_texts() and "یخچال و فریزر" in items.button_texts()
    await user.press("یخچال و فریزر")
    await expect(user, "چند")
    await user.press("بازگشت")
    await expect(user, "چه چیزی اهدا می‌کنید")
    await user.press("اجاق گاز")
    await expect(user, "چند")
    await user.send_text("2")
    await expect(user, "کمک شما به کجا برسد")
    await user.send_text("1")
    await expect(user, "یک‌بار کمک می‌کنید")
    await user.send_text("1")
    summary = await expect(user, "بررسی کنید")
    assert "۲ × اجاق گاز" in summary.text and "۳۰٬۰۰۰٬۰۰۰ تومان" in summary.text
    await user.press("تأیید")
    await expect(user, "تعهد شما ثبت شد")
    [pledge] = await _pledges(hamyar, 3004)
    assert (pledge.item, pledge.quantity, pledge.amount) == ("stove", 2, 30_000_000)
    assert pledge.county_code is not None

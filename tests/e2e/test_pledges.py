"""Pledges over the emulator: cash with Persian digits, monthly, in kind, double tap, cancel, bad input."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from campaigns.catalogue import today_in_iran
from campaigns.pledges import end_of_jalali_month
from i18n import translator
from storage.models import Membership
from tests.e2e import journeys
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap

FA = translator("fa")


async def test_one_off_cash_pledge_with_persian_digits_and_bad_amounts(hamyar: Harness) -> None:
    user = await journeys.open_campaign(hamyar, 3001, "dowry-sets")
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک را به تومان بنویسید")
    await journeys.wrong_answer(user, "پانصد", "این مبلغ عدد نیست", asked_again="مبلغ کمک را به تومان بنویسید")
    await journeys.wrong_answer(user, "۱۰۰", "کمترین مبلغ در این پویش ۵۰٬۰۰۰ تومان است",
                                asked_again="مبلغ کمک را به تومان بنویسید")
    await journeys.wrong_answer(user, "۹۹۹۹۹۹۹۹۹۹۹", "بیشترین مبلغ", asked_again="مبلغ کمک را به تومان بنویسید")
    region = await say(user, "۲۵۰٬۰۰۰", "کمک شما به کجا برسد")
    assert region.button_texts()[-1] == "بازگشت"
    await tap(user, region.button_texts()[1], "یک‌بار کمک می‌کنید یا هر ماه")  # my province
    summary = await say(user, "یک‌بار", "لطفاً تعهد خود را بررسی کنید")
    assert "۲۵۰٬۰۰۰ تومان" in summary.text and "اصفهان" in summary.text
    saved = await tap(user, "تأیید", "تعهد شما ثبت شد")
    assert "شماره کارت" in saved.text

    [pledge] = await journeys.pledges(hamyar, 3001)
    assert (pledge.kind, pledge.amount, pledge.recurrence, pledge.status) == ("cash", 250_000, "once", "pledged")
    assert pledge.province_code == "isfahan" and pledge.county_code is None
    assert pledge.due_on == today_in_iran() + timedelta(days=7)


async def test_monthly_pledge_double_tap_and_cancel(hamyar: Harness) -> None:
    user = await journeys.open_campaign(hamyar, 3002, "energy-wheelchairs")
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک")
    await say(user, "1,000,000", "کمک شما به کجا برسد")
    await tap(user, "۴. هر جا نیاز بیشتر است", "یک‌بار کمک می‌کنید")
    summary = await tap(user, "هر ماه", "لطفاً تعهد خود را بررسی کنید")
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
    pledges = await journeys.pledges(hamyar, 3002)
    assert len(pledges) == 1
    [pledge] = pledges
    assert pledge.recurrence == "monthly" and pledge.amount == 1_000_000 and pledge.period
    assert pledge.due_on == end_of_jalali_month(today_in_iran())
    assert pledge.province_code is None

    listing = await say(user, "/pledges", "تعهدهای شما")
    assert "۱٬۰۰۰٬۰۰۰ تومان، هر ماه" in listing.text and "تعهد شده" in listing.text
    await tap(user, "لغو تعهد ۱", "لغو شود؟")
    await tap(user, "بله، لغو شود", "تعهد لغو شد")
    [pledge] = await journeys.pledges(hamyar, 3002)
    assert pledge.status == "cancelled" and pledge.cancelled_at is not None
    listing = await say(user, "تعهدهای من", "تعهدهای شما")
    assert "لغو شده" in listing.text and "لغو تعهد ۱" not in listing.button_texts()


async def test_in_kind_pledge_by_a_company_to_another_county(hamyar: Harness) -> None:
    user = await journeys.open_campaign(hamyar, 3003, "low-consumption-heaters")
    items = await tap(user, "تعهد کمک غیرنقدی", "چه چیزی اهدا می‌کنید")
    assert "بخاری گازی کم‌مصرف" in items.button_texts()
    await journeys.wrong_answer(user, "۹", "این گزینه در فهرست نیست", asked_again="چه چیزی اهدا می‌کنید")
    await say(user, "۱", "چند دستگاه")
    await journeys.wrong_answer(user, "صد", "تعداد باید عددی از ۱ تا ۵٬۰۰۰ باشد", asked_again="چند دستگاه")
    await say(user, "۱۲۰", "نام شرکت")
    await user.send_sticker()
    await expect(user, "به صورت متن بنویسید")
    await expect(user, "نام شرکت")  # asked again
    await say(user, "شرکت فولاد سپاهان", "کمک شما به کجا برسد")
    await tap(user, "۳. استان یا شهرستان دیگر", "استان مقصد کمک")
    await say(user, "لرستان", "شهرستانی از استان لرستان")
    summary = await say(user, "خرم‌آباد", "لطفاً تعهد خود را بررسی کنید")
    assert "۱۲۰ دستگاه بخاری گازی کم‌مصرف" in summary.text and "شرکت فولاد سپاهان" in summary.text
    [pledge] = await journeys.confirm_pledge(hamyar, user, 3003, typed=True)
    assert (pledge.kind, pledge.item, pledge.quantity) == ("in_kind", "gas-heater", 120)
    assert pledge.answers == {"company": "شرکت فولاد سپاهان"}
    assert pledge.province_code == "lorestan" and (pledge.county_code or "").startswith("lorestan-")
    async with hamyar.session() as session:
        assert (await session.execute(select(Membership).where(Membership.person_id == pledge.person_id))).scalar_one()


async def test_dowry_single_item_and_back(hamyar: Harness) -> None:
    user = await journeys.open_campaign(hamyar, 3004, "dowry-sets")
    items = await tap(user, "اهدای جهیزیه (سری کامل یا یک قلم)", "چه چیزی اهدا می‌کنید")
    assert "سری کامل جهیزیه" in items.button_texts() and "یخچال و فریزر" in items.button_texts()
    await tap(user, "یخچال و فریزر", "چند")
    await tap(user, "بازگشت", "چه چیزی اهدا می‌کنید")
    summary = await journeys.give_item(user, "اجاق گاز", "2", where="1", how_often="1")
    assert "۲ × اجاق گاز" in summary.text and "۳۰٬۰۰۰٬۰۰۰ تومان" in summary.text
    [pledge] = await journeys.confirm_pledge(hamyar, user, 3004)
    assert (pledge.item, pledge.quantity, pledge.amount) == ("stove", 2, 30_000_000)
    assert pledge.county_code is not None

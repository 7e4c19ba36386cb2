"""The first hour as a newcomer meets it (issue 13), over the emulator: what a person types that is not an
answer gets a reply that says so, and the wording they read."""

from __future__ import annotations

from sqlalchemy import update

from emulator import BotMessage, UserClient
from storage.models import Person
from tests.e2e import journeys
from tests.e2e.forged import assert_no_apology, eventually, refused
from tests.e2e.harness import Harness
from tests.e2e.journeys import say, tap
from tests.e2e.managers import ADMIN, open_menu
from tests.e2e.managers import start as start_managed

HUGE = "۹" * 5000
DOWRY_LIMITS = {"min": 50_000, "max": 5_000_000_000}  # campaigns/definitions: dowry-sets' pledge limits


async def _amount_step(hamyar: Harness, user_id: int) -> UserClient:
    user = await journeys.onboarded(hamyar, user_id, "Sara")
    await journeys.join(user, "dowry-sets", strict=False)
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک", strict=False)
    return user


async def test_a_command_at_the_amount_step_is_an_unknown_command_and_the_step_goes_on(hamyar: Harness) -> None:
    user = await _amount_step(hamyar, 7301)
    await refused(user, "/foo", "unknown-command")
    await refused(user, "/foo@hamyar_bot 12", "unknown-command")
    await say(user, "۲۵۰٬۰۰۰", "کمک شما به کجا برسد", strict=False)
    assert_no_apology(user)


async def test_a_long_text_at_the_amount_step_is_too_long_and_a_huge_number_too_large(hamyar: Harness) -> None:
    user = await _amount_step(hamyar, 7302)
    await refused(user, "س" * 5000, "text-too-long", max=4000)
    await refused(user, HUGE, "pl-amount-too-large", **DOWRY_LIMITS)
    await refused(user, "چند", "pl-amount-not-number", **DOWRY_LIMITS)
    await say(user, "۲۵۰٬۰۰۰", "کمک شما به کجا برسد", strict=False)
    assert_no_apology(user)


async def _report_energy(hamyar: Harness, user: UserClient, baseline: str, month: str) -> BotMessage:
    """Join the energy drive, report a baseline in kWh, then this month's use; the standing message."""
    await journeys.join(user, "energy-wheelchairs", strict=False)
    return await journeys.report_energy(user, baseline, month, strict=False)


async def test_a_small_energy_saving_is_told_as_what_it_achieved_alone_and_together(hamyar: Harness) -> None:
    neighbour, me = hamyar.user(7401, "Nasrin"), hamyar.user(7402, "Sara")
    await hamyar.onboard(neighbour, phone="+989121110001")
    await hamyar.onboard(me, phone="+989121110002")
    async with hamyar.session() as session:
        await session.execute(update(Person).where(Person.platform_user_id.in_([7401, 7402]))
                              .values(neighbourhood="جلفا"))
        await session.commit()
    await _report_energy(hamyar, neighbour, "۵۰۰", "۳۰۰")  # 200 kWh: 300,000 rials
    standing = (await _report_energy(hamyar, me, "۴۰۰", "۳۳۰")).text or ""  # 70 kWh: 105,000 rials
    # A wheelchair is 200,000,000 rials: 70 kWh is 0.05% of one, never "0% of a wheelchair (0 whole)".
    assert "۷۰ کیلووات‌ساعت برق، به ارزش ۱۰۵٬۰۰۰ ریال" in standing
    assert "اگر ۱٬۹۰۵ نفر مثل شما صرفه‌جویی کنند، یک ویلچر کامل خریده می‌شود" in standing
    assert "۰٪" not in standing and "۰ ویلچر" not in standing
    assert "محله جلفا: ۲ نفر با هم ۴۰۵٬۰۰۰ ریال صرفه‌جویی کرده‌اند" in standing
    county = standing.splitlines()[-1]
    assert county.startswith("شهرستان ") and "۲ نفر با هم ۴۰۵٬۰۰۰ ریال" in county, standing


async def test_a_saving_worth_a_percent_or_whole_wheelchairs_says_so(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 7403, "Reza")
    standing = (await _report_energy(hamyar, user, "۹۰۰۰۰", "۶۰۰۰")).text or ""  # 84,000 kWh: 126,000,000 rials
    assert "این ۶۳٪ بهای یک ویلچر است" in standing and "نفر با هم" not in standing  # alone in the county


async def test_the_payroll_summary_names_the_agency_in_the_readers_language(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 7501, "Nasrin")
    await journeys.join(user, "shokraneh-salamat", strict=False)
    await tap(user, "ثبت چهار رقم آخر فیش این ماه", "در کدام دستگاه کار می‌کنید", strict=False)
    await tap(user, "وزارت بهداشت، درمان و آموزش پزشکی", "چهار رقم آخر خالص پرداختی", strict=False)
    await user.send_text("۴۳۲۱")
    summary = (await eventually(user, "بررسی کنید")).text or ""
    assert "(دستگاه: وزارت بهداشت، درمان و آموزش پزشکی)" in summary and "health" not in summary


async def test_pledge_destinations_are_numbered_in_persian_digits(hamyar: Harness) -> None:
    user = await _amount_step(hamyar, 7502)
    ask = await say(user, "۲۵۰٬۰۰۰", "کمک شما به کجا برسد", strict=False)
    labels = ask.button_texts()
    assert labels[:4] == [labels[0], labels[1], "۳. استان یا شهرستان دیگر", "۴. هر جا نیاز بیشتر است"]
    assert labels[0].startswith("۱. شهرستان خودم") and labels[1].startswith("۲. استان خودم: اصفهان")
    assert not any(ch in "".join(labels) for ch in "0123456789")


async def test_a_campaign_page_bar_never_looks_like_missing_glyphs(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 7503, "Sara")
    await user.send_text("/start c_dowry-sets")
    page = (await eventually(user, "پیشرفت")).text or ""
    assert "○○○○○○○○○○" in page and "□" not in page and "■" not in page


async def test_a_greeting_gets_a_short_help_with_the_menu(hamyar: Harness) -> None:
    stranger = hamyar.user(7504, "Omid")
    await refused(stranger, "سلام", "greeting-stranger")
    user = await journeys.onboarded(hamyar, 7505, "Sara")
    for hello in ("سلام", "سلام، خوبید؟", "Hi"):
        reply = await refused(user, hello, "greeting", name="Sara", named="yes")
        assert "پویش‌ها" in (reply.text or "") and "متوجه نشدم" not in (reply.text or "")
        assert "پویش‌ها" in [button.text for row in reply.reply_buttons for button in row]  # the main menu
    await refused(user, "یک جمله که سلام نیست", "unknown-text")


async def test_me_lists_open_pledges_with_a_button_to_all_and_no_time_bank_for_a_citizen(hamyar: Harness) -> None:
    user = await _amount_step(hamyar, 7506)
    await say(user, "۲۵۰٬۰۰۰", "کمک شما به کجا برسد", strict=False)
    await tap(user, "۴. هر جا نیاز بیشتر است", "یک‌بار کمک می‌کنید", strict=False)
    await tap(user, "یک‌بار", "لطفاً تعهد خود را بررسی کنید", strict=False)
    await tap(user, "تأیید", "تعهد شما ثبت شد", strict=False)
    profile = await journeys.open_profile(user, strict=False)
    text = profile.text or ""
    assert "تعهدهای جاری شما (۱):" in text and "۲۵۰٬۰۰۰ تومان" in text and "تعهد شده (سررسید" in text
    assert "بانک زمان" not in text and "ساعتی در بانک زمان" not in text  # not a volunteer
    listing = await tap(user, "همه تعهدهای من", "تعهدهای شما:", message_id=profile.message_id, strict=False)
    assert "۱. " in (listing.text or "") and "لغو تعهد ۱" in " ".join(listing.button_texts())


async def test_audience_buttons_are_nouns(db_url: str, redis_url: str | None) -> None:
    hamyar = await start_managed(db_url, redis_url)
    try:
        admin = hamyar.user(ADMIN, "Admin")
        await hamyar.onboard(admin, phone="+989120000001")
        await open_menu(admin)
        await tap(admin, "نوشتن پیام همگانی", "متن پیام همگانی", strict=False)
        await say(admin, "پویش زمستانه", "عکس", strict=False)
        await tap(admin, "رد شدن", "دکمه‌های زیر پیام", strict=False)
        screen = await tap(admin, "ادامه: انتخاب مخاطبان", "تعداد کسانی که", strict=False)
        labels = screen.button_texts()
        assert "پویش" in labels and "پویش را انتخاب کنید." not in labels
        assert not [label for label in labels if label.endswith((".", "。"))], labels
    finally:
        await hamyar.stop()

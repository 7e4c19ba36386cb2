"""The seed campaigns' own flows over the emulator: payroll digits (شکرانه سلامت) and the energy drive."""

from __future__ import annotations

from sqlalchemy import select

from campaigns.catalogue import today_in_iran
from campaigns.jalali import period_of
from emulator import BotMessage, UserClient
from storage.models import EnergyReport, Pledge
from tests.e2e.harness import Harness
from tests.e2e.journeys import expect, onboarded, say, tap, wrong_answer
from tests.e2e.managers import person_id


async def _joined(hamyar: Harness, user_id: int, name: str, slug: str) -> tuple[UserClient, BotMessage]:
    """A person onboarded who then joins a campaign by its link; they and the campaign's page."""
    user = await onboarded(hamyar, user_id, name)
    await say(user, f"/start c_{slug}", "پیوستید")
    return user, await expect(user, "پیشرفت")


async def test_payroll_pledge_with_bad_digits_then_net_pay(hamyar: Harness) -> None:
    user, page = await _joined(hamyar, 4001, "Nasrin", "shokraneh-salamat")
    agencies = await tap(user, "ثبت چهار رقم آخر فیش این ماه", "در کدام دستگاه کار می‌کنید")
    assert "سایر (نوشتن نام دستگاه)" in agencies.button_texts()
    await say(user, "۲", "چهار رقم آخر خالص پرداختی")  # Ministry of Education, by its number
    await wrong_answer(user, "۱۲۳۴۵", "نه چهار رقم آخر است", "چهار رقم آخر خالص پرداختی")
    await wrong_answer(user, "abc", "لطفاً فقط رقم بنویسید", "چهار رقم آخر خالص پرداختی")
    # The whole net pay: its last four digits are pledged.
    summary = await say(user, "۱۸٬۷۵۴٬۳۲۱", "بررسی کنید")
    assert "۴٬۳۲۱ ریال" in summary.text
    await tap(user, "تأیید", "ثبت شد: ۴٬۳۲۱ ریال")
    async with hamyar.session() as session:
        [pledge] = (await session.execute(select(Pledge))).scalars().all()
    assert (pledge.kind, pledge.amount, pledge.agency, pledge.recurrence) == ("payroll", 4321, "education", "monthly")
    assert pledge.period == period_of(today_in_iran()) and pledge.province_code == "isfahan"

    # Same month again, with "other" agency typed: the month's pledge is replaced, not doubled.
    await tap(user, "ثبت چهار رقم آخر فیش این ماه", "در کدام دستگاه", message_id=page.message_id)
    await say(user, "دانشگاه صنعتی اصفهان", "چهار رقم آخر")
    await say(user, "0987", "بررسی کنید")
    await say(user, "تأیید", "به ۹۸۷ ریال تغییر کرد")
    async with hamyar.session() as session:
        [pledge] = (await session.execute(select(Pledge))).scalars().all()
    assert (pledge.amount, pledge.agency) == (987, "دانشگاه صنعتی اصفهان")

    totals = await tap(user, "آمار به تفکیک دستگاه و استان", "آمار طرح", message_id=page.message_id)
    assert "دانشگاه صنعتی اصفهان: ۹۸۷ ریال از ۱ نفر" in totals.text and "اصفهان" in totals.text


async def test_energy_baseline_then_month_and_totals(hamyar: Harness) -> None:
    user, _ = await _joined(hamyar, 4002, "Hamid", "energy-wheelchairs")
    await tap(user, "ثبت مصرف برق", "چگونه گزارش می‌کنید")
    await tap(user, "به کیلووات‌ساعت (از قبض)", "مصرف پایه")
    await say(user, "سیصد", "لطفاً فقط عدد بنویسید")
    await say(user, "۴۰۰", "مصرف پایه ثبت شد")
    page = await say(user, "/start c_energy-wheelchairs", "پیشرفت")
    await tap(user, "ثبت مصرف برق", "مصرف پایه شما ۴۰۰ کیلووات‌ساعت", message_id=page.message_id)
    standing = await say(user, "۳۰۰", "صرفه‌جویی شما تا امروز")
    # 100 kWh × 1,500 rials = 150,000 rials; a wheelchair is 200,000,000 rials.
    assert "۱۰۰ کیلووات‌ساعت" in standing.text and "۱۵۰٬۰۰۰ ریال" in standing.text
    async with hamyar.session() as session:
        reports = (await session.execute(select(EnergyReport).order_by(EnergyReport.period))).scalars().all()
    assert [(r.period, r.unit, r.value) for r in reports] == [
        (period_of(today_in_iran()), "kwh", 300), ("baseline", "kwh", 400)]
    assert reports[0].province_code == "isfahan" and reports[0].person_id == await person_id(hamyar, 4002)
    totals = await tap(user, "آمار صرفه‌جویی", "آمار صرفه‌جویی پویش", message_id=page.message_id)
    assert "همه کشور: ۱۵۰٬۰۰۰ ریال، ۰ ویلچر" in totals.text and "اصفهان: ۱۵۰٬۰۰۰ ریال" in totals.text


async def test_volunteer_campaign_page_leads_to_registration(hamyar: Harness) -> None:
    _, page = await _joined(hamyar, 4003, "Leila", "volunteer-network")
    assert "ثبت‌نام داوطلب" in page.button_texts()
    assert "۱ از ۲۰٬۰۰۰ داوطلب" in page.text  # joining by the link counts

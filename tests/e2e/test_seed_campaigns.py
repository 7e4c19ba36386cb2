"""The seed campaigns' own flows over the emulator: payroll digits (شکرانه سلامت) and the energy drive."""

from __future__ import annotations

from sqlalchemy import select

from campaigns.catalogue import today_in_iran
from campaigns.jalali import period_of
from emulator import BotMessage, UserClient
from storage.models import EnergyReport, Pledge
from tests.e2e.harness import Harness, expect
from tests.e2e.managers import person_id


async def _joined(hamyar: Harness, user_id: int, name: str, slug: str) -> tuple[UserClient, BotMessage]:
    """A person onboarded who then joins a campaign by its link; they and the campaign's page."""
    user = hamyar.user(user_id, name)
    await hamyar.onboard(user)
    await user.send_text(f"/start c_{slug}")
    await expect(user, "پیوستید")
    return user, await expect(user, "پیشرفت")


async def test_payroll_pledge_with_bad_digits_then_net_pay(hamyar: Harness) -> None:
    user, page = await _joined(hamyar, 4001, "Nasrin", "shokraneh-salamat")
    await user.press("ثبت چهار رقم آخر فیش این ماه")
    agencies = await expect(user, "در کدام دستگاه کار می‌کنید")
    assert "سایر (نوشتن نام دستگاه)" in agencies.button_texts()
    await user.send_text("۲")  # Ministry of Education, by its number
    await expect(user, "چهار رقم آخر خالص پرداختی")
    await user.send_text("۱۲۳۴۵")
    await expect(user, "نه چهار رقم آخر است")
    await expect(user, "چهار رقم آخر خالص پرداختی")  # asked again
    await user.send_text("abc")
    await expect(user, "لطفاً فقط رقم بنویسید")
    await expect(user, "چهار رقم آخر خالص پرداختی")  # asked again
    await user.send_text("۱۸٬۷۵۴٬۳۲۱")  # the whole net pay: its last four digits are pledged
    summary = await expect(user, "بررسی کنید")
    assert "۴٬۳۲۱ ریال" in summary.text
    await user.press("تأیید")
    await expect(user, "ثبت شد: ۴٬۳۲۱ ریال")
    async with hamyar.session() as session:
        [pledge] = (await session.execute(select(Pledge))).scalars().all()
    assert (pledge.kind, pledge.amount, pledge.agency, pledge.recurrence) == ("payroll", 4321, "education", "monthly")
    assert pledge.period == period_of(today_in_iran()) and pledge.province_code == "isfahan"

    # Same month again, with "other" agency typed: the month's pledge is replaced, not doubled.
    await user.press("ثبت چهار رقم آخر فیش این ماه", message_id=page.message_id)
    await expect(user, "در کدام دستگاه")
    await user.send_text("دانشگاه صنعتی اصفهان")
    await expect(user, "چهار رقم آخر")
    await user.send_text("0987")
    await expect(user, "بررسی کنید")
    await user.send_text("تأیید")
    await expect(user, "به ۹۸۷ ریال تغییر کرد")
    async with hamyar.session() as session:
        [pledge] = (await session.execute(select(Pledge))).scalars().all()
    assert (pledge.amount, pledge.agency) == (987, "دانشگاه صنعتی اصفهان")

    await user.press("آمار به تفکیک دستگاه و استان", message_id=page.message_id)
    totals = await expect(user, "آمار طرح")
    assert "دانشگاه صنعتی اصفهان: ۹۸۷ ریال از ۱ نفر" in totals.text and "اصفهان" in totals.text


async def test_energy_baseline_then_month_and_totals(hamyar: Harness) -> None:
    user, _ = await _joined(hamyar, 4002, "Hamid", "energy-wheelchairs")
    await user.press("ثبت مصرف برق")
    await expect(user, "چگونه گزارش می‌کنید")
    await user.press("به کیلووات‌ساعت (از قبض)")
    await expect(user, "مصرف پایه")
    await user.send_text("سیصد")
    await expect(user, "لطفاً فقط عدد بنویسید")
    await user.send_text("۴۰۰")
    await expect(user, "مصرف پایه ثبت شد")
    await user.send_text("/start c_energy-wheelchairs")
    page = await expect(user, "پیشرفت")
    await user.press("ثبت مصرف برق", message_id=page.message_id)
    await expect(user, "مصرف پایه شما ۴۰۰ کیلووات‌ساعت")
    await user.send_text("۳۰۰")
    standing = await expect(user, "صرفه‌جویی شما تا امروز")
    # 100 kWh × 1,500 rials = 150,000 rials; a wheelchair is 200,000,000 rials.
    assert "۱۰۰ کیلووات‌ساعت" in standing.text and "۱۵۰٬۰۰۰ ریال" in standing.text
    async with hamyar.session() as session:
        reports = (await session.execute(select(EnergyReport).order_by(EnergyReport.period))).scalars().all()
    assert [(r.period, r.unit, r.value) for r in reports] == [
        (period_of(today_in_iran()), "kwh", 300), ("baseline", "kwh", 400)]
    assert reports[0].province_code == "isfahan" and reports[0].person_id == await person_id(hamyar, 4002)
    await user.press("آمار صرفه‌جویی", message_id=page.message_id)
    totals = await expect(user, "آمار صرفه‌جویی پویش")
    assert "همه کشور: ۱۵۰٬۰۰۰ ریال، ۰ ویلچر" in totals.text and "اصفهان: ۱۵۰٬۰۰۰ ریال" in totals.text


async def test_volunteer_campaign_page_leads_to_registration(hamyar: Harness) -> None:
    _, page = await _joined(hamyar, 4003, "Leila", "volunteer-network")
    assert "ثبت‌نام داوطلب" in page.button_texts()
    assert "۱ از ۲۰٬۰۰۰ داوطلب" in page.text  # joining by the link counts

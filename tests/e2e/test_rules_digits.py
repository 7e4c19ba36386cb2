"""Arabic-Indic digits (٠-٩) at every step that takes a number, driven through the real conversations:
the typed phone, the county by its list number, national IDs (volunteering and the profile), amounts,
quantities, payslip digits, energy readings, list numbers; each checked in the reply and in the database."""

from __future__ import annotations

from datetime import datetime, timedelta

import jdatetime
from sqlalchemy import select

from campaigns.catalogue import today_in_iran
from campaigns.jalali import IRAN_TZ, period_of
from emulator import UserClient
from storage.models import EnergyReport, Volunteer, utcnow
from storage.models.assignments import Assignment
from tests.e2e import journeys
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say, tap

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic(text: str) -> str:
    return text.translate(ARABIC)


async def _onboard_typing(hamyar: Harness, user: UserClient, phone: str) -> None:
    """Onboarding with the phone typed (not shared) and the county picked by its number in the list."""
    await journeys.agree(user)
    await say(user, phone, "ثبت شد")
    await expect(user, "استان")
    counties = await say(user, "اصفهان", "شهرستان")
    assert counties.inline_buttons[0][0].text == "آران و بیدگل"
    await say(user, "١", "محله")
    await journeys.skip_neighbourhood(user)


async def test_typed_phone_and_county_number_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = hamyar.user(8001, "Sara")
    await journeys.agree(user)
    await say(user, "٠٢١١٢٣٤٥٦٧٨", "این شماره موبایل درست نیست")  # a Tehran landline, not a mobile
    saved = await say(user, "٠٩١٢ ٣٤٥ ٦٧٨٩", "ثبت شد")
    assert "۰۹۱۲۳۴۵۶۷۸۹" in saved.text
    await expect(user, "استان")
    counties = await say(user, "اصفهان", "شهرستان")
    assert counties.button_texts()[:3] == ["آران و بیدگل", "اردستان", "اصفهان"]
    await say(user, "٣", "محله")
    await journeys.skip_neighbourhood(user)
    person = await journeys.person(hamyar, 8001)
    assert (person.phone, person.province_code, person.county_code) == ("09123456789", "isfahan", "isfahan-isfahan")


async def test_typed_phone_with_the_country_code_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = hamyar.user(8002, "Reza")
    await _onboard_typing(hamyar, user, "+٩٨٩١٩٨٧٦٥٤٣٢")
    person = await journeys.person(hamyar, 8002)
    assert (person.phone, person.county_code) == ("09198765432", "isfahan-aran-va-bidgol")


async def test_volunteer_national_id_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 8003, "Leila")
    await journeys.start_volunteering(user)
    await say(user, "١ ٣", "تخصص شما")  # health and cultural, by their numbers
    await say(user, "پرستار", "چه روزهایی")
    await say(user, "همه روزها", "چه ساعتی")
    await say(user, "صبح", "تیم‌های محب")
    await say(user, "خیر", "منطقه فعالیت شما")
    await say(user, "همین منطقه", "کد ملی ۱۰ رقمی")
    await say(user, "٥٦٧٨٩٠١٢٣", "کد ملی باید ۱۰ رقم باشد")  # nine digits
    wrong = await say(user, "٥٦٧٨٩٠١٢٣١", "رقم کنترل آن با بقیه رقم‌ها نمی‌خواند")  # remainder 0 wants check digit 0
    assert "رد شدن" in wrong.button_texts()
    await say(user, "٥٦٧٨٩٠١٢٣٠", "مهارت‌ها یا تجربه‌ها")
    summary = await tap(user, "رد شدن", "خلاصه ثبت‌نام داوطلبی")
    assert "کد ملی: *******۲۳۰" in summary.text and "محورها: سلامت، فرهنگی" in summary.text
    await say(user, "تأیید", "ذخیره شد")
    person = await journeys.person(hamyar, 8003)
    assert person.national_id == "5678901230"
    async with hamyar.session() as session:
        [row] = (await session.execute(select(Volunteer))).scalars().all()
    assert row.axes == ["health", "cultural"] and row.person_id == person.id


async def test_profile_national_id_and_phone_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 8004, "Nima")
    await say(user, "/me", "کد ملی")
    await tap(user, "تغییر کد ملی", "کد ملی ۱۰ رقمی خود را بنویسید")
    await say(user, "١٢٣٤٥٦٧٨٩٠", "رقم کنترل آن با بقیه رقم‌ها نمی‌خواند")  # remainder 1 wants check digit 1
    await say(user, "١٢٣٤٥٦٧٨٩١", "ذخیره شد")
    assert (await journeys.person(hamyar, 8004)).national_id == "1234567891"
    profile = await expect(user, "کد ملی")
    await tap(user, "تغییر تلفن", "شماره موبایل تازه", message_id=profile.message_id)
    await say(user, "٠٩١٢٣٤٥٦٧٨", "این شماره موبایل درست نیست")  # ten digits
    await say(user, "٠٠٩٨٩٣٥١١١٢٢٣٣", "ذخیره شد")
    assert (await journeys.person(hamyar, 8004)).phone == "09351112233"


async def test_cash_amount_region_and_recurrence_numbers_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await journeys.open_campaign(hamyar, 8005, "dowry-sets")
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک را به تومان بنویسید")
    await journeys.wrong_answer(user, "١٠٠", "کمترین مبلغ در این پویش ۵۰٬۰۰۰ تومان است",
                                asked_again="مبلغ کمک را به تومان بنویسید")
    await say(user, "٢٥٠٬٠٠٠", "کمک شما به کجا برسد")
    summary = await journeys.give_to(user, "٢", "١")  # where: my province
    assert "۲۵۰٬۰۰۰ تومان" in summary.text and "اصفهان" in summary.text
    [pledge] = await journeys.confirm_pledge(hamyar, user, 8005)
    assert (pledge.kind, pledge.amount, pledge.recurrence) == ("cash", 250_000, "once")
    assert (pledge.province_code, pledge.county_code) == ("isfahan", None)


async def test_amount_in_words_with_arabic_indic_digits(hamyar: Harness) -> None:
    user = await journeys.open_campaign(hamyar, 8006, "dowry-sets")
    await tap(user, "تعهد کمک نقدی", "مبلغ کمک")
    await say(user, "٥٠٠ هزار تومان", "کمک شما به کجا برسد")
    summary = await journeys.give_to(user, "١", "یک‌بار")
    assert "۵۰۰٬۰۰۰ تومان" in summary.text
    [pledge] = await journeys.confirm_pledge(hamyar, user, 8006, typed=True)
    assert pledge.amount == 500_000


async def test_in_kind_item_and_quantity_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await journeys.open_campaign(hamyar, 8007, "low-consumption-heaters")
    await tap(user, "تعهد کمک غیرنقدی", "چه چیزی اهدا می‌کنید")
    await journeys.wrong_answer(user, "٩", "این گزینه در فهرست نیست", asked_again="چه چیزی اهدا می‌کنید")
    await say(user, "١", "چند دستگاه")
    await journeys.wrong_answer(user, "٥٠٠١", "تعداد باید عددی از ۱ تا ۵٬۰۰۰ باشد", asked_again="چند دستگاه")
    await say(user, "١٢٠", "نام شرکت")
    await say(user, "شرکت فولاد", "کمک شما به کجا برسد")
    summary = await say(user, "١", "بررسی کنید")
    assert "۱۲۰ دستگاه بخاری گازی کم‌مصرف" in summary.text
    [pledge] = await journeys.confirm_pledge(hamyar, user, 8007, typed=True)
    assert (pledge.kind, pledge.item, pledge.quantity) == ("in_kind", "gas-heater", 120)


async def test_dowry_quantity_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await journeys.open_campaign(hamyar, 8008, "dowry-sets")
    await tap(user, "اهدای جهیزیه (سری کامل یا یک قلم)", "چه چیزی اهدا می‌کنید")
    summary = await journeys.give_item(user, "اجاق گاز", "٣", where="١", how_often="١")
    assert "۳ × اجاق گاز" in summary.text and "۴۵٬۰۰۰٬۰۰۰ تومان" in summary.text
    [pledge] = await journeys.confirm_pledge(hamyar, user, 8008)
    assert (pledge.item, pledge.quantity, pledge.amount) == ("stove", 3, 45_000_000)


async def test_payslip_digits_and_agency_number_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await journeys.open_campaign(hamyar, 8009, "shokraneh-salamat")
    await tap(user, "ثبت چهار رقم آخر فیش این ماه", "در کدام دستگاه کار می‌کنید")
    await say(user, "٢", "چهار رقم آخر خالص پرداختی")  # Ministry of Education
    await journeys.wrong_answer(user, "١٢٣٤٥", "نه چهار رقم آخر است", asked_again="چهار رقم آخر خالص پرداختی")
    summary = await say(user, "١٨٬٧٥٤٬٣٢١", "بررسی کنید")
    assert "۴٬۳۲۱ ریال" in summary.text
    await tap(user, "تأیید", "ثبت شد: ۴٬۳۲۱ ریال")
    [pledge] = await journeys.pledges(hamyar, 8009)
    assert (pledge.kind, pledge.amount, pledge.agency) == ("payroll", 4321, "education")

    page = await journeys.join(user, "shokraneh-salamat")
    await tap(user, "ثبت چهار رقم آخر فیش این ماه", "در کدام دستگاه", message_id=page.message_id)
    await say(user, "٢", "چهار رقم آخر")
    await say(user, "٠٩٨٧", "بررسی کنید")
    await say(user, "تأیید", "به ۹۸۷ ریال تغییر کرد")
    [pledge] = await journeys.pledges(hamyar, 8009)
    assert pledge.amount == 987


async def test_energy_readings_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await journeys.open_campaign(hamyar, 8010, "energy-wheelchairs")
    standing = await journeys.report_energy(user, "٤٠٠", "٣٠٠", baseline_shown="۴۰۰ کیلووات‌ساعت")
    assert "۱۰۰ کیلووات‌ساعت" in standing.text and "۱۵۰٬۰۰۰ ریال" in standing.text
    async with hamyar.session() as session:
        reports = (await session.execute(select(EnergyReport).order_by(EnergyReport.period))).scalars().all()
    assert [(r.period, r.unit, r.value) for r in reports] == [
        (period_of(today_in_iran()), "kwh", 300), ("baseline", "kwh", 400)]


MANAGER = 8100


def _typed_moment(moment: datetime) -> tuple[str, datetime]:
    """A moment as a manager types it (1405/09/03 18:30) in Arabic-Indic digits, and the moment it means."""
    local = moment.astimezone(IRAN_TZ).replace(second=0, microsecond=0)
    jd = jdatetime.date.fromgregorian(date=local.date())
    return arabic(f"{jd.year}/{jd.month:02d}/{jd.day:02d} {local:%H:%M}"), local


async def test_assignment_dates_and_headcount_in_arabic_indic_digits(db_url: str, redis_url: str | None) -> None:
    hamyar = await Harness.start(db_url, redis_url, super_admins=[f"telegram:{MANAGER}"])
    try:
        manager = await journeys.onboarded(hamyar, MANAGER, "Mina")
        start_text, start = _typed_moment(utcnow() + timedelta(days=2))
        deadline_text, deadline = _typed_moment(utcnow() + timedelta(days=1))
        await say(manager, "/assign", "عنوان")
        await say(manager, "حمایت روانی در اسکان", "محل حضور")
        await say(manager, "سالن ورزشی", "استان")
        counties = await say(manager, "اصفهان", "شهرستان")
        await tap(manager, counties.inline_buttons[0][0].text, "داوطلبانی لازم")
        await tap(manager, "روان‌شناس", "تاریخ و ساعت شروع")
        await say(manager, "١٤٠٥/١٣/٠١ ١٠:٠٠", "تاریخ را نشناختم")  # there is no 13th month
        await say(manager, start_text, "چند نفر")
        await say(manager, "١٠٠٠١", "حداکثر ۱۰٬۰۰۰")
        await say(manager, "١٢", "مهلت پذیرش تا کی")
        summary = await say(manager, deadline_text, "درست است؟")
        assert "۱۲" in summary.text
        await tap(manager, "ثبت و ارسال", "ثبت شد")
        async with hamyar.session() as session:
            row = (await session.execute(select(Assignment))).scalar_one()
        assert (row.headcount, row.starts_at, row.deadline) == (12, start, deadline)
    finally:
        await hamyar.stop()

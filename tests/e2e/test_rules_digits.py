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
from storage.models import EnergyReport, Person, Pledge, Volunteer, utcnow
from storage.models.assignments import Assignment
from tests.e2e.harness import Harness, expect

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic(text: str) -> str:
    return text.translate(ARABIC)


async def _person(hamyar: Harness, user_id: int) -> Person:
    async with hamyar.session() as session:
        return (await session.execute(select(Person).where(Person.platform_user_id == user_id))).scalar_one()


async def _pledges(hamyar: Harness, user_id: int) -> list[Pledge]:
    person = await _person(hamyar, user_id)
    async with hamyar.session() as session:
        return list((await session.execute(select(Pledge).where(Pledge.person_id == person.id)
                                           .order_by(Pledge.id))).scalars())


async def _onboard_typing(hamyar: Harness, user: UserClient, phone: str) -> None:
    """Onboarding with the phone typed (not shared) and the county picked by its number in the list."""
    await user.send_text("/start")
    await expect(user, "زبان")
    await user.press("فارسی")
    await expect(user, "موافقید")
    await user.press("موافقم")
    await expect(user, "شماره موبایل")
    await user.send_text(phone)
    await expect(user, "ثبت شد")
    await expect(user, "استان")
    await user.send_text("اصفهان")
    counties = await expect(user, "شهرستان")
    assert counties.inline_buttons[0][0].text == "آران و بیدگل"
    await user.send_text("١")
    await expect(user, "محله")
    await user.press("رد شدن")
    await expect(user, "ثبت‌نام شما کامل شد")


async def _open(hamyar: Harness, user_id: int, slug: str) -> UserClient:
    user = hamyar.user(user_id, "Sara")
    await hamyar.onboard(user)
    await user.send_text(f"/start c_{slug}")
    await expect(user, "پیوستید")
    await expect(user, "پیشرفت")
    return user


async def test_typed_phone_and_county_number_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = hamyar.user(8001, "Sara")
    await user.send_text("/start")
    await expect(user, "زبان")
    await user.press("فارسی")
    await expect(user, "موافقید")
    await user.press("موافقم")
    await expect(user, "شماره موبایل")
    await user.send_text("٠٢١١٢٣٤٥٦٧٨")  # a Tehran landline, not a mobile
    await expect(user, "این شماره موبایل درست نیست")
    await user.send_text("٠٩١٢ ٣٤٥ ٦٧٨٩")
    saved = await expect(user, "ثبت شد")
    assert "۰۹۱۲۳۴۵۶۷۸۹" in saved.text
    await expect(user, "استان")
    await user.send_text("اصفهان")
    counties = await expect(user, "شهرستان")
    assert counties.button_texts()[:3] == ["آران و بیدگل", "اردستان", "اصفهان"]
    await user.send_text("٣")
    await expect(user, "محله")
    await user.press("رد شدن")
    await expect(user, "ثبت‌نام شما کامل شد")
    person = await _person(hamyar, 8001)
    assert (person.phone, person.province_code, person.county_code) == ("09123456789", "isfahan", "isfahan-isfahan")


async def test_typed_phone_with_the_country_code_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = hamyar.user(8002, "Reza")
    await _onboard_typing(hamyar, user, "+٩٨٩١٩٨٧٦٥٤٣٢")
    person = await _person(hamyar, 8002)
    assert (person.phone, person.county_code) == ("09198765432", "isfahan-aran-va-bidgol")


async def test_volunteer_national_id_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = hamyar.user(8003, "Leila")
    await hamyar.onboard(user)
    await user.send_text("/volunteer")
    await expect(user, "مرحله ۱ از ۸")
    await user.send_text("١ ٣")  # health and cultural, by their numbers
    await expect(user, "تخصص شما")
    await user.send_text("پرستار")
    await expect(user, "چه روزهایی")
    await user.send_text("همه روزها")
    await expect(user, "چه ساعتی")
    await user.send_text("صبح")
    await expect(user, "تیم‌های محب")
    await user.send_text("خیر")
    await expect(user, "منطقه فعالیت شما")
    await user.send_text("همین منطقه")
    await expect(user, "کد ملی ۱۰ رقمی")
    await user.send_text("٥٦٧٨٩٠١٢٣")  # nine digits
    await expect(user, "کد ملی باید ۱۰ رقم باشد")
    await user.send_text("٥٦٧٨٩٠١٢٣١")  # remainder 0 wants check digit 0
    wrong = await expect(user, "رقم کنترل آن با بقیه رقم‌ها نمی‌خواند")
    assert "رد شدن" in wrong.button_texts()
    await user.send_text("٥٦٧٨٩٠١٢٣٠")
    await expect(user, "مهارت‌ها یا تجربه‌ها")
    await user.press("رد شدن")
    summary = await expect(user, "خلاصه ثبت‌نام داوطلبی")
    assert "کد ملی: *******۲۳۰" in summary.text and "محورها: سلامت، فرهنگی" in summary.text
    await user.send_text("تأیید")
    await expect(user, "ذخیره شد")
    person = await _person(hamyar, 8003)
    assert person.national_id == "5678901230"
    async with hamyar.session() as session:
        [row] = (await session.execute(select(Volunteer))).scalars().all()
    assert row.axes == ["health", "cultural"] and row.person_id == person.id


async def test_profile_national_id_and_phone_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = hamyar.user(8004, "Nima")
    await hamyar.onboard(user)
    await user.send_text("/me")
    await expect(user, "کد ملی")
    await user.press("تغییر کد ملی")
    await expect(user, "کد ملی ۱۰ رقمی خود را بنویسید")
    await user.send_text("١٢٣٤٥٦٧٨٩٠")  # remainder 1 wants check digit 1
    await expect(user, "رقم کنترل آن با بقیه رقم‌ها نمی‌خواند")
    await user.send_text("١٢٣٤٥٦٧٨٩١")
    await expect(user, "ذخیره شد")
    assert (await _person(hamyar, 8004)).national_id == "1234567891"
    profile = await expect(user, "کد ملی")
    await user.press("تغییر تلفن", message_id=profile.message_id)
    await expect(user, "شماره موبایل تازه")
    await user.send_text("٠٩١٢٣٤٥٦٧٨")  # ten digits
    await expect(user, "این شماره موبایل درست نیست")
    await user.send_text("٠٠٩٨٩٣٥١١١٢٢٣٣")
    await expect(user, "ذخیره شد")
    assert (await _person(hamyar, 8004)).phone == "09351112233"


async def test_cash_amount_region_and_recurrence_numbers_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await _open(hamyar, 8005, "dowry-sets")
    await user.press("تعهد کمک نقدی")
    await expect(user, "مبلغ کمک را به تومان بنویسید")
    await user.send_text("١٠٠")
    await expect(user, "کمترین مبلغ در این پویش ۵۰٬۰۰۰ تومان است")
    await expect(user, "مبلغ کمک را به تومان بنویسید")  # asked again
    await user.send_text("٢٥٠٬٠٠٠")
    await expect(user, "کمک شما به کجا برسد")
    await user.send_text("٢")  # my province
    await expect(user, "یک‌بار کمک می‌کنید یا هر ماه")
    await user.send_text("١")
    summary = await expect(user, "لطفاً تعهد خود را بررسی کنید")
    assert "۲۵۰٬۰۰۰ تومان" in summary.text and "اصفهان" in summary.text
    await user.press("تأیید")
    await expect(user, "تعهد شما ثبت شد")
    [pledge] = await _pledges(hamyar, 8005)
    assert (pledge.kind, pledge.amount, pledge.recurrence) == ("cash", 250_000, "once")
    assert (pledge.province_code, pledge.county_code) == ("isfahan", None)


async def test_amount_in_words_with_arabic_indic_digits(hamyar: Harness) -> None:
    user = await _open(hamyar, 8006, "dowry-sets")
    await user.press("تعهد کمک نقدی")
    await expect(user, "مبلغ کمک")
    await user.send_text("٥٠٠ هزار تومان")
    await expect(user, "کمک شما به کجا برسد")
    await user.send_text("١")
    await expect(user, "یک‌بار کمک می‌کنید")
    await user.send_text("یک‌بار")
    summary = await expect(user, "بررسی کنید")
    assert "۵۰۰٬۰۰۰ تومان" in summary.text
    await user.send_text("تأیید")
    await expect(user, "تعهد شما ثبت شد")
    [pledge] = await _pledges(hamyar, 8006)
    assert pledge.amount == 500_000


async def test_in_kind_item_and_quantity_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await _open(hamyar, 8007, "low-consumption-heaters")
    await user.press("تعهد کمک غیرنقدی")
    await expect(user, "چه چیزی اهدا می‌کنید")
    await user.send_text("٩")
    await expect(user, "این گزینه در فهرست نیست")
    await expect(user, "چه چیزی اهدا می‌کنید")
    await user.send_text("١")
    await expect(user, "چند دستگاه")
    await user.send_text("٥٠٠١")
    await expect(user, "تعداد باید عددی از ۱ تا ۵٬۰۰۰ باشد")
    await expect(user, "چند دستگاه")
    await user.send_text("١٢٠")
    await expect(user, "نام شرکت")
    await user.send_text("شرکت فولاد")
    await expect(user, "کمک شما به کجا برسد")
    await user.send_text("١")
    summary = await expect(user, "بررسی کنید")
    assert "۱۲۰ دستگاه بخاری گازی کم‌مصرف" in summary.text
    await user.send_text("تأیید")
    await expect(user, "تعهد شما ثبت شد")
    [pledge] = await _pledges(hamyar, 8007)
    assert (pledge.kind, pledge.item, pledge.quantity) == ("in_kind", "gas-heater", 120)


async def test_dowry_quantity_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await _open(hamyar, 8008, "dowry-sets")
    await user.press("اهدای جهیزیه (سری کامل یا یک قلم)")
    await expect(user, "چه چیزی اهدا می‌کنید")
    await user.press("اجاق گاز")
    await expect(user, "چند")
    await user.send_text("٣")
    await expect(user, "کمک شما به کجا برسد")
    await user.send_text("١")
    await expect(user, "یک‌بار کمک می‌کنید")
    await user.send_text("١")
    summary = await expect(user, "بررسی کنید")
    assert "۳ × اجاق گاز" in summary.text and "۴۵٬۰۰۰٬۰۰۰ تومان" in summary.text
    await user.press("تأیید")
    await expect(user, "تعهد شما ثبت شد")
    [pledge] = await _pledges(hamyar, 8008)
    assert (pledge.item, pledge.quantity, pledge.amount) == ("stove", 3, 45_000_000)


async def test_payslip_digits_and_agency_number_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await _open(hamyar, 8009, "shokraneh-salamat")
    await user.press("ثبت چهار رقم آخر فیش این ماه")
    await expect(user, "در کدام دستگاه کار می‌کنید")
    await user.send_text("٢")  # Ministry of Education
    await expect(user, "چهار رقم آخر خالص پرداختی")
    await user.send_text("١٢٣٤٥")
    await expect(user, "نه چهار رقم آخر است")
    await expect(user, "چهار رقم آخر خالص پرداختی")
    await user.send_text("١٨٬٧٥٤٬٣٢١")
    summary = await expect(user, "بررسی کنید")
    assert "۴٬۳۲۱ ریال" in summary.text
    await user.press("تأیید")
    await expect(user, "ثبت شد: ۴٬۳۲۱ ریال")
    [pledge] = await _pledges(hamyar, 8009)
    assert (pledge.kind, pledge.amount, pledge.agency) == ("payroll", 4321, "education")

    await user.send_text("/start c_shokraneh-salamat")
    page = await expect(user, "پیشرفت")
    await user.press("ثبت چهار رقم آخر فیش این ماه", message_id=page.message_id)
    await expect(user, "در کدام دستگاه")
    await user.send_text("٢")
    await expect(user, "چهار رقم آخر")
    await user.send_text("٠٩٨٧")
    await expect(user, "بررسی کنید")
    await user.send_text("تأیید")
    await expect(user, "به ۹۸۷ ریال تغییر کرد")
    [pledge] = await _pledges(hamyar, 8009)
    assert pledge.amount == 987


async def test_energy_readings_in_arabic_indic_digits(hamyar: Harness) -> None:
    user = await _open(hamyar, 8010, "energy-wheelchairs")
    await user.press("ثبت مصرف برق")
    await expect(user, "چگونه گزارش می‌کنید")
    await user.press("به کیلووات‌ساعت (از قبض)")
    await expect(user, "مصرف پایه")
    await user.send_text("٤٠٠")
    await expect(user, "مصرف پایه ثبت شد")
    await user.send_text("/start c_energy-wheelchairs")
    page = await expect(user, "پیشرفت")
    await user.press("ثبت مصرف برق", message_id=page.message_id)
    await expect(user, "مصرف پایه شما ۴۰۰ کیلووات‌ساعت")
    await user.send_text("٣٠٠")
    standing = await expect(user, "صرفه‌جویی شما تا امروز")
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
        manager = hamyar.user(MANAGER, "Mina")
        await hamyar.onboard(manager)
        start_text, start = _typed_moment(utcnow() + timedelta(days=2))
        deadline_text, deadline = _typed_moment(utcnow() + timedelta(days=1))
        await manager.send_text("/assign")
        await expect(manager, "عنوان")
        await manager.send_text("حمایت روانی در اسکان")
        await expect(manager, "محل حضور")
        await manager.send_text("سالن ورزشی")
        await expect(manager, "استان")
        await manager.send_text("اصفهان")
        counties = await expect(manager, "شهرستان")
        await manager.press(counties.inline_buttons[0][0].text)
        await expect(manager, "داوطلبانی لازم")
        await manager.press("روان‌شناس")
        await expect(manager, "تاریخ و ساعت شروع")
        await manager.send_text("١٤٠٥/١٣/٠١ ١٠:٠٠")  # there is no 13th month
        await expect(manager, "تاریخ را نشناختم")
        await manager.send_text(start_text)
        await expect(manager, "چند نفر")
        await manager.send_text("١٠٠٠١")
        await expect(manager, "حداکثر ۱۰٬۰۰۰")
        await manager.send_text("١٢")
        await expect(manager, "مهلت پذیرش تا کی")
        await manager.send_text(deadline_text)
        summary = await expect(manager, "درست است؟")
        assert "۱۲" in summary.text
        await manager.press("ثبت و ارسال")
        await expect(manager, "ثبت شد")
        async with hamyar.session() as session:
            row = (await session.execute(select(Assignment))).scalar_one()
        assert (row.headcount, row.starts_at, row.deadline) == (12, start, deadline)
    finally:
        await hamyar.stop()

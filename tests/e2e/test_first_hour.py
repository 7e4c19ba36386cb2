"""The first hour as a newcomer meets it (issue 13), over the emulator: what a person types that is not an
answer gets a reply that says so, and the wording they read."""

from __future__ import annotations

from sqlalchemy import update

from emulator import BotMessage, UserClient
from storage.models import Person
from tests.e2e.forged import assert_no_apology, eventually, refused
from tests.e2e.harness import Harness

HUGE = "۹" * 5000
DOWRY_LIMITS = {"min": 50_000, "max": 5_000_000_000}  # campaigns/definitions: dowry-sets' pledge limits


async def _amount_step(hamyar: Harness, user_id: int) -> UserClient:
    user = hamyar.user(user_id, "Sara")
    await hamyar.onboard(user)
    await user.send_text("/start c_dowry-sets")
    await eventually(user, "پیشرفت")
    await user.press("تعهد کمک نقدی")
    await eventually(user, "مبلغ کمک")
    return user


async def test_a_command_at_the_amount_step_is_an_unknown_command_and_the_step_goes_on(hamyar: Harness) -> None:
    user = await _amount_step(hamyar, 7301)
    await refused(user, "/foo", "unknown-command")
    await refused(user, "/foo@hamyar_bot 12", "unknown-command")
    await user.send_text("۲۵۰٬۰۰۰")
    await eventually(user, "کمک شما به کجا برسد")
    assert_no_apology(user)


async def test_a_long_text_at_the_amount_step_is_too_long_and_a_huge_number_too_large(hamyar: Harness) -> None:
    user = await _amount_step(hamyar, 7302)
    await refused(user, "س" * 5000, "text-too-long", max=4000)
    await refused(user, HUGE, "pl-amount-too-large", **DOWRY_LIMITS)
    await refused(user, "چند", "pl-amount-not-number", **DOWRY_LIMITS)
    await user.send_text("۲۵۰٬۰۰۰")
    await eventually(user, "کمک شما به کجا برسد")
    assert_no_apology(user)


async def _report_energy(hamyar: Harness, user: UserClient, baseline: str, month: str) -> BotMessage:
    """Join the energy drive, report a baseline in kWh, then this month's use; the standing message."""
    await user.send_text("/start c_energy-wheelchairs")
    await eventually(user, "پیشرفت")
    await user.press("ثبت مصرف برق")
    await eventually(user, "چگونه گزارش می‌کنید")
    await user.press("به کیلووات‌ساعت (از قبض)")
    await eventually(user, "مصرف پایه")
    await user.send_text(baseline)
    await eventually(user, "مصرف پایه ثبت شد")
    await user.send_text("/start c_energy-wheelchairs")
    page = await eventually(user, "پیشرفت")
    await user.press("ثبت مصرف برق", message_id=page.message_id)
    await eventually(user, "مصرف پایه شما")
    await user.send_text(month)
    return await eventually(user, "صرفه‌جویی شما تا امروز")


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
    user = hamyar.user(7403, "Reza")
    await hamyar.onboard(user)
    standing = (await _report_energy(hamyar, user, "۹۰۰۰۰", "۶۰۰۰")).text or ""  # 84,000 kWh: 126,000,000 rials
    assert "این ۶۳٪ بهای یک ویلچر است" in standing and "نفر با هم" not in standing  # alone in the county

"""Volunteer registration as a typing person walks it (used by benchmarks/conversations.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from benchmarks.common import Step
from emulator import BotMessage, UserClient


def _say(text: str) -> Callable[[UserClient, BotMessage | None], Awaitable[object]]:
    return lambda user, _last: user.send_text(text)


VOLUNTEER_STEPS: list[Step] = [
    (_say("/volunteer"), "سال تولد خود را"),
    (_say("۱۳۶۵"), "مرحله ۱ از ۸"),
    (_say("۱ ۳"), "تخصص شما"),
    (_say("پرستار"), "چه روزهایی"),
    (_say("همه روزها"), "چه ساعتی"),
    (_say("صبح"), "تیم‌های محب"),
    (_say("بله"), "منطقه فعالیت شما"),
    (_say("همین"), "کد ملی ۱۰ رقمی"),
    (_say("رد شدن"), "مهارت‌ها یا تجربه‌ها"),
    (_say("رد شدن"), "خلاصه ثبت‌نام داوطلبی"),
    (_say("تأیید"), "ذخیره شد"),
]

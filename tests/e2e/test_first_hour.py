"""The first hour as a newcomer meets it (issue 13), over the emulator: what a person types that is not an
answer gets a reply that says so, and the wording they read."""

from __future__ import annotations

from emulator import UserClient
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

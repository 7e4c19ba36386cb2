"""The error guard (tests/guard.py) sees a step that failed: the error handler's log record and the
apology the person got. Each test here makes a real step fail (the platform answers one send with a
500) and reads what the guard collected; a test that means to fail declares it."""

from __future__ import annotations

import pytest

from tests.e2e.harness import Harness, expect
from tests.guard import APOLOGIES, ErrorGuard, allow_errors


async def _fail_one_reply(hamyar: Harness) -> None:
    """/start, its welcome refused by the platform once: the step fails and the person gets the apology."""
    user = hamyar.user(9001, "Sara")
    hamyar.emu.faults.fail_5xx_next = 1
    await user.send_text("/start")
    await expect(user, APOLOGIES[0])


async def test_the_guard_reports_a_failed_step_and_the_apology(hamyar: Harness, error_guard: ErrorGuard) -> None:
    await _fail_one_reply(hamyar)
    findings = error_guard.findings()  # read here, so the test itself is not failed by them
    assert findings is not None
    assert "the error handler ran 1 time(s)" in findings and "ERROR hamyar.errors: handler failed" in findings
    assert "TelegramServerError" in findings
    assert "1 generic apolog(y/ies)" in findings and APOLOGIES[0] in findings
    assert error_guard.findings() is None  # each finding is reported once


async def test_a_failure_declared_in_a_block_passes(hamyar: Harness, error_guard: ErrorGuard) -> None:
    with allow_errors(r"hamyar\.errors: handler failed\n.*TelegramServerError", apology=True):
        await _fail_one_reply(hamyar)
    assert error_guard.findings() is None
    # After the block, the same failure counts again.
    user = hamyar.user(9001)
    hamyar.emu.faults.fail_5xx_next = 1
    await user.send_text("/start")
    await expect(user, APOLOGIES[0])
    findings = error_guard.findings()
    assert findings is not None and "handler failed" in findings


async def test_a_declared_pattern_lets_only_what_it_matches_pass(hamyar: Harness, error_guard: ErrorGuard) -> None:
    with allow_errors(r"something else entirely", apology=True):
        await _fail_one_reply(hamyar)
    findings = error_guard.findings()
    assert findings is not None and "handler failed" in findings and "generic apolog" not in findings


@pytest.mark.expect_errors(r"hamyar\.errors: handler failed", apology=True)
async def test_a_failure_path_test_declares_it_with_the_marker(hamyar: Harness, error_guard: ErrorGuard) -> None:
    await _fail_one_reply(hamyar)
    assert error_guard.findings() is None


@pytest.mark.expect_errors(r"hamyar\.errors: handler failed", apology=True)
async def test_a_failed_button_step_that_already_answered_the_press_apologises_in_the_chat(
        hamyar: Harness) -> None:
    user = hamyar.user(9002, "Sara")
    await user.send_text("/start")
    await expect(user, "زبان")
    hamyar.emu.faults.fail_5xx_next = 1  # the step's next message after it answered the press
    await user.press("فارسی")
    apology = await expect(user, APOLOGIES[0])
    assert apology.text == APOLOGIES[0]
    assert all(answer.text != APOLOGIES[0] for answer in user.callback_answers())

"""Odd updates and odd messages: a clear reply or a logged skip, never a crash or a stalled loop."""

from __future__ import annotations

import pytest

from tests.e2e import journeys
from tests.e2e.harness import Harness, expect
from tests.e2e.journeys import say


async def test_malformed_updates_do_not_stall_polling(hamyar: Harness) -> None:
    user = hamyar.user(2001, "Sara")
    await hamyar.emu.inject_raw_update({"update_id": 10_000, "message": {"message_id": 1, "text": "hi"}},
                                       hamyar.token)
    await hamyar.emu.inject_raw_update({"update_id": 10_001, "weird_new_kind": {"x": 1}}, hamyar.token)
    hamyar.emu.faults.malformed_next_updates = 1
    await user.send_text("/start")  # this one arrives broken and is skipped
    welcome = await say(user, "/start", "به همیار خوش آمدید")  # this one must still be answered
    assert welcome.button_texts() == ["فارسی", "English"]


async def test_unknown_command_long_text_sticker_and_stale_button(hamyar: Harness) -> None:
    user = hamyar.user(2002, "Reza")
    await say(user, "/frobnicate", "این فرمان را نمی‌شناسم")
    await say(user, "سلام", "/start")
    await hamyar.onboard(user)
    await say(user, "ب" * 4096, "طولانی")
    await user.send_sticker()
    await expect(user, "متوجه نشدم")
    await user.send_photo()
    await expect(user, "متوجه نشدم")
    # The province list from onboarding still shows buttons, but its conversation is over.
    old = next(m for m in user.messages() if "استان محل زندگی" in (m.text or "") and m.inline_buttons)
    answered = len(user.callback_answers())
    await user.press(old.inline_buttons[0][0].text, message_id=old.message_id)
    for _ in range(100):
        if len(user.callback_answers()) > answered:
            break
        await __import__("asyncio").sleep(0.02)
    answer = user.callback_answers()[-1]
    assert "معتبر نیست" in (answer.text or "") and answer.show_alert


async def test_cancel_from_the_middle_of_onboarding(hamyar: Harness) -> None:
    user = hamyar.user(2003, "Mina")
    await journeys.choose_language(user)
    await say(user, "/cancel", "لغو شد")
    await say(user, "/help", "همیار، دستیار مشارکت‌های مردمی")


@pytest.mark.parametrize("hamyar", ["bale"], indirect=True)
async def test_bale_dialect_serves_the_same_conversation(hamyar: Harness) -> None:
    user = hamyar.user(2004, "Ali")
    done = await hamyar.onboard(user)
    assert "اصفهان" in done.text


async def test_menu_label_typed_mid_conversation_leaves_it(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 2005, "Sara")
    await journeys.start_volunteering(user)
    await say(user, "راهنما", "همیار، دستیار مشارکت‌های مردمی")
    state = await hamyar.app.dispatcher.fsm.get_context(hamyar.app.bots[0], 2005, 2005).get_state()
    assert state is None

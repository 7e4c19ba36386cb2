"""UserClient waiting rules and the light storage of synthetic chats."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from emulator import BotApiEmulator, BotMessage
from emulator import state as emulator_state

pytestmark = pytest.mark.asyncio


async def test_wait_for_message_predicate_and_after(emu: BotApiEmulator, token: str, bot: Bot) -> None:
    user = emu.user(token, user_id=1001, first_name="Sara")
    await user.send_text("go")
    for text in ("one", "two", "three"):
        await bot.send_message(1001, text)
    two = await user.wait_for_message(lambda m: m.text == "two")
    assert two.text == "two"
    assert (await user.wait_for_message()).text == "three"
    first = user.messages()[0]
    assert (await user.wait_for_message(after=first)).text == "two"
    await bot.edit_message_text("one, edited", chat_id=1001, message_id=first.message_id)
    edited = await user.wait_for_message()
    assert edited is first and first.text == "one, edited" and first.edits == 1
    assert emu.user(token, user_id=1001).chat.first_name == "Sara"


async def test_press_errors_name_the_chat(emu: BotApiEmulator, token: str, bot: Bot) -> None:
    user = emu.user(token, user_id=5)
    await bot.send_message(5, "no buttons here")
    with pytest.raises(LookupError, match="no buttons here"):
        await user.press("Missing")


async def test_synthetic_chats_keep_light_texts(
    emu: BotApiEmulator, bot: Bot, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(emulator_state, "INTERN_LIMIT", 1)
    shared_a = await bot.send_message(100, "same campaign text")
    await bot.send_message(101, "same campaign text")
    personal = await bot.send_message(102, "personal text #d102")
    chats = emu.bot(token).chats
    kept_a = chats[100].bot_messages()[0]
    kept_b = chats[101].bot_messages()[0]
    assert kept_a.text is kept_b.text == "same campaign text"
    dropped: BotMessage = chats[102].bot_messages()[0]
    assert dropped.text is None and personal.text == "personal text #d102"
    with pytest.raises(TelegramBadRequest, match="not modified"):
        await bot.edit_message_text("personal text #d102", chat_id=102, message_id=personal.message_id)
    await bot.edit_message_text("changed", chat_id=102, message_id=personal.message_id)
    assert shared_a.message_id == 1

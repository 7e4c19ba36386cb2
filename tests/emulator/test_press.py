"""Presses land on the message they mean, and `only=True` waits fail on a reply in between."""

from __future__ import annotations

import aiohttp
import pytest
from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from emulator import BotApiEmulator

pytestmark = pytest.mark.asyncio


def _keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=label.lower())]
                                                 for label in labels])


def _pressed(emu: BotApiEmulator, token: str) -> list[tuple[str, int]]:
    """The callback queries queued for the bot: (data, message id pressed)."""
    return [(u["callback_query"]["data"], u["callback_query"]["message"]["message_id"])
            for _, u in emu.bot(token).updates.take(100, lambda: False) if "callback_query" in u]


async def test_a_button_above_the_latest_message_is_not_pressed_by_mistake(
        emu: BotApiEmulator, token: str, bot: Bot) -> None:
    user = emu.user(token, user_id=7)
    question = await bot.send_message(7, "Pick one", reply_markup=_keyboard("Yes", "No"))
    await bot.send_message(7, "a newer message without buttons")
    with pytest.raises(LookupError, match=r"'Yes' is only on message #1, older than the bot's latest message #2"):
        await user.press("Yes")
    # Said on purpose: the message by id, or stale_ok.
    await user.press("Yes", message_id=question.message_id)
    await user.press("No", stale_ok=True)
    assert _pressed(emu, token) == [("yes", 1), ("no", 1)]


async def test_the_latest_message_with_the_label_is_pressed_and_an_edit_makes_a_message_current(
        emu: BotApiEmulator, token: str, bot: Bot) -> None:
    user = emu.user(token, user_id=8)
    first = await bot.send_message(8, "first page", reply_markup=_keyboard("Next"))
    await bot.send_message(8, "second page", reply_markup=_keyboard("Next"))
    await user.press("Next")
    await bot.send_message(8, "a note")
    await bot.edit_message_text("first page, again", chat_id=8, message_id=first.message_id,
                                reply_markup=_keyboard("Next"))
    await user.press("Next")  # the first page, edited after the note, is what the person sees last
    assert _pressed(emu, token) == [("next", 2), ("next", 1)]


async def test_the_chat_page_api_still_presses_older_messages(emu: BotApiEmulator, token: str, bot: Bot) -> None:
    emu.user(token, user_id=9)
    await bot.send_message(9, "Pick one", reply_markup=_keyboard("Yes"))
    await bot.send_message(9, "a newer message")
    bot_id = emu.bot(token).bot_id
    async with aiohttp.ClientSession() as http, http.post(
            f"{emu.base_url}/_emu/bots/{bot_id}/users/9/press", json={"text": "Yes"}) as response:
        assert response.status == 200 and (await response.json())["ok"] is True
    assert _pressed(emu, token) == [("yes", 1)]


async def test_only_fails_when_another_reply_comes_first(emu: BotApiEmulator, token: str, bot: Bot) -> None:
    user = emu.user(token, user_id=10)
    shown = await bot.send_message(10, "Pick one", reply_markup=_keyboard("Yes"))
    await user.press("Yes")
    # An edit of a message already shown is not a reply; the first new message is.
    await bot.edit_message_reply_markup(chat_id=10, message_id=shown.message_id, reply_markup=None)
    await bot.send_message(10, "something went wrong")
    await bot.send_message(10, "saved")
    with pytest.raises(AssertionError, match="expected reply did not come first"):
        await user.wait_for_message(lambda m: m.text == "saved", timeout=1, only=True)
    assert (await user.wait_for_message(lambda m: m.text == "saved", timeout=1)).text == "saved"
    await user.send_text("again")
    await bot.edit_message_text("Pick one (done)", chat_id=10, message_id=shown.message_id)
    await bot.send_message(10, "saved again")
    assert (await user.wait_for_message(lambda m: m.text == "saved again", timeout=1, only=True)).text == "saved again"

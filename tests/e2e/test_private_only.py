"""Private chats only: a group hears once where the bot works; nothing from groups or channels is handled."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest
from sqlalchemy import func, select

from emulator import BotMessage, UserClient
from storage.models import Person
from tests.e2e.harness import Harness

_ids = itertools.count(1)


def _group_message(chat_id: int, chat_type: str, user_id: int, text: str) -> dict[str, Any]:
    return {"message": {
        "message_id": next(_ids), "date": 1_700_000_000, "text": text,
        "from": {"id": user_id, "is_bot": False, "first_name": "Member"},
        "chat": {"id": chat_id, "type": chat_type, "title": "گروه محله"},
        **({"entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]}
           if text.startswith("/") else {}),
    }}


def _channel_post(chat_id: int, text: str) -> dict[str, Any]:
    return {"channel_post": {"message_id": next(_ids), "date": 1_700_000_000, "text": text,
                             "chat": {"id": chat_id, "type": "channel", "title": "کانال"}}}


def _chat_messages(hamyar: Harness, chat_id: int) -> list[BotMessage]:
    chat = hamyar.emu.bot(hamyar.token).chats.get(chat_id)
    return chat.bot_messages() if chat is not None else []


async def _settle(hamyar: Harness, witness: UserClient) -> None:
    """Everything injected so far has been handled: a later private update was answered, nothing is in flight."""
    await witness.send_text("/help")
    await witness.wait_for_message(lambda message: "/start" in (message.text or ""))
    assert await hamyar.app.in_flight.wait_idle(10)


@pytest.mark.parametrize("hamyar", ["telegram", "bale"], indirect=True)
async def test_a_group_is_told_once_with_a_link_and_nothing_is_handled(hamyar: Harness) -> None:
    bot = hamyar.emu.bot(hamyar.token)
    group, supergroup = -4001, -1_001_234_567_890
    for chat_id in (group, supergroup):
        bot.chat(chat_id)  # the emulator lets the bot write to a group it knows
    witness = hamyar.user(3900, "Witness")

    await hamyar.emu.inject_raw_update(_group_message(supergroup, "supergroup", 3001, "/start"), hamyar.token)
    told = await _wait_for_message(hamyar, supergroup)
    assert "فقط در گفتگوی خصوصی" in (told.text or "")
    [[button]] = told.inline_buttons
    assert button.text == "گفتگوی خصوصی با همیار"
    base = "https://t.me/" if hamyar.platform == "telegram" else "https://ble.ir/"
    assert button.url == f"{base}{bot.username}"

    # A second message there, one in a plain group, an edit, a press and a channel post.
    await hamyar.emu.inject_raw_update(_group_message(supergroup, "supergroup", 3002, "09121234567"), hamyar.token)
    await hamyar.emu.inject_raw_update(_group_message(group, "group", 3003, "سلام"), hamyar.token)
    await hamyar.emu.inject_raw_update(_group_message(group, "group", 3003, "/me"), hamyar.token)
    edited = _group_message(supergroup, "supergroup", 3001, "/start")
    await hamyar.emu.inject_raw_update({"edited_message": {**edited["message"], "edit_date": 1_700_000_001}},
                                       hamyar.token)
    await hamyar.emu.inject_raw_update({"callback_query": {
        "id": "group-press", "chat_instance": "1", "data": "lang:fa",
        "from": {"id": 3001, "is_bot": False, "first_name": "Member"},
        "message": {"message_id": told.message_id, "date": 1_700_000_000, "text": told.text,
                    "chat": {"id": supergroup, "type": "supergroup", "title": "گروه محله"}}}}, hamyar.token)
    await hamyar.emu.inject_raw_update(_channel_post(-1_009_999, "/start"), hamyar.token)
    await _settle(hamyar, witness)

    assert len(_chat_messages(hamyar, supergroup)) == 1  # told once, and only once
    [plain_group_told] = _chat_messages(hamyar, group)  # the plain group's first message is told too
    assert "فقط در گفتگوی خصوصی" in (plain_group_told.text or "")
    assert _chat_messages(hamyar, -1_009_999) == []  # channel posts: nothing
    async with hamyar.session() as session:
        assert await session.scalar(select(func.count()).select_from(Person)) == 0


async def test_private_chats_still_work_after_group_traffic(hamyar: Harness) -> None:
    hamyar.emu.bot(hamyar.token).chat(-4002)
    await hamyar.emu.inject_raw_update(_group_message(-4002, "group", 3011, "/start"), hamyar.token)
    user = hamyar.user(3011, "Member")  # the same person, now in private
    await hamyar.onboard(user)
    async with hamyar.session() as session:
        assert await session.scalar(select(func.count()).select_from(Person)) == 1
    [told] = _chat_messages(hamyar, -4002)
    assert "فقط در گفتگوی خصوصی" in (told.text or "")


async def _wait_for_message(hamyar: Harness, chat_id: int, timeout: float = 5.0) -> BotMessage:
    chat = hamyar.emu.bot(hamyar.token).chat(chat_id)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not chat.bot_messages():
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise TimeoutError(f"the bot said nothing in chat {chat_id}")
        await chat.wait_change(remaining)
    return chat.bot_messages()[0]

"""Helpers for the bad-input tests: press arbitrary callback data, count what the database holds, and
check the bot never apologised (the error handler's «متأسفیم، مشکلی پیش آمد…»)."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select

from emulator import BotMessage, UserClient
from emulator.methods import message_json
from emulator.models import CallbackAnswer
from emulator.state import new_callback_id
from i18n import translator
from storage.models import Base
from tests.e2e.harness import Harness

FA = translator("fa")
EXPIRED = translator("fa")("button-expired")
NEED_START = translator("fa")("need-start")
APOLOGIES = (translator("fa")("error-unexpected"), translator("en")("error-unexpected"))


async def press_data(hamyar: Harness, user: UserClient, data: str, message: BotMessage | None = None,
                     timeout: float = 5.0) -> CallbackAnswer:
    """Press a button carrying `data` on a bot message (the latest by default), as a forged client or an old
    message would send it, and return the bot's answerCallbackQuery."""
    bot = hamyar.emu.bot(hamyar.token)
    chat = user.chat
    shown = message or user.last_message()
    assert shown is not None, "the bot has sent nothing to press a button on"
    query_id = new_callback_id(bot.bot_id)
    bot.callbacks[query_id] = chat.chat_id
    bot.updates.push({"callback_query": {
        "id": query_id, "from": chat.user_dict(), "chat_instance": str(bot.bot_id * 31 + chat.chat_id),
        "message": message_json(bot, chat, shown, shown.text, hamyar.emu.files), "data": data}})
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        for answer in user.callback_answers():
            if answer.callback_query_id == query_id:
                return answer
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise TimeoutError(f"no answer to callback data {data!r}\n{user.dump()}")
        await chat.wait_change(remaining)


async def eventually(user: UserClient, fragment: str, timeout: float = 5.0) -> BotMessage:
    """The next bot message containing `fragment`, other messages before it skipped."""
    return await user.wait_for_message(lambda message: fragment in (message.text or ""), timeout=timeout)


async def refused(user: UserClient, text: str, key: str, **args: Any) -> BotMessage:
    """Send `text` and wait for the Persian reply `key` (with its arguments) saying what to send instead."""
    await user.send_text(text)
    expected = FA(key, **args)
    return await user.wait_for_message(lambda message: message.text == expected, timeout=10.0)


def shown(user: UserClient) -> list[tuple[int, int, str | None]]:
    """What the person sees: every bot message with its version and text (a new message or an edit changes it)."""
    return [(m.message_id, m.version, m.text) for m in user.messages()]


async def expect_expired(hamyar: Harness, user: UserClient, data: str, message: BotMessage | None = None) -> None:
    """Pressing `data` is answered "this button has expired", and nothing else happens: no message, no edit,
    and not one row added or removed anywhere in the database."""
    before_rows, before_chat = await row_counts(hamyar), shown(user)
    answer = await press_data(hamyar, user, data, message)
    assert (answer.text, answer.show_alert) == (EXPIRED, True), f"{data!r} answered {answer.text!r}\n{user.dump()}"
    await asyncio.sleep(0.05)  # anything the handler did after answering would show by now
    assert shown(user) == before_chat, f"{data!r} changed the chat\n{user.dump()}"
    assert await row_counts(hamyar) == before_rows, f"{data!r} changed the database"
    assert_no_apology(user)


async def row_counts(hamyar: Harness) -> dict[str, int]:
    """How many rows each table holds."""
    async with hamyar.session() as session:
        return {table.name: int((await session.execute(select(func.count()).select_from(table))).scalar_one())
                for table in Base.metadata.sorted_tables}


def assert_no_apology(*users: UserClient) -> None:
    """The error handler never ran for these people: no apology as a message or as a button's answer."""
    for user in users:
        texts: list[Any] = [m.text for m in user.messages()] + [a.text for a in user.callback_answers()]
        assert not [t for t in texts if t and any(apology in t for apology in APOLOGIES)], user.dump()

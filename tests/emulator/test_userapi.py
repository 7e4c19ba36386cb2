"""The /_emu JSON API the web chat and out-of-process benchmarks use."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import aiohttp
import pytest
from aiogram import Dispatcher, F
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from emulator import BotApiEmulator

pytestmark = pytest.mark.asyncio


async def call(http: aiohttp.ClientSession, method: str, url: str, body: Any = None) -> tuple[int, Any]:
    async with http.request(method, url, json=body) as resp:
        return resp.status, await resp.json()


async def test_round_trip_over_http(emu: BotApiEmulator, token: str, polling: Any) -> None:
    dp = Dispatcher()

    @dp.message(F.text)
    async def greet(message: Message) -> None:
        assert message.from_user is not None
        keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Yes", callback_data="yes")]])
        await message.answer(
            f"<b>Hi</b> {message.from_user.first_name} ({message.from_user.language_code})",
            parse_mode="HTML",
            reply_markup=keyboard,
        )

    @dp.message(F.document)
    async def doc(message: Message) -> None:
        assert message.document is not None
        await message.answer(f"file {message.document.file_name} {message.document.file_size}")

    @dp.callback_query(F.data == "yes")
    async def yes(query: CallbackQuery) -> None:
        await query.answer("Saved", show_alert=False)
        assert isinstance(query.message, Message)
        await query.message.edit_reply_markup(reply_markup=None)

    await polling(dp)
    bot_id = int(token.split(":")[0])
    chat = f"{emu.base_url}/_emu/bots/{bot_id}/users/1001"
    async with aiohttp.ClientSession() as http:
        status, bots = await call(http, "GET", f"{emu.base_url}/_emu/bots")
        assert status == 200 and bots[0]["bot_id"] == bot_id and bots[0]["username"] == "hamyar_bot"
        assert token.split(":")[1] not in bots[0]["token_hint"]

        status, profile = await call(http, "POST", f"{chat}/profile", {"first_name": "Sara", "language_code": "fa"})
        assert status == 200 and profile["profile"]["first_name"] == "Sara"

        status, _ = await call(http, "GET", f"{chat}/messages?since=-1&timeout=0")
        assert status == 200
        status, sent = await call(http, "POST", f"{chat}/send", {"text": "hello"})
        assert status == 200 and sent["ok"] and sent["message_id"] == 1

        status, view = await call(http, "GET", f"{chat}/messages?since={sent['version']}&timeout=5")
        user_msg, bot_msg = view["messages"]
        assert user_msg["from"] == "user" and user_msg["text"] == "hello"
        assert bot_msg["from"] == "bot" and bot_msg["text"] == "<b>Hi</b> Sara (fa)" and bot_msg["parse_mode"] == "html"
        assert bot_msg["inline_buttons"] == [[{"text": "Yes", "callback_data": "yes", "url": None, "web_app": None}]]

        status, pressed = await call(
            http, "POST", f"{chat}/press", {"message_id": bot_msg["message_id"], "callback_data": "yes"}
        )
        assert status == 200 and pressed["callback_query_id"]
        version = view["version"]
        for _ in range(5):
            _, view = await call(http, "GET", f"{chat}/messages?since={version}&timeout=5")
            version = view["version"]
            if view["messages"][1]["edited"] and view["callback_answers"]:
                break
        assert view["messages"][1]["inline_buttons"] == []
        assert view["callback_answers"][-1]["text"] == "Saved"

        document = {"file_name": "a.csv", "content_b64": base64.b64encode(b"1,2\n").decode()}
        await call(http, "POST", f"{chat}/send", {"document": document})
        _, view = await call(http, "GET", f"{chat}/messages?since={version}&timeout=5")
        for _ in range(5):
            if view["messages"][-1]["from"] == "bot":
                break
            _, view = await call(http, "GET", f"{chat}/messages?since={view['version']}&timeout=5")
        assert view["messages"][-1]["text"] == "file a.csv 4"

        status, bad = await call(http, "POST", f"{chat}/press", {"message_id": 1, "callback_data": "nope"})
        assert status == 404 and not bad["ok"]
        status, _ = await call(http, "POST", f"{chat}/send", {})
        assert status == 400


async def test_other_send_kinds(emu: BotApiEmulator, token: str) -> None:
    bot_id = int(token.split(":")[0])
    chat = f"{emu.base_url}/_emu/bots/{bot_id}/users/5"
    async with aiohttp.ClientSession() as http:
        for body in (
            {"contact": {"phone_number": "+989121234567", "own": False}},
            {"sticker": True},
            {"photo": True},
            {"location": {"latitude": 35.7, "longitude": 51.4}},
        ):
            status, _ = await call(http, "POST", f"{chat}/send", body)
            assert status == 200
        _, view = await call(http, "GET", f"{chat}/messages")
    kinds = [m["kind"] for m in view["messages"]]
    assert kinds == ["contact", "sticker", "photo", "location"]
    assert view["messages"][0]["contact"]["user_id"] != 5
    updates = emu.bot(token).updates.take(10, lambda: False)
    assert updates[0][1]["message"]["contact"]["phone_number"] == "+989121234567"


async def test_messages_long_poll_waits(emu: BotApiEmulator, token: str) -> None:
    bot_id = int(token.split(":")[0])
    chat = f"{emu.base_url}/_emu/bots/{bot_id}/users/9"
    async with aiohttp.ClientSession() as http:
        _, view = await call(http, "GET", f"{chat}/messages")
        waiting = asyncio.create_task(call(http, "GET", f"{chat}/messages?since={view['version']}&timeout=5"))
        await asyncio.sleep(0.2)
        assert not waiting.done()
        async with http.post(f"{emu.base_url}/bot{token}/sendMessage", data={"chat_id": "9", "text": "news"}) as r:
            assert r.status == 200
        _, view = await asyncio.wait_for(waiting, 2)
    assert view["messages"][-1]["text"] == "news"


async def test_faults_stats_and_dialect_over_http(emu: BotApiEmulator, token: str) -> None:
    base = f"{emu.base_url}/_emu"
    async with aiohttp.ClientSession() as http:
        status, faults = await call(http, "POST", f"{base}/faults", {"blocked": [5, 6], "global_rate": 100})
        assert status == 200 and faults["blocked"] == [5, 6] and faults["global_rate"] == 100.0
        assert emu.faults.blocked == {5, 6}
        status, _ = await call(http, "POST", f"{base}/faults", {"no_such_field": 1})
        assert status == 400
        async with http.post(f"{emu.base_url}/bot{token}/sendMessage", data={"chat_id": "5", "text": "x"}) as r:
            assert r.status == 403
        status, stats = await call(http, "GET", f"{base}/stats")
        assert stats["send_calls"] == 1 and stats["http_403"] == 1
        await call(http, "POST", f"{base}/stats/reset")
        assert emu.stats.send_calls == 0
        status, answer = await call(http, "POST", f"{base}/dialect", {"dialect": "bale"})
        assert status == 200 and answer["dialect"] == emu.dialect == "bale"
        status, _ = await call(http, "POST", f"{base}/dialect", {"dialect": "whatsapp"})
        assert status == 400

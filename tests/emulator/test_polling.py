"""getUpdates semantics: long polling, offsets, conflicts, odd updates."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import pytest

from emulator import BotApiEmulator

pytestmark = pytest.mark.asyncio


async def get_updates(emu: BotApiEmulator, token: str, **params: Any) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emu.base_url}/bot{token}/getUpdates", json=params) as resp,
    ):
        return resp.status, await resp.json()


async def test_long_poll_waits_for_timeout_when_idle(emu: BotApiEmulator, token: str) -> None:
    started = time.monotonic()
    status, body = await get_updates(emu, token, timeout=1)
    elapsed = time.monotonic() - started
    assert status == 200 and body == {"ok": True, "result": []}
    assert 0.9 <= elapsed < 2.0


async def test_long_poll_returns_as_soon_as_an_update_arrives(emu: BotApiEmulator, token: str) -> None:
    user = emu.user(token, user_id=1001, first_name="Sara")

    async def later() -> None:
        await asyncio.sleep(0.2)
        await user.send_text("hello")

    started = time.monotonic()
    task = asyncio.create_task(later())
    status, body = await get_updates(emu, token, timeout=10)
    await task
    assert status == 200 and time.monotonic() - started < 1.0
    [update] = body["result"]
    assert update["message"]["text"] == "hello"
    assert update["message"]["from"] == {"id": 1001, "is_bot": False, "first_name": "Sara"}


async def test_offset_confirms_and_limit_caps(emu: BotApiEmulator, token: str) -> None:
    user = emu.user(token, user_id=1001)
    for n in range(5):
        await user.send_text(f"m{n}")
    _, body = await get_updates(emu, token, limit=2)
    ids = [u["update_id"] for u in body["result"]]
    assert len(ids) == 2 and ids[1] == ids[0] + 1
    _, body = await get_updates(emu, token)
    assert len(body["result"]) == 5
    _, body = await get_updates(emu, token, offset=ids[1] + 1)
    assert [u["message"]["text"] for u in body["result"]] == ["m2", "m3", "m4"]
    _, body = await get_updates(emu, token, offset=-1)
    assert [u["message"]["text"] for u in body["result"]] == ["m4"]


async def test_second_poller_terminates_first_with_conflict(emu: BotApiEmulator, token: str) -> None:
    first = asyncio.create_task(get_updates(emu, token, timeout=5))
    await asyncio.sleep(0.2)
    second = asyncio.create_task(get_updates(emu, token, timeout=0))
    status, body = await first
    assert status == 409 and "terminated by other getUpdates request" in body["description"]
    assert (await second)[0] == 200


async def test_allowed_updates_filters(emu: BotApiEmulator, token: str) -> None:
    user = emu.user(token, user_id=1001)
    await user.send_text("kept")
    await emu.inject_raw_update({"edited_message": {"message_id": 1}})
    _, body = await get_updates(emu, token, allowed_updates=["message"])
    assert [[k for k in u if k != "update_id"] for u in body["result"]] == [["message"]]


async def test_malformed_updates(emu: BotApiEmulator, token: str) -> None:
    user = emu.user(token, user_id=1001)
    emu.faults.malformed_next_updates = 1
    await user.send_text("broken")
    await user.send_text("fine")
    seq = await emu.inject_raw_update({"message": "not even an object"})
    _, body = await get_updates(emu, token)
    broken, fine, raw = body["result"]
    assert "id" not in broken["message"]["chat"] and "type" not in broken["message"]["chat"]
    assert fine["message"]["chat"]["id"] == 1001
    assert raw == {"update_id": seq, "message": "not even an object"}
    assert emu.faults.malformed_next_updates == 0
    _, again = await get_updates(emu, token)
    assert again["result"][0] == broken
    _, rest = await get_updates(emu, token, offset=raw["update_id"] + 1)
    assert rest["result"] == []


@pytest.mark.filterwarnings("ignore:Detected unknown update type")
async def test_aiogram_polling_survives_after_odd_update_is_skipped(
    emu: BotApiEmulator, token: str, polling: Any
) -> None:
    from aiogram import Dispatcher
    from aiogram.types import Message

    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(f"echo {message.text}")

    await emu.inject_raw_update({"totally_unknown_kind": {"x": 1}})
    await polling(dp)
    user = emu.user(token, user_id=1001)
    await user.send_text("after")
    assert (await user.wait_for_message()).text == "echo after"

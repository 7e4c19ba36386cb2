"""Webhook delivery, secret header per dialect, and getUpdates conflicts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramConflictError
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from emulator import BotApiEmulator

pytestmark = pytest.mark.asyncio


class Receiver:
    """A tiny webhook endpoint recording what it gets."""

    def __init__(self) -> None:
        self.received: asyncio.Queue[tuple[dict[str, Any], str | None]] = asyncio.Queue()
        self.fail_next = 0
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=500)
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        await self.received.put((await request.json(), secret))
        return web.json_response({})


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator[Receiver]:
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/hook", rec.handle)
    runner, base = await serve(app)
    rec.url = f"{base}/hook"
    yield rec
    await runner.cleanup()


async def test_webhook_with_secret_header(emu: BotApiEmulator, token: str, bot: Bot, receiver: Receiver) -> None:
    assert await bot.set_webhook(receiver.url, secret_token="s3cret")
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    user = emu.user(token, user_id=1001)
    await user.send_text("to the hook")
    update, secret = await asyncio.wait_for(receiver.received.get(), 5)
    assert update["message"]["text"] == "to the hook" and secret == "s3cret"
    info = await bot.get_webhook_info()
    assert info.url == receiver.url and info.pending_update_count == 0


async def test_bale_webhook_has_no_secret_header(emu: BotApiEmulator, token: str, bot: Bot, receiver: Receiver) -> None:
    emu.dialect = "bale"
    await bot.set_webhook(receiver.url, secret_token="s3cret")
    await emu.user(token, user_id=1001).send_text("bale")
    update, secret = await asyncio.wait_for(receiver.received.get(), 5)
    assert update["message"]["text"] == "bale" and secret is None


async def test_webhook_retries_in_order_then_delete(
    emu: BotApiEmulator, token: str, bot: Bot, receiver: Receiver
) -> None:
    receiver.fail_next = 2
    await bot.set_webhook(receiver.url)
    user = emu.user(token, user_id=1001)
    await user.send_text("one")
    await user.send_text("two")
    first, _ = await asyncio.wait_for(receiver.received.get(), 5)
    second, _ = await asyncio.wait_for(receiver.received.get(), 5)
    assert [first["message"]["text"], second["message"]["text"]] == ["one", "two"]
    info = await bot.get_webhook_info()
    assert info.last_error_message and "500" in info.last_error_message
    await bot.delete_webhook()
    await user.send_text("queued")
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == []


async def test_aiogram_webhook_reply_method_is_executed(emu: BotApiEmulator, token: str, bot: Bot) -> None:
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> Any:
        return message.answer(f"reply {message.text}")

    app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot, handle_in_background=False).register(app, path="/wh")
    runner, base = await serve(app)
    try:
        await bot.set_webhook(f"{base}/wh")
        user = emu.user(token, user_id=1001)
        await user.send_text("ping")
        assert (await user.wait_for_message()).text == "reply ping"
    finally:
        await runner.cleanup()

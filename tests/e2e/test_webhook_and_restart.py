"""Webhook mode (secret header on Telegram, secret path on Bale), health, and state surviving a restart."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from bot.factory import create_app
from bot.runner import run_webhook
from emulator import BotApiEmulator
from runtime.config import Settings
from tests.e2e.harness import Harness
from tests.e2e.journeys import agree, expect
from tests.ports import free_port


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_webhook_mode(platform: str, db_url: str, redis_url: str | None) -> None:
    emu = BotApiEmulator(dialect=platform)
    await emu.start()
    token = emu.add_bot()
    port = free_port()
    secret = "s3cret-webhook-value"
    settings = Settings(database_url=db_url, redis_url=redis_url, mode="webhook", log_format="text",
                        webhook_base_url=f"http://127.0.0.1:{port}", webhook_secret=secret,
                        webhook_host="127.0.0.1", webhook_port=port,
                        **{f"{platform}_token": token, f"{platform}_api_base": emu.base_url})
    app = create_app(settings)
    stop = asyncio.Event()
    task = asyncio.create_task(run_webhook(app, stop))
    try:
        for _ in range(200):
            if emu.bot(token).webhook_url:
                break
            await asyncio.sleep(0.05)
        user = emu.user(token, user_id=3001, first_name="Sara")
        await user.send_text("/start")
        welcome = await expect(user, "به همیار خوش آمدید")
        assert welcome.button_texts() == ["فارسی", "English"]

        async with aiohttp.ClientSession() as http:
            update = {"update_id": 99, "message": {"message_id": 1, "date": 0, "text": "/start",
                                                   "chat": {"id": 3002, "type": "private"},
                                                   "from": {"id": 3002, "is_bot": False, "first_name": "X"}}}
            base = f"http://127.0.0.1:{port}"
            wrong = (f"{base}/webhook/bale/wrong" if platform == "bale" else f"{base}/webhook/telegram")
            async with http.post(wrong, json=update,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as response:
                assert response.status == 401
            async with http.get(f"{base}/healthz") as response:
                assert response.status == 200
                assert (await response.json())["database"] == "ok"
        await asyncio.sleep(0.2)
        assert emu.user(token, user_id=3002, first_name="X").messages() == []  # nothing was processed
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await emu.stop()


async def test_conversation_resumes_after_restart_with_redis(db_url: str, redis_url: str | None) -> None:
    if redis_url is None:
        pytest.skip("conversation state survives restarts only with Redis (HAMYAR_TEST_REDIS_URL)")
    first = await Harness.start(db_url, redis_url)
    user = first.user(3101, "Sara")
    await agree(user)
    await user.share_contact("+989121234567")
    await expect(user, "۰۹۱۲۱۲۳۴۵۶۷ ثبت شد")
    await expect(user, "استان محل زندگی")
    await first.stop(stop_emulator=False)

    second = await Harness.start(db_url, redis_url, emu=first.emu, token=first.token)
    try:
        await user.send_text("یزد")
        await expect(user, "شهرستان خود در استان یزد")
    finally:
        await second.stop()

"""Webhook bodies the platform would never send: acknowledged (so they are not resent forever) or refused
(wrong secret, unknown bot), each with one WARNING line and no traceback; the bot answers the next update."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.factory import create_app
from bot.runner import run_webhook
from emulator import BotApiEmulator
from runtime.config import Settings
from tests.e2e.harness import expect
from tests.ports import free_port

SECRET = "bad-input-webhook-secret"
PHONE = "989121234567"
STRANGER = {"id": 3002, "is_bot": False, "first_name": "X"}


@dataclass
class Webhook:
    """The bot in webhook mode and the URL its platform posts to."""

    emu: BotApiEmulator
    token: str
    platform: str
    base: str

    @property
    def url(self) -> str:
        return f"{self.base}/webhook/bale/{SECRET}" if self.platform == "bale" else f"{self.base}/webhook/telegram"

    async def post(self, body: bytes, url: str | None = None, secret: str = SECRET) -> int:
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
        async with aiohttp.ClientSession() as http, http.post(url or self.url, data=body, headers=headers) as response:
            return response.status


@pytest.fixture(params=["telegram", "bale"])
async def webhook(request: pytest.FixtureRequest, db_url: str, redis_url: str | None) -> AsyncIterator[Webhook]:
    platform = request.param
    emu = BotApiEmulator(dialect=platform)
    await emu.start()
    token = emu.add_bot()
    port = free_port()
    settings = Settings(database_url=db_url, redis_url=redis_url, mode="webhook", log_format="text",
                        webhook_base_url=f"http://127.0.0.1:{port}", webhook_secret=SECRET,
                        webhook_host="127.0.0.1", webhook_port=port,
                        **{f"{platform}_token": token, f"{platform}_api_base": emu.base_url})
    stop = asyncio.Event()
    task = asyncio.create_task(run_webhook(create_app(settings), stop))
    for _ in range(400):
        if emu.bot(token).webhook_url or task.done():
            break
        await asyncio.sleep(0.025)
    assert emu.bot(token).webhook_url, "the bot did not set its webhook"
    try:
        yield Webhook(emu, token, platform, f"http://127.0.0.1:{port}")
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await emu.stop()


def _message(**extra: Any) -> dict[str, Any]:
    return {"message_id": 1, "date": 0, "chat": {"id": 3002, "type": "private"}, "from": STRANGER, **extra}


BAD_BODIES = {
    "a list": b"[]",
    "a string": b'"hello"',
    "a number": b"42",
    "null": b"null",
    "not JSON": b"{not json",
    "no update_id": b'{"message": {"message_id": 1, "date": 0, "text": "/start"}}',
    "a string update_id": b'{"update_id": "7", "message": {}}',
    "a boolean update_id": b'{"update_id": true}',
}


async def test_bodies_that_are_not_updates_are_acknowledged_and_skipped(
    webhook: Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    for name, body in BAD_BODIES.items():
        before = len(caplog.records)
        assert await webhook.post(body) == 200, name
        warnings = [r for r in caplog.records[before:] if r.levelno == logging.WARNING]
        assert len(warnings) == 1, (name, [r.getMessage() for r in caplog.records[before:]])
        assert "skipped" in warnings[0].getMessage(), name

    await _the_bot_still_answers(webhook, 3101)
    gc.collect()  # a task whose exception nobody retrieved would be reported now, at ERROR (the guard)


async def test_a_malformed_update_is_skipped_without_its_values_in_the_log(
    webhook: Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    # A contact with the chat's id missing: the Bot API would never send it.
    body = {"update_id": 77, "message": {**_message(contact={"phone_number": PHONE, "first_name": "X"}),
                                         "chat": {"type": "private"}}}
    assert await webhook.post(json.dumps(body).encode()) == 200
    malformed = [r for r in caplog.records if r.getMessage() == "malformed update skipped"]
    assert len(malformed) == 1 and getattr(malformed[0], "update_id", None) == 77
    assert getattr(malformed[0], "field", "").startswith("message.chat")
    assert all(PHONE not in f"{r.getMessage()} {r.__dict__}" for r in caplog.records)

    await _the_bot_still_answers(webhook, 3102)
    assert webhook.emu.user(webhook.token, user_id=3002, first_name="X").messages() == []
    gc.collect()


async def test_a_wrong_secret_or_an_unknown_bot_is_refused(webhook: Webhook, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    update = json.dumps({"update_id": 78, "message": _message(text="/start")}).encode()
    wrong = (f"{webhook.base}/webhook/bale/not-the-secret" if webhook.platform == "bale" else webhook.url)
    for url, secret in ((wrong, "not-the-secret"), (f"{webhook.base}/webhook/viber", SECRET),
                        (wrong, "ناشناس")):
        before = len(caplog.records)
        assert await webhook.post(update, url=url, secret=secret) == 401
        assert [r.levelno for r in caplog.records[before:]] == [logging.WARNING]
        assert "not-the-secret" not in caplog.records[-1].getMessage() + str(caplog.records[-1].__dict__)

    await _the_bot_still_answers(webhook, 3103)
    assert webhook.emu.user(webhook.token, user_id=3002, first_name="X").messages() == []


async def _the_bot_still_answers(webhook: Webhook, user_id: int) -> None:
    user = webhook.emu.user(webhook.token, user_id=user_id, first_name="Sara")
    await user.send_text("/start")
    await expect(user, "به همیار خوش آمدید")

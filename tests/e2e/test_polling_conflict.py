"""Polling is one process per token: a second poller gets 409 Conflict, and the log says so plainly."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.factory import create_app
from bot.runner import run_polling
from runtime.config import Settings
from tests.e2e.harness import Harness

ADVICE = "another process is polling the same bot token"


@pytest.mark.expect_errors(r"Failed to fetch updates - TelegramConflictError", ADVICE)
async def test_a_second_poller_is_told_to_stop_or_use_webhooks(
    hamyar: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    settings = Settings(database_url=hamyar.app.settings.database_url, redis_url=hamyar.app.settings.redis_url,
                        log_format="text", telegram_token=hamyar.token, telegram_api_base=hamyar.emu.base_url)
    stop = asyncio.Event()
    second = asyncio.create_task(run_polling(create_app(settings, bot_timeout=10), stop))
    try:
        for _ in range(400):
            if any(ADVICE in record.getMessage() for record in caplog.records):
                break
            await asyncio.sleep(0.025)
        advice = [record for record in caplog.records if ADVICE in record.getMessage()]
        assert advice and "MODE=webhook" in advice[0].getMessage()
    finally:
        stop.set()
        await asyncio.wait_for(second, 30)

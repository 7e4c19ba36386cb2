"""Fault injection: rate limits, blocked users, 5xx, delays, lost answers, Bale wording."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from emulator import BotApiEmulator, text_hash

pytestmark = pytest.mark.asyncio


async def test_global_rate_gives_429_with_retry_after(emu: BotApiEmulator, bot: Bot) -> None:
    emu.faults.global_rate = 5
    for n in range(5):
        await bot.send_message(10 + n, "burst")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(99, "one too many")
    assert caught.value.retry_after >= 1
    assert "Too Many Requests: retry after" in caught.value.message
    assert emu.stats.http_429 == 1 and emu.stats.sends_ok == 5 and emu.stats.send_calls == 6


async def test_global_rate_refills(emu: BotApiEmulator, bot: Bot) -> None:
    emu.faults.global_rate = 20
    emu.faults.global_burst = 1
    await bot.send_message(1, "a")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(1, "b")
    await asyncio.sleep(0.06)
    await bot.send_message(1, "c")


async def test_per_chat_rate_only_limits_that_chat(emu: BotApiEmulator, bot: Bot) -> None:
    emu.faults.per_chat_rate = 1
    await bot.send_message(1, "first")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(1, "second")
    assert caught.value.retry_after == 1
    await bot.send_message(2, "other chat is fine")


# Each dialect's answer to a send to a person who blocked the bot (chat 7) and to a deactivated account
# (chat 8): the error aiogram raises, its words, and how many of the two were a 403.
REFUSALS = {
    "telegram": ([(TelegramForbiddenError, "bot was blocked by the user"),
                  (TelegramForbiddenError, "user is deactivated")], 2),
    "bale": ([(TelegramForbiddenError, "Forbidden: permission_denied"),
              (TelegramBadRequest, "no such group or user")], 1),
}


@pytest.mark.parametrize("dialect", list(REFUSALS))
async def test_blocked_and_deactivated(emu: BotApiEmulator, bot: Bot, dialect: str) -> None:
    emu.dialect = dialect
    emu.faults.blocked.add(7)
    emu.faults.deactivated.add(8)
    errors, forbidden = REFUSALS[dialect]
    for chat, (error, words) in zip((7, 8), errors, strict=True):
        with pytest.raises(error, match=words):
            await bot.send_message(chat, "hi")
    assert emu.stats.http_403 == forbidden and emu.stats.delivered == {}


async def test_bale_dialect_wording(emu: BotApiEmulator, bot: Bot) -> None:
    emu.dialect = "bale"
    with pytest.raises(TelegramBadRequest, match="no such group or user"):
        await bot.send_message(-5, "hi")
    emu.faults.global_rate = 1
    await bot.send_message(1, "ok")
    with pytest.raises(TelegramAPIError, match="bot limit exceed") as caught:
        await bot.send_message(1, "limited")
    assert not isinstance(caught.value, TelegramRetryAfter)
    emu.faults.bale_retry_after = True
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(1, "limited again")


async def test_5xx_next_and_rate(emu: BotApiEmulator, bot: Bot) -> None:
    emu.faults.fail_5xx_next = 2
    for _ in range(2):
        with pytest.raises(TelegramServerError, match="Bad Gateway"):
            await bot.send_message(1, "x")
    await bot.send_message(1, "through")
    emu.faults.fail_5xx_rate = 1.0
    with pytest.raises(TelegramServerError):
        await bot.send_message(1, "x")
    assert emu.stats.http_5xx == 3 and emu.stats.sends_ok == 1


async def test_delay(emu: BotApiEmulator, bot: Bot) -> None:
    emu.faults.delay_ms = 300
    started = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - started >= 0.3


async def test_timeout_but_delivered(emu: BotApiEmulator, token: str, make_bot: Callable[..., Bot]) -> None:
    impatient = make_bot(token, timeout=1)
    emu.faults.timeout_next = 1
    with pytest.raises(TelegramNetworkError):
        await impatient.send_message(1, "did it arrive?")
    assert emu.stats.timeouts == 1 and emu.stats.delivered == {1: 1}
    assert (await impatient.send_message(1, "next one answers")).message_id == 2


async def test_stats_and_recorded_texts(emu: BotApiEmulator, bot: Bot) -> None:
    emu.record_texts = True
    await bot.send_message(1, "a #d1")
    await bot.send_message(1, "a #d1")
    await bot.send_message(2, "b #d2")
    stats = emu.stats
    assert stats.delivered == {1: 2, 2: 1}
    assert stats.texts[1] == [text_hash("a #d1")] * 2
    assert stats.to_json()["duplicate_deliveries"] == 1
    assert len(stats.send_times) == 3 and stats.achieved_rate() > 0
    emu.reset_stats()
    assert emu.stats.sends_ok == 0 and emu.stats.delivered == {}

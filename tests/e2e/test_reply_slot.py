"""A person's turn reserves its first reply slot in the bot's send budget in the same Redis round trip that
takes the person's lock and reads their conversation (bot/redis_turns.py): the reply itself then costs no
round trip of its own, and a turn that sends nothing gives its slot back, so the person's next answers are
not held behind a message that never went."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from runtime import metrics
from tests.e2e.forged import EXPIRED, press_data
from tests.e2e.harness import Harness, expect


def _round_trips(purpose: str) -> float:
    return metrics.REDIS_ROUND_TRIPS.labels(purpose)._value.get()


@pytest.fixture
def redis_only(redis_url: str | None) -> str:
    if not redis_url:
        pytest.skip("the turn's script lives in Redis; the in-memory twin has no round trips to save")
    return redis_url


@pytest.fixture
async def hamyar(db_url: str, redis_only: str) -> AsyncIterator[Harness]:
    """Hamyar at the platform's one message a second per chat."""
    harness = await Harness.start(db_url, redis_only, per_chat_rate=1.0)
    yield harness
    await harness.stop()


async def _chat_free_at(redis_url: str, hamyar: Harness, chat_id: int) -> float:
    """When the chat's next reply may go, by Redis' clock, minus now (negative: free already)."""
    bot = hamyar.app.bots[0]
    client = Redis.from_url(redis_url)
    try:
        seconds, micros = await client.time()
        value = await client.get(f"hamyar:rl:{bot.key}:c:{chat_id}")
    finally:
        await client.aclose()
    return (float(value) if value else 0.0) - (seconds + micros / 1_000_000)


async def test_a_reply_spends_the_slot_its_turn_reserved(hamyar: Harness, redis_only: str) -> None:
    user = hamyar.user(1001, "Sara")
    budget_before = _round_trips(metrics.SEND_BUDGET)
    await user.send_text("/start")
    welcome = await expect(user, "به همیار خوش آمدید")
    assert welcome.button_texts() == ["فارسی", "English"]
    # The greeting went out on the slot the turn took with the person's lock: no send-budget round trip.
    assert _round_trips(metrics.SEND_BUDGET) == budget_before
    # and the slot is booked in the budget the worker shares: the chat's next reply is a second away.
    assert 0.0 < await _chat_free_at(redis_only, hamyar, user.chat.chat_id) <= 1.1


async def test_a_turn_that_sends_nothing_gives_its_slot_back(hamyar: Harness, redis_only: str) -> None:
    user = hamyar.user(1002, "Reza")
    await user.send_text("/start")
    await expect(user, "به همیار خوش آمدید")
    # Wait out the greeting's own slot: the chat is free again about a second later.
    await asyncio.sleep(max(0.0, await _chat_free_at(redis_only, hamyar, user.chat.chat_id)) + 0.05)
    assert await _chat_free_at(redis_only, hamyar, user.chat.chat_id) <= 0.0
    # A forged button is answered on the button itself (answerCallbackQuery, which the platform does not
    # count): the slot the turn reserved is returned, and the chat is free at once, not a second later.
    answer = await press_data(hamyar, user, "bcs:2147483647")
    assert answer.text == EXPIRED
    await asyncio.sleep(0.2)  # the turn ends (and writes back) just after it answers
    assert await _chat_free_at(redis_only, hamyar, user.chat.chat_id) <= 0.0

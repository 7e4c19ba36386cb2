"""The limiter: even spacing at the global rate, one message a second per chat, 20 a minute per group,
pauses per bot, and one shared ceiling for several workers through Redis."""

from __future__ import annotations

from itertools import pairwise

import pytest

from campaigns.broadcasts.limiter import GROUP_INTERVAL, Limiter, MemoryLimiter, RedisLimiter


def _limiters(redis_url: str | None, rates: dict[str, float]) -> list[Limiter]:
    if redis_url is None:
        return [MemoryLimiter(rates)]
    return [RedisLimiter.from_url(redis_url, rates), RedisLimiter.from_url(redis_url, rates)]


async def test_global_rate_spacing_and_per_chat(redis_url: str | None) -> None:
    limiter = _limiters(redis_url, {"tg": 100.0})[0]
    waits = await limiter.reserve("tg", list(range(1, 51)))
    gaps = [b - a for a, b in pairwise(waits)]
    assert all(0.0099 < gap < 0.0101 for gap in gaps)
    again = await limiter.reserve("tg", [1, -100, -100])
    # Chat 1 had a slot moments ago: it waits about a second; a group waits 3 s between messages.
    assert 0.95 < again[0] < 1.05
    assert again[2] - again[1] == pytest.approx(GROUP_INTERVAL, abs=0.02)
    await limiter.close()


async def test_pause_is_per_bot(redis_url: str | None) -> None:
    limiter = _limiters(redis_url, {"tg": 1000.0, "bale": 1000.0})[0]
    await limiter.pause("tg", 2.5)
    assert 2.4 < (await limiter.reserve("tg", [7]))[0] <= 2.51
    assert (await limiter.reserve("bale", [7]))[0] < 0.05
    await limiter.close()


async def test_two_workers_share_one_ceiling(redis_url: str | None) -> None:
    if redis_url is None:
        pytest.skip("needs HAMYAR_TEST_REDIS_URL")
    first, second = _limiters(redis_url, {"tg": 50.0})
    waits = []
    for i in range(10):
        waits += await first.reserve("tg", [1000 + i])
        waits += await second.reserve("tg", [2000 + i])
    # 20 slots from two workers are spread over 20 / 50 s, not 10 / 50 s.
    assert max(waits) == pytest.approx(19 / 50, abs=0.03)
    await first.close()
    await second.close()

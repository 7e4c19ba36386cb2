"""The limiter: even spacing at the global rate, one message a second per chat, 20 a minute per group,
pauses per bot, and one shared ceiling for several workers through Redis."""

from __future__ import annotations

from itertools import pairwise

import pytest

from campaigns.broadcasts.limiter import GROUP_INTERVAL, MemoryLimiter, RedisLimiter
from tests.limiter_support import EPS, SimClock, Timeline

# In memory the limiter reads a simulated clock that stands still, so its moments are exact; through
# Redis they are read on Redis' own clock, known to a round trip (tests/limiter_support.py).


def _limiters(redis_url: str | None, rates: dict[str, float]) -> tuple[list[MemoryLimiter | RedisLimiter], Timeline]:
    if redis_url is None:
        clock = SimClock()
        return [MemoryLimiter(rates, clock=clock)], Timeline(clock=clock)
    made = [RedisLimiter.from_url(redis_url, rates), RedisLimiter.from_url(redis_url, rates)]
    return list(made), Timeline(redis=made[0].redis)


async def test_global_rate_spacing_and_per_chat(redis_url: str | None) -> None:
    limiters, time = _limiters(redis_url, {"tg": 100.0})
    limiter = limiters[0]
    first = await time.bulk(limiter, "tg", list(range(1, 51)))
    # One reservation: one `now`, so the gaps are exact on either clock.
    assert [b.lo - a.lo for a, b in pairwise(first)] == pytest.approx([0.01] * 49, abs=EPS)
    again = await time.bulk(limiter, "tg", [1, -100, -100])
    # Chat 1 had a slot moments ago: it waits for a second after it; a group waits 3 s between messages.
    assert again[0].due_at(first[0] + 1.0)
    assert again[2].lo - again[1].lo == pytest.approx(GROUP_INTERVAL, abs=EPS)
    if redis_url is None:
        # Their slots on the timeline are 0.50, 0.51 and 0.52: chat 1 goes when its chat is free, the group's
        # second message 3 s after its first.
        assert [m.lo for m in again] == pytest.approx([1.0, 0.51, 0.51 + GROUP_INTERVAL], abs=1e-9)
    for made in limiters:
        await made.close()


async def test_pause_is_per_bot(redis_url: str | None) -> None:
    limiters, time = _limiters(redis_url, {"tg": 1000.0, "bale": 1000.0})
    limiter = limiters[0]
    _, paused = await time.asked(lambda: limiter.pause("tg", 2.5))
    held = await time.bulk(limiter, "tg", [7])
    free = await time.bulk(limiter, "bale", [7])
    assert held[0].due_at(paused + 2.5)
    assert free[0].due_at(paused)  # at once: its own `now`
    if redis_url is None:
        assert (held[0].lo, free[0].lo) == (2.5, 0.0)
    for made in limiters:
        await made.close()


async def test_two_workers_share_one_ceiling(redis_url: str | None) -> None:
    if redis_url is None:
        pytest.skip("needs HAMYAR_TEST_REDIS_URL")
    (first, second), time = _limiters(redis_url, {"tg": 50.0})
    slots = []
    for i in range(10):
        slots += await time.bulk(first, "tg", [1000 + i])
        slots += await time.bulk(second, "tg", [2000 + i])
    # 20 slots from two workers are spread over 20 / 50 s, not 10 / 50 s: one timeline, a fiftieth apart.
    assert all(b.due_at(a + 1 / 50) for a, b in pairwise(slots))
    assert slots[-1].due_at(slots[0] + 19 / 50)
    await first.close()
    await second.close()

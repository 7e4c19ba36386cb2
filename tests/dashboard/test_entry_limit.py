"""The /dashboard link limit itself, at chosen times: five links in any ten minutes per manager, the sixth told when
the oldest leaves the window, a refused ask not counted, managers counted apart; in this process and, with Redis
configured, in Redis (shared by every bot process)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from dashboard.link_limit import LinkLimit, MemoryLinkLimit, RedisLinkLimit

START = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["memory", "redis"])
async def limit(request: pytest.FixtureRequest, redis_url: str | None) -> AsyncIterator[LinkLimit]:
    if request.param == "memory":
        yield MemoryLinkLimit()
        return
    if redis_url is None:
        pytest.skip("HAMYAR_TEST_REDIS_URL is not set")
    redis = Redis.from_url(redis_url)
    try:
        yield RedisLinkLimit(redis)
    finally:
        await redis.aclose()


async def test_five_links_in_ten_minutes_then_the_time_the_next_may_be_had(limit: LinkLimit) -> None:
    sent = [START + timedelta(minutes=minute) for minute in (0, 1, 2, 3, 4)]
    assert [await limit.take(7, at) for at in sent] == [None] * 5
    assert await limit.take(7, START + timedelta(minutes=5)) == START + timedelta(minutes=10)
    assert await limit.take(7, START + timedelta(minutes=9, seconds=59)) == START + timedelta(minutes=10)
    assert await limit.take(8, START + timedelta(minutes=5)) is None  # another manager: their own count
    # At 10:00 the first link leaves the window: one more, then the next waits for the second (11:00).
    assert await limit.take(7, START + timedelta(minutes=10)) is None
    assert await limit.take(7, START + timedelta(minutes=10, seconds=1)) == START + timedelta(minutes=11)
    # Twenty minutes on, all have left.
    later = START + timedelta(minutes=30)
    assert [await limit.take(7, later + timedelta(seconds=i)) for i in range(5)] == [None] * 5

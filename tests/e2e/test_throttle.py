"""A throttle for floods: the flooder is told once and mostly dropped; everyone else carries on."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select

from storage.models import Person
from tests.e2e.harness import Harness

RATE = 10
SLOW_DOWN = "خیلی تند پشت سر هم"


@pytest.fixture
async def throttled(db_url: str, redis_url: str | None) -> AsyncIterator[Harness]:
    """Hamyar with the throttle on: 10 updates per person in a window far longer than the test."""
    harness = await Harness.start(db_url, redis_url, throttle_rate=RATE, throttle_window=300)
    yield harness
    await harness.stop()


def _throttled_total() -> float:
    return REGISTRY.get_sample_value("hamyar_updates_throttled_total", {"platform": "telegram"}) or 0.0


async def test_a_flood_is_told_once_and_dropped_while_another_person_onboards(
        throttled: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.throttle")
    before = _throttled_total()
    flooder, other = throttled.user(5001, "Flood"), throttled.user(5002, "Calm")

    async def flood() -> None:
        for index in range(50):
            await flooder.send_text(f"سلام {index}")

    await asyncio.gather(flood(), throttled.onboard(other))
    await flooder.wait_for_message(lambda message: SLOW_DOWN in (message.text or ""), timeout=10, after=0)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while len(flooder.messages()) < RATE + 1 and loop.time() < deadline:
        await flooder.chat.wait_change(deadline - loop.time())
    assert await throttled.app.in_flight.wait_idle(10)

    texts = [message.text or "" for message in flooder.messages()]
    assert sum(SLOW_DOWN in text for text in texts) == 1  # told once
    assert len(texts) == RATE + 1  # the first ten answered, the other forty dropped
    assert _throttled_total() - before == 50 - RATE
    dropped = [record for record in caplog.records if record.getMessage() == "update throttled"]
    assert len(dropped) == 50 - RATE
    # A hash names the person, never the id. (The record's own timing fields are left out: a float such as
    # relativeCreated=2345.50013 holds the digits "5001" by chance, which made this check flaky.)
    timing = {"created", "msecs", "relativeCreated", "thread", "process"}
    assert all("5001" not in str({name: value for name, value in vars(record).items() if name not in timing})
               for record in dropped)
    assert all(len(record.person) == 12 for record in dropped)  # type: ignore[attr-defined]

    async with throttled.session() as session:
        [calm] = (await session.scalars(select(Person).where(Person.platform_user_id == 5002))).all()
        assert calm.onboarded_at is not None
        # A stranger's flood stores nothing.
        assert (await session.scalars(select(Person).where(Person.platform_user_id == 5001))).all() == []


async def test_a_person_at_a_human_pace_is_never_throttled(throttled: Harness) -> None:
    user = throttled.user(5003, "Sara")
    await throttled.onboard(user)  # seven updates
    await user.send_text("/me")
    await user.wait_for_message(lambda message: "اطلاعاتی که از شما" in (message.text or ""))
    await user.send_text("/help")
    await user.wait_for_message(lambda message: "/start" in (message.text or ""))
    assert not any(SLOW_DOWN in (message.text or "") for message in user.messages())

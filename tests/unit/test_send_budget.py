"""One send budget per bot, replies first: the limiter's priority rules (in memory and through Redis, the
same tests), the send loop reserving only a moment ahead, what counts toward the limits, the settings."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.session import counted
from campaigns.broadcasts import BroadcastPlan, MessageSpec, Segment, SendConfig, SendLoop, create_broadcast
from campaigns.broadcasts.limiter import BULK_TOLERANCE, Limiter, MemoryLimiter, RedisLimiter
from emulator.faults import TokenBucket
from runtime.config import ConfigError, load_settings
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.broadcast_factories import FakeSender, add_people

# A slow bot (5 messages/s, 1 kept for replies) so that slots are a fifth of a second apart: the moments
# computed here hold however busy the machine running the tests is.
RATE, RESERVE, BURST = 5.0, 1.0, 0.5
BULK = RATE - RESERVE
Build = Callable[[], Limiter]


@pytest.fixture(params=["memory", "redis"])
async def make(request: pytest.FixtureRequest, redis_url: str | None) -> AsyncIterator[Build]:
    """Builds limiters for bot "b". Through Redis, every call makes another
    process's limiter on the same keys; in memory, one process holds one limiter."""
    if request.param == "redis" and redis_url is None:
        pytest.skip("needs HAMYAR_TEST_REDIS_URL")
    made: list[Limiter] = []
    shared: list[Limiter] = []

    def build() -> Limiter:
        if request.param == "memory":
            if not shared:
                shared.append(MemoryLimiter({"b": RATE}, 1.0, reserves={"b": RESERVE}, reply_burst=BURST))
                made.append(shared[0])
            return shared[0]
        limiter = RedisLimiter.from_url(redis_url or "", {"b": RATE}, 1.0, reserves={"b": RESERVE},
                                        reply_burst=BURST)
        made.append(limiter)
        return limiter

    yield build
    for limiter in made:
        await limiter.close()


class Clock:
    """Send moments on one time line: each wait is counted from the moment its reservation was asked."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def now(self) -> float:
        """Seconds since the clock started."""
        return time.monotonic() - self.start

    async def bulk(self, limiter: Limiter, chat_ids: list[int]) -> list[float]:
        """Reserve bulk slots; their send moments."""
        asked = self.now()
        return [asked + wait for wait in await limiter.reserve("b", chat_ids)]

    async def reply(self, limiter: Limiter, chat_id: int) -> tuple[float, bool]:
        """Reserve a reply slot; its moment and whether the global slot was taken."""
        asked = self.now()
        slot = await limiter.reserve_reply("b", chat_id)
        return asked + slot.wait, slot.taken


def busiest_second(times: list[float]) -> int:
    """The most send moments in any window of one second (a hundredth less: the moments are measured
    here, a Redis limiter counts from Redis' clock a round trip later)."""
    ordered = sorted(times)
    return max(sum(1 for t in ordered if start <= t < start + 0.99) for start in ordered)


async def test_bulk_never_takes_more_than_rate_less_reserve(make: Build) -> None:
    first, second, clock = make(), make(), Clock()  # two workers
    times = await clock.bulk(first, list(range(1, 11)))
    times += await clock.bulk(second, list(range(11, 21)))
    assert busiest_second(times) == int(BULK)
    assert all(b - a == pytest.approx(1 / BULK, abs=0.03) for a, b in pairwise(times))


async def test_a_reply_jumps_ahead_of_queued_bulk_and_pushes_it_back(make: Build) -> None:
    worker, bot, clock = make(), make(), Clock()
    queued = await clock.bulk(worker, [1, 2])  # what the send loop holds ahead of now, at most
    reply, taken = await clock.reply(bot, 1001)
    assert taken and reply < queued[-1]  # not behind the bulk slots
    later = await clock.bulk(worker, [4])
    # One reply fits in the reserve: bulk keeps its own pace (it used to lose most of a slot per reply).
    assert later[0] == pytest.approx(queued[-1] + 1 / BULK, abs=0.03)
    # Replies beyond the reserve take the budget first: bulk's next slot moves back behind them.
    replies = [(await clock.reply(bot, 1002 + i))[0] for i in range(4)]
    pushed = await clock.bulk(worker, [5])
    assert pushed[0] > later[0] + 1 / BULK + 0.1
    assert pushed[0] >= max(replies) + 1 / RATE - BULK_TOLERANCE - 0.01


async def test_replies_may_use_the_whole_rate_bulk_only_what_is_left(make: Build) -> None:
    bot, worker, clock = make(), make(), Clock()
    replies = [await clock.reply(bot, 2000 + i) for i in range(12)]
    assert all(taken for _, taken in replies)
    first = replies[0][0]
    # A burst of half a second's worth goes at once, the rest at the full rate (not bulk's share).
    assert sum(1 for at, _ in replies if at - first < 0.1) == int(RATE * BURST) + 1
    assert replies[-1][0] - first == pytest.approx(11 / RATE - BURST, abs=0.03)
    bulk = await clock.bulk(worker, [1])
    assert bulk[0] >= replies[-1][0] + 1 / RATE - 0.01


async def test_the_global_rate_holds_with_both_priorities(make: Build) -> None:
    bot, worker, clock = make(), make(), Clock()
    times: list[float] = []
    times += await clock.bulk(worker, list(range(1, 5)))
    times += [(await clock.reply(bot, 3000 + i))[0] for i in range(8)]
    times += await clock.bulk(worker, list(range(5, 9)))
    times += [(await clock.reply(bot, 4000 + i))[0] for i in range(4)]
    assert busiest_second(times) <= RATE * (1 + BURST) + 1
    # And the platform's own one-second bucket (the emulator's) never refuses any of them.
    bucket = TokenBucket()
    assert all(bucket.take(RATE, None, t) == 0.0 for t in sorted(times))


async def test_per_chat_pacing_holds_for_replies(make: Build) -> None:
    bot, worker = make(), make()
    clock = Clock()
    slots = [await clock.reply(bot, 7) for _ in range(5)]
    # Three at once (a step's answer, an edit, the next question; a fifth of a second kept as slack),
    # then one a second; a busy chat holds the chat's slot and leaves the global one for later.
    assert [at for at, _ in slots] == pytest.approx([0.0, 0.0, 0.2, 1.2, 2.2], abs=0.05)
    assert [taken for _, taken in slots] == [True, True, False, False, False]
    group = [(await clock.reply(bot, -100))[0] for _ in range(3)]
    assert [at - group[0] for at in group] == pytest.approx([0.0, 3.0, 6.0], abs=0.05)  # 20 a minute, no burst
    # A broadcast message to the same person waits until the chat is free.
    assert (await clock.bulk(worker, [7]))[0] == pytest.approx(5.0, abs=0.05)


async def test_a_429_pause_holds_both_priorities(make: Build) -> None:
    bot, worker, clock = make(), make(), Clock()
    await bot.pause("b", 1.5)
    reply, _ = await clock.reply(bot, 11)
    bulk = await clock.bulk(worker, [12])
    assert reply == pytest.approx(1.5, abs=0.05)
    assert bulk[0] == pytest.approx(1.5, abs=0.05)  # held too; the platform's bucket refilled meanwhile


async def test_the_send_loop_reserves_only_a_moment_ahead(
        session_pool: async_sessionmaker[AsyncSession], make: Build) -> None:
    async with session_pool() as session:
        await add_people(session, 20)
        await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="hi"), BroadcastPlan(quiet_hours=None))
    worker, bot = make(), make()
    sender = FakeSender()
    loop = SendLoop(UnitOfWorkFactory(session_pool), sender, worker, SendConfig("w1", "telegram", "b", rate=BULK))
    stop = asyncio.Event()
    task = asyncio.create_task(loop.run(stop))
    try:
        while len(sender.sent) < 3:  # noqa: ASYNC110 (polling a plain list)
            await asyncio.sleep(0.01)
        # Mid-broadcast, with more claimed and waiting: a reply is not queued behind them.
        reply = await bot.reserve_reply("b", 5555)
        assert reply.taken and reply.wait < 0.05
    finally:
        stop.set()
        await task


def test_what_counts_toward_the_limits() -> None:
    # As the emulator (and Telegram) count them: new messages and edits; not callback answers,
    # deletions, chat actions or the administrative calls.
    for method in ("sendMessage", "sendPhoto", "sendDocument", "copyMessage", "editMessageText",
                   "editMessageReplyMarkup", "editMessageCaption"):
        assert counted(method), method
    for method in ("answerCallbackQuery", "deleteMessage", "sendChatAction", "getUpdates", "getMe",
                   "setWebhook", "setMyCommands", "answerPreCheckoutQuery"):
        assert not counted(method), method


@pytest.mark.parametrize(("values", "reserve"), [({}, 6.0), ({"send_rate": 10}, 2.0), ({"reply_reserve": 0}, 0.0),
                                                 ({"reply_reserve": "12.5"}, 12.5)])
def test_reply_reserve_defaults_to_a_fifth_of_the_rate(values: dict[str, Any], reserve: float) -> None:
    assert load_settings(**values).reply_reserve == reserve


@pytest.mark.parametrize("values", [{"reply_reserve": 30}, {"reply_reserve": -1}, {"send_rate": 5, "reply_reserve": 8}])
def test_reply_reserve_out_of_range_is_one_clear_line(values: dict[str, Any]) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(**values)
    message = str(error.value)
    assert "REPLY_RESERVE must be at least 0 and below SEND_RATE" in message and "\n" not in message


def test_limiter_refuses_a_reserve_as_large_as_the_rate() -> None:
    with pytest.raises(ValueError, match="reply reserve"):
        MemoryLimiter({"b": 10.0}, reserves={"b": 10.0})

"""One send budget per bot, replies first: the limiter's priority rules (in memory and through Redis, the
same tests), the send loop reserving only a moment ahead, what counts toward the limits, the settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from itertools import pairwise
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.session import counted
from campaigns.broadcasts import BroadcastPlan, MessageSpec, Segment, SendConfig, SendLoop, create_broadcast
from campaigns.broadcasts.dto import Outgoing
from campaigns.broadcasts.limiter import BULK_TOLERANCE, Limiter, MemoryLimiter, ReplySlot, wait_for_reply_slot
from emulator.faults import TokenBucket
from runtime.config import ConfigError, load_settings
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.broadcast_factories import FakeSender, add_people
from tests.limiter_support import (
    Count,
    GrantedMemory,
    GrantedRedis,
    Moment,
    SimClock,
    SimSender,
    Timeline,
    busiest_second,
)

# A slow bot (5 messages/s, 1 kept for replies) so that slots are a fifth of a second apart.
RATE, RESERVE, BURST = 5.0, 1.0, 0.5
BULK = RATE - RESERVE


class Limiters:
    """Limiters for bot "b" and the moments they grant (tests/limiter_support.py). In memory: one process
    holds one limiter, on a simulated clock that stands still unless a test moves it, so every moment is
    exact. Through Redis: every call makes another process's limiter on the same keys, and the moments are
    read on Redis' own clock, known to a round trip; `exact` tells which."""

    def __init__(self, redis_url: str | None) -> None:
        self.url = redis_url
        self.exact = redis_url is None
        self.clock = SimClock()
        self.redis = Redis.from_url(redis_url) if redis_url else None
        self.timeline = Timeline(redis=self.redis) if self.redis else Timeline(clock=self.clock)
        self.made: list[Limiter] = []

    def __call__(self) -> Limiter:
        return self.granted()

    def granted(self) -> GrantedMemory | GrantedRedis:
        """A limiter that notes its bulk slots (for a SimSender)."""
        if self.url is None:
            if not self.made:
                self.made.append(GrantedMemory({"b": RATE}, 1.0, reserves={"b": RESERVE}, reply_burst=BURST,
                                               clock=self.clock))
            limiter = self.made[0]
            assert isinstance(limiter, GrantedMemory)
            return limiter
        made = GrantedRedis(Redis.from_url(self.url), {"b": RATE}, 1.0, reserves={"b": RESERVE}, reply_burst=BURST)
        self.made.append(made)
        return made

    async def bulk(self, limiter: Limiter, chat_ids: list[int]) -> list[Moment]:
        """Reserve bulk slots; their moments."""
        return await self.timeline.bulk(limiter, "b", chat_ids)

    async def reply(self, limiter: Limiter, chat_id: int) -> tuple[Moment, bool]:
        """Reserve a reply slot; its moment and whether the global slot was taken."""
        return await self.timeline.reply(limiter, "b", chat_id)

    async def close(self) -> None:
        """Close every limiter made."""
        for limiter in self.made:
            await limiter.close()
        if self.redis is not None:
            await self.redis.aclose()


@pytest.fixture(params=["memory", "redis"])
async def make(request: pytest.FixtureRequest, redis_url: str | None) -> AsyncIterator[Limiters]:
    """Limiters in memory (simulated time) and through Redis (its clock)."""
    if request.param == "redis" and redis_url is None:
        pytest.skip("needs HAMYAR_TEST_REDIS_URL")
    limiters = Limiters(redis_url if request.param == "redis" else None)
    yield limiters
    await limiters.close()


def at(moments: list[Moment]) -> list[float]:
    """Exact moments (in memory) as numbers."""
    assert all(m.lo == m.hi for m in moments)
    return [m.lo for m in moments]


async def test_bulk_never_takes_more_than_rate_less_reserve(make: Limiters) -> None:
    first, second = make(), make()  # two workers
    times = await make.bulk(first, list(range(1, 11)))
    times += await make.bulk(second, list(range(11, 21)))
    assert int(BULK) in busiest_second(times)  # exactly 4 a second
    assert all(b.due_at(a + 1 / BULK) for a, b in pairwise(times))
    if make.exact:
        assert at(times) == pytest.approx([i / BULK for i in range(20)], abs=1e-9)


async def test_a_reply_jumps_ahead_of_queued_bulk_and_pushes_it_back(make: Limiters) -> None:
    worker, bot = make(), make()
    queued = await make.bulk(worker, [1, 2])  # what the send loop holds ahead of now, at most
    reply, taken = await make.reply(bot, 1001)
    assert taken and reply.due_at(queued[0])  # at once, not behind the bulk slots
    later = await make.bulk(worker, [4])
    # One reply fits in the reserve: bulk keeps its own pace (it used to lose most of a slot per reply).
    assert later[0].due_at(queued[-1] + 1 / BULK)
    # Replies beyond the reserve take the budget first: bulk's next slot moves back behind them (the
    # global timeline gained a step per reply and per bulk slot; bulk may go BULK_TOLERANCE before its end).
    replies = [(await make.reply(bot, 1002 + i))[0] for i in range(4)]
    pushed = await make.bulk(worker, [5])
    assert (pushed[0] - later[0]).may_reach(1 / RATE + 4 / RATE - BULK_TOLERANCE)
    assert all((pushed[0] - r).may_reach(1 / RATE - BULK_TOLERANCE) for r in replies)
    if make.exact:
        # The four replies go a step apart from where their burst reaches back, before any new bulk slot.
        assert at(replies) == pytest.approx([0.35, 0.55, 0.75, 0.95], abs=1e-9)
        assert at(pushed) == pytest.approx([1.45], abs=1e-9)


async def test_replies_may_use_the_whole_rate_bulk_only_what_is_left(make: Limiters) -> None:
    bot, worker = make(), make()
    slots = [await make.reply(bot, 2000 + i) for i in range(12)]
    assert all(taken for _, taken in slots)
    replies = [moment for moment, _ in slots]
    # A burst of half a second's worth goes at once, the rest at the full rate (not bulk's share).
    assert busiest_second(replies, window=0.1).least <= int(RATE * BURST) + 1
    assert (replies[-1] - replies[0]).may_reach(11 / RATE - BURST)
    bulk = await make.bulk(worker, [1])
    assert (bulk[0] - replies[-1]).may_reach(1 / RATE)
    if make.exact:
        assert at(replies) == pytest.approx([0.0, 0.0, 0.0] + [0.1 + 0.2 * i for i in range(9)], abs=1e-9)
        assert at(bulk) == pytest.approx([2.2], abs=1e-9)  # the global timeline's end (2.4) less BULK_TOLERANCE


async def test_the_global_rate_holds_with_both_priorities(make: Limiters) -> None:
    bot, worker = make(), make()
    times: list[Moment] = []
    times += await make.bulk(worker, list(range(1, 5)))
    times += [(await make.reply(bot, 3000 + i))[0] for i in range(8)]
    times += await make.bulk(worker, list(range(5, 9)))
    times += [(await make.reply(bot, 4000 + i))[0] for i in range(4)]
    assert busiest_second(times).least <= RATE * (1 + BURST) + 1
    if make.exact:
        assert busiest_second(times) == Count(7, 7)
        # And the platform's own one-second bucket (the emulator's) never refuses any of them.
        bucket = TokenBucket()
        assert all(bucket.take(RATE, None, t) == 0.0 for t in sorted(at(times)))


async def test_per_chat_pacing_holds_for_replies(make: Limiters) -> None:
    bot, worker = make(), make()
    slots = [await make.reply(bot, 7) for _ in range(5)]
    moments = [moment for moment, _ in slots]
    # Three at once (a step's answer, an edit, the next question; a fifth of a second kept as slack),
    # then one a second; a busy chat holds the chat's slot and leaves the global one for later.
    assert all(m.due_at(moments[0] + d) for m, d in zip(moments, [0.0, 0.0, 0.2, 1.2, 2.2], strict=True))
    assert [taken for _, taken in slots][:2] == [True, True]
    group = [(await make.reply(bot, -100))[0] for _ in range(3)]
    assert all(b.due_at(a + 3.0) for a, b in pairwise(group))  # 20 a minute, no burst
    # A broadcast message to the same person waits until the chat is free.
    assert (await make.bulk(worker, [7]))[0].due_at(moments[0] + 5.0)
    if make.exact:
        assert at(moments) == pytest.approx([0.0, 0.0, 0.2, 1.2, 2.2], abs=1e-9)
        assert [taken for _, taken in slots] == [True, True, False, False, False]
        assert at(group) == pytest.approx([0.0, 3.0, 6.0], abs=1e-9)


async def test_a_429_pause_holds_both_priorities(make: Limiters) -> None:
    bot, worker = make(), make()
    _, paused = await make.timeline.asked(lambda: bot.pause("b", 1.5))
    reply, _ = await make.reply(bot, 11)
    bulk = await make.bulk(worker, [12])
    assert reply.due_at(paused + 1.5)
    assert bulk[0].due_at(paused + 1.5)  # held too; the platform's bucket refilled meanwhile
    if make.exact:
        # Exactly retry_after: a millisecond before its end, a reply still waits that millisecond.
        make.clock.advance(1.5 - 0.001)
        assert (await bot.reserve_reply("b", 13)).wait == pytest.approx(0.001, abs=1e-9)


async def _simulate(reply_at: set[int]) -> tuple[list[float], list[ReplySlot], list[float]]:
    """Ten simulated seconds in hundredths: a broadcast taking its slots a moment (0.1 s) before the last
    one is due, as the send loop does, and a reply at each hundredth of a second in `reply_at`. Returns
    the bulk slots, the replies' slots and the replies' moments."""
    clock = SimClock()
    limiter = MemoryLimiter({"b": RATE}, 1.0, reserves={"b": RESERVE}, reply_burst=BURST, clock=clock)
    bulk: list[float] = []
    replies: list[ReplySlot] = []
    moments: list[float] = []
    for tick in range(1000):
        clock.advance_to(tick / 100)
        if not bulk or clock() >= bulk[-1] - 0.1:
            [wait] = await limiter.reserve("b", [10_000 + len(bulk)])
            bulk.append(clock() + wait)
        if tick % 100 in reply_at:
            replies.append(await limiter.reserve_reply("b", 20_000 + tick))
            moments.append(clock() + replies[-1].wait)
    return bulk, replies, moments


def per_second(moments: list[float]) -> list[int]:
    """Moments in each of the first nine simulated seconds."""
    return [sum(1 for t in moments if second <= t < second + 1 - 1e-9) for second in range(9)]


async def test_on_simulated_time_replies_within_the_reserve_go_at_once_and_bulk_keeps_its_share() -> None:
    bulk, replies, moments = await _simulate({37})  # one person answered a second: the reserve
    assert replies == [ReplySlot(0.0, True)] * 10
    assert per_second(bulk) == [int(BULK)] * 9 and per_second(moments) == [1] * 9


async def test_on_simulated_time_replies_beyond_the_reserve_take_the_budget_first() -> None:
    bulk, replies, moments = await _simulate({10, 40, 70})  # three a second, two beyond the reserve
    assert all(reply.taken for reply in replies)
    # Once the broadcast's slots reserved before the replies came, and the replies' burst, are spent, the
    # broadcast gets what is left: 2 + 3 a second, the rate; the platform's bucket never refuses one.
    assert per_second(moments) == [3] * 9
    assert per_second(bulk) == [4, 3] + [int(RATE) - 3] * 7
    bucket = TokenBucket()
    assert all(bucket.take(RATE, None, t) == 0.0 for t in sorted(bulk + moments))


async def test_a_reply_sleeps_until_its_slot_on_simulated_time() -> None:
    clock = SimClock()
    limiter = MemoryLimiter({"b": RATE}, 1.0, reserves={"b": RESERVE}, reply_burst=BURST, clock=clock)
    # Five replies to one person, each sent as soon as its slot comes (the bot's session does this).
    waited = [await wait_for_reply_slot(limiter, "b", 7, clock=clock, sleep=clock.sleep) for _ in range(5)]
    assert waited == pytest.approx([0.0, 0.0, 0.2, 1.0, 1.0], abs=1e-9)  # three together, then one a second
    assert clock() == pytest.approx(2.2, abs=1e-9)
    # A 429 holds the next reply, to anyone, for exactly its retry_after.
    await limiter.pause("b", 2.0)
    assert await wait_for_reply_slot(limiter, "b", 8, clock=clock, sleep=clock.sleep) == pytest.approx(2.0, abs=1e-9)


async def test_the_send_loop_reserves_only_a_moment_ahead(
        session_pool: async_sessionmaker[AsyncSession], make: Limiters) -> None:
    async with session_pool() as session:
        await add_people(session, 20)
        await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="hi"), BroadcastPlan(quiet_hours=None))
    worker, bot = make.granted(), make()
    replies: list[ReplySlot] = []
    third = asyncio.Event()

    class ReplyMidway(SimSender):
        """As the third message goes out, mid-broadcast with more claimed and waiting, a reply comes."""

        async def send(self, message: Outgoing) -> None:
            await super().send(message)
            if len(self.attempts) == 3:
                replies.append(await bot.reserve_reply("b", 5555))
                third.set()

    sender = ReplyMidway(FakeSender(), worker, None if make.redis else make.clock)
    loop = SendLoop(UnitOfWorkFactory(session_pool), sender, worker, SendConfig("w1", "telegram", "b", rate=BULK))
    stop = asyncio.Event()
    task = asyncio.create_task(loop.run(stop))
    try:
        await asyncio.wait_for(third.wait(), 30)
    finally:
        stop.set()
        await task
    # Not queued behind the broadcast's slots: the loop held only the next one (a moment ahead).
    assert replies == [ReplySlot(0.0, True)]


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

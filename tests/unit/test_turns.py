"""The per-person queue: arrival order, places given up, nothing left behind."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from redis.asyncio import Redis

from bot.redis_turns import RedisTurns, TurnStorage
from bot.throttle import SharedFlood, Throttled, Verdict
from bot.turns import MemoryTurns, TurnQueue

KEY = StorageKey(bot_id=1, chat_id=7, user_id=7)


async def test_updates_take_their_turns_in_arrival_order_even_when_one_gives_its_place_up() -> None:
    queue = TurnQueue()
    first, dropped, third = queue.reserve(KEY), queue.reserve(KEY), queue.reserve(KEY)
    ran: list[str] = []

    async def turn(name: str, ticket: object) -> None:
        await ticket.wait()  # type: ignore[attr-defined]
        ran.append(name)
        await asyncio.sleep(0)
        ran.append(name)
        ticket.release()  # type: ignore[attr-defined]

    dropped.release()  # throttled before its turn: the third must still wait for the first
    await asyncio.gather(turn("third", third), turn("first", first))
    assert ran == ["first", "first", "third", "third"]
    await asyncio.sleep(0)
    assert len(queue) == 0


async def test_another_person_never_waits() -> None:
    queue = TurnQueue()
    busy = queue.reserve(KEY)
    other = queue.reserve(StorageKey(bot_id=1, chat_id=8, user_id=8))
    await asyncio.wait_for(other.wait(), 1)
    busy.release()
    other.release()


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_a_repeated_tap_is_flagged_and_a_failed_one_is_forgotten(backend: str, redis_url: str | None) -> None:
    if backend == "redis" and redis_url is None:
        pytest.skip("needs HAMYAR_TEST_REDIS_URL")
    storage = None
    turns = MemoryTurns()
    if backend == "redis":
        storage = TurnStorage(Redis.from_url(str(redis_url)), key_builder=DefaultKeyBuilder(with_bot_id=True))
        turns = RedisTurns(storage)

    async def press(tap: str, fail: bool = False) -> bool:
        ticket = turns.queue.reserve(KEY, tap)
        try:
            async with turns.turn(ticket):
                if fail:
                    raise RuntimeError("step failed")
        except RuntimeError:
            pass
        return ticket.repeat

    assert await press("a") is False
    assert await press("a") is True
    assert await press("a") is True  # a triple tap
    assert await press("c") is False
    assert await press("a") is False  # something else happened in between: a new step
    assert await press("b", fail=True) is False
    assert await press("b") is False  # the failed step did not happen: pressing again runs it
    if storage is not None:
        await storage.close()


async def test_two_processes_share_one_flood_count_taken_as_each_turn_begins(redis_url: str | None) -> None:
    """Two bot processes each let 3 of a person's updates through locally (rate 4): the count shared in
    Redis, taken in the round trip that begins each turn, lets 4 run, tells the person once, drops 1."""
    if redis_url is None:
        pytest.skip("needs HAMYAR_TEST_REDIS_URL")
    processes = []
    for _ in range(2):
        storage = TurnStorage(Redis.from_url(redis_url), key_builder=DefaultKeyBuilder(with_bot_id=True))
        storage.flood = SharedFlood(storage.redis, rate=4, window=300)
        processes.append(RedisTurns(storage))
    ran: list[int] = []
    verdicts: list[Verdict] = []

    async def update(turns: RedisTurns, number: int) -> None:
        try:
            async with turns.turn(turns.queue.reserve(KEY)):
                ran.append(number)
        except Throttled as over:
            verdicts.append(over.verdict)

    for number in range(6):
        await update(processes[number % 2], number)
    assert ran == [0, 1, 2, 3]
    assert verdicts == [Verdict.TELL, Verdict.DROP]
    # A person told once is not told again by the other process's local throttle either.
    assert await processes[0].storage.flood.over(KEY.bot_id, KEY.user_id) is Verdict.DROP  # type: ignore[union-attr]
    other = StorageKey(bot_id=1, chat_id=8, user_id=8)
    assert await processes[1].storage.flood.over(other.bot_id, other.user_id) is Verdict.TELL  # type: ignore[union-attr]
    for turns in processes:
        await turns.storage.redis.aclose()

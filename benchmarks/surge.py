"""Benchmark: a broadcast, people onboarding and a flooder, all at once, under the platform's limits.

On PostgreSQL + Redis, with the emulator enforcing Telegram's limits (30 messages/s per bot, 1 message/s
per chat with a burst of 3, as Telegram tolerates short bursts to one chat), the worker sends a broadcast
to `--recipients` people while the bot process serves people who onboard at a human pace, in two
phases: phase A alone, phase B while one more person floods the bot with `--flood` messages as fast as
the client can send them. Replies must never be lost, must stay fast, and the broadcast must still get
its share of the budget (SEND_RATE - REPLY_RESERVE). Prints one JSON object as its last line.

    .venv/bin/python benchmarks/surge.py [--quick] [--database-url URL] [--redis-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402
from benchmarks.common import Tally, event_loop, percentile, run  # noqa: E402
from emulator import BotApiEmulator, UserClient  # noqa: E402

DEFAULT_DB = "postgresql+asyncpg://hamyar:hamyar@127.0.0.1:5432/hamyar_surge"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
FIRST_RECIPIENT = 10_000_000
FIRST_PERSON = 1_000_000
FLOODER = 9_000_001
SEND_RATE = 30.0
TEXT = "پویش زمستان: همراه ما باشید"


async def ensure_database(url: str) -> None:
    """Create the benchmark database when it does not exist."""
    import asyncpg

    plain = url.replace("postgresql+asyncpg://", "postgresql://")
    base, _, name = plain.rpartition("/")
    admin = await asyncpg.connect(f"{base}/postgres")
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


async def reset(url: str, redis_url: str, recipients: int) -> None:
    """A fresh schema with `recipients` onboarded people (written with COPY), and an empty Redis db."""
    await ensure_database(url)
    await common.reset_database(url)
    await common.add_onboarded_people(url, FIRST_RECIPIENT, recipients, "s")
    await common.reset_redis(redis_url)


async def enqueue(url: str) -> int:
    """A broadcast to everyone registered so far (the recipients), sent now, no quiet hours."""
    from campaigns.broadcasts import BroadcastPlan, MessageSpec, Segment, create_broadcast
    from storage.db import create_engine, create_session_pool
    from storage.unit_of_work import UnitOfWork

    engine = create_engine(url)
    async with create_session_pool(engine)() as session:
        broadcast_id = await create_broadcast(UnitOfWork(session), Segment(registered_before=datetime.now(UTC)),
                                              MessageSpec(text=TEXT), BroadcastPlan(quiet_hours=None))
    await engine.dispose()
    return int(broadcast_id)


async def human_pause() -> None:
    """A person's pause before each step: one to two seconds."""
    await asyncio.sleep(random.uniform(1.0, 2.0))


async def run_phase(emu: BotApiEmulator, token: str, first_id: int, people: int, every: float) -> Tally:
    """`people` people arriving one every `every` seconds; a step without its reply is lost (an error)."""
    phase = Tally()
    walkers = []
    for index in range(people):
        user = emu.user(token, user_id=first_id + index, first_name=f"P{index}", language_code="fa")
        steps = common.onboarding_steps(first_id + index)
        walkers.append(asyncio.create_task(common.walk(user, steps, phase, human_pause, 30.0)))
        await asyncio.sleep(every)
    await asyncio.gather(*walkers)
    return phase


async def flood(emu: BotApiEmulator, token: str, messages: int) -> UserClient:
    """One person sending `messages` texts as fast as the client can."""
    user = emu.user(token, user_id=FLOODER, first_name="Flood", language_code="fa")
    for index in range(messages):
        await user.send_text(f"سلام {index}")
        if index % 50 == 0:
            await asyncio.sleep(0)
    return user


def delivered_to_recipients(emu: BotApiEmulator, recipients: int) -> int:
    """Broadcast messages delivered so far."""
    delivered = emu.stats.delivered
    return sum(delivered.get(FIRST_RECIPIENT + i, 0) for i in range(recipients))


async def main() -> None:
    """Run the surge and print the JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a run of about a minute")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--recipients", type=int, default=None)
    parser.add_argument("--people", type=int, default=None, help="people onboarding in all (half per phase)")
    parser.add_argument("--flood", type=int, default=None, help="messages the flooder sends")
    args = parser.parse_args()
    recipients = args.recipients or (1500 if args.quick else 20_000)
    people = args.people or (24 if args.quick else 200)
    flood_messages = args.flood or (500 if args.quick else 2000)
    # People arrive slowly enough that their replies fit in the reserve: above it, replies come first
    # and the broadcast rightly gets less (that case is what `reply_send_rate` shows).
    every = 2.5 if args.quick else 3.0

    from runtime.config import Settings

    reserve = float(getattr(Settings(telegram_token=None, bale_token=None), "reply_reserve", 0.0))
    budget = SEND_RATE - reserve

    await reset(args.database_url, args.redis_url, recipients)
    emu = BotApiEmulator()
    await emu.start()
    token = emu.add_bot(username="hamyar_bot")
    emu.faults.global_rate = SEND_RATE
    emu.faults.per_chat_rate = 1.0
    emu.faults.per_chat_burst = 3.0
    env = {"TELEGRAM_TOKEN": token, "TELEGRAM_API_BASE": emu.base_url, "DATABASE_URL": args.database_url,
           "REDIS_URL": args.redis_url, "LOG_LEVEL": "WARNING", "SEND_RATE": str(SEND_RATE),
           "METRICS_PORT": "0"}
    bot = await common.start_process(["-m", "bot", "run"], env, "surge-bot")
    await common.wait_for_commands(emu, token, [bot])
    broadcast_id = await enqueue(args.database_url)
    emu.stats.reset()
    started = time.time()
    worker = await common.start_process(["-m", "bot", "worker"], env, "surge-worker")

    samples: list[tuple[float, int, int]] = []
    done = asyncio.Event()

    async def watch_broadcast() -> None:
        while not done.is_set():
            samples.append((time.time(), delivered_to_recipients(emu, recipients), emu.stats.sends_ok))
            if samples[-1][1] >= recipients:
                break
            await asyncio.sleep(1.0)

    watcher = asyncio.create_task(watch_broadcast())
    phase_a = await run_phase(emu, token, FIRST_PERSON, people // 2, every)
    flooder_task = asyncio.create_task(flood(emu, token, flood_messages))
    phase_b = await run_phase(emu, token, FIRST_PERSON + 100_000, people - people // 2, every)
    flooder = await flooder_task
    deadline = time.time() + recipients / max(1.0, budget) * 1.5 + 60
    await asyncio.wait([watcher], timeout=max(0.0, deadline - time.time()))
    done.set()
    await watcher
    await asyncio.sleep(2.0)  # the flooder's last answers
    await common.stop_process(worker)
    await common.stop_process(bot)

    delivered = emu.stats.delivered
    expected = range(FIRST_RECIPIENT, FIRST_RECIPIENT + recipients)
    lost = sum(1 for chat in expected if delivered.get(chat, 0) == 0)
    duplicates = sum(delivered.get(chat, 0) - 1 for chat in expected if delivered.get(chat, 0) > 1)
    # The broadcast's rate over its middle (from 5% to 95% delivered): start-up and the tail excluded.
    # Messages and edits to everyone else (the replies) over the same window give the total used.
    rate = total_rate = 0.0
    low = [s for s in samples if s[1] >= recipients * 0.05]
    high = [s for s in samples if s[1] >= recipients * 0.95]
    if low and high and high[0][0] > low[0][0]:
        span = high[0][0] - low[0][0]
        rate = (high[0][1] - low[0][1]) / span
        total_rate = (high[0][2] - low[0][2]) / span
    reply_429 = sum(1 for stamp, chat in emu.stats.limited
                    if stamp > started + 1.0 and chat is not None and not FIRST_RECIPIENT <= chat < 20_000_000)
    flood_replies = len([m for m in flooder.messages() if m.text])
    slow_down = [m for m in flooder.messages() if m.text and "خیلی تند" in m.text]
    latencies = phase_a.latencies_ms + phase_b.latencies_ms
    p99_a = percentile(phase_a.latencies_ms, 99)
    p99_b = percentile(phase_b.latencies_ms, 99)
    await emu.stop()
    summary: dict[str, Any] = {
        "benchmark": "surge",
        "event_loop": event_loop(),
        "quick": args.quick,
        "recipients": recipients,
        "people": people,
        "flood_messages": flood_messages,
        "send_rate": SEND_RATE,
        "reply_reserve": reserve,
        "replies_lost": phase_a.errors + phase_b.errors,
        "completed_onboardings": phase_a.registrations + phase_b.registrations,
        "replies": len(latencies),
        "reply_p50_ms": round(percentile(latencies, 50), 1),
        "reply_p99_ms": round(percentile(latencies, 99), 1),
        "phase_a_p99_ms": round(p99_a, 1),
        "phase_b_p99_ms": round(p99_b, 1),
        "others_p99_ratio": round(p99_b / p99_a, 3) if p99_a else 0.0,
        "flooder_replies": flood_replies,
        "flooder_slow_down_messages": len(slow_down),
        "flooder_throttled": bool(slow_down) and flood_replies < flood_messages * 0.1,
        "broadcast_rate": round(rate, 2),
        "broadcast_rate_ratio": round(rate / budget, 3) if budget else 0.0,
        "reply_send_rate": round(total_rate - rate, 2),
        "total_send_rate": round(total_rate, 2),
        "http_429_replies": reply_429,
        "http_429_total": emu.stats.http_429,
        "lost": lost,
        "duplicates": duplicates,
        "broadcast_id": broadcast_id,
        "seconds": round(time.time() - started, 1),
        "samples": (phase_a.error_samples + phase_b.error_samples)[:3],
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    run(main())

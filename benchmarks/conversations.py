"""Benchmark: citizens onboarding and registering as volunteers, concurrently, through the emulator.

The bot runs as its own process (`python -m bot run`) on PostgreSQL + Redis, polling the emulator over
HTTP; the emulator and the simulated people share this process. A bare aiogram echo bot measured the
same way is the floor. Prints one JSON object as its last line.

    python benchmarks/conversations.py [--quick] [--database-url URL] [--redis-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from emulator import BotApiEmulator, BotMessage, UserClient  # noqa: E402

DEFAULT_DB = "postgresql+asyncpg://hamyar:hamyar@127.0.0.1:5432/hamyar_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"


@dataclass
class Tally:
    """What the simulated people observed."""

    latencies_ms: list[float] = field(default_factory=list)
    updates: int = 0
    errors: int = 0
    registrations: int = 0
    error_samples: list[str] = field(default_factory=list)


Step = tuple[Callable[[UserClient, BotMessage | None], Awaitable[object]], str]


def _press_first_inline(user: UserClient, last: BotMessage | None) -> Awaitable[object]:
    assert last is not None and last.inline_buttons
    return user.press(last.inline_buttons[0][0].text)


def onboarding_steps(user_index: int) -> list[Step]:
    """The seven updates of onboarding, each with a fragment of the reply it waits for."""
    phone = f"+98912{user_index:07d}"
    return [
        (lambda u, _: u.send_text("/start"), "زبان"),
        (lambda u, _: u.press("فارسی"), "موافقید"),
        (lambda u, _: u.press("موافقم"), "شماره موبایل"),
        (lambda u, _: u.share_contact(phone, own=True), "استان محل"),
        (lambda u, _: u.send_text("اصفهان"), "شهرستان خود"),
        (_press_first_inline, "محله"),
        (lambda u, _: u.press("رد شدن"), "ثبت‌نام شما کامل شد"),
    ]


def volunteer_steps() -> list[Step]:
    """Volunteer registration, typed the quickest way (filled in from the volunteer conversation)."""
    try:
        from benchmarks.volunteer_flow import VOLUNTEER_STEPS
    except ImportError:
        return []
    return list(VOLUNTEER_STEPS)


class Pacer:
    """An open-loop token bucket: at most `rate` sends per second across all people (None = no limit)."""

    def __init__(self, rate: float | None) -> None:
        self.rate = rate
        self._next = time.perf_counter()
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Wait for this send's slot."""
        if self.rate is None:
            return
        async with self._lock:
            now = time.perf_counter()
            slot = max(self._next, now)
            self._next = slot + 1 / self.rate
        delay = slot - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)


async def person(user: UserClient, steps: list[Step], tally: Tally, pacer: Pacer, timeout: float) -> None:
    """Walk the steps as one person; every reply's latency is recorded."""
    last: BotMessage | None = None
    for action, fragment in steps:
        await pacer.wait()
        started = time.perf_counter()
        try:
            await action(user, last)
            tally.updates += 1
            last = await user.wait_for_message(lambda m, f=fragment: f in (m.text or ""), timeout=timeout)
        except Exception as exc:
            tally.errors += 1
            if len(tally.error_samples) < 3:
                tally.error_samples.append(f"{type(exc).__name__}: {str(exc)[:300]}")
            return
        tally.latencies_ms.append((time.perf_counter() - started) * 1000)
    tally.registrations += 1


async def crowd(emu: BotApiEmulator, token: str, first_id: int, count: int, concurrency: int,
                steps_for: Callable[[int], list[Step]], rate: float | None, timeout: float = 30) -> tuple[Tally, float]:
    """`count` people, at most `concurrency` at once; returns the tally and the elapsed seconds."""
    tally = Tally()
    pacer = Pacer(rate)
    queue = iter(range(count))

    async def lane() -> None:
        for index in queue:
            user = emu.user(token, user_id=first_id + index, first_name=f"P{index}", language_code="fa")
            await person(user, steps_for(first_id + index), tally, pacer, timeout)

    started = time.perf_counter()
    await asyncio.gather(*(lane() for _ in range(concurrency)))
    return tally, time.perf_counter() - started


async def reset_database(url: str) -> None:
    """Drop and recreate the benchmark database's schema, then migrate it."""
    from sqlalchemy import text

    from storage.db import create_engine
    from storage.migrate import upgrade_async

    engine = create_engine(url, pool_size=1)
    async with engine.begin() as connection:
        if url.startswith("postgresql"):
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    await upgrade_async(url)


async def reset_redis(url: str) -> None:
    """Flush the benchmark's Redis database."""
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    await client.flushdb()
    await client.aclose()


LOG_DIR = ROOT / "var" / "bench-logs"


async def start_process(args: list[str], env: dict[str, str], name: str) -> asyncio.subprocess.Process:
    """Start a bot process logging to var/bench-logs/<name>.log (errors are counted from what people see)."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = (LOG_DIR / f"{name}.log").open("wb")
    return await asyncio.create_subprocess_exec(sys.executable, *args, cwd=str(ROOT), env={**os.environ, **env},
                                                stdout=log, stderr=log)


async def wait_ready(emu: BotApiEmulator, token: str, process: asyncio.subprocess.Process,
                     *, commands: bool) -> None:
    """Wait until the bot polls (and, for Hamyar, has published its commands)."""
    bot = emu.bot(token)
    for _ in range(1200):
        if process.returncode is not None:
            raise RuntimeError(f"bot exited with {process.returncode}; see {LOG_DIR}")
        if (bot.commands if commands else getattr(bot.updates, "polled", True)):
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("bot did not become ready")


async def stop_process(process: asyncio.subprocess.Process) -> None:
    """SIGTERM and wait."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 40)
        except TimeoutError:
            process.kill()


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def main() -> None:
    """Run the phases and print the JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a run of under a minute")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--surge", type=int, default=None, help="registrations in the surge phase")
    args = parser.parse_args()
    saturation_people = 250 if args.quick else 3000
    latency_people = 200 if args.quick else 2000
    surge = args.surge if args.surge is not None else (0 if args.quick else 20000)
    floor_messages = 3000 if args.quick else 30000

    emu = BotApiEmulator()
    await emu.start()
    steps = volunteer_steps()

    def full_journey(index: int) -> list[Step]:
        return onboarding_steps(index) + steps

    # Floor: a bare aiogram echo bot.
    echo_token = emu.add_bot(username="echo_bot")
    echo = await start_process(["benchmarks/echo_bot.py"], {"TELEGRAM_TOKEN": echo_token,
                                                            "TELEGRAM_API_BASE": emu.base_url}, "echo")
    await asyncio.sleep(2)

    def echo_steps(_: int) -> list[Step]:
        return [(lambda u, _last, i=i: u.send_text(f"echo {i}"), f"echo {i}") for i in range(10)]

    import psutil

    echo_process = psutil.Process(echo.pid)
    echo_cpu_before = sum(echo_process.cpu_times()[:2])
    floor, floor_elapsed = await crowd(emu, echo_token, 5_000_000, floor_messages // 10, 300, echo_steps, None)
    floor_cpu_ms = (sum(echo_process.cpu_times()[:2]) - echo_cpu_before) * 1000 / max(1, floor.updates)
    await stop_process(echo)

    # Hamyar on PostgreSQL + Redis.
    await reset_database(args.database_url)
    await reset_redis(args.redis_url)
    token = emu.add_bot(username="hamyar_bot")
    # Simulated people answer at machine speed, faster than the flood throttle lets a person: it still
    # counts every update (its round trip is in the figures) but never trips.
    bot_env = {"TELEGRAM_TOKEN": token, "TELEGRAM_API_BASE": emu.base_url, "DATABASE_URL": args.database_url,
               "REDIS_URL": args.redis_url, "LOG_LEVEL": "WARNING", "THROTTLE_RATE": "100000"}
    hamyar = await start_process(["-m", "bot", "run"], bot_env, "hamyar")
    await wait_ready(emu, token, hamyar, commands=True)

    bot_process = psutil.Process(hamyar.pid)
    cpu_before = sum(bot_process.cpu_times()[:2])
    saturation, saturation_elapsed = await crowd(emu, token, 1_000_000, saturation_people,
                                                 min(400, saturation_people), full_journey, None)
    bot_cpu_ms_per_update = (sum(bot_process.cpu_times()[:2]) - cpu_before) * 1000 / max(1, saturation.updates)
    paced, _ = await crowd(emu, token, 2_000_000, latency_people, 300, full_journey, 300.0)
    surge_tally, surge_elapsed = (Tally(), 0.0)
    if surge:
        surge_tally, surge_elapsed = await crowd(emu, token, 3_000_000, surge, 500, full_journey, None, timeout=60)
    await stop_process(hamyar)
    await emu.stop()

    updates_per_s = saturation.updates / saturation_elapsed if saturation_elapsed else 0.0
    floor_per_s = floor.updates / floor_elapsed if floor_elapsed else 0.0
    summary = {
        "benchmark": "conversations",
        "quick": args.quick,
        "steps_per_registration": len(full_journey(0)),
        "volunteer_steps": len(steps),
        "updates_per_s": round(updates_per_s, 1),
        "saturation_people": saturation_people,
        "saturation_p50_ms": round(percentile(saturation.latencies_ms, 50), 1),
        "offered_load_per_s": 300,
        "p50_ms": round(percentile(paced.latencies_ms, 50), 1),
        "p99_ms": round(percentile(paced.latencies_ms, 99), 1),
        "mean_ms": round(statistics.fmean(paced.latencies_ms), 1) if paced.latencies_ms else 0.0,
        "errors": saturation.errors + paced.errors + surge_tally.errors + floor.errors,
        "error_samples": (saturation.error_samples + paced.error_samples + surge_tally.error_samples)[:3],
        "registrations": saturation.registrations + paced.registrations + surge_tally.registrations,
        "surge_registrations": surge_tally.registrations,
        "surge_seconds": round(surge_elapsed, 1),
        "bot_cpu_ms_per_update": round(bot_cpu_ms_per_update, 2),
        "bot_capacity_updates_per_s": round(1000 / bot_cpu_ms_per_update, 1) if bot_cpu_ms_per_update else 0.0,
        "floor_updates_per_s": round(floor_per_s, 1),
        "floor_cpu_ms_per_update": round(floor_cpu_ms, 2),
        "cpu_ratio_to_floor": round(bot_cpu_ms_per_update / floor_cpu_ms, 2) if floor_cpu_ms else 0.0,
        "ratio_to_floor": round(updates_per_s / floor_per_s, 3) if floor_per_s else 0.0,
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())

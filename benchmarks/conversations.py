"""Benchmark: citizens onboarding and registering as volunteers, concurrently, through the emulator.

The bot runs as its own process(es) (`python -m bot run`) on PostgreSQL + Redis, polling the emulator
over HTTP (or, with `--processes N`, N processes in webhook mode sharing one port, fed by the emulator's
concurrent webhook sender); the emulator and the simulated people share this process. A bare aiogram
echo bot measured the same way is the floor.

Phases: saturation (as fast as the people can go: throughput and CPU per update), then latency at half
the capacity just measured (an open-loop pace of 0.5 x saturation throughput), then the surge (full run
only). The work per update (SQL statements, transactions, Redis round trips, Bot API calls) comes from
the bot's own /metrics, scraped before and after. Prints one JSON object as its last line.

    python benchmarks/conversations.py [--quick] [--processes N] [--database-url URL] [--redis-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
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


async def stop_process(process: asyncio.subprocess.Process) -> None:
    """SIGTERM and wait."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 40)
        except TimeoutError:
            process.kill()


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


Counts = dict[str, float]


def parse_metrics(text: str) -> Counts:
    """The counters the benchmark reads, flattened: updates, sql, tx, redis:<purpose>, botapi:<method>."""
    from prometheus_client.parser import text_string_to_metric_families

    counts: Counts = {}

    def add(key: str, value: float) -> None:
        counts[key] = counts.get(key, 0.0) + value

    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if not sample.name.endswith("_total"):
                continue
            if sample.name == "hamyar_updates_total":
                add("updates", sample.value)
            elif sample.name == "hamyar_sql_statements_total":
                add("sql", sample.value)
            elif sample.name == "hamyar_db_transactions_total":
                add("tx", sample.value)
            elif sample.name == "hamyar_redis_round_trips_total":
                add(f"redis:{sample.labels['purpose']}", sample.value)
            elif sample.name == "hamyar_botapi_calls_total":
                add(f"botapi:{sample.labels['method']}", sample.value)
    return counts


class Fleet:
    """The Hamyar bot process(es) under test, each with its own /metrics port."""

    def __init__(self, emu: BotApiEmulator, token: str, env: dict[str, str], processes: int, webhook: bool) -> None:
        self.emu = emu
        self.token = token
        self.env = env
        self.count = processes
        self.webhook = webhook
        self.processes: list[asyncio.subprocess.Process] = []
        self.metrics_ports: list[int] = []

    async def start(self, name: str) -> None:
        """Start the processes and wait until every one takes updates."""
        import psutil

        extra: dict[str, str] = {}
        if self.webhook:
            port = free_port()
            extra = {"MODE": "webhook", "WEBHOOK_BASE_URL": f"http://127.0.0.1:{port}",
                     "WEBHOOK_SECRET": "bench-webhook-secret", "WEBHOOK_HOST": "127.0.0.1",
                     "WEBHOOK_PORT": str(port)}
        for index in range(self.count):
            metrics_port = free_port()
            self.metrics_ports.append(metrics_port)
            self.processes.append(await start_process(
                ["-m", "bot", "run"], {**self.env, **extra, "METRICS_PORT": str(metrics_port)}, f"{name}-{index}"))
        self.ps = [psutil.Process(process.pid) for process in self.processes]
        for _ in range(1200):
            for process in self.processes:
                if process.returncode is not None:
                    raise RuntimeError(f"bot exited with {process.returncode}; see {LOG_DIR}")
            if await self._ready():
                return
            await asyncio.sleep(0.05)
        raise TimeoutError("bot did not become ready")

    async def _ready(self) -> bool:
        # Polling: the commands are published just before polling starts. Webhook: every process has
        # set the webhook, which it does once its server listens (so keep-alive connections, opened
        # with the first updates, are shared between all of them).
        if not self.webhook:
            return bool(self.emu.bot(self.token).commands)
        try:
            scraped = await self.scrape()
        except Exception:
            return False
        return all(counts.get("botapi:setWebhook", 0) >= 1 for counts in scraped)

    async def scrape(self) -> list[Counts]:
        """Every process's counters."""
        import aiohttp

        async with aiohttp.ClientSession() as session:
            results = []
            for port in self.metrics_ports:
                async with session.get(f"http://127.0.0.1:{port}/metrics") as resp:
                    results.append(parse_metrics(await resp.text()))
        return results

    def cpu(self) -> list[float]:
        """CPU seconds (user + system) used so far by each process."""
        return [sum(p.cpu_times()[:2]) for p in self.ps]

    async def stop(self) -> None:
        """Stop every process."""
        await asyncio.gather(*(stop_process(process) for process in self.processes))


@dataclass
class Measured:
    """A phase's tally with the bot side's CPU and counters over it."""

    tally: Tally
    elapsed: float
    cpu: list[float]  # seconds, per process
    counts: list[Counts]  # deltas, per process

    @property
    def bot_updates(self) -> float:
        """Updates the bot processes handled in the phase."""
        return sum(counts.get("updates", 0.0) for counts in self.counts)

    @property
    def cpu_ms_per_update(self) -> float:
        """Bot CPU (all processes) per update handled."""
        return sum(self.cpu) * 1000 / max(1.0, self.bot_updates)

    @property
    def rate(self) -> float:
        """Updates per second the people got through."""
        return self.tally.updates / self.elapsed if self.elapsed else 0.0


async def measure(fleet: Fleet, phase: Awaitable[tuple[Tally, float]]) -> Measured:
    """Run a phase; the bot's CPU and counters are read before and after it."""
    cpu_before, counts_before = fleet.cpu(), await fleet.scrape()
    tally, elapsed = await phase
    cpu_after, counts_after = fleet.cpu(), await fleet.scrape()
    deltas = [{key: after.get(key, 0.0) - before.get(key, 0.0) for key in after}
              for before, after in zip(counts_before, counts_after, strict=True)]
    return Measured(tally, elapsed, [a - b for a, b in zip(cpu_after, cpu_before, strict=True)], deltas)


def work_per_update(phases: list[Measured]) -> dict[str, object]:
    """SQL statements, transactions, Redis round trips and Bot API calls per update, over the phases."""
    total: Counts = {}
    for phase in phases:
        for counts in phase.counts:
            for key, value in counts.items():
                total[key] = total.get(key, 0.0) + value
    updates = max(1.0, total.get("updates", 0.0))
    # Polling itself (getUpdates) and start-up calls are not the updates' work.
    calls = {key.split(":", 1)[1]: round(value / updates, 3) for key, value in sorted(total.items())
             if key.startswith("botapi:") and value and key != "botapi:getUpdates"}
    conversation = total.get("redis:conversation", 0.0) / updates
    budget = total.get("redis:send_budget", 0.0) / updates
    return {
        "sql_statements_per_update": round(total.get("sql", 0.0) / updates, 3),
        "transactions_per_update": round(total.get("tx", 0.0) / updates, 3),
        "redis_round_trips_per_update": round(conversation + budget, 3),
        "redis_conversation_per_update": round(conversation, 3),
        "redis_send_budget_per_update": round(budget, 3),
        "botapi_calls_per_update": round(sum(calls.values()), 3),
        "botapi_calls_by_method": calls,
    }


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
    parser.add_argument("--processes", type=int, default=1,
                        help="bot processes; more than 1 runs them in webhook mode on one port")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--surge", type=int, default=None, help="registrations in the surge phase")
    args = parser.parse_args()
    several = args.processes > 1
    saturation_people = (100 if several else 250) if args.quick else 3000
    latency_seconds = 10 if args.quick else 60  # how long the half-capacity phase lasts, roughly
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
    floor = Tally()
    floor_elapsed = floor_cpu_s = 0.0

    async def measure_floor(first_id: int) -> None:
        # Half the floor before Hamyar's phases and half after (the echo bot idles in between): the machine
        # is shared, and a floor measured at one moment alone swung by a third between runs.
        nonlocal floor_elapsed, floor_cpu_s
        cpu_before = sum(echo_process.cpu_times()[:2])
        part, elapsed = await crowd(emu, echo_token, first_id, floor_messages // 20, 300, echo_steps, None)
        floor_cpu_s += sum(echo_process.cpu_times()[:2]) - cpu_before
        floor_elapsed += elapsed
        floor.updates += part.updates
        floor.errors += part.errors
        floor.latencies_ms += part.latencies_ms

    await measure_floor(5_000_000)

    # Hamyar on PostgreSQL + Redis.
    await reset_database(args.database_url)
    await reset_redis(args.redis_url)
    token = emu.add_bot(username="hamyar_bot")
    # Simulated people answer at machine speed, faster than the flood throttle lets a person: it still
    # counts every update (its round trip is in the figures) but never trips.
    # Likewise the send budget: the emulator here enforces no platform limit, and this benchmark measures
    # the bot's own work, so the budget is set far above the rates reached; every counted call still
    # reserves its slot (in Redis), so that cost is in the figures (surge.py measures the limits).
    bot_env = {"TELEGRAM_TOKEN": token, "TELEGRAM_API_BASE": emu.base_url, "DATABASE_URL": args.database_url,
               "REDIS_URL": args.redis_url, "LOG_LEVEL": "WARNING", "THROTTLE_RATE": "100000",
               "SEND_RATE": "100000", "PER_CHAT_RATE": "10000"}
    if several:
        bot_env["DB_POOL_SIZE"] = str(max(5, 20 // args.processes))
    first_id = 1_000_000
    one: Measured | None = None
    if several:
        # One webhook process first, the same way, for the CPU per update that N processes are held to.
        single = Fleet(emu, token, bot_env, 1, webhook=True)
        await single.start("hamyar-one")
        one = await measure(single, crowd(emu, token, first_id, saturation_people,
                                          min(400, saturation_people), full_journey, None))
        first_id += saturation_people
        await single.stop()
    fleet = Fleet(emu, token, bot_env, args.processes, webhook=several)
    await fleet.start("hamyar")
    saturation = await measure(fleet, crowd(emu, token, 2_000_000, saturation_people,
                                            min(400, saturation_people), full_journey, None))
    # Latency at half the capacity just measured: an open-loop pace the bot can hold, not a queue.
    offered = round(saturation.rate / 2, 1)
    latency_people = max(20, int(offered * latency_seconds / len(full_journey(0))))
    paced = await measure(fleet, crowd(emu, token, 3_000_000, latency_people, min(300, latency_people),
                                       full_journey, offered))
    surge_phase: Measured | None = None
    if surge:
        surge_phase = await measure(fleet, crowd(emu, token, 4_000_000, surge, 500, full_journey, None, timeout=60))
    await fleet.stop()
    await measure_floor(6_000_000)
    await stop_process(echo)
    await emu.stop()
    floor_cpu_ms = floor_cpu_s * 1000 / max(1, floor.updates)

    floor_per_s = floor.updates / floor_elapsed if floor_elapsed else 0.0
    surge_tally = surge_phase.tally if surge_phase else Tally()
    tallies = [saturation.tally, paced.tally, surge_tally] + ([one.tally] if one else [])
    bot_cpu = saturation.cpu_ms_per_update
    summary: dict[str, object] = {
        "benchmark": "conversations",
        "quick": args.quick,
        "processes": args.processes,
        "mode": "webhook" if several else "polling",
        "steps_per_registration": len(full_journey(0)),
        "volunteer_steps": len(steps),
        "updates_per_s": round(saturation.rate, 1),
        "saturation_people": saturation_people,
        "saturation_p50_ms": round(percentile(saturation.tally.latencies_ms, 50), 1),
        "offered_load_per_s": offered,
        "offered_load_ratio": 0.5,
        "latency_updates": paced.tally.updates,
        "achieved_load_per_s": round(paced.rate, 1),
        "p50_ms": round(percentile(paced.tally.latencies_ms, 50), 1),
        "p99_ms": round(percentile(paced.tally.latencies_ms, 99), 1),
        "mean_ms": round(statistics.fmean(paced.tally.latencies_ms), 1) if paced.tally.latencies_ms else 0.0,
        "errors": sum(tally.errors for tally in tallies) + floor.errors,
        "error_samples": [sample for tally in tallies for sample in tally.error_samples][:3],
        "registrations": sum(tally.registrations for tally in tallies),
        "surge_registrations": surge_tally.registrations,
        "surge_seconds": round(surge_phase.elapsed, 1) if surge_phase else 0.0,
        "bot_cpu_ms_per_update": round(bot_cpu, 3),
        "bot_capacity_updates_per_s": round(1000 / bot_cpu, 1) if bot_cpu else 0.0,
        "floor_updates_per_s": round(floor_per_s, 1),
        "floor_cpu_ms_per_update": round(floor_cpu_ms, 3),
        "cpu_ratio_to_floor": round(bot_cpu / floor_cpu_ms, 2) if floor_cpu_ms else 0.0,
        "ratio_to_floor": round(saturation.rate / floor_per_s, 3) if floor_per_s else 0.0,
        **work_per_update([saturation, paced]),
    }
    if several and one is not None:
        handled = [sum(c.get("updates", 0.0) for c in per) for per in zip(
            *[phase.counts for phase in (saturation, paced)], strict=True)]
        cpu = [sum(seconds) for seconds in zip(saturation.cpu, paced.cpu, strict=True)]
        summary.update({
            "process_update_shares": [round(count / max(1.0, sum(handled)), 3) for count in handled],
            "process_cpu_s": [round(seconds, 2) for seconds in cpu],
            "process_cpu_shares": [round(seconds / max(1e-9, sum(cpu)), 3) for seconds in cpu],
            "one_process_updates_per_s": round(one.rate, 1),
            "one_process_cpu_ms_per_update": round(one.cpu_ms_per_update, 3),
            "cpu_per_update_ratio_to_one_process": round(bot_cpu / one.cpu_ms_per_update, 3)
            if one.cpu_ms_per_update else 0.0,
        })
    targets = {
        "cpu_ratio_to_floor<=2": summary["cpu_ratio_to_floor"] <= 2.0,  # type: ignore[operator]
        "redis_round_trips<=3": summary["redis_round_trips_per_update"] <= 3,  # type: ignore[operator]
        "transactions<=1": summary["transactions_per_update"] <= 1,  # type: ignore[operator]
        "p99_ms<100": summary["p99_ms"] < 100,  # type: ignore[operator]
        "errors==0": summary["errors"] == 0,
    }
    if several:
        shares = summary["process_update_shares"]
        fair = 1 / args.processes  # each within a fifth of its fair share: 40-60% for two processes
        targets["process_shares_fair"] = all(0.8 * fair <= share <= 1.2 * fair for share in shares)  # type: ignore[attr-defined]
        targets["cpu_per_update_within_15%_of_one"] = (
            summary["cpu_per_update_ratio_to_one_process"] <= 1.15)  # type: ignore[operator]
    summary["targets_met"] = targets
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())

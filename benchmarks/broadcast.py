"""Broadcast benchmark: the worker against an emulator process enforcing a global rate.

Runs (full / --quick): 100,000 / 10,000 recipients at 1,000 msg/s with paid broadcast; a short run at
30 msg/s; a run whose worker is killed with SIGKILL at 50% and restarted; two workers sharing one
ceiling. 1% of chats block the bot. Lost and duplicate messages are counted from the emulator's
per-chat delivery counts. Prints one JSON object as its last line.

    .venv/bin/python benchmarks/broadcast.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402

TOKEN = "7000000001:AAbenchmarkbenchmarkbenchmarkbench12"
BOT_KEY = "telegram:7000000001"
FIRST_CHAT = 10_000_000
DB_URL = "postgresql+asyncpg://hamyar:hamyar@127.0.0.1/hamyar_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"


async def serve_emulator(port_file: str) -> None:
    """Run the emulator in this process until killed; write its port to `port_file`."""
    from emulator import BotApiEmulator

    emu = BotApiEmulator()
    await emu.start()
    emu.add_bot(username="hamyar_bench_bot", token=TOKEN)
    Path(port_file).write_text(str(emu.port))  # noqa: ASYNC240 (once, at start)
    await asyncio.Event().wait()


class Emulator:
    """The emulator process and its /_emu control API."""

    def __init__(self) -> None:
        self.port_file = tempfile.mktemp(prefix="emu-port-")
        self.process = subprocess.Popen([sys.executable, __file__, "--serve-emulator", self.port_file],
                                        cwd=ROOT)
        for _ in range(200):
            if Path(self.port_file).exists() and Path(self.port_file).read_text():
                break
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{Path(self.port_file).read_text()}"

    async def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Call the control API."""
        import aiohttp

        async with aiohttp.ClientSession() as http, http.request(method, self.url + path, json=body) as answer:
            return await answer.json()

    def cpu(self) -> float:
        """CPU seconds the emulator process has used."""
        times = psutil.Process(self.process.pid).cpu_times()
        return float(times.user + times.system)

    def stop(self) -> None:
        """End the emulator process."""
        self.process.terminate()
        self.process.wait(10)


async def reset_database(recipients: int) -> None:
    """Recreate the schema and write the people in bulk with COPY."""
    await common.reset_database(DB_URL)
    await common.add_onboarded_people(DB_URL, FIRST_CHAT, recipients, "b")
    await common.reset_redis(REDIS_URL)


async def enqueue(recipients: int) -> tuple[int, float]:
    """Create a broadcast to the first `recipients` people; return its id and the seconds it took."""
    from campaigns.broadcasts import BroadcastPlan, MessageSpec, Segment, create_broadcast
    from storage.db import create_engine, create_session_pool
    from storage.unit_of_work import UnitOfWork

    engine = create_engine(DB_URL)
    started = time.perf_counter()
    async with create_session_pool(engine)() as session:
        from datetime import UTC, datetime

        segment = Segment(registered_before=datetime.now(UTC))
        # Limit the audience by id range through a dedicated column filter: platform_user_id.
        await session.execute(__import__("sqlalchemy").text(
            "UPDATE people SET unreachable = (id >= :cut)"), {"cut": FIRST_CHAT + recipients})
        await session.commit()
        broadcast_id = await create_broadcast(UnitOfWork(session), segment,
                                              MessageSpec(text="پویش زمستان: همراه ما باشید"),
                                              BroadcastPlan(quiet_hours=None))
    await engine.dispose()
    return broadcast_id, time.perf_counter() - started


async def open_deliveries(broadcast_id: int) -> tuple[int, int]:
    """(pending, claimed) deliveries of a broadcast."""
    import asyncpg

    connection = await asyncpg.connect(DB_URL.replace("postgresql+asyncpg", "postgresql"))
    rows = await connection.fetch("SELECT status, count(*) FROM broadcast_deliveries WHERE broadcast_id = $1 "
                                  "AND status IN ('pending', 'claimed') GROUP BY status", broadcast_id)
    await connection.close()
    found = {row[0]: row[1] for row in rows}
    return found.get("pending", 0), found.get("claimed", 0)


def start_worker(emu: Emulator, rate: float, name: str) -> subprocess.Popen[bytes]:
    """Start `python -m bot worker` against the emulator."""
    env = {**os.environ, "DATABASE_URL": DB_URL, "REDIS_URL": REDIS_URL, "TELEGRAM_TOKEN": TOKEN,
           "TELEGRAM_API_BASE": emu.url, "SEND_RATE": str(min(rate, 30.0)), "PAID_BROADCAST": str(rate > 30).lower(),
           "PAID_BROADCAST_RATE": str(rate), "LOG_LEVEL": "WARNING", "LOG_FORMAT": "text",
           "HAMYAR_WORKER_ID": name, "PYTHONPATH": str(ROOT)}
    env.pop("BALE_TOKEN", None)
    return subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=tempfile.gettempdir(), env=env)


class Watch:
    """Peak RSS and CPU time of worker processes."""

    def __init__(self) -> None:
        self.peak_rss = 0
        self.cpu: dict[int, float] = {}

    def sample(self, workers: list[subprocess.Popen[bytes]]) -> None:
        """Take one sample of each live worker."""
        for worker in workers:
            try:
                process = psutil.Process(worker.pid)
                self.peak_rss = max(self.peak_rss, process.memory_info().rss)
                times = process.cpu_times()
                self.cpu[worker.pid] = times.user + times.system
            except psutil.NoSuchProcess:
                pass


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM and wait."""
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(60)


async def deliveries(emu: Emulator, recipients: int, blocked: set[int]) -> dict[str, Any]:
    """Lost and duplicate messages from the emulator's per-chat counts."""
    stats = await emu.call("GET", "/_emu/stats")
    delivered = {int(chat): n for chat, n in stats["delivered"].items()}
    expected = [FIRST_CHAT + i for i in range(recipients) if FIRST_CHAT + i not in blocked]
    lost = sum(1 for chat in expected if delivered.get(chat, 0) == 0)
    duplicates = sum(n - 1 for n in delivered.values() if n > 1)
    outside = sum(n for chat, n in delivered.items() if not FIRST_CHAT <= chat < FIRST_CHAT + recipients)
    return {"stats": stats, "lost": lost, "duplicates": duplicates, "outside": outside}


async def run(emu: Emulator, recipients: int, rate: float, blocked: set[int], workers: int = 1,
              kill_at: float | None = None) -> dict[str, Any]:
    """One broadcast through `workers` worker processes; optionally SIGKILL one at a fraction."""
    await emu.call("POST", "/_emu/faults", {"global_rate": rate, "blocked": sorted(blocked)})
    broadcast_id, enqueue_seconds = await enqueue(recipients)
    await emu.call("POST", "/_emu/stats/reset")
    watch = Watch()
    emu_cpu = emu.cpu()
    procs = [start_worker(emu, rate, f"bench-w{i}") for i in range(workers)]
    started = time.perf_counter()
    in_flight = None
    cpu_before_kill = 0.0
    base: tuple[float, int] | None = None  # worker CPU and sends when sending began (startup excluded)
    while True:
        await asyncio.sleep(0.25)
        watch.sample(procs)
        if base is None:
            early = await emu.call("GET", "/_emu/stats?chats=0")
            if early["sends_ok"] > 0:
                base = (sum(watch.cpu.values()), early["sends_ok"] + early["http_403"])
        if kill_at is not None and in_flight is None:
            stats = await emu.call("GET", "/_emu/stats?chats=0")
            if stats["sends_ok"] + stats["http_403"] >= recipients * kill_at:
                procs[0].send_signal(signal.SIGKILL)
                procs[0].wait()
                cpu_before_kill = sum(watch.cpu.values())
                watch.cpu.clear()
                in_flight = (await open_deliveries(broadcast_id))[1]
                procs = [start_worker(emu, rate, "bench-w0")]
        pending, claimed = await open_deliveries(broadcast_id)
        if pending == 0 and claimed == 0:
            break
        if time.perf_counter() - started > max(120.0, recipients / rate * 4):
            break
    watch.sample(procs)
    cpu = sum(watch.cpu.values()) + cpu_before_kill
    stop_workers(procs)
    result = await deliveries(emu, recipients, blocked)
    stats = result["stats"]
    sends = max(1, stats["sends_ok"] + stats["http_403"])
    steady = (cpu - base[0]) / max(1, sends - base[1]) if base and kill_at is None else cpu / sends
    return {"recipients": recipients, "allowed_rate": rate, "achieved_rate": stats["achieved_rate"],
            "rate_ratio": round(stats["achieved_rate"] / rate, 4), "peak_rate": stats["peak_rate"],
            "sent": stats["sends_ok"], "blocked": stats["http_403"], "lost": result["lost"],
            "duplicates": result["duplicates"], "outside_audience": result["outside"],
            "http_429": stats["http_429"], "emulator_cpu_ms_per_1000": round(
                (emu.cpu() - emu_cpu) * 1000 / sends * 1000, 1),
            "http_429_share": round(stats["http_429"] / sends, 5),
            "cpu_ms_per_1000": round(steady * 1000 * 1000, 1),
            "cpu_ms_per_1000_with_startup": round(cpu * 1000 / sends * 1000, 1),
            "worker_peak_rss_mb": round(watch.peak_rss / 2**20, 1), "enqueue_seconds": round(enqueue_seconds, 2),
            "wall_seconds": round(time.perf_counter() - started, 1), "in_flight_at_kill": in_flight}


async def main(quick: bool) -> dict[str, Any]:
    """All runs; the combined result."""
    big = 10_000 if quick else 100_000
    small = 150 if quick else 900
    side = 3_000 if quick else 20_000
    await reset_database(big)
    blocked = {FIRST_CHAT + i for i in range(0, big, 100)}
    emu = Emulator()
    try:
        fast = await run(emu, big, 1000.0, blocked)
        print(json.dumps({"run": "paid-1000", **fast}), flush=True)
        slow = await run(emu, small, 30.0, blocked)
        print(json.dumps({"run": "free-30", **slow}), flush=True)
        killed = await run(emu, side, 1000.0, blocked, kill_at=0.5)
        print(json.dumps({"run": "kill", **killed}), flush=True)
        pair = await run(emu, side, 1000.0, blocked, workers=2)
        print(json.dumps({"run": "two-workers", **pair}), flush=True)
    finally:
        emu.stop()
    return {
        "quick": quick, "recipients": big, "allowed_rate": fast["allowed_rate"],
        "achieved_rate": fast["achieved_rate"], "rate_ratio": fast["rate_ratio"], "sent": fast["sent"],
        "blocked": fast["blocked"], "lost": fast["lost"], "duplicates": fast["duplicates"],
        "http_429": fast["http_429"], "http_429_share": fast["http_429_share"],
        "cpu_ms_per_1000": fast["cpu_ms_per_1000"], "worker_peak_rss_mb": max(
            fast["worker_peak_rss_mb"], slow["worker_peak_rss_mb"], killed["worker_peak_rss_mb"],
            pair["worker_peak_rss_mb"]),
        "enqueue_seconds": fast["enqueue_seconds"],
        "slow_allowed_rate": slow["allowed_rate"], "slow_achieved_rate": slow["achieved_rate"],
        "slow_rate_ratio": slow["rate_ratio"], "slow_lost": slow["lost"], "slow_duplicates": slow["duplicates"],
        "slow_http_429": slow["http_429"],
        "kill_lost": killed["lost"], "kill_duplicates": killed["duplicates"],
        "kill_in_flight": killed["in_flight_at_kill"],
        "two_workers_allowed_rate": pair["allowed_rate"], "two_workers_achieved_rate": pair["achieved_rate"],
        "two_workers_rate_ratio": pair["rate_ratio"], "two_workers_peak_rate": pair["peak_rate"],
        "two_workers_http_429": pair["http_429"], "two_workers_lost": pair["lost"],
        "two_workers_duplicates": pair["duplicates"],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a run of under a minute (10,000 recipients)")
    parser.add_argument("--serve-emulator", metavar="PORT_FILE", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve_emulator:
        asyncio.run(serve_emulator(options.serve_emulator))
    else:
        print(json.dumps(asyncio.run(main(options.quick))))

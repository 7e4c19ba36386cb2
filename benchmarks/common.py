"""What the benchmarks share: the people's steps and tally, the bot processes, a fresh database and Redis."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from emulator import BotApiEmulator, BotMessage, UserClient
from runtime import loop

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / "var" / "bench-logs"


def event_loop() -> loop.EventLoop:
    """The event loop of the bot processes a benchmark starts (they read EVENT_LOOP: uvloop unless it says asyncio)
    and of the benchmark's own process (the emulator and the simulated people), reported in its JSON."""
    return loop.from_environment()


def run(main: Coroutine[Any, Any, None]) -> None:
    """Run the benchmark's main coroutine on `event_loop()`."""
    loop.run(main, event_loop())

Step = tuple[Callable[[UserClient, BotMessage | None], Awaitable[object]], str]


@dataclass
class Tally:
    """What the simulated people observed."""

    latencies_ms: list[float] = field(default_factory=list)
    updates: int = 0
    errors: int = 0
    registrations: int = 0
    error_samples: list[str] = field(default_factory=list)


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


async def walk(user: UserClient, steps: list[Step], tally: Tally, pause: Callable[[], Awaitable[None]],
               timeout: float) -> None:
    """Walk the steps as one person, `pause` before each; every reply's latency is recorded, and a step
    without its reply ends the walk as an error."""
    last: BotMessage | None = None
    for action, fragment in steps:
        await pause()
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


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


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


async def wait_for_commands(emu: BotApiEmulator, token: str, processes: list[asyncio.subprocess.Process]) -> None:
    """Wait until the bot has published its commands (after migrations and getMe): it takes updates."""
    for _ in range(1200):
        for process in processes:
            if process.returncode is not None:
                raise RuntimeError(f"bot exited with {process.returncode}; see {LOG_DIR}")
        if emu.bot(token).commands:
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("bot did not become ready")


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def reset_database(url: str) -> None:
    """Drop and recreate the benchmark database's schema (PostgreSQL), then migrate it."""
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


async def recreate_database(admin_url: str, name: str, url: str) -> None:
    """A fresh PostgreSQL database `name` of a benchmark's own (dropped if it is there, created), migrated
    to head through `url`; `admin_url` is a libpq URL of a database to connect to meanwhile."""
    import asyncpg

    from storage.migrate import upgrade_async

    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    await upgrade_async(url)


async def add_onboarded_people(url: str, first_id: int, count: int, referral_prefix: str) -> None:
    """`count` onboarded Telegram people in Tehran (id = user id = chat id from `first_id`), written with
    PostgreSQL's COPY; the id sequence moves past them and the planner's statistics are refreshed."""
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    now = datetime.now(UTC)
    records = ((first_id + i, "telegram", first_id + i, first_id + i, "fa", f"{referral_prefix}{i}", now, now,
                False, now, now, "tehran") for i in range(count))
    await connection.copy_records_to_table("people", records=records, columns=[
        "id", "platform", "platform_user_id", "chat_id", "language", "referral_code", "onboarded_at",
        "consent_at", "unreachable", "created_at", "last_seen_at", "province_code"])
    await connection.execute("SELECT setval(pg_get_serial_sequence('people', 'id'), $1)", first_id + count + 1)
    await connection.execute("ANALYZE")
    await connection.close()


async def reset_redis(url: str) -> None:
    """Flush the benchmark's Redis database."""
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    await client.flushdb()
    await client.aclose()

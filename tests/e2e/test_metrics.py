"""/metrics over HTTP: the bot's after a conversation (updates by kind and outcome, replies sent), and the
worker's with messages waiting in the outbox."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import aiohttp
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.broadcasts import BroadcastPlan, MessageSpec, Segment, create_broadcast
from emulator import BotApiEmulator
from runtime.config import Settings
from storage.models import utcnow
from storage.unit_of_work import UnitOfWork
from tests.broadcast_factories import add_people
from tests.e2e.harness import Harness, expect
from tests.ports import free_port
from worker.loop import run_worker

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(port: int) -> Samples:
    """Every sample /metrics shows, by name and labels."""
    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(samples: Samples, name: str, **labels: str) -> float:
    """One sample's value (0 when it is not shown)."""
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_bot_metrics_count_a_conversation(db_url: str, redis_url: str | None) -> None:
    port = free_port()
    hamyar = await Harness.start(db_url, redis_url, metrics_port=port)
    try:
        before = await scrape(port)
        user = hamyar.user(1001, "Sara")
        await user.send_text("/start")
        await expect(user, "به همیار خوش آمدید")
        await user.press("فارسی")
        await expect(user, "آیا موافقید؟")
        # An update is counted as it ends, a moment after its last reply.
        for _ in range(50):
            after = await scrape(port)
            if value(after, "hamyar_updates_in_flight", platform="telegram") == 0:
                break
            await asyncio.sleep(0.05)
    finally:
        await hamyar.stop()

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("hamyar_updates_total", platform="telegram", kind="message", outcome="ok") == 1
    assert grew("hamyar_updates_total", platform="telegram", kind="callback_query", outcome="ok") == 1
    assert grew("hamyar_update_duration_seconds_count", platform="telegram", kind="message") == 1
    assert value(after, "hamyar_updates_in_flight", platform="telegram") == 0
    # The welcome, the edit that shows the choice, the consent question: sent as interactive replies.
    assert grew("hamyar_sends_total", platform="telegram", priority="interactive", outcome="sent") >= 3
    assert grew("hamyar_limiter_wait_seconds_count", platform="telegram", priority="interactive") >= 3


async def test_worker_metrics_show_the_outbox(session_pool: async_sessionmaker[AsyncSession], db_url: str,
                                              redis_url: str | None) -> None:
    emu = BotApiEmulator()
    await emu.start()
    token = emu.add_bot(username="hamyar_bot", first_name="Hamyar")
    async with session_pool() as session:
        await add_people(session, 7)
        # Due in two hours: its seven messages wait in the outbox, pending.
        await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="یادآوری"),
                               BroadcastPlan(quiet_hours=None, at=utcnow() + timedelta(hours=2)))
    port = free_port()
    settings = Settings(database_url=db_url, redis_url=redis_url, telegram_token=token, telegram_api_base=emu.base_url,
                        metrics_port=port, log_format="text")
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(settings, stop))
    samples: Samples = {}
    try:
        for _ in range(100):
            try:
                samples = await scrape(port)
            except aiohttp.ClientError:
                samples = {}  # not listening yet
            if value(samples, "hamyar_outbox_deliveries", status="pending") == 7:
                break
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await worker
        await emu.stop()
    assert value(samples, "hamyar_outbox_deliveries", status="pending") == 7
    assert value(samples, "hamyar_outbox_deliveries", status="claimed") == 0
    assert ("hamyar_schedule_lag_seconds", ()) in samples
    assert value(samples, "hamyar_schedule_lag_seconds") == 0  # nothing is due yet
    assert emu.stats.sends_ok == 0

"""The Hamyar bot process(es) a benchmark runs, and their work read from each one's /metrics."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field

from benchmarks.common import LOG_DIR, Tally, free_port, start_process, stop_process, wait_for_commands
from emulator import BotApiEmulator

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
        if not self.webhook:  # polling: the commands are published just before polling starts
            await wait_for_commands(self.emu, self.token, self.processes)
            return
        for _ in range(1200):
            for process in self.processes:
                if process.returncode is not None:
                    raise RuntimeError(f"bot exited with {process.returncode}; see {LOG_DIR}")
            if await self._webhooks_set():
                return
            await asyncio.sleep(0.05)
        raise TimeoutError("bot did not become ready")

    async def _webhooks_set(self) -> bool:
        # Every process has set the webhook, which it does once its server listens (so keep-alive
        # connections, opened with the first updates, are shared between all of them).
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
    """A phase's tally with the bot side's CPU and counters over it, and what the rest of the machine used."""

    tally: Tally
    elapsed: float
    cpu: list[float]  # seconds, per process
    counts: list[Counts]  # deltas, per process
    others: dict[str, float] = field(default_factory=dict)  # CPU seconds of the harness and the servers

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

    def machine_ms_per_update(self) -> dict[str, float]:
        """CPU per update of each part on the machine: the bot, the harness (emulator and simulated people,
        this process), PostgreSQL and Redis (their server processes, summed), and all of them."""
        updates = max(1.0, self.bot_updates)
        parts = {"bot": sum(self.cpu), **self.others}
        shares = {name: round(seconds * 1000 / updates, 3) for name, seconds in parts.items()}
        shares["all"] = round(sum(parts.values()) * 1000 / updates, 3)
        return shares


def others_cpu() -> dict[str, float]:
    """CPU seconds used so far by this process (the emulator and the people) and by the PostgreSQL and Redis
    server processes (a server process that exited meanwhile takes its time with it: an undercount)."""
    import psutil

    totals = {"harness": sum(psutil.Process().cpu_times()[:2]), "postgres": 0.0, "redis": 0.0}
    for process in psutil.process_iter(["name", "cpu_times"]):
        name = process.info["name"] or ""
        part = "postgres" if name.startswith("postgres") else "redis" if name.startswith("redis") else None
        if part is not None and process.info["cpu_times"] is not None:
            totals[part] += sum(process.info["cpu_times"][:2])
    return totals


async def measure(fleet: Fleet, phase: Awaitable[tuple[Tally, float]]) -> Measured:
    """Run a phase; the bot's CPU and counters (and the rest of the machine's CPU) are read before and after."""
    cpu_before, counts_before, others_before = fleet.cpu(), await fleet.scrape(), others_cpu()
    tally, elapsed = await phase
    cpu_after, counts_after, others_after = fleet.cpu(), await fleet.scrape(), others_cpu()
    deltas = [{key: after.get(key, 0.0) - before.get(key, 0.0) for key in after}
              for before, after in zip(counts_before, counts_after, strict=True)]
    others = {name: others_after[name] - others_before[name] for name in others_after}
    return Measured(tally, elapsed, [a - b for a, b in zip(cpu_after, cpu_before, strict=True)], deltas, others)


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

"""Prometheus metrics of the bot and the worker, and the tiny server that exposes them on /metrics.

Labels are of low cardinality only: platform, update kind, outcome, priority, status; never a person,
a chat or a broadcast. Each process (bot or worker) serves its own on METRICS_PORT (0 = off)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from redis.asyncio.connection import AbstractConnection
from sqlalchemy import event

from campaigns.broadcasts.sender import SendEvents

log = logging.getLogger(__name__)

UPDATES = Counter("hamyar_updates_total", "Updates handled, by platform, kind and outcome (ok, error).",
                  ["platform", "kind", "outcome"])
UPDATE_SECONDS = Histogram("hamyar_update_duration_seconds", "Time to handle one update.", ["platform", "kind"],
                           buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
UPDATES_IN_FLIGHT = Gauge("hamyar_updates_in_flight", "Updates being handled now.", ["platform"])
# Incremented by the flood throttle (bot/throttle.py) for each update it drops.
UPDATES_THROTTLED = Counter("hamyar_updates_throttled_total", "Updates dropped by the flood throttle.", ["platform"])

SENDS = Counter("hamyar_sends_total", "Message sends (sendMessage, sendPhoto, edits...) by outcome "
                "(sent, blocked, rate_limited, ambiguous, failed) and priority (interactive, bulk).",
                ["platform", "priority", "outcome"])
RATE_LIMIT_PAUSES = Counter("hamyar_rate_limit_pauses_total", "429 answers that paused a bot's sending.",
                            ["platform", "priority"])
LIMITER_WAIT = Histogram("hamyar_limiter_wait_seconds", "Time a send waited for its slot in the bot's budget.",
                         ["platform", "priority"],
                         buckets=(0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0))

OUTBOX = Gauge("hamyar_outbox_deliveries", "Outbox messages not yet sent, by status (pending, claimed).",
               ["status"])
SCHEDULE_LAG = Gauge("hamyar_schedule_lag_seconds",
                     "How long the oldest message due now has waited in the outbox (0 when none waits).")

# The work an update costs, for the benchmark (benchmarks/conversations.py divides them by updates).
SQL_STATEMENTS = Counter("hamyar_sql_statements_total", "SQL statements sent to the database.")
DB_TRANSACTIONS = Counter("hamyar_db_transactions_total",
                          "Database transactions begun (autocommit statements are not transactions).")
REDIS_ROUND_TRIPS = Counter("hamyar_redis_round_trips_total", "Redis round trips (a pipeline or a script is one), "
                            "by purpose (conversation: state, lock, throttle; send_budget: the send budget).",
                            ["purpose"])
BOTAPI_CALLS = Counter("hamyar_botapi_calls_total", "Bot API calls made, by method.", ["method"])

CONVERSATION = "conversation"
SEND_BUDGET = "send_budget"
_REDIS_PURPOSE: ContextVar[str] = ContextVar("hamyar_redis_purpose", default=CONVERSATION)

INTERACTIVE = "interactive"
BULK = "bulk"


class BulkSendEvents(SendEvents):
    """The worker's send loop reporting into these metrics."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self._wait = LIMITER_WAIT.labels(platform, BULK)

    def attempted(self, outcome: str) -> None:
        """Count one bulk send attempt."""
        SENDS.labels(self.platform, BULK, outcome).inc()

    def waited(self, seconds: float) -> None:
        """Observe one bulk slot's wait."""
        self._wait.observe(seconds)

    def paused(self, seconds: float) -> None:
        """Count one 429 pause met by bulk sending."""
        RATE_LIMIT_PAUSES.labels(self.platform, BULK).inc()


_CHILDREN: dict[tuple[Any, tuple[str, ...]], Any] = {}


def child(metric: Any, *labels: str) -> Any:
    """`metric.labels(*labels)`, resolved once (labels() takes a lock and builds a key on every call)."""
    key = (metric, labels)
    found = _CHILDREN.get(key)
    if found is None:
        found = _CHILDREN[key] = metric.labels(*labels)
    return found


@contextmanager
def redis_purpose(purpose: str) -> Iterator[None]:
    """Count the Redis round trips made inside this block under `purpose`."""
    token = _REDIS_PURPOSE.set(purpose)
    try:
        yield
    finally:
        _REDIS_PURPOSE.reset(token)


def instrument_engine(engine: Any) -> None:
    """Count the SQL statements and transactions of an (async) engine."""
    sync_engine = getattr(engine, "sync_engine", engine)
    if getattr(sync_engine, "_hamyar_counted", False):
        return
    sync_engine._hamyar_counted = True
    statements = SQL_STATEMENTS

    @event.listens_for(sync_engine, "before_cursor_execute")
    def _statement(*_: Any) -> None:
        statements.inc()

    @event.listens_for(sync_engine, "begin")
    def _begin(connection: Any) -> None:
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            DB_TRANSACTIONS.inc()


_redis_instrumented = False


def instrument_redis() -> None:
    """Count every Redis round trip of this process (redis-py sends a command, a pipeline or a script
    as one packed write, answered before the connection is used again)."""
    global _redis_instrumented
    if _redis_instrumented:
        return
    _redis_instrumented = True
    send = AbstractConnection.send_packed_command
    children = {purpose: REDIS_ROUND_TRIPS.labels(purpose) for purpose in (CONVERSATION, SEND_BUDGET)}

    async def counted_send(self: Any, command: Any, check_health: bool = True) -> None:
        purpose = _REDIS_PURPOSE.get()
        child = children.get(purpose) or REDIS_ROUND_TRIPS.labels(purpose)
        child.inc()
        await send(self, command, check_health)

    AbstractConnection.send_packed_command = counted_send  # type: ignore[method-assign]


async def _serve(request: web.Request) -> web.Response:
    body = generate_latest(REGISTRY)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


async def start_metrics_server(port: int, host: str = "0.0.0.0") -> web.AppRunner | None:
    """Serve /metrics on `port` (0 = off); a port already taken is logged and metrics stay off."""
    if not port:
        return None
    app = web.Application()
    app.router.add_get("/metrics", _serve)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        log.warning("metrics port unavailable; metrics not served", extra={"port": port, "error": str(exc)})
        return None
    log.info("metrics served", extra={"port": port, "path": "/metrics"})
    return runner

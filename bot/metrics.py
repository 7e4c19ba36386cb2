"""Prometheus metrics of the bot and the worker, and the tiny server that exposes them on /metrics.

Labels are of low cardinality only: platform, update kind, outcome, priority, status; never a person,
a chat or a broadcast. Each process (bot or worker) serves its own on METRICS_PORT (0 = off)."""

from __future__ import annotations

import logging

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest

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

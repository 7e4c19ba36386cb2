"""`python -m bot worker`: send broadcasts and scheduled messages from the outbox, within rate limits."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import socket
from datetime import timedelta
from typing import Any

from campaigns import area_feedback
from campaigns.broadcasts import control, outbox
from campaigns.broadcasts import quiet as quiet_hours
from campaigns.broadcasts.buttons import button_rows
from campaigns.broadcasts.daily import run_daily
from campaigns.broadcasts.dto import Outgoing
from campaigns.broadcasts.limiter import Limiter, create_limiter
from campaigns.broadcasts.schedules import run_scheduler
from campaigns.broadcasts.sender import SendConfig, SendLoop
from campaigns.broadcasts.service import resume_preparing
from campaigns.errors import RateLimited
from campaigns.jalali import format_period
from i18n import Translator, translator
from runtime import metrics
from runtime.config import Platform, Settings
from storage.db import create_engine, create_session_pool
from storage.models import utcnow
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from worker.botapi import BotApiClient, inline_keyboard
from worker.callouts import run_callouts
from worker.feedback import FeedbackRenderer
from worker.referrals import run_referral_reminders

log = logging.getLogger(__name__)

PROGRESS_EVERY = 5.0
HOUSEKEEPING_EVERY = 2.0
SEND_TIMEOUT = 20.0


def render_args(message: Outgoing, t: Translator) -> dict[str, Any]:
    """Locale arguments for a templated broadcast: a Jalali 'period' also gives its month's name; a
    {fa, en} value (a campaign's title, an event's own text) is taken in the reader's language, and
    an event's own text may say {month}, {period} and {campaign} (also written { $month })."""
    args = {name: (value.get(t.language) or value.get("fa") or "") if isinstance(value, dict) else value
            for name, value in message.text_args.items()}
    if isinstance(args.get("period"), str):
        args["month"] = format_period(args["period"], t.language).split(" ")[0]
        args["period"] = format_period(args["period"], t.language)
    if isinstance(args.get("text"), str):
        args["text"] = _PLACEHOLDER.sub(lambda m: str(args.get(m.group(1), m.group(0))), args["text"])
    return args


# {month}, { month } or { $month } in an event's own text (campaign files are written by people).
_PLACEHOLDER = re.compile(r"\{\s*\$?(month|period|campaign)\s*\}")


def keyboard(message: Outgoing, t: Translator) -> dict[str, Any] | None:
    """The broadcast's buttons as campaigns/broadcasts/buttons.py decides and words them (the composer's preview
    shows the same): «stop these messages» under an ordinary broadcast, none under a service notice. None for no
    button at all: no empty keyboard is sent, which not every platform accepts."""
    rows = button_rows(message.kind, message.buttons, message.campaign_id, message.broadcast_id, t)
    return inline_keyboard(rows) if rows else None


class BotApiSender:
    """The engine's Sender on one bot's lean client: errors of either dialect become domain SendErrors.

    A message written per person (the monthly area message) is rendered by `personal`; every other
    broadcast reads the same for everyone in one language and is rendered once."""

    def __init__(self, client: BotApiClient, personal: FeedbackRenderer | None = None) -> None:
        self.client = client
        self.personal = personal
        self._rendered: dict[tuple[int, str], tuple[str, dict[str, Any] | None]] = {}

    def _render(self, message: Outgoing) -> tuple[str, dict[str, Any] | None]:
        # Every delivery of a broadcast in one language reads the same: render it once.
        key = (message.broadcast_id, message.language)
        found = self._rendered.get(key)
        if found is None:
            if len(self._rendered) > 256:
                self._rendered.clear()
            t = translator(message.language)
            text = message.text if message.text is not None else t(message.text_key or "",
                                                                   **render_args(message, t))
            found = self._rendered[key] = (text, keyboard(message, t))
        return found

    async def send(self, message: Outgoing) -> None:
        """Send a text or a photo with its buttons."""
        markup: dict[str, Any] | None
        if self.personal is not None and self.personal.handles(message):
            text, markup = await self.personal.render(message)
        else:
            text, markup = self._render(message)
        extra: dict[str, Any] = {"allow_paid_broadcast": True} if message.paid else {}
        if message.photo:
            await self.client.send_photo(message.chat_id, message.photo, caption=text, reply_markup=markup, **extra)
        else:
            await self.client.send_message(message.chat_id, text, reply_markup=markup, **extra)


class PacedClient(BotApiClient):
    """The worker's own messages to managers (progress, live call-out messages), paced as bulk within
    the bot's send budget like its broadcasts (a 429 pauses the bot for everyone)."""

    PACED = frozenset({"sendMessage", "sendPhoto", "editMessageText"})

    def __init__(self, token: str, api_base: str, limiter: Limiter, bot_key: str, timeout: float) -> None:
        super().__init__(token, api_base, timeout=timeout, connections=4)
        self.limiter = limiter
        self.bot_key = bot_key

    async def call(self, method: str, **params: Any) -> Any:
        """Wait for a bulk slot (for a counted method), then call."""
        chat_id = params.get("chat_id")
        if method in self.PACED and isinstance(chat_id, int):
            wait = (await self.limiter.reserve(self.bot_key, [chat_id]))[0]
            if wait > 0:
                await asyncio.sleep(wait)
        try:
            return await super().call(method, **params)
        except RateLimited as exc:
            await self.limiter.pause(self.bot_key, exc.retry_after or 1.0)
            raise


class ProgressReporter:
    """Edits the manager's progress message in place (at most every few seconds) and sends the summary."""

    def __init__(self, uows: UnitOfWorkFactory, bots: dict[str, BotApiClient]) -> None:
        self.uows = uows
        self.bots = bots

    async def report(self, broadcast_id: int, final: bool = False) -> None:
        """Show the broadcast's progress to its manager, if this worker's turn."""
        async with self.uows() as uow:
            turn = await control.report_turn(uow, broadcast_id, PROGRESS_EVERY, self.bots, final=final)
            if turn is None:
                return
            bot, chat_id, state = self.bots[turn.manager_platform], turn.manager_chat_id, turn.progress
            t = translator(turn.language)
            eta = int(state.eta_seconds or 0)
            text = t("broadcast-summary" if final else "broadcast-progress", id=broadcast_id, total=state.total,
                     sent=state.sent, failed=state.failed + state.ambiguous, blocked=state.blocked,
                     pending=state.pending, rate=round(state.rate), minutes=eta // 60, seconds=eta % 60,
                     cancelled=state.cancelled)
            try:
                if final or turn.message_id is None:
                    sent = await bot.send_message(chat_id, text)
                    if not final:
                        await control.set_progress_message(uow, broadcast_id, int(sent["message_id"]))
                else:
                    await bot.edit_message_text(chat_id, turn.message_id, text)
            except Exception as exc:
                log.warning("progress message failed", extra={"broadcast": broadcast_id, "error": str(exc)})


async def refresh_gauges(uow: UnitOfWork, running: list[int]) -> None:
    """The outbox's unsent messages by status, and how long the oldest message due now has waited."""
    backlog = await outbox.backlog(uow, running, utcnow())
    metrics.OUTBOX.labels("pending").set(backlog.pending)
    metrics.OUTBOX.labels("claimed").set(backlog.claimed)
    oldest = backlog.oldest_due
    metrics.SCHEDULE_LAG.set(max(0.0, (utcnow() - oldest).total_seconds()) if oldest is not None else 0.0)


async def housekeeping(uows: UnitOfWorkFactory, reporter: ProgressReporter, stop: asyncio.Event,
                       lease: float, gauges: bool = True) -> None:
    """Finish drained broadcasts (with a summary), refresh progress and the outbox gauges, and free stale
    leases."""
    beats = 0
    while not stop.is_set():
        try:
            async with uows() as uow:
                finished = await outbox.finish(uow, utcnow())
                await uow.commit()
                running = await outbox.runnable(uow, utcnow())
                if beats % 15 == 0:
                    freed = await outbox.release(uow, stale_before=utcnow() - timedelta(seconds=lease))
                    await uow.commit()
                    if freed:
                        log.warning("freed stale claims", extra={"count": freed})
                if gauges:
                    await refresh_gauges(uow, [broadcast.id for broadcast in running])
            for broadcast_id in finished:
                await reporter.report(broadcast_id, final=True)
            for broadcast in running:
                if broadcast.manager_chat_id is not None:
                    await reporter.report(broadcast.id)
        except Exception:
            log.exception("housekeeping failed")
        beats += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), HOUSEKEEPING_EVERY)


def send_budgets(settings: Settings, worker: str) -> tuple[dict[str, float], dict[str, float], list[SendConfig]]:
    """Each bot's budget (rate and reply reserve, keyed "platform:bot id" as the bot process keys them)
    and its send loop, which takes bulk's share: the rate less the reserve.

    A paid broadcast (Telegram, PAID_BROADCAST) runs on a budget of its own ("...:paid") at
    PAID_BROADCAST_RATE: paid messages are outside the bot's ordinary limit, so replies keep the whole
    ordinary budget and no reserve is taken from the paid rate (docs/decisions.md)."""
    rates: dict[str, float] = {}
    reserves: dict[str, float] = {}
    configs: list[SendConfig] = []
    for spec in settings.bots():
        key = spec.key
        rates[key], reserves[key] = settings.send_rate, settings.reply_reserve_rate
        paid = settings.paid_broadcast and spec.platform is Platform.TELEGRAM
        if paid:
            bulk_key, bulk_rate = f"{key}:paid", settings.paid_broadcast_rate
            rates[bulk_key] = bulk_rate
        else:
            bulk_key, bulk_rate = key, settings.send_rate - settings.reply_reserve_rate
        configs.append(SendConfig(worker_id=worker, platform=spec.platform.value, bot_key=bulk_key, rate=bulk_rate,
                                  paid=paid))
    return rates, reserves, configs


def worker_id() -> str:
    """This worker's stable name (HAMYAR_WORKER_ID, else the host): a restart frees its own claims."""
    return os.environ.get("HAMYAR_WORKER_ID") or socket.gethostname()


async def run_worker(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Send from the outbox until SIGTERM/SIGINT (or `stop`), then finish messages in flight."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    quiet_hours.configure(settings.quiet_hours)  # QUIET_HOURS for the schedules and call-outs it queues
    engine = create_engine(settings.database_url)
    uows = UnitOfWorkFactory(create_session_pool(engine))  # storage builds the pool: the worker holds no session
    name = worker_id()
    async with uows() as uow:
        freed = await outbox.release(uow, worker_id=name)
        await uow.commit()
        log.info("worker starting", extra={"worker": name, "in_flight_resolved": freed,
                                           "quiet_hours": settings.quiet_hours or "none"})
        await resume_preparing(uow)
        await area_feedback.ensure_schedule(uow)
    specs = settings.bots()
    bots = {spec.platform.value: BotApiClient(spec.token, spec.api_base, timeout=SEND_TIMEOUT) for spec in specs}
    rates, reserves, configs = send_budgets(settings, name)
    limiter = create_limiter(settings.redis_url, rates, settings.per_chat_rate, reserves=reserves,
                             reply_burst=settings.reply_burst)
    personal = FeedbackRenderer(uows)
    loops = [SendLoop(uows, BotApiSender(bots[c.platform], personal), limiter, c,
                      events=metrics.BulkSendEvents(c.platform)) for c in configs]
    own = {spec.platform.value: PacedClient(spec.token, spec.api_base, limiter, spec.key,
                                            SEND_TIMEOUT) for spec in specs}
    reporter = ProgressReporter(uows, dict(own))
    metrics_server = await metrics.start_metrics_server(settings.metrics_port)
    tasks = [asyncio.create_task(send_loop.run(stop)) for send_loop in loops]
    tasks.append(asyncio.create_task(run_scheduler(uows, stop, stagers=area_feedback.STAGERS)))
    tasks.append(asyncio.create_task(run_daily(uows, stop, worker=name)))
    tasks.append(asyncio.create_task(run_callouts(uows, dict(own), stop)))
    tasks.append(asyncio.create_task(run_referral_reminders(uows, stop)))
    tasks.append(asyncio.create_task(housekeeping(uows, reporter, stop, loops[0].config.lease if loops else 120,
                                                  gauges=metrics_server is not None)))
    try:
        await asyncio.gather(*tasks)
    finally:
        for client in (*bots.values(), *own.values()):
            await client.close()
        await limiter.close()
        if metrics_server is not None:
            await metrics_server.cleanup()
        await engine.dispose()
        log.info("worker stopped", extra={"worker": name, "sent": sum(send_loop.sent for send_loop in loops)})

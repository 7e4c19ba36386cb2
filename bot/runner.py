"""Running the bot: long polling or webhook, graceful on SIGTERM; and the simulator."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from contextlib import suppress

from aiogram.exceptions import TelegramBadRequest
from aiohttp import web

from bot.factory import App, create_app, set_commands, super_admin_chats
from bot.platform_bot import PlatformBot, log_fields
from bot.webhook import create_webhook_app, webhook_path
from campaigns.startup import on_startup
from runtime import heap, loop
from runtime.config import Settings
from runtime.metrics import start_metrics_server
from storage.migrate import upgrade_async
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


async def prepare(app: App) -> None:
    """Migrate the database, load campaign definitions, check every bot's token, publish commands."""
    await upgrade_async(app.settings.database_url)
    await on_startup(UnitOfWorkFactory(app.session_pool), app.settings)
    for bot in app.bots:
        me = await bot.get_me()
        log.info("bot ready", extra={**log_fields(bot), "username": me.username, "event_loop": loop.name()})
        with suppress(Exception):  # Bale may not support every command option; not fatal.
            await set_commands(bot, super_admin_chats(app.settings, bot.platform))


def settings_concurrency(app: App) -> int:
    """Updates handled at once: bounded so database connections are never exhausted."""
    return 2 * app.settings.db_pool_size if not app.settings.is_sqlite else 64


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop


class ConflictHint(logging.Filter):
    """Says once, plainly, what aiogram's "Failed to fetch updates - TelegramConflictError" means."""

    def __init__(self) -> None:
        super().__init__()
        self.told = False

    def filter(self, record: logging.LogRecord) -> bool:
        """Let every record through; after the first 409 from getUpdates, add one line of advice."""
        if not self.told and record.args and "TelegramConflictError" in record.args:
            self.told = True
            log.error("another process is polling the same bot token (409 Conflict): a token has one "
                      "getUpdates consumer. Stop the other process, or run several processes in "
                      "MODE=webhook (see the README)")
        return True


async def run_polling(app: App, stop: asyncio.Event | None = None, settle_heap: bool = False) -> None:
    """Long polling for every bot until stopped; updates in flight finish before exit.

    Polling is one process per token: the platform answers a second getUpdates consumer with 409. With
    `settle_heap` (the program, not a test sharing its process) the collector is set for a long run."""
    metrics_server = await start_metrics_server(app.settings.metrics_port)
    await prepare(app)
    if settle_heap:
        heap.settle()
    hint = ConflictHint()
    aiogram_log = logging.getLogger("aiogram.dispatcher")
    aiogram_log.addFilter(hint)
    for bot in app.bots:
        await bot.delete_webhook(drop_pending_updates=False)
    stop = stop or _stop_event()
    polling = asyncio.create_task(app.dispatcher.start_polling(
        *app.bots, handle_signals=False, close_bot_session=False, polling_timeout=25,
        tasks_concurrency_limit=settings_concurrency(app)))
    await stop.wait()
    log.info("stopping: finishing updates in flight", extra={"in_flight": app.in_flight.count})
    try:
        await app.dispatcher.stop_polling()
    except RuntimeError:  # stopped before polling began (Ctrl+C in the first second): nothing to drain
        polling.cancel()
    with suppress(asyncio.CancelledError):
        await polling
    aiogram_log.removeFilter(hint)
    await app.close()
    if metrics_server is not None:
        await metrics_server.cleanup()


async def run_webhook(app: App, stop: asyncio.Event | None = None, settle_heap: bool = False) -> None:
    """Serve webhooks for every bot until stopped (`settle_heap` as for run_polling)."""
    settings = app.settings
    assert settings.webhook_base_url and settings.webhook_secret
    secret = settings.webhook_secret.get_secret_value()
    metrics_server = await start_metrics_server(settings.metrics_port)  # its own port, beside the webhooks'
    await prepare(app)
    if settle_heap:
        heap.settle()
    web_app = create_webhook_app(app, secret, settings_concurrency(app))
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    # SO_REUSEPORT: several `MODE=webhook python -m bot run` on one port share the connections (Linux).
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port, reuse_port=True)
    await site.start()
    for bot in app.bots:
        url = settings.webhook_base_url.rstrip("/") + webhook_path(bot.platform, secret)
        if bot.platform == "bale":
            await _set_bale_webhook(bot, url, settings.webhook_max_connections)
        else:
            await bot.set_webhook(url, secret_token=secret, max_connections=settings.webhook_max_connections)
    log.info("webhook server listening", extra={"port": settings.webhook_port, "pid": os.getpid()})
    stop = stop or _stop_event()
    await stop.wait()
    await runner.cleanup()
    await app.close()
    if metrics_server is not None:
        await metrics_server.cleanup()


async def _set_bale_webhook(bot: PlatformBot, url: str, max_connections: int) -> None:
    """Bale is known to take the url only (its secret is in the path); should it refuse max_connections
    rather than ignore it, the webhook is set without."""
    try:
        await bot.set_webhook(url, max_connections=max_connections)
    except TelegramBadRequest as exc:
        log.warning("Bale refused max_connections; webhook set without it", extra={"error": exc.message})
        await bot.set_webhook(url)


async def run(settings: Settings) -> None:
    """Run in the configured mode."""
    app = create_app(settings)
    if settings.mode == "webhook":
        await run_webhook(app, settle_heap=True)
    else:
        await run_polling(app, settle_heap=True)

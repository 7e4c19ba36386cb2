"""Running the bot: long polling or webhook, graceful on SIGTERM; and the simulator."""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import suppress

from aiohttp import web

from bot.config import Settings
from bot.factory import App, create_app, set_commands
from bot.webhook import create_webhook_app, webhook_path
from campaigns.startup import on_startup
from storage.migrate import upgrade_async

log = logging.getLogger(__name__)


async def prepare(app: App) -> None:
    """Migrate the database, load campaign definitions, check every bot's token, publish commands."""
    await upgrade_async(app.settings.database_url)
    await on_startup(app.session_pool, app.settings)
    for bot in app.bots:
        me = await bot.get_me()
        log.info("bot ready", extra={"bot_id": bot.id, "username": me.username,
                                     "platform": app.platforms[bot.id]})
        with suppress(Exception):  # Bale may not support every command option; not fatal.
            await set_commands(bot)


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


async def run_polling(app: App, stop: asyncio.Event | None = None) -> None:
    """Long polling for every bot until stopped; updates in flight finish before exit."""
    await prepare(app)
    for bot in app.bots:
        await bot.delete_webhook(drop_pending_updates=False)
    stop = stop or _stop_event()
    polling = asyncio.create_task(app.dispatcher.start_polling(
        *app.bots, handle_signals=False, close_bot_session=False, polling_timeout=25,
        tasks_concurrency_limit=settings_concurrency(app)))
    await stop.wait()
    log.info("stopping: finishing updates in flight", extra={"in_flight": app.in_flight.count})
    await app.dispatcher.stop_polling()
    with suppress(asyncio.CancelledError):
        await polling
    await app.close()


async def run_webhook(app: App, stop: asyncio.Event | None = None) -> None:
    """Serve webhooks for every bot until stopped."""
    settings = app.settings
    assert settings.webhook_base_url and settings.webhook_secret
    secret = settings.webhook_secret.get_secret_value()
    await prepare(app)
    web_app = create_webhook_app(app, secret)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    for bot in app.bots:
        platform = app.platforms[bot.id]
        url = settings.webhook_base_url.rstrip("/") + webhook_path(platform, secret)
        if platform == "bale":
            await bot.set_webhook(url)
        else:
            await bot.set_webhook(url, secret_token=secret)
    log.info("webhook server listening", extra={"port": settings.webhook_port})
    stop = stop or _stop_event()
    await stop.wait()
    await runner.cleanup()
    await app.close()


async def run(settings: Settings) -> None:
    """Run in the configured mode."""
    app = create_app(settings)
    if settings.mode == "webhook":
        await run_webhook(app)
    else:
        await run_polling(app)

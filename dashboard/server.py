"""`python -m bot dashboard`: the dashboard's process (its own database pool; no bot, no aiogram). The bots' tokens
(TELEGRAM_TOKEN, BALE_TOKEN) check what a Mini App is opened with."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from aiohttp import web

from dashboard.app import create_app
from dashboard.rendering import DashboardConfig
from runtime.config import ConfigError, Settings
from storage.db import create_engine, create_session_pool
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


def config_of(settings: Settings) -> DashboardConfig:
    """The dashboard's part of the settings; without DASHBOARD_SECRET it cannot sign or check a link."""
    if settings.dashboard_secret is None:
        raise ConfigError("The dashboard needs DASHBOARD_SECRET (a long random string, the same for the bot)")
    return DashboardConfig(base_url=settings.dashboard_base_url,
                           secret=settings.dashboard_secret.get_secret_value().encode(),
                           idle=timedelta(minutes=settings.dashboard_idle_minutes),
                           bot_tokens=tuple((spec.platform.value, spec.token) for spec in settings.bots()))


async def serve(settings: Settings, host: str, port: int) -> None:
    """Serve the dashboard until cancelled."""
    config = config_of(settings)
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    app = create_app(config, UnitOfWorkFactory(create_session_pool(engine)))
    runner = web.AppRunner(app, access_log=None)  # its URLs may hold a login token: never logged
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("dashboard listening", extra={"host": host, "port": port, "base_url": config.base_url})
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await engine.dispose()

"""`python -m bot simulate`: the emulator, the real bot and its worker against it on SQLite, and a web chat
page (a manager's broadcast, a call-out and a scheduled reminder reach the citizen identities)."""

from __future__ import annotations

import asyncio
import errno
import logging
import os
from pathlib import Path
from typing import Any

from bot.factory import create_app
from bot.runner import _stop_event, run_polling
from emulator import BotApiEmulator
from i18n import translator
from runtime.config import ConfigError, Settings
from storage.migrate import upgrade_async
from worker.loop import run_worker

log = logging.getLogger(__name__)

# Fixed ids so a restarted simulator keeps the same chats and database rows.
SIMULATOR_TOKEN = "7000000001:simulator-telegram"
SIMULATOR_BALE_TOKEN = "7000000002:simulator-bale"
MANAGER_ID = 900001


async def simulate(host: str, port: int, *, bale: bool = False, database_url: str | None = None,
                   stop: asyncio.Event | None = None, quiet_hours: str | None = None) -> None:
    """Serve the chat page on host:port and run the bot and the worker against the local emulator until stopped.

    Quiet hours are `quiet_hours`, else QUIET_HOURS from the environment, else none: a broadcast tried at
    night arrives at once unless asked otherwise."""
    platform = "bale" if bale else "telegram"
    emu = BotApiEmulator(dialect=platform)
    try:
        await emu.start(host=host, port=port)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise ConfigError(f"port {port} on {host} is taken (another simulator?); choose another: "
                          f"make simulate PORT={port + 1}, or python -m bot simulate --port {port + 1}") from None
    token = emu.add_bot(username="hamyar_bot", first_name=translator("fa")("bot-name"),
                        token=SIMULATOR_BALE_TOKEN if bale else SIMULATOR_TOKEN)
    values: dict[str, Any] = {
        "database_url": database_url or f"sqlite+aiosqlite:///{Path.cwd() / 'var' / 'simulator.db'}",
        "redis_url": None, "mode": "polling", "log_format": "text", "metrics_port": 0,
        "quiet_hours": quiet_hours if quiet_hours is not None else os.environ.get("QUIET_HOURS", ""),
        # The chat page's manager identity (user 900001) is a super admin, so /manage can be tried.
        "super_admins": [f"telegram:{MANAGER_ID}", f"bale:{MANAGER_ID}"],
        f"{platform}_token": token, f"{platform}_api_base": emu.base_url,
    }
    settings = Settings(**values)
    app = create_app(settings)
    stop = stop or _stop_event()
    print(f"Hamyar simulator: open http://{host}:{port}/ in your browser (Ctrl+C to stop)", flush=True)
    print(f"Quiet hours (Iran time): {settings.quiet_hours or 'none'}; broadcasts are sent by the worker "
          "running beside the bot (QUIET_HOURS=22:00-08:00 make simulate to try them)", flush=True)
    worker: asyncio.Task[None] | None = None
    try:
        # Migrate before the worker starts reading the outbox (the bot's own start migrates again: a no-op).
        await upgrade_async(settings.database_url)
        worker = asyncio.create_task(run_worker(settings, stop))
        await run_polling(app, stop)
    finally:
        stop.set()
        if worker is not None:
            await worker
        await emu.stop()

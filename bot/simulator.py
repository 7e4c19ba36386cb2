"""`python -m bot simulate`: the emulator, the real bot and its worker against it on SQLite, a web chat
page (a manager's broadcast, a call-out and a scheduled reminder reach the citizen identities), and the managers'
dashboard beside it (the manager identity's /dashboard link opens it)."""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import secrets
import socket
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.factory import create_app
from bot.runner import _stop_event, run_polling
from dashboard.app import create_app as create_dashboard
from dashboard.server import config_of
from emulator import BotApiEmulator
from i18n import translator
from runtime.config import ConfigError, Settings
from storage.migrate import upgrade_async
from storage.unit_of_work import UnitOfWorkFactory
from worker.loop import run_worker

log = logging.getLogger(__name__)

# Fixed ids so a restarted simulator keeps the same chats and database rows.
SIMULATOR_TOKEN = "7000000001:simulator-telegram"
SIMULATOR_BALE_TOKEN = "7000000002:simulator-bale"
MANAGER_ID = 900001
# A pretend payment provider: a cash pledge offers «پرداخت در همین گفتگو» and the chat page pays the invoice; no
# money moves (the emulator plays the platform). A PAYMENTS_<PLATFORM>_PROVIDER_TOKEN in the environment wins.
SIMULATOR_PROVIDER_TOKEN = "simulator-demo-provider"


def dashboard_socket(host: str, port: int) -> socket.socket:
    """A listening socket for the dashboard: ten above the chat page's port (8090 beside 8080), or any free port
    when that one is taken."""
    for candidate in (port + 10 if port + 10 <= 65535 else 0, 0):
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind((host, candidate))
        except OSError:
            sock.close()
            if candidate == 0:
                raise
            continue
        sock.listen(128)
        return sock
    raise OSError("no port for the dashboard")  # not reached: binding port 0 either works or raises


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
    dashboard_sock = dashboard_socket(host, port)
    dashboard_url = f"http://{host}:{dashboard_sock.getsockname()[1]}"
    values: dict[str, Any] = {
        "database_url": database_url or f"sqlite+aiosqlite:///{Path.cwd() / 'var' / 'simulator.db'}",
        "redis_url": None, "mode": "polling", "log_format": "text", "metrics_port": 0,
        "quiet_hours": quiet_hours if quiet_hours is not None else os.environ.get("QUIET_HOURS", ""),
        # The chat page's manager identity (user 900001) is a super admin, so /manage can be tried.
        "super_admins": [f"telegram:{MANAGER_ID}", f"bale:{MANAGER_ID}"],
        f"{platform}_token": token, f"{platform}_api_base": emu.base_url,
        # The dashboard beside it: a fresh signing key each run (links and sessions of an earlier run lapse).
        "dashboard_base_url": dashboard_url, "dashboard_secret": secrets.token_urlsafe(32),
        f"payments_{platform}_provider_token": os.environ.get(f"PAYMENTS_{platform.upper()}_PROVIDER_TOKEN")
        or SIMULATOR_PROVIDER_TOKEN,
    }
    settings = Settings(**values)
    app = create_app(settings)
    stop = stop or _stop_event()
    print(f"Hamyar simulator: open http://{host}:{port}/ in your browser (Ctrl+C to stop)", flush=True)
    print(f"Quiet hours (Iran time): {settings.quiet_hours or 'none'}; broadcasts are sent by the worker "
          "running beside the bot (QUIET_HOURS=22:00-08:00 make simulate to try them)", flush=True)
    print(f"Managers' dashboard: {dashboard_url}/ (in the chat page, the manager identity sends /dashboard "
          "and opens the link)", flush=True)
    print("Payments are pretend here: a cash pledge offers to pay in the chat, and the page's «پرداخت» on the "
          "invoice pays it through the emulator (a demo provider; no money moves)", flush=True)
    worker: asyncio.Task[None] | None = None
    dashboard = web.AppRunner(create_dashboard(config_of(settings), UnitOfWorkFactory(app.session_pool)),
                              access_log=None)
    try:
        # Migrate before the worker starts reading the outbox (the bot's own start migrates again: a no-op).
        await upgrade_async(settings.database_url)
        await dashboard.setup()
        await web.SockSite(dashboard, dashboard_sock).start()
        worker = asyncio.create_task(run_worker(settings, stop))
        await run_polling(app, stop)
    finally:
        stop.set()
        if worker is not None:
            await worker
        await dashboard.cleanup()
        dashboard_sock.close()
        await emu.stop()

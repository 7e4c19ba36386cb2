"""`python -m bot simulate`: the emulator, the real bot against it on SQLite, and a web chat page."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.factory import create_app
from bot.runner import _stop_event, run_polling
from emulator import BotApiEmulator
from i18n import translator

log = logging.getLogger(__name__)

# Fixed ids so a restarted simulator keeps the same chats and database rows.
SIMULATOR_TOKEN = "7000000001:simulator-telegram"
SIMULATOR_BALE_TOKEN = "7000000002:simulator-bale"
MANAGER_ID = 900001


async def simulate(host: str, port: int, *, bale: bool = False, database_url: str | None = None,
                   stop: asyncio.Event | None = None) -> None:
    """Serve the chat page on host:port and run the bot against the local emulator until stopped."""
    platform = "bale" if bale else "telegram"
    emu = BotApiEmulator(dialect=platform)
    await emu.start(host=host, port=port)
    token = emu.add_bot(username="hamyar_bot", first_name=translator("fa")("bot-name"),
                        token=SIMULATOR_BALE_TOKEN if bale else SIMULATOR_TOKEN)
    values: dict[str, Any] = {
        "database_url": database_url or f"sqlite+aiosqlite:///{Path.cwd() / 'var' / 'simulator.db'}",
        "redis_url": None, "mode": "polling", "log_format": "text",
        # The chat page's manager identity (user 900001) is a super admin, so /manage can be tried.
        "super_admins": [f"telegram:{MANAGER_ID}", f"bale:{MANAGER_ID}"],
        f"{platform}_token": token, f"{platform}_api_base": emu.base_url,
    }
    settings = Settings(**values)
    app = create_app(settings)
    stop = stop or _stop_event()
    print(f"Hamyar simulator: open http://{host}:{port}/ in your browser (Ctrl+C to stop)", flush=True)
    try:
        await run_polling(app, stop)
    finally:
        await emu.stop()

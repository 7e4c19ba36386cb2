"""One Hamyar process serving a Telegram bot and a Bale bot that share a numeric id, each platform played
by its own emulator, in polling or webhook mode."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.factory import App, create_app
from bot.runner import run_polling, run_webhook
from emulator import BotApiEmulator, UserClient
from runtime.config import Settings
from tests.ports import free_port

PLATFORMS = ("telegram", "bale")
# Telegram and Bale number their bots independently; this id exists on both.
SHARED_BOT_ID = 7_100_000_777


class TwoPlatforms:
    """Hamyar with both tokens set; `emus["telegram"]` and `emus["bale"]` are the two platforms."""

    def __init__(self, emus: dict[str, BotApiEmulator], tokens: dict[str, str], app: App) -> None:
        self.emus = emus
        self.tokens = tokens
        self.app = app
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, db_url: str, redis_url: str | None, mode: str = "polling") -> TwoPlatforms:
        """Start both emulators and the bot, in `mode` ("polling" or "webhook")."""
        emus = {platform: BotApiEmulator(dialect=platform) for platform in PLATFORMS}
        for emu in emus.values():
            await emu.start()
        tokens = {platform: emu.add_bot(bot_id=SHARED_BOT_ID) for platform, emu in emus.items()}
        config: dict[str, Any] = {}
        if mode == "webhook":
            port = free_port()
            config = {"mode": "webhook", "webhook_base_url": f"http://127.0.0.1:{port}",
                      "webhook_secret": "two-platforms-secret", "webhook_host": "127.0.0.1", "webhook_port": port}
        for platform in PLATFORMS:
            config[f"{platform}_token"] = tokens[platform]
            config[f"{platform}_api_base"] = emus[platform].base_url
        settings = Settings(database_url=db_url, redis_url=redis_url, log_format="text", **config)
        both = cls(emus, tokens, create_app(settings, bot_timeout=10))
        run = run_webhook if mode == "webhook" else run_polling
        both._task = asyncio.create_task(run(both.app, both._stop))
        await both._ready(webhook=mode == "webhook")
        return both

    async def _ready(self, webhook: bool) -> None:
        # Ready once both bots published their commands (and, in webhook mode, set their webhooks).
        bots = [emu.bot(self.tokens[platform]) for platform, emu in self.emus.items()]
        for _ in range(400):
            if self._task is not None and self._task.done():
                self._task.result()
            if all(bot.commands and (bot.webhook_url or not webhook) for bot in bots):
                return
            await asyncio.sleep(0.025)
        raise TimeoutError("the bots did not start within 10 s")

    def user(self, platform: str, user_id: int, first_name: str = "Sara") -> UserClient:
        """A person in a private chat with the bot on one platform."""
        return self.emus[platform].user(self.tokens[platform], user_id=user_id, first_name=first_name,
                                        language_code="fa")

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A database session for assertions on what the bot stored."""
        async with self.app.session_pool() as session:
            yield session

    async def stop(self) -> None:
        """Stop the bot (letting updates in flight finish) and both emulators."""
        self._stop.set()
        if self._task is not None:
            await asyncio.wait_for(self._task, 30)
        for emu in self.emus.values():
            await emu.stop()

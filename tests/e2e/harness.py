"""The whole bot, polling the Bot API emulator over HTTP, and people acting on it (`expect` and the other
steps a person takes are in tests/e2e/journeys.py; `expect` is imported from here too)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.factory import App, create_app
from bot.runner import run_polling
from emulator import BotApiEmulator, BotMessage, UserClient
from runtime.config import Settings
from tests.e2e.journeys import agree, expect, say, skip_neighbourhood, tap
from worker.botapi import BotApiClient


class Harness:
    """A running Hamyar (real dispatcher, real database) behind an emulated Telegram or Bale."""

    def __init__(self, emu: BotApiEmulator, token: str, platform: str, app: App) -> None:
        self.emu = emu
        self.token = token
        self.platform = platform
        self.app = app
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._api: BotApiClient | None = None

    @property
    def api(self) -> BotApiClient:
        """The worker's lean Bot API client for this bot (closed when the harness stops)."""
        if self._api is None:
            self._api = BotApiClient(self.token, self.emu.base_url, timeout=10)
        return self._api

    @classmethod
    async def start(cls, db_url: str, redis_url: str | None, platform: str = "telegram",
                    emu: BotApiEmulator | None = None, token: str | None = None,
                    **settings: Any) -> Harness:
        """Start the emulator (unless given) and the bot polling it."""
        if emu is None:
            emu = BotApiEmulator(dialect=platform)
            await emu.start()
        if token is None:
            token = emu.add_bot(username="hamyar_bot", first_name="Hamyar")
        # Test people answer at machine speed, faster than the flood throttle allows a person; the
        # throttle's own tests turn it on (tests/e2e/test_throttle.py).
        settings.setdefault("throttle_rate", 0)
        config = Settings(database_url=db_url, redis_url=redis_url, log_format="text", **{
            f"{platform}_token": token, f"{platform}_api_base": emu.base_url}, **settings)
        harness = cls(emu, token, platform, create_app(config, bot_timeout=10))
        harness._task = asyncio.create_task(run_polling(harness.app, harness._stop))
        await harness._ready()
        return harness

    async def _ready(self) -> None:
        # The bot is ready once it has published its commands (after migrations and getMe).
        bot = self.emu.bot(self.token)
        for _ in range(400):
            if self._task is not None and self._task.done():
                self._task.result()
            if getattr(bot, "commands", None):
                return
            await asyncio.sleep(0.025)
        raise TimeoutError("the bot did not start within 10 s")

    async def stop(self, *, stop_emulator: bool = True) -> None:
        """Stop polling (letting updates in flight finish) and, by default, the emulator."""
        self._stop.set()
        if self._task is not None:
            await asyncio.wait_for(self._task, 30)
        if self._api is not None:
            await self._api.close()
        if stop_emulator:
            await self.emu.stop()

    def user(self, user_id: int = 1001, first_name: str = "Sara", language_code: str = "fa") -> UserClient:
        """A person in a private chat with the bot."""
        return self.emu.user(self.token, user_id=user_id, first_name=first_name, language_code=language_code)

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A database session for assertions on what the bot stored."""
        async with self.app.session_pool() as session:
            yield session

    async def onboard(self, user: UserClient, *, province: str = "اصفهان",
                      phone: str = "+989121234567") -> BotMessage:
        """Walk onboarding the quickest way: Persian, consent, own contact, a province, its first county."""
        await agree(user)
        await user.share_contact(phone, own=True)
        await expect(user, "ثبت شد")
        await expect(user, "استان")
        county_list = await say(user, province, "شهرستان")
        await tap(user, county_list.inline_buttons[0][0].text, "محله")
        return await skip_neighbourhood(user)

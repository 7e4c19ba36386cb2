"""BotApiEmulator: the aiohttp server that plays api.telegram.org or tapi.bale.ai."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import Callable
from typing import Any

from aiohttp import web

from emulator.botapi import add_bot_routes, dispatch
from emulator.client import UserClient
from emulator.errors import DIALECTS
from emulator.faults import Faults, Stats
from emulator.payments import PaymentDesk, add_payment_routes
from emulator.state import BotState, FileStore
from emulator.userapi import add_user_routes
from emulator.webhook import WebhookSender

setup_webchat: Callable[[web.Application], Any] | None
try:
    from emulator.webchat import setup_webchat
except ImportError:
    setup_webchat = None

_FIRST_BOT_ID = 7_000_000_001


class BotApiEmulator:
    """A local Bot API server with test hooks, fault injection and statistics."""

    def __init__(self, dialect: str = "telegram") -> None:
        self.dialect = dialect
        self.faults = Faults()
        self.stats = Stats()
        self.files = FileStore()
        self.payments = PaymentDesk()  # pre-checkout queries waiting, invoices paid (emulator/payments.py)
        self.record_texts = False
        self.bots: dict[int, BotState] = {}
        self._by_token: dict[str, BotState] = {}
        self.webhooks = WebhookSender(self)
        self.host = "127.0.0.1"
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._stopped: asyncio.Event | None = None
        self.app = self._build_app()

    @property
    def dialect(self) -> str:
        """Return the error wording in use: "telegram" or "bale"."""
        return self._dialect

    @dialect.setter
    def dialect(self, value: str) -> None:
        if value not in DIALECTS:
            raise ValueError(f"dialect must be one of {DIALECTS}, not {value!r}")
        self._dialect = value

    def _build_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        add_bot_routes(app, self)
        add_user_routes(app, self)
        add_payment_routes(app, self)
        if setup_webchat is not None:
            setup_webchat(app)
        return app

    @property
    def base_url(self) -> str:
        """Return the URL to pass to TelegramAPIServer.from_base."""
        return f"http://{self.host}:{self.port}"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Start serving on host:port (port 0 picks a free port)."""
        if self._runner is not None:
            raise RuntimeError("emulator already started")
        self._stopped = asyncio.Event()
        runner = web.AppRunner(self.app, access_log=None, handler_cancellation=True)
        await runner.setup()
        site = web.TCPSite(runner, host, port, backlog=2048)
        await site.start()
        self._runner = runner
        self.host = host
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else port

    async def stop(self) -> None:
        """Release hanging requests, stop webhook delivery and close the server."""
        if self._stopped is not None:
            self._stopped.set()
        await self.webhooks.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def add_bot(self, username: str = "hamyar_bot", first_name: str = "Hamyar", token: str | None = None,
                bot_id: int | None = None) -> str:
        """Register a bot and return its token "<bot_id>:<secret>" (given whole, or with a chosen id:
        Telegram and Bale number bots independently, so one id may exist on both)."""
        if token is not None:
            bot_part, _, secret = token.partition(":")
            if not bot_part.isdigit() or not secret:
                raise ValueError("token must look like <digits>:<secret>")
            if bot_id is not None and bot_id != int(bot_part):
                raise ValueError("bot_id differs from the token's id")
            bot_id = int(bot_part)
        else:
            if bot_id is None:
                bot_id = max(self.bots, default=_FIRST_BOT_ID - 1) + 1
            elif bot_id <= 0:
                raise ValueError("bot_id must be positive")
            secret = "AA" + secrets.token_urlsafe(25)[:33]
        if bot_id in self.bots:
            raise ValueError(f"bot {bot_id} already exists")
        bot = BotState(bot_id=bot_id, secret=secret, username=username, first_name=first_name)
        self.bots[bot_id] = bot
        self._by_token[bot.token] = bot
        return bot.token

    def bot_by_token(self, token: str) -> BotState | None:
        """Return the bot with this token, or None."""
        return self._by_token.get(token)

    def bot(self, token: str | int | None = None) -> BotState:
        """Return a bot by token or id; with no argument, the only bot."""
        if token is None:
            if len(self.bots) != 1:
                raise ValueError(f"say which bot: the emulator has {len(self.bots)} bots")
            return next(iter(self.bots.values()))
        found = self.bots.get(token) if isinstance(token, int) else self._by_token.get(token)
        if found is None:
            raise KeyError(f"unknown bot {token!r}")
        return found

    def user(
        self,
        token: str | int,
        user_id: int,
        first_name: str | None = None,
        language_code: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
    ) -> UserClient:
        """Return a UserClient for a person in a private chat with the bot; given names update the profile."""
        if user_id <= 0:
            raise ValueError("user_id must be positive")
        bot = self.bot(token)
        chat = bot.chat(user_id, opened=True)
        if first_name is not None:
            chat.first_name = first_name
        if language_code is not None:
            chat.language_code = language_code
        if last_name is not None:
            chat.last_name = last_name
        if username is not None:
            chat.username = username
        return UserClient(self, bot, chat)

    async def inject_raw_update(self, update: dict[str, Any], token: str | int | None = None) -> int:
        """Queue an arbitrary (even malformed) update; return its sequence number."""
        return self.bot(token).updates.push(update)

    async def call_method(self, bot: BotState, name: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Run a Bot API method as if the bot had called it over HTTP."""
        return await dispatch(self, bot, name, params)

    async def hang(self) -> None:
        """Hold a request until the client gives up, the hold time passes or the emulator stops."""
        assert self._stopped is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopped.wait(), self.faults.timeout_hold_s)

    def reset_stats(self) -> None:
        """Zero the statistics and refill the rate limit buckets."""
        self.stats.reset()
        for bot in self.bots.values():
            bot.limiter.reset()

"""An aiohttp Bot API session that skips updates it cannot parse instead of stalling polling."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Update
from pydantic import ValidationError

log = logging.getLogger(__name__)

# pydantic caches parametrised generics weakly, so `Response[Message | bool]` (built by aiogram on every
# reply) was rebuilt, schema and all, again and again; holding the types here keeps its cache warm.
_RESPONSE_TYPES: dict[type[Any], Any] = {}


class GuardedSession(AiohttpSession):
    """aiogram rejects a whole getUpdates batch when one update is odd (aiogram #1840, #1587), so the
    offset never advances. Here each update is validated alone; a bad one becomes an empty update
    with the same id, which the dispatcher skips, and polling moves past it."""

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        """Validate the response; for getUpdates, replace unparseable updates by empty ones."""
        if type(method) not in _RESPONSE_TYPES:
            _RESPONSE_TYPES[type(method)] = Response[method.__returning__]  # type: ignore[name-defined]
        if isinstance(method, GetUpdates) and 200 <= status_code < 300:
            content = self._sanitize_updates(bot, content)
        return super().check_response(bot, method, status_code, content)

    def _sanitize_updates(self, bot: Bot, content: str) -> str:
        try:
            data: Any = self.json_loads(content)
        except ValueError:
            log.warning("getUpdates answer is not JSON; skipped", extra={"bot_id": bot.id})
            return '{"ok": true, "result": []}'
        if not isinstance(data, dict) or not isinstance(data.get("result"), list):
            return content
        clean: list[Any] = []
        for raw in data["result"]:
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            if not isinstance(update_id, int):
                log.warning("update without an id skipped", extra={"bot_id": bot.id})
                continue
            try:
                Update.model_validate(raw, context={"bot": bot})
            except ValidationError as exc:
                log.warning("malformed update skipped", extra={
                    "bot_id": bot.id, "update_id": update_id, "problem": exc.errors()[0].get("msg")})
                clean.append({"update_id": update_id})
                continue
            clean.append(raw)
        data["result"] = clean
        return str(self.json_dumps(data))


def create_session(api_base: str, timeout: float = 60.0) -> GuardedSession:
    """A guarded session pointed at a Bot API server (Telegram, Bale, or an emulator)."""
    return GuardedSession(api=TelegramAPIServer.from_base(api_base), timeout=timeout)

"""An aiohttp Bot API session that skips updates it cannot parse instead of stalling polling."""

from __future__ import annotations

import logging
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import ClientDecodeError, TelegramNetworkError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiohttp import ClientError, ClientTimeout

from bot.updates import update_id_of, validate_update

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
        updates = isinstance(method, GetUpdates)
        if updates and 200 <= status_code < 300:
            try:
                return super().check_response(bot, method, status_code, content)
            except ClientDecodeError:
                # Only now look at the updates one by one (validating every one twice costs time).
                content = self._sanitize_updates(bot, content)
        return super().check_response(bot, method, status_code, content)

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:
        """Send as JSON when there is no file to upload (multipart only for files).

        aiogram encodes every call as multipart form data; building it (and parsing it on the other side)
        was a tenth of the bot's time per update. Both Bot APIs take application/json bodies."""
        files: dict[str, Any] = {}
        payload: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is None or prepared == "" or prepared == [] or prepared == {}:
                continue
            payload[key] = prepared
        if files:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        try:
            async with session.post(url, data=self.json_dumps(payload),
                                    headers={"Content-Type": "application/json"},
                                    timeout=ClientTimeout(total=self.timeout if timeout is None else timeout)) as resp:
                raw_result = await resp.text()
        except TimeoutError as exc:
            raise TelegramNetworkError(method=method, message="Request timeout error") from exc
        except ClientError as exc:
            raise TelegramNetworkError(method=method, message=f"{type(exc).__name__}: {exc}") from exc
        response = self.check_response(bot=bot, method=method, status_code=resp.status, content=raw_result)
        return cast(TelegramType, response.result)

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
            if validate_update(raw, bot, "polling") is not None:
                clean.append(raw)
            elif (update_id := update_id_of(raw)) is not None:
                clean.append({"update_id": update_id})  # an empty update moves the offset past it
        data["result"] = clean
        return str(self.json_dumps(data))


def create_session(api_base: str, timeout: float = 60.0) -> GuardedSession:
    """A guarded session pointed at a Bot API server (Telegram, Bale, or an emulator)."""
    return GuardedSession(api=TelegramAPIServer.from_base(api_base), timeout=timeout)

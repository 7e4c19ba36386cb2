"""Delivery of updates to a bot's webhook URL, one at a time and in order."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any

import aiohttp

from emulator.methods import Upload
from emulator.state import BotState, now

if TYPE_CHECKING:
    from emulator.server import BotApiEmulator

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_log = logging.getLogger(__name__)


class WebhookSender:
    """Runs one delivery task per bot that has a webhook set."""

    def __init__(self, emu: BotApiEmulator) -> None:
        self._emu = emu
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._session: aiohttp.ClientSession | None = None
        self.retry_initial = 0.1
        self.retry_max = 2.0

    def restart(self, bot: BotState) -> None:
        """Stop the bot's delivery task and start a new one if a webhook is set."""
        task = self._tasks.pop(bot.bot_id, None)
        if task is not None:
            task.cancel()
        if bot.webhook_url:
            self._tasks[bot.bot_id] = asyncio.create_task(self._run(bot))
        bot.updates.kick()

    async def close(self) -> None:
        """Cancel every delivery task and close the HTTP client."""
        tasks = list(self._tasks.values())
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self, bot: BotState) -> None:
        delay = self.retry_initial
        while True:
            pending = bot.updates.take(1, self._emu.faults.take_malformed)
            if not pending:
                await bot.updates.wait_changed()
                continue
            seq, update = pending[0]
            if await self._post(bot, update):
                bot.updates.confirm(seq + 1)
                delay = self.retry_initial
            else:
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.retry_max)

    async def _post(self, bot: BotState, update: dict[str, Any]) -> bool:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        headers = {"Content-Type": "application/json"}
        if bot.webhook_secret and self._emu.dialect != "bale":
            headers[SECRET_HEADER] = bot.webhook_secret
        try:
            async with self._session.post(bot.webhook_url, data=json.dumps(update), headers=headers) as resp:
                if not 200 <= resp.status < 300:
                    self._error(bot, f"Wrong response from the webhook: {resp.status} {resp.reason}")
                    return False
                reply = await _reply_params(resp)
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
            self._error(bot, f"Connection failed: {exc.__class__.__name__}")
            return False
        name = reply.pop("method", None)
        if isinstance(name, str):
            status, _ = await self._emu.call_method(bot, name, reply)
            if status != 200:
                _log.info("method %s from a webhook reply failed with %s", name, status)
        return True

    def _error(self, bot: BotState, message: str) -> None:
        bot.webhook_error_date = now()
        bot.webhook_error_message = message


async def _reply_params(resp: aiohttp.ClientResponse) -> dict[str, Any]:
    """Return the method call a bot put in its webhook reply (JSON or multipart), or {}."""
    content_type = resp.headers.get("Content-Type", "")
    if content_type.startswith("multipart/"):
        params: dict[str, Any] = {}
        reader = aiohttp.MultipartReader.from_response(resp)
        while (part := await reader.next()) is not None:
            if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                continue
            data = await part.read(decode=False)
            if part.filename is not None:
                params[part.name] = Upload(part.filename, bytes(data), part.headers.get("Content-Type"))
            else:
                params[part.name] = bytes(data).decode("utf-8")
        return params
    body = await resp.read()
    if not body.strip().startswith(b"{"):
        return {}
    payload = json.loads(body)
    return payload if isinstance(payload, dict) else {}

"""Delivery of updates to a bot's webhook URL: concurrent across chats, in order within a chat.

As Telegram does: up to ``max_connections`` requests at once (setWebhook, 1-100, default 40), over
keep-alive connections; a chat's next update waits until its previous one was accepted (2xx); a failed
delivery is retried, with a growing pause, before anything later in that chat is sent."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import aiohttp

from emulator.methods import Upload
from emulator.state import BotState, now
from emulator.updates import update_type

if TYPE_CHECKING:
    from emulator.server import BotApiEmulator

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_log = logging.getLogger(__name__)


class WebhookSender:
    """Runs one delivery per bot that has a webhook set."""

    def __init__(self, emu: BotApiEmulator) -> None:
        self._emu = emu
        self._deliveries: dict[int, _Delivery] = {}
        self._stopping: set[asyncio.Task[None]] = set()
        self.retry_initial = 0.1
        self.retry_max = 2.0

    def restart(self, bot: BotState) -> None:
        """Stop the bot's delivery and start a new one if a webhook is set."""
        old = self._deliveries.pop(bot.bot_id, None)
        if old is not None:
            stopping = asyncio.create_task(old.stop())
            self._stopping.add(stopping)
            stopping.add_done_callback(self._stopping.discard)
        if bot.webhook_url:
            self._deliveries[bot.bot_id] = _Delivery(self, bot)
        bot.updates.kick()

    def in_flight(self, bot: BotState) -> int:
        """Requests to the bot's webhook that have not been answered yet."""
        delivery = self._deliveries.get(bot.bot_id)
        return delivery.in_flight if delivery is not None else 0

    async def close(self) -> None:
        """Stop every delivery and close their HTTP clients."""
        deliveries = list(self._deliveries.values())
        self._deliveries.clear()
        await asyncio.gather(*(delivery.stop() for delivery in deliveries), *self._stopping,
                             return_exceptions=True)

    async def post(self, bot: BotState, session: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        """POST one update; True once the webhook accepted it (and any method in its reply ran)."""
        headers = {"Content-Type": "application/json"}
        if bot.webhook_secret and self._emu.dialect != "bale":
            headers[SECRET_HEADER] = bot.webhook_secret
        try:
            async with session.post(bot.webhook_url, data=json.dumps(update), headers=headers) as resp:
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


class _Delivery:
    """One bot's webhook: a lane per chat (its updates in order), lanes sharing max_connections slots."""

    def __init__(self, sender: WebhookSender, bot: BotState) -> None:
        self.sender = sender
        self.bot = bot
        self.limit = bot.webhook_max_connections
        self.slots = asyncio.Semaphore(self.limit)
        self.in_flight = 0
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.limit, force_close=False),
            timeout=aiohttp.ClientTimeout(total=60))
        self.lanes: dict[Hashable, deque[tuple[int, dict[str, Any]]]] = {}
        self.lane_tasks: set[asyncio.Task[None]] = set()
        self.seen = 0  # the highest update sequence number handed to a lane
        self.task = asyncio.create_task(self._feed())

    async def stop(self) -> None:
        """Cancel the feeder and every lane (unsent updates stay queued), then close the client."""
        tasks = [self.task, *self.lane_tasks]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.session.close()

    async def _feed(self) -> None:
        queue = self.bot.updates
        breaker = self.sender._emu.faults.take_malformed
        while True:
            new = queue.after(self.seen, breaker)
            if not new:
                await queue.wait_changed()
                continue
            for seq, update in new:
                self.seen = seq
                key = order_key(seq, update)
                lane = self.lanes.get(key)
                if lane is not None:
                    lane.append((seq, update))
                    continue
                self.lanes[key] = deque([(seq, update)])
                task = asyncio.create_task(self._drain(key))
                self.lane_tasks.add(task)
                task.add_done_callback(self.lane_tasks.discard)

    async def _drain(self, key: Hashable) -> None:
        lane = self.lanes[key]
        delay = self.sender.retry_initial
        while lane:
            seq, update = lane[0]
            async with self.slots:
                self.in_flight += 1
                try:
                    accepted = await self.sender.post(self.bot, self.session, update)
                finally:
                    self.in_flight -= 1
            if accepted:
                lane.popleft()
                self.bot.updates.delivered(seq)
                delay = self.sender.retry_initial
            else:
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.sender.retry_max)
        del self.lanes[key]


def order_key(seq: int, update: dict[str, Any]) -> Hashable:
    """The chat whose order an update keeps (its sender's id when there is no chat); an update that
    names neither is ordered with nothing."""
    kind = update_type(update)
    payload = update.get(kind) if kind else None
    if isinstance(payload, dict):
        for holder in (payload, payload.get("message")):
            chat = holder.get("chat") if isinstance(holder, dict) else None
            chat_id = chat.get("id") if isinstance(chat, dict) else None
            if isinstance(chat_id, int):
                return chat_id
        sender = payload.get("from") or payload.get("user")
        sender_id = sender.get("id") if isinstance(sender, dict) else None
        if isinstance(sender_id, int):
            return sender_id
    return ("update", seq)


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
    with contextlib.suppress(ValueError):
        payload = json.loads(body)
        return payload if isinstance(payload, dict) else {}
    return {}

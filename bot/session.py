"""The bot's aiohttp Bot API session: paced by the bot's send budget (replies first), 429s retried, and
updates it cannot parse skipped instead of stalling polling."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import ClientDecodeError, TelegramNetworkError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiohttp import ClientError, ClientTimeout
from pydantic import ValidationError

from bot.platforms import classify
from bot.updates import update_id_of, validate_update
from campaigns.broadcasts.limiter import PREPAID, Limiter, create_limiter, wait_for_reply_slot
from campaigns.broadcasts.sender import attempt_outcome
from campaigns.errors import RateLimited
from runtime import metrics
from runtime.config import BotSpec, Settings

log = logging.getLogger(__name__)

RETRY_ATTEMPTS = 5  # tries of one call that meets 429s, the first included
RETRY_WITHIN = 30.0  # seconds: a call is not retried past this long after it was first tried
DEFAULT_RETRY_AFTER = 1.0  # a 429 without retry_after (Bale's "bot limit exceed")


def counted(api_method: str) -> bool:
    """True for the calls the platform counts toward its message limits: new messages and edits, as
    Telegram (and the emulator) count them. answerCallbackQuery, deleteMessage, sendChatAction and the
    administrative calls (getUpdates, getMe, setWebhook, setMyCommands...) are not paced."""
    if api_method == "sendChatAction":
        return False
    return api_method.startswith(("send", "edit", "copyMessage", "forwardMessage"))


class ReplyBudget:
    """The bot process's side of one bot's send budget (`bot_key` "platform:bot id", the worker's key):
    every counted call waits for an interactive slot; a 429 pauses the bot for everyone."""

    def __init__(self, limiter: Limiter, bot_key: str) -> None:
        self.limiter = limiter
        self.bot_key = bot_key
        self.platform = bot_key.split(":", 1)[0]
        self._closed = False

    async def wait(self, chat_id: int | None) -> None:
        """Wait for this call's slot (`chat_id` None: the chat's slot is already held).

        The first call to the person whose turn is running spends the slot the turn reserved as it began
        (bot/redis_turns.py): no round trip of its own."""
        prepaid = PREPAID.get()
        if prepaid is not None and not prepaid.used and prepaid.chat_id == chat_id and prepaid.bot == self.bot_key:
            prepaid.used = True
            started = time.monotonic()
            if prepaid.at > started:
                await asyncio.sleep(prepaid.at - started)
            if prepaid.taken:
                metrics.child(metrics.LIMITER_WAIT, self.platform, metrics.INTERACTIVE).observe(
                    time.monotonic() - started)
                return
            chat_id = None  # only the chat's slot was held: the global one is reserved now
        try:
            with metrics.redis_purpose(metrics.SEND_BUDGET):
                waited = await wait_for_reply_slot(self.limiter, self.bot_key, chat_id)
        except Exception as exc:  # Redis away: a late or a 429'd reply beats no reply
            log.warning("send budget unavailable; replying unpaced", extra={"bot": self.bot_key, "error": str(exc)})
            return
        metrics.child(metrics.LIMITER_WAIT, self.platform, metrics.INTERACTIVE).observe(waited)

    async def pause(self, seconds: float) -> None:
        """Hold every send of this bot (replies and broadcasts, every process) for `seconds`."""
        metrics.RATE_LIMIT_PAUSES.labels(self.platform, metrics.INTERACTIVE).inc()
        try:
            with metrics.redis_purpose(metrics.SEND_BUDGET):
                await self.limiter.pause(self.bot_key, seconds)
        except Exception as exc:
            log.warning("could not pause the send budget", extra={"bot": self.bot_key, "error": str(exc)})

    async def close(self) -> None:
        """Release the limiter (once)."""
        if not self._closed:
            self._closed = True
            await self.limiter.close()

# pydantic caches parametrised generics weakly, so `Response[Message | bool]` (built by aiogram on every
# reply) was rebuilt, schema and all, again and again; holding the types here keeps its cache warm.
_RESPONSE_TYPES: dict[type[Any], Any] = {}  # each method's Response[...] type, built once
_KEYBOARD = '"reply_markup"'


class GuardedSession(AiohttpSession):
    """aiogram rejects a whole getUpdates batch when one update is odd (aiogram #1840, #1587), so the
    offset never advances. Here each update is validated alone; a bad one becomes an empty update
    with the same id, which the dispatcher skips, and polling moves past it.

    With a budget, every call the platform counts waits for its interactive slot first, and any call
    answered 429 (or Bale's "bot limit exceed") is retried after exactly its retry_after, a few times."""

    def __init__(self, *, budget: ReplyBudget | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.budget = budget

    async def close(self) -> None:
        """Close the HTTP session and the budget's connection."""
        await super().close()
        if self.budget is not None:
            await self.budget.close()

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        """Validate the response; for getUpdates, replace unparseable updates by empty ones.

        A message the bot sent or edited comes back with the inline keyboard it was sent with. Nothing reads
        that keyboard back (the message's id, chat and text are what handlers keep), and each of its buttons
        is an aiogram object of its own: validating them made reading the answer to a message with eight
        buttons three times dearer (100 us against 34). The returned message therefore has no reply_markup."""
        response_type = _RESPONSE_TYPES.get(type(method))
        if response_type is None:
            response_type = _RESPONSE_TYPES[type(method)] = Response[method.__returning__]  # type: ignore[name-defined]
        ok = 200 <= status_code < 300
        if method.__api_method__ == "getUpdates":
            if ok:
                try:
                    return super().check_response(bot, method, status_code, content)
                except ClientDecodeError:
                    # Only now look at the updates one by one (validating every one twice costs time).
                    content = self._sanitize_updates(bot, content)
        elif ok and _KEYBOARD in content:
            trimmed = self._without_keyboard(content)
            if trimmed is not None:
                try:
                    response = cast(Response[TelegramType], response_type.model_validate(trimmed, context={"bot": bot}))
                except ValidationError:
                    pass  # aiogram's own reading, below, reports it as it always has
                else:
                    if response.ok:
                        return response
        return super().check_response(bot, method, status_code, content)

    def _without_keyboard(self, content: str) -> dict[str, Any] | None:
        """The answer with its message's reply_markup taken out, or None if it has none to take."""
        try:
            data = self.json_loads(content)
        except ValueError:
            return None
        result = data.get("result") if isinstance(data, dict) else None
        if not isinstance(result, dict) or result.pop("reply_markup", None) is None:
            return None
        return cast(dict[str, Any], data)

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:
        """Call a method within the bot's send budget, retrying rate limits (polling itself is left alone)."""
        metrics.child(metrics.BOTAPI_CALLS, method.__api_method__).inc()
        if self.budget is None or isinstance(method, GetUpdates):
            return await self._request(bot, method, timeout)
        budget = self.budget
        paced = counted(method.__api_method__)
        chat_id = getattr(method, "chat_id", None) if paced else None
        deadline = time.monotonic() + RETRY_WITHIN
        attempt = 0
        while True:
            attempt += 1
            if paced:
                # The chat's slot is held by the first attempt; a retry needs only a global slot.
                await budget.wait(chat_id if attempt == 1 and isinstance(chat_id, int) else None)
            try:
                result = await self._request(bot, method, timeout)
            except Exception as exc:
                error = classify(exc)
                if paced:
                    metrics.SENDS.labels(budget.platform, metrics.INTERACTIVE, attempt_outcome(error)).inc()
                if not isinstance(error, RateLimited):
                    raise
                seconds = error.retry_after if error.retry_after is not None else DEFAULT_RETRY_AFTER
                await budget.pause(seconds)
                if attempt >= RETRY_ATTEMPTS or time.monotonic() + seconds > deadline:
                    log.warning("rate limited; giving up", extra={
                        "bot": budget.bot_key, "method": method.__api_method__, "attempts": attempt})
                    raise
                log.info("rate limited; retrying", extra={
                    "bot": budget.bot_key, "method": method.__api_method__, "seconds": seconds})
                await asyncio.sleep(seconds)
                continue
            if paced:
                metrics.child(metrics.SENDS, budget.platform, metrics.INTERACTIVE, "sent").inc()
            return result

    async def _request(self, bot: Bot, method: TelegramMethod[TelegramType],
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


def create_session(api_base: str, timeout: float = 60.0, budget: ReplyBudget | None = None) -> GuardedSession:
    """A guarded session pointed at a Bot API server (Telegram, Bale, or an emulator), paced by `budget`."""
    return GuardedSession(api=TelegramAPIServer.from_base(api_base), timeout=timeout, budget=budget)


def create_budget(settings: Settings, spec: BotSpec) -> ReplyBudget:
    """One bot's send budget for the bot process, shared with the worker (through Redis when configured)."""
    key = spec.key  # the worker's key for the same bot
    limiter = create_limiter(settings.redis_url, {key: settings.send_rate}, settings.per_chat_rate,
                             reserves={key: settings.reply_reserve_rate}, reply_burst=settings.reply_burst)
    return ReplyBudget(limiter, key)

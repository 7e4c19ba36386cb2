"""A lean Bot API client for the broadcast worker: JSON over one pooled aiohttp session.

The bot itself speaks through aiogram; the worker only sends, edits and reads replies, thousands a
second. aiogram costs about 130 MB to import and most of a millisecond of CPU per request (building
and validating pydantic models), which is what kept a worker under 1,000 msg/s and over 200 MB; this
client does the same calls with plain dicts. Errors go through the same dialect mapping as the bot."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import aiohttp

from campaigns.errors import Ambiguous, Transient
from worker.dialects import classify_reply


class BotApiClient:
    """Calls Bot API methods of one bot (Telegram or Bale) and returns their `result`."""

    def __init__(self, token: str, api_base: str, timeout: float = 20.0, connections: int = 100) -> None:
        self.token = token
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections, keepalive_timeout=30),
                json_serialize=partial(json.dumps, ensure_ascii=False))
        return self._session

    async def call(self, method: str, **params: Any) -> Any:
        """Call a method; a failure raises the domain SendError of either dialect."""
        url = f"{self.api_base}/bot{self.token}/{method}"
        payload = {key: value for key, value in params.items() if value is not None}
        try:
            async with self._http().post(url, json=payload,
                                         timeout=aiohttp.ClientTimeout(total=self.timeout)) as response:
                status = response.status
                try:
                    body = await response.json(content_type=None)
                except ValueError:
                    body = {}
        except TimeoutError:
            # The platform may have delivered it: the caller records it as ambiguous, not resent.
            raise Ambiguous("timeout") from None
        except aiohttp.ClientError as exc:
            raise Transient(f"{type(exc).__name__}: {exc}") from None
        if isinstance(body, dict) and body.get("ok") and 200 <= status < 300:
            return body.get("result")
        body = body if isinstance(body, dict) else {}
        retry_after = (body.get("parameters") or {}).get("retry_after")
        raise classify_reply(int(body.get("error_code") or status), str(body.get("description") or ""),
                             float(retry_after) if retry_after is not None else None)

    async def send_message(self, chat_id: int, text: str, reply_markup: dict[str, Any] | None = None,
                           **extra: Any) -> dict[str, Any]:
        """sendMessage; returns the Message dict."""
        result: dict[str, Any] = await self.call("sendMessage", chat_id=chat_id, text=text,
                                                 reply_markup=reply_markup, **extra)
        return result

    async def send_photo(self, chat_id: int, photo: str, caption: str | None = None,
                         reply_markup: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
        """sendPhoto by file id or URL; returns the Message dict."""
        result: dict[str, Any] = await self.call("sendPhoto", chat_id=chat_id, photo=photo, caption=caption,
                                                 reply_markup=reply_markup, **extra)
        return result

    async def edit_message_text(self, chat_id: int, message_id: int, text: str,
                                reply_markup: dict[str, Any] | None = None) -> Any:
        """editMessageText."""
        return await self.call("editMessageText", chat_id=chat_id, message_id=message_id, text=text,
                               reply_markup=reply_markup)

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()


def inline_keyboard(rows: list[list[dict[str, str]]]) -> dict[str, Any]:
    """An inline keyboard markup from rows of {"text": ..., "callback_data" | "url": ...}."""
    return {"inline_keyboard": rows}

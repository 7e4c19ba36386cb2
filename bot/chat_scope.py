"""Private chats only: in a group, supergroup or channel the bot says once where it works, and does nothing else.

Hamyar asks for phone numbers and national IDs; none of that belongs in a group. The first message in a
group or supergroup gets one answer with a button that opens the bot's private chat; the chat is
remembered (in Redis when configured, so every process knows), and nothing else from it is handled:
later messages, edits, button presses, membership changes and channel posts are skipped before the
database is touched.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, InlineKeyboardButton, InlineKeyboardMarkup, TelegramObject, Update
from redis.asyncio import Redis

from bot.platform_bot import platform_of
from campaigns.catalogue import LINK_BASES
from i18n import translator

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

TOLD_TTL_S = 365 * 24 * 3600  # how long Redis remembers a group was told
_REMEMBERED_HERE = 100_000  # chats remembered in memory before the oldest half is forgotten


def private_chat_link(platform: str, username: str) -> str:
    """The link that opens the bot's private chat on its platform."""
    return f"{LINK_BASES.get(platform, LINK_BASES['telegram'])}/{username.lstrip('@')}"


class PrivateOnlyMiddleware(BaseMiddleware):
    """Lets private-chat updates through; answers a group's first message once; drops the rest."""

    def __init__(self, redis: Redis | None = None, prefix: str = "hamyar:group-told") -> None:
        self.redis = redis
        self.prefix = prefix
        self._told: dict[tuple[int, int], None] = {}  # insertion-ordered set of (bot id, chat id)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        if chat is None or chat.type == ChatType.PRIVATE:
            return await handler(event, data)
        bot: Bot = data["bot"]
        message = event.message if isinstance(event, Update) else None
        in_group = chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
        if message is not None and in_group and await self._first_time(bot.id, chat.id):
            await self._tell(bot, chat.id)
        log.info("update from a non-private chat skipped", extra={
            "bot_id": bot.id, "update_id": getattr(event, "update_id", None), "chat_type": chat.type})
        return None

    async def _first_time(self, bot_id: int, chat_id: int) -> bool:
        """True for the first message of this chat ever seen (by any process, with Redis)."""
        if (bot_id, chat_id) in self._told:
            return False
        if len(self._told) >= _REMEMBERED_HERE:
            for key in list(self._told)[: _REMEMBERED_HERE // 2]:
                del self._told[key]
        self._told[(bot_id, chat_id)] = None
        if self.redis is None:
            return True
        return bool(await self.redis.set(f"{self.prefix}:{bot_id}:{chat_id}", 1, nx=True, ex=TOLD_TTL_S))

    async def _tell(self, bot: Bot, chat_id: int) -> None:
        t = translator("fa")  # a group has no one language; Persian is the default
        markup = None
        try:
            me = await bot.me()
            if me.username:
                link = private_chat_link(platform_of(bot), me.username)
                markup = InlineKeyboardMarkup(inline_keyboard=[[
                    InlineKeyboardButton(text=t("private-only-button"), url=link)]])
            await bot.send_message(chat_id, t("private-only"), reply_markup=markup)
        except TelegramAPIError as exc:  # not allowed to write here, say; nothing else to do
            log.warning("could not answer a group", extra={"bot_id": bot.id, "error": type(exc).__name__})

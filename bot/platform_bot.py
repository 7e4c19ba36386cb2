"""A Bot that knows its platform, so a Telegram bot and a Bale bot with the same numeric id never mix."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.utils.token import extract_bot_id


class PlatformBot(Bot):
    """An aiogram Bot for one platform, with an `id` that is distinct across platforms.

    Telegram and Bale number their bots independently, so one numeric id can name two bots. aiogram keys
    conversation state (`StorageKey.bot_id`), event-isolation locks and its log lines by `bot.id`, and so
    does Hamyar's in-flight bookkeeping; a shared id would share a person's conversation across
    platforms. Here `id` is Telegram's own id, and Bale's id negated (Bot API ids are positive), so
    Telegram's Redis keys are unchanged. aiogram never sends `bot.id` to a Bot API (it reads the id from
    the token for logs and FSM keys only); the id the platform knows is `api_id`, and `key`
    ("bale:123") names the bot wherever a readable name is wanted (logs, send limiters)."""

    def __init__(self, token: str, platform: str, **kwargs: Any) -> None:
        super().__init__(token, **kwargs)
        self.platform = platform
        self.api_id = extract_bot_id(token)
        self.key = f"{platform}:{self.api_id}"
        self._distinct_id = -self.api_id if platform == "bale" else self.api_id

    @property
    def id(self) -> int:
        """The bot's id among every platform's bots (Bale's negated); not the platform's own id."""
        return self._distinct_id


def platform_of(bot: Bot) -> str:
    """The platform a bot serves ("telegram" for a plain aiogram Bot)."""
    return bot.platform if isinstance(bot, PlatformBot) else "telegram"


def log_fields(bot: Bot) -> dict[str, Any]:
    """The bot's platform and its own id, for a log line's extras (a bot id is logged unmasked)."""
    if isinstance(bot, PlatformBot):
        return {"platform": bot.platform, "bot_id": bot.api_id}
    return {"platform": "telegram", "bot_id": bot.id}

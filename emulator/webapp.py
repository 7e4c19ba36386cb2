"""Mini Apps: a person opens a bot's web_app button and the messenger hands the page a signed initData.

Telegram signs initData with the bot's token: the fields other than `hash`, sorted by name, as `name=value` lines,
under HMAC-SHA256 with the key HMAC-SHA256(key="WebAppData", message=token); the page receives it in the address's
fragment as `#tgWebAppData=<the initData, percent-encoded>&tgWebAppVersion=…&tgWebAppPlatform=…`. Bale is taken to
do the same (unconfirmed), so both dialects sign alike."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any
from urllib.parse import quote, urlencode

from emulator.state import BotState, Chat, now
from emulator.userside import find_pressable


def sign_init_data(token: str, user: dict[str, Any] | None, *, auth_date: int | None = None,
                   query_id: str | None = None) -> str:
    """initData for a person (None: without the `user` field), signed with this bot token as the messenger signs it."""
    fields = {"auth_date": str(now() if auth_date is None else auth_date),
              "query_id": query_id or "AAH" + secrets.token_urlsafe(12)}
    if user is not None:
        fields["user"] = json.dumps(user, ensure_ascii=False, separators=(",", ":"))
    check = "\n".join(f"{name}={value}" for name, value in sorted(fields.items()))
    key = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(key, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields, quote_via=quote)


def web_app_user(chat: Chat) -> dict[str, Any]:
    """The person as initData describes them (WebAppUser)."""
    user = {"id": chat.chat_id, "first_name": chat.first_name, "allows_write_to_pm": True}
    for name in ("last_name", "username", "language_code"):
        if getattr(chat, name, None):
            user[name] = getattr(chat, name)
    return user


def launch_url(url: str, init_data: str, platform: str = "android") -> str:
    """The address the messenger opens: the button's URL with initData and the launch parameters in its fragment."""
    fragment = urlencode({"tgWebAppData": init_data, "tgWebAppVersion": "8.0", "tgWebAppPlatform": platform},
                         quote_via=quote)
    return f"{url.split('#', 1)[0]}#{fragment}"


def open_web_app(bot: BotState, chat: Chat, wanted: str, message_id: int | None = None, *,
                 auth_date: int | None = None) -> str:
    """Press the web_app button with this text: the address the Mini App opens at, with a signed initData."""
    message = find_pressable(chat, wanted, message_id, stale_ok=True)
    button = message.find_button(wanted)
    if button is None or button.web_app is None:
        raise ValueError(f"button {wanted!r} does not open a Mini App")
    return launch_url(button.web_app, sign_init_data(bot.token, web_app_user(chat), auth_date=auth_date))

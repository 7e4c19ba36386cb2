"""Bot API methods about the bot itself: identity, updates, webhook, commands."""

from __future__ import annotations

import re
from typing import Any

from emulator import errors
from emulator.params import Call, method
from emulator.updates import UPDATE_TYPES

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_MAX_WAIT = 50.0


@method("getMe")
async def get_me(call: Call) -> dict[str, Any]:
    """Return the bot's User object."""
    return {
        **call.bot.user_dict(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


@method("getUpdates")
async def get_updates(call: Call) -> list[dict[str, Any]]:
    """Return pending updates, long-polling up to ``timeout`` seconds."""
    bot = call.bot
    if bot.webhook_url:
        raise _webhook_active()
    queue = bot.updates
    queue.polled = True
    queue.preempt()
    offset = call.opt_int("offset")
    limit = max(1, min(100, call.opt_int("limit", 100) or 100))
    timeout = max(0.0, min(_MAX_WAIT, float(call.opt_int("timeout", 0) or 0)))
    allowed = call.json_value("allowed_updates")
    if isinstance(allowed, list):
        wanted = frozenset(str(kind) for kind in allowed if str(kind) in UPDATE_TYPES)
        queue.allowed = wanted or None
    if offset is not None:
        queue.confirm(offset)
    faults = call.emu.faults

    updates = queue.take(limit, faults.take_malformed)
    if not updates and timeout > 0:
        await queue.wait(timeout)
        if bot.webhook_url:
            raise _webhook_active()
        updates = queue.take(limit, faults.take_malformed)
    return [update for _, update in updates]


def _webhook_active() -> errors.ApiError:
    return errors.conflict(
        "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
    )


@method("setWebhook")
async def set_webhook(call: Call) -> bool:
    """Switch the bot to webhook delivery (an empty url switches it off)."""
    bot = call.bot
    url = call.opt_str("url", "") or ""
    if url and not url.startswith(("http://", "https://")):
        raise errors.bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    secret = call.opt_str("secret_token")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise errors.bad_request("secret token contains unallowed characters")
    # Out-of-range values are clamped into 1..100, as the Bot API server does.
    max_connections = max(1, min(100, call.opt_int("max_connections", 40) or 40))
    allowed = call.json_value("allowed_updates")
    wanted = (frozenset(str(k) for k in allowed if str(k) in UPDATE_TYPES) or None
              if isinstance(allowed, list) else bot.updates.allowed)
    drop = call.flag("drop_pending_updates")
    if (not drop and url == bot.webhook_url and secret == bot.webhook_secret
            and max_connections == bot.webhook_max_connections and wanted == bot.updates.allowed):
        return True  # "Webhook is already set": several bot processes each set the same webhook
    if drop:
        bot.updates.clear()
    bot.updates.allowed = wanted
    bot.webhook_url = url
    bot.webhook_secret = secret
    bot.webhook_max_connections = max_connections
    bot.webhook_error_date = None
    bot.webhook_error_message = None
    call.emu.webhooks.restart(bot)
    return True


@method("deleteWebhook")
async def delete_webhook(call: Call) -> bool:
    """Switch webhook delivery off, optionally dropping pending updates."""
    bot = call.bot
    bot.webhook_url = ""
    bot.webhook_secret = None
    if call.flag("drop_pending_updates"):
        bot.updates.clear()
    call.emu.webhooks.restart(bot)
    return True


@method("getWebhookInfo")
async def get_webhook_info(call: Call) -> dict[str, Any]:
    """Describe the webhook and the number of pending updates."""
    bot = call.bot
    info: dict[str, Any] = {
        "url": bot.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(bot.updates),
    }
    if bot.webhook_url:
        info["max_connections"] = bot.webhook_max_connections
        info["ip_address"] = "127.0.0.1"
        if bot.updates.allowed:
            info["allowed_updates"] = sorted(bot.updates.allowed)
    if bot.webhook_error_date is not None:
        info["last_error_date"] = bot.webhook_error_date
        info["last_error_message"] = bot.webhook_error_message
    return info


def _commands_key(call: Call) -> str:
    scope = call.json_value("scope")
    kind = scope.get("type", "default") if isinstance(scope, dict) else "default"
    extra = scope.get("chat_id", "") if isinstance(scope, dict) else ""
    return f"{kind}:{extra}:{call.opt_str('language_code', '') or ''}"


@method("setMyCommands")
async def set_my_commands(call: Call) -> bool:
    """Store the command list for a scope and language."""
    commands = call.json_value("commands")
    if not isinstance(commands, list):
        raise errors.bad_request("commands is empty")
    if len(commands) > 100:
        raise errors.bad_request("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.match(str(command.get("command", ""))):
            raise errors.bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise errors.bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    call.bot.commands[_commands_key(call)] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


@method("getMyCommands")
async def get_my_commands(call: Call) -> list[dict[str, Any]]:
    """Return the command list for a scope and language."""
    return call.bot.commands.get(_commands_key(call), [])


@method("deleteMyCommands")
async def delete_my_commands(call: Call) -> bool:
    """Forget the command list for a scope and language."""
    call.bot.commands.pop(_commands_key(call), None)
    return True


def _described(call: Call, store: dict[str, str], name: str, limit: int) -> bool:
    text = call.opt_str(name, "") or ""
    if len(text) > limit:
        raise errors.bad_request("BOT_DESCRIPTION_INVALID")
    language = call.opt_str("language_code", "") or ""
    if text:
        store[language] = text
    else:
        store.pop(language, None)  # an empty text removes the description for that language
    return True


@method("setMyDescription")
async def set_my_description(call: Call) -> bool:
    """Store the bot's description (shown in an empty chat) for a language; at most 512 characters."""
    return _described(call, call.bot.descriptions, "description", 512)


@method("getMyDescription")
async def get_my_description(call: Call) -> dict[str, str]:
    """The bot's description for a language (the default one when it has none)."""
    return _description_of(call, call.bot.descriptions, "description")


@method("setMyShortDescription")
async def set_my_short_description(call: Call) -> bool:
    """Store the bot's short description (its profile page, shared links) for a language; at most 120."""
    return _described(call, call.bot.short_descriptions, "short_description", 120)


@method("getMyShortDescription")
async def get_my_short_description(call: Call) -> dict[str, str]:
    """The bot's short description for a language (the default one when it has none)."""
    return _description_of(call, call.bot.short_descriptions, "short_description")


def _description_of(call: Call, store: dict[str, str], name: str) -> dict[str, str]:
    language = call.opt_str("language_code", "") or ""
    return {name: store.get(language, store.get("", ""))}


@method("logOut")
async def log_out(call: Call) -> bool:
    """Accept a log out request."""
    return True


@method("close")
async def close(call: Call) -> bool:
    """Accept a close request."""
    return True


@method("getChat")
async def get_chat(call: Call) -> dict[str, Any]:
    """Return a private chat as a ChatFullInfo object."""
    chat = call.chat()
    return {
        **chat.chat_dict(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": True,
            "limited_gifts": True,
            "unique_gifts": True,
            "premium_subscription": True,
            "gifts_from_channels": True,
        },
    }

"""The command menus and the bot's profile texts: the common commands for everyone (per language), the
manager's own commands in each manager's chat, and the description and short description.

A platform that does not take one of these calls (Bale may answer 501 Not Implemented) is told once in the
log and otherwise left alone: the menu is a convenience, never a reason to stop."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from campaigns import people, roles
from i18n import Translator, translator
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

LANGUAGES = ("fa", "en")  # Persian is the default menu (no language code); English for English clients
# /referral is in everyone's menu because any volunteer may have accepted a MOHEB call-out (without one it says so),
# and /guardian because any adult may be a teen's guardian; the menu has no scope for either group.
COMMON_COMMANDS = ("start", "campaigns", "pledges", "volunteer", "referral", "guardian", "me", "help", "privacy",
                   "cancel")
MANAGER_COMMANDS = ("manage", "compose", "assign", "callout", "dashboard")

_told: set[tuple[str, str]] = set()  # (platform, method) already logged as refused


def command_list(t: Translator, manager: bool = False) -> list[BotCommand]:
    """The menu in one language: the common commands, then a manager's own."""
    names = COMMON_COMMANDS + (MANAGER_COMMANDS if manager else ())
    return [BotCommand(command=name, description=t(f"command-{name}")) for name in names]


async def _tolerated(bot: Bot, what: str, call: Awaitable[object]) -> bool:
    """Run a profile call; a refusal (Bale's 501, a network error) is logged once per platform and method."""
    try:
        await call
        return True
    except Exception as exc:
        platform = str(getattr(bot, "platform", "telegram"))
        if (platform, what) not in _told:
            _told.add((platform, what))
            log.warning("the platform refused a bot profile call; going on without it",
                        extra={"platform": platform, "method": what, "error": str(exc)[:200]})
        return False


async def publish_profile(bot: Bot) -> None:
    """The common command menu, the description and the short description, in Persian (default) and English."""
    for language in LANGUAGES:
        t = translator(language)
        code = None if language == "fa" else language
        await _tolerated(bot, "setMyCommands", bot.set_my_commands(
            command_list(t), scope=BotCommandScopeDefault(), language_code=code))
        await _tolerated(bot, "setMyDescription", bot.set_my_description(t("bot-description"), language_code=code))
        await _tolerated(bot, "setMyShortDescription", bot.set_my_short_description(
            t("bot-short-description"), language_code=code))


async def publish_for_chat(bot: Bot, chat_id: int, language: str, manager: bool) -> None:
    """A manager's chat gets the manager's menu in their language; anyone else's goes back to the common one."""
    scope = BotCommandScopeChat(chat_id=chat_id)
    if manager:
        await _tolerated(bot, "setMyCommands", bot.set_my_commands(
            command_list(translator(language), manager=True), scope=scope))
    else:
        await _tolerated(bot, "deleteMyCommands", bot.delete_my_commands(scope=scope))


async def refresh_for_person(bot: Bot, uow: UnitOfWork, person_id: int) -> None:
    """After a role is granted or revoked: the person's chat gets the menu their roles now call for (when they
    are on this bot's platform: this bot cannot reach a chat on the other one)."""
    person = await people.by_id(uow, person_id)
    if person is None or person.platform != str(getattr(bot, "platform", "telegram")):
        return
    manager = await roles.scope_of(uow, person_id) is not None
    await publish_for_chat(bot, person.chat_id, person.language, manager)

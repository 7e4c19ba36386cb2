"""The bot's profile over the emulator (which records setMyCommands by scope and language): the common menu
for everyone in Persian and English, the manager's menu in a manager's own chat (kept up to date when a role
is granted or revoked), the description and short description from the locale files, /privacy; and a
platform that answers 501 to the profile calls (as Bale may) is tolerated and logged once."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy import update

from emulator import BotApiEmulator
from handlers import command_menus
from i18n import translator
from storage.models import Person
from tests.e2e.harness import Harness
from tests.e2e.journeys import say
from tests.e2e.manager_steps import grant_role, revoke_role
from tests.e2e.managers import ADMIN, onboard_admin, running

COMMON = ["start", "campaigns", "pledges", "volunteer", "referral", "guardian", "me", "help", "privacy", "cancel"]
MANAGER = [*COMMON, "manage", "compose", "assign", "callout", "dashboard"]


def _names(commands: list[dict[str, str]]) -> list[str]:
    return [c["command"] for c in commands]


async def _published(hamyar: Harness, key: str) -> None:
    """Wait for the bot's start-up profile calls up to `key` (the harness is ready at its first menu)."""
    bot = hamyar.emu.bot(hamyar.token)
    for _ in range(400):
        if key in bot.commands or key in bot.short_descriptions:
            return
        await asyncio.sleep(0.025)
    raise AssertionError(f"{key} was never published")


async def test_everyone_gets_the_common_menu_and_the_profile_texts_in_both_languages(hamyar: Harness) -> None:
    await _published(hamyar, "en")  # the English short description comes last
    bot = hamyar.emu.bot(hamyar.token)
    fa, en = bot.commands["default::"], bot.commands["default::en"]
    assert _names(fa) == COMMON and _names(en) == COMMON
    assert fa[0]["description"] == "شروع یا بازگشت به منوی اصلی" and en[0]["description"].startswith("Start")
    assert next(c for c in fa if c["command"] == "privacy")["description"] == "اطلاعاتی که نگه می‌داریم و پاک کردن آن"
    # /referral for a volunteer on a MOHEB call-out, /guardian for a teen's guardian: everyone's menu, with words.
    described = {c["command"]: c["description"] for c in fa}
    assert described["referral"] == "ارجاع جدید برای فردی که در فراخوان محب دیدید"
    assert described["guardian"] == "رضایت سرپرست برای نوجوان: تأیید یا پس گرفتن"
    english = {c["command"]: c["description"] for c in en}
    assert "referral" in english["referral"].lower() and "guardian" in english["guardian"].lower()
    assert bot.descriptions[""] == translator("fa")("bot-description") and "بهزیستی" in bot.descriptions[""]
    assert bot.descriptions["en"] == translator("en")("bot-description")
    assert bot.short_descriptions[""] == translator("fa")("bot-short-description")
    assert len(bot.short_descriptions[""]) <= 120 and len(bot.descriptions[""]) <= 512
    assert not [key for key in bot.commands if key.startswith("chat:")]  # no manager configured


async def test_managers_get_their_commands_in_their_own_chat_granted_and_revoked(db_url: str,
                                                                                  redis_url: str | None) -> None:
    async with running(db_url, redis_url) as hamyar:
        await _published(hamyar, f"chat:{ADMIN}:")
        bot = hamyar.emu.bot(hamyar.token)
        assert _names(bot.commands[f"chat:{ADMIN}:"]) == MANAGER  # the super admin, from the start
        admin = await onboard_admin(hamyar)
        citizen = hamyar.user(3102, "Reza")
        await hamyar.onboard(citizen, phone="+989131112233")
        assert "chat:3102:" not in bot.commands

        await grant_role(admin, "09131112233", "Reza", "مدیر استانی", "اصفهان")
        menu = bot.commands["chat:3102:"]
        assert _names(menu) == MANAGER
        assert next(c for c in menu if c["command"] == "compose")["description"] == "نوشتن پیام همگانی"
        assert next(c for c in menu if c["command"] == "guardian")["description"].startswith("رضایت سرپرست")

        await revoke_role(admin, "Reza")
        assert "chat:3102:" not in bot.commands  # back to the common menu


async def test_an_english_manager_gets_the_menu_in_english(db_url: str, redis_url: str | None) -> None:
    async with running(db_url, redis_url) as hamyar:
        admin = await onboard_admin(hamyar)
        english = hamyar.user(3104, "Ann", language_code="en")
        await hamyar.onboard(english, phone="+989131110000")
        async with hamyar.session() as session:
            await session.execute(update(Person).where(Person.platform_user_id == 3104).values(language="en"))
            await session.commit()
        await grant_role(admin, "09131110000", "Ann", "مدیر استانی", "اصفهان")
        menu = hamyar.emu.bot(hamyar.token).commands["chat:3104:"]
        assert next(c for c in menu if c["command"] == "manage")["description"] == "Management panel"


async def test_privacy_says_what_is_kept_why_for_how_long_and_how_to_erase_it(hamyar: Harness) -> None:
    user = hamyar.user(3105, "Sara")
    await hamyar.onboard(user)
    reply = await say(user, "/privacy", "اطلاعاتی که همیار از شما نگه می‌دارد")
    for fragment in ("شماره موبایل", "چرا:", "تا کی: تا وقتی خودتان پاکش کنید", "/forget", "/me"):
        assert fragment in (reply.text or ""), fragment
    assert reply.reply_buttons  # the main menu stays under it


async def test_a_platform_that_answers_501_to_the_profile_calls_is_tolerated_and_logged_once(
        db_url: str, redis_url: str | None, caplog: pytest.LogCaptureFixture) -> None:
    emu = BotApiEmulator(dialect="bale")
    await emu.start()
    emu.faults.update({"not_implemented": ["setMyDescription", "setMyShortDescription"]})
    command_menus._told.clear()
    caplog.set_level(logging.WARNING, logger="handlers.command_menus")
    hamyar = await Harness.start(db_url, redis_url, platform="bale", emu=emu)
    try:
        await _published(hamyar, "default::en")
        bot = emu.bot(hamyar.token)
        assert _names(bot.commands["default::"]) == COMMON and bot.descriptions == {}
        user = hamyar.user(3106, "Sara")
        await say(user, "/start", "زبان")
        refused = [r for r in caplog.records if "refused a bot profile call" in r.getMessage()]
        assert sorted(getattr(r, "method", "") for r in refused) == ["setMyDescription", "setMyShortDescription"]
    finally:
        await hamyar.stop()

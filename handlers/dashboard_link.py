"""/dashboard: a manager gets a one-time link to the web dashboard (five minutes, one use, bound to them), at most
five in ten minutes; over HTTPS also a button that opens the dashboard inside the messenger (a Mini App)."""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, WebAppInfo

from campaigns.audit import Actor
from campaigns.jalali import IRAN_TZ
from dashboard.link_limit import LIMIT, WINDOW, LinkLimit, MemoryLinkLimit, RedisLinkLimit
from dashboard.login import login_link, web_app_url
from handlers.manager_common import IsManager
from i18n import Translator
from i18n.digits import to_persian_digits
from runtime.config import Settings

log = logging.getLogger(__name__)


class LinkLimits:
    """One dispatcher's link counts: in this process, or in Redis when the bot keeps its state there."""

    def __init__(self) -> None:
        self.memory = MemoryLinkLimit()
        self.shared: RedisLinkLimit | None = None

    def of(self, storage: BaseStorage) -> LinkLimit:
        """The counter for the bot's state storage."""
        if not isinstance(storage, RedisStorage):
            return self.memory
        if self.shared is None or self.shared.redis is not storage.redis:
            self.shared = RedisLinkLimit(storage.redis)
        return self.shared


def try_again(t: Translator, when: datetime, now: datetime) -> str:
    """The reply to one /dashboard too many: how many minutes to wait and the time (Iran), in the reader's digits."""
    clock = when.astimezone(IRAN_TZ).strftime("%H:%M")
    return t("dashboard-entry-rate-limited", limit=LIMIT, window=int(WINDOW.total_seconds()) // 60,
             minutes=max(1, math.ceil((when - now).total_seconds() / 60)),
             time=to_persian_digits(clock) if t.language == "fa" else clock)


async def dashboard_link(message: Message, actor: Actor, settings: Settings, platform: str, t: Translator,
                         limit: LinkLimit) -> None:
    """Send the manager their link (without a DASHBOARD_SECRET, say the dashboard is not set up; over the limit,
    say when to ask again)."""
    if settings.dashboard_secret is None:
        await message.answer(t("dashboard-link-unavailable"))
        return
    now = datetime.now(UTC)
    wait_until = await limit.take(actor.person_id, now)
    if wait_until is not None:
        await message.answer(try_again(t, wait_until, now))
        return
    link = login_link(settings.dashboard_base_url, settings.dashboard_secret.get_secret_value().encode(),
                      actor.person_id, now)
    app_url = web_app_url(settings.dashboard_base_url, platform)
    markup = None if app_url is None else InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
        text=t("dashboard-entry-web-app-button"), web_app=WebAppInfo(url=app_url))]])
    try:
        await message.answer(t("dashboard-link", link=link), reply_markup=markup)
    except TelegramBadRequest:
        if markup is None:
            raise
        # A platform (or a Bale bot) without Mini Apps refuses the button: the link alone still signs them in.
        log.warning("the Mini App button was refused; the link was sent alone", extra={"platform": platform})
        await message.answer(t("dashboard-link", link=link))


async def not_a_manager(message: Message, t: Translator) -> None:
    """A citizen sent /dashboard: say plainly it is for managers; nothing changes."""
    await message.answer(t("manage-not-manager"))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    limits = LinkLimits()  # per router, so each dispatcher (and each test's bot) counts afresh

    async def dashboard(message: Message, actor: Actor, settings: Settings, platform: str, t: Translator,
                        fsm_storage: BaseStorage) -> None:
        await dashboard_link(message, actor, settings, platform, t, limits.of(fsm_storage))

    router.message.register(dashboard, Command("dashboard"), IsManager())
    router.message.register(not_a_manager, Command("dashboard"))
    return router

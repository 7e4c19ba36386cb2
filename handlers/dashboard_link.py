"""/dashboard: a manager gets a one-time link to the web dashboard (five minutes, one use, bound to them)."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from campaigns.audit import Actor
from dashboard.login import login_link
from handlers.manager_common import IsManager
from i18n import Translator
from runtime.config import Settings


async def dashboard_link(message: Message, actor: Actor, settings: Settings, t: Translator) -> None:
    """Send the manager their link (without a DASHBOARD_SECRET, say the dashboard is not set up)."""
    if settings.dashboard_secret is None:
        await message.answer(t("dashboard-link-unavailable"))
        return
    link = login_link(settings.dashboard_base_url, settings.dashboard_secret.get_secret_value().encode(),
                      actor.person_id, datetime.now(UTC))
    await message.answer(t("dashboard-link", link=link))


async def not_a_manager(message: Message, t: Translator) -> None:
    """A citizen sent /dashboard: say plainly it is for managers; nothing changes."""
    await message.answer(t("manage-not-manager"))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(dashboard_link, Command("dashboard"), IsManager())
    router.message.register(not_a_manager, Command("dashboard"))
    return router

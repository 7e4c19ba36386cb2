"""Campaign catalogue and campaign pages (being built: see issue 3)."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from campaigns.people import PersonView

router = Router(name=__name__)


async def land_on_campaign(message: Message, person: PersonView, slug: str, referral: str | None,
                           t: Translator, session: AsyncSession) -> None:
    """Open a campaign from a deep link: join it and show its page."""
    raise NotImplementedError("campaign pages are being built")

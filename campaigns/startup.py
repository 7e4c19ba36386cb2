"""What the domain does when a process starts: load campaign definitions into the database."""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.loader import load_campaigns
from campaigns.roles import seed_super_admins

log = logging.getLogger(__name__)


class _HasCampaignsDir(Protocol):
    @property
    def campaigns_dir(self) -> object: ...

    @property
    def super_admins(self) -> list[str]: ...


async def on_startup(session_pool: async_sessionmaker[AsyncSession], settings: _HasCampaignsDir) -> None:
    """Load (or reload) campaign definitions from the campaigns folder; seed the super admins."""
    async with session_pool() as session:
        await load_campaigns(session, settings.campaigns_dir)
        await seed_super_admins(session, list(settings.super_admins))

"""What the domain does when a process starts: load campaign definitions into the database."""

from __future__ import annotations

import logging
from typing import Protocol

from campaigns.loader import load_campaigns
from campaigns.referral_providers import load_providers
from campaigns.roles import seed_super_admins
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


class _HasCampaignsDir(Protocol):
    @property
    def campaigns_dir(self) -> object: ...

    @property
    def super_admins(self) -> list[str]: ...


async def on_startup(uows: UnitOfWorkFactory, settings: _HasCampaignsDir) -> None:
    """Load (or reload) campaign definitions from the campaigns folder and the referral providers, then seed
    the super admins: three actions, each committed by its service, on one unit of work."""
    async with uows() as uow:
        await load_campaigns(uow, settings.campaigns_dir)
        await load_providers(uow)  # the referral system's service providers (campaigns/providers/*.yaml)
        await seed_super_admins(uow, list(settings.super_admins))

"""What the domain does when a process starts: load campaign definitions into the database."""

from __future__ import annotations

import logging
from typing import Protocol

from campaigns.loader import load_campaigns
from campaigns.referral_providers import load_providers
from campaigns.roles import seed_super_admins
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


class _HasCampaignsDir(Protocol):
    @property
    def campaigns_dir(self) -> object: ...

    @property
    def super_admins(self) -> list[str]: ...

    def payment_campaign_slugs(self) -> frozenset[str]: ...


async def on_startup(uows: UnitOfWorkFactory, settings: _HasCampaignsDir) -> None:
    """Load (or reload) campaign definitions from the campaigns folder and the referral providers, then seed
    the super admins: three actions, each committed by its service, on one unit of work."""
    async with uows() as uow:
        await load_campaigns(uow, settings.campaigns_dir)
        await load_providers(uow)  # the referral system's service providers (campaigns/providers/*.yaml)
        await seed_super_admins(uow, list(settings.super_admins))
        await warn_unknown_payment_slugs(uow, settings.payment_campaign_slugs())


async def warn_unknown_payment_slugs(uow: UnitOfWork, slugs: frozenset[str]) -> None:
    """A warning (not a refusal: a campaign may be loaded later) for each campaign PAYMENTS_CAMPAIGN_PROVIDERS
    names that no campaign has: a misspelt slug would otherwise leave that campaign on the default provider
    without a word. Names the slug only, never a token."""
    if not slugs:
        return
    known = {campaign.slug for campaign in await uow.campaigns.all()}
    for slug in sorted(slugs - known):
        log.warning("PAYMENTS_CAMPAIGN_PROVIDERS names a campaign no campaign file defines (yet): its provider is "
                    "unused until it is loaded", extra={"slug": slug})

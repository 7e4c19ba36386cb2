"""The catalogue: which campaigns a person sees, a campaign's standing, joining and leaving."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from campaigns.jalali import IRAN_TZ
from campaigns.kinds import CampaignDefinition, CampaignKind, CampaignStatus
from storage.models import Campaign, utcnow
from storage.unit_of_work import UnitOfWork


class Openness(enum.StrEnum):
    """Whether a campaign takes part now, by its status and dates."""

    OPEN = "open"
    UPCOMING = "upcoming"
    ENDED = "ended"
    PAUSED = "paused"


@dataclass(frozen=True)
class CampaignView:
    """What handlers know of a campaign (never an ORM row)."""

    id: int
    slug: str
    kind: CampaignKind
    definition: CampaignDefinition

    @property
    def regions(self) -> tuple[str, ...]:
        """Province codes the campaign covers; empty means the whole country."""
        return self.definition.regions

    def title(self, language: str) -> str:
        """The campaign's title in a language."""
        return self.definition.title(language)

    def openness(self, today: date) -> Openness:
        """Open, not yet open, over, or paused on a given day."""
        d = self.definition
        if d.status == CampaignStatus.CLOSED or (d.ends_on is not None and today > d.ends_on):
            return Openness.ENDED
        if d.status == CampaignStatus.PAUSED:
            return Openness.PAUSED
        if d.starts_on is not None and today < d.starts_on:
            return Openness.UPCOMING
        return Openness.OPEN

    def covers(self, province_code: str | None) -> bool:
        """True when the campaign is national or covers the province."""
        return not self.regions or (province_code is not None and province_code in self.regions)


def today_in_iran() -> date:
    """Today's date in Iran."""
    return datetime.now(IRAN_TZ).date()


def view(row: Campaign) -> CampaignView:
    """The DTO of a campaign row."""
    definition = CampaignDefinition.model_validate(row.definition)
    return CampaignView(id=row.id, slug=row.slug, kind=definition.kind, definition=definition)


async def by_slug(uow: UnitOfWork, slug: str) -> CampaignView | None:
    """A campaign by slug."""
    row = await uow.campaigns.by_slug(slug)
    return view(row) if row else None


async def by_id(uow: UnitOfWork, campaign_id: int) -> CampaignView | None:
    """A campaign by id."""
    row = await uow.campaigns.by_id(campaign_id)
    return view(row) if row else None


async def exists(uow: UnitOfWork, campaign_id: int) -> bool:
    """True when a campaign of this id exists (whatever its status; its definition is not read)."""
    return await uow.campaigns.by_id(campaign_id) is not None


async def listing(uow: UnitOfWork, province_code: str | None, today: date | None = None,
                  *, include_ended: bool = False) -> list[CampaignView]:
    """Campaigns a person can take part in: those covering their province first, then national ones."""
    today = today or today_in_iran()
    campaigns = [view(row) for row in await uow.campaigns.all()]
    shown = [c for c in campaigns if (include_ended or c.openness(today) in (Openness.OPEN, Openness.UPCOMING))
             and (not c.regions or c.covers(province_code))]
    return sorted(shown, key=lambda c: (not (c.regions and c.covers(province_code)),
                                        c.openness(today) != Openness.OPEN, c.id))


async def my_campaigns(uow: UnitOfWork, person_id: int) -> list[CampaignView]:
    """The campaigns a person is currently a member of."""
    ids = await uow.campaigns.joined_ids(person_id)
    return [view(row) for row in await uow.campaigns.all() if row.id in ids]


async def is_member(uow: UnitOfWork, person_id: int, campaign_id: int) -> bool:
    """True when the person is currently a member."""
    membership = await uow.campaigns.membership(person_id, campaign_id)
    return membership is not None and membership.left_at is None


async def enrol(uow: UnitOfWork, person_id: int, campaign_id: int, referral: str | None = None) -> bool:
    """Make a person a member (again), crediting a referrer's code; False if already a member. Part of the
    caller's action: it does not commit."""
    existing = await uow.campaigns.membership(person_id, campaign_id)
    if existing is not None:
        if existing.left_at is None:
            return False
        await uow.campaigns.rejoin(existing.id, utcnow())
        return True
    referrer_id = None
    if referral:
        referrer = await uow.people.by_referral_code(referral)
        if referrer is not None and referrer.id != person_id:
            referrer_id = referrer.id
    # False on a double tap: the other update joined first.
    return await uow.campaigns.add_membership_once(person_id, campaign_id, referrer_id, utcnow())


async def join(uow: UnitOfWork, person_id: int, campaign_id: int, referral: str | None = None) -> bool:
    """Join (or rejoin) a campaign, crediting a referrer's code; False if already a member."""
    joined = await enrol(uow, person_id, campaign_id, referral)
    if joined:
        await uow.commit()
    return joined


async def leave(uow: UnitOfWork, person_id: int, campaign_id: int) -> bool:
    """Leave a campaign; False if the person was not a member."""
    changed = await uow.campaigns.leave(person_id, campaign_id, utcnow())
    await uow.commit()
    return changed > 0


LINK_BASES = {"telegram": "https://t.me", "bale": "https://ble.ir"}


def campaign_link(platform: str, bot_username: str, slug: str, referral: str | None = None) -> str:
    """The deep link that opens a campaign (crediting a referral code) on Telegram or Bale."""
    payload = f"c_{slug}__{referral}" if referral else f"c_{slug}"
    return f"{LINK_BASES.get(platform, LINK_BASES['telegram'])}/{bot_username.lstrip('@')}?start={payload}"

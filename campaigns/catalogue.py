"""The catalogue: which campaigns a person sees, a campaign's standing, joining and leaving."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns.jalali import IRAN_TZ
from campaigns.kinds import CampaignDefinition, CampaignKind, CampaignStatus, GoalKind
from storage.models import Campaign, Membership, utcnow
from storage.repositories.campaigns import CampaignRepository
from storage.repositories.people import PeopleRepository


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


@dataclass(frozen=True)
class Progress:
    """How far a campaign is towards its goal."""

    current: int
    target: int
    goal_kind: GoalKind

    @property
    def percent(self) -> int:
        """Whole percent reached (may pass 100)."""
        return self.current * 100 // self.target if self.target else 0


def today_in_iran() -> date:
    """Today's date in Iran."""
    return datetime.now(IRAN_TZ).date()


def view(row: Campaign) -> CampaignView:
    """The DTO of a campaign row."""
    definition = CampaignDefinition.model_validate(row.definition)
    return CampaignView(id=row.id, slug=row.slug, kind=definition.kind, definition=definition)


async def by_slug(session: AsyncSession, slug: str) -> CampaignView | None:
    """A campaign by slug."""
    row = await CampaignRepository(session).by_slug(slug)
    return view(row) if row else None


async def by_id(session: AsyncSession, campaign_id: int) -> CampaignView | None:
    """A campaign by id."""
    row = await CampaignRepository(session).by_id(campaign_id)
    return view(row) if row else None


async def exists(session: AsyncSession, campaign_id: int) -> bool:
    """True when a campaign of this id exists (whatever its status; its definition is not read)."""
    return await CampaignRepository(session).by_id(campaign_id) is not None


async def listing(session: AsyncSession, province_code: str | None, today: date | None = None,
                  *, include_ended: bool = False) -> list[CampaignView]:
    """Campaigns a person can take part in: those covering their province first, then national ones."""
    today = today or today_in_iran()
    campaigns = [view(row) for row in await CampaignRepository(session).all()]
    shown = [c for c in campaigns if (include_ended or c.openness(today) in (Openness.OPEN, Openness.UPCOMING))
             and (not c.regions or c.covers(province_code))]
    return sorted(shown, key=lambda c: (not (c.regions and c.covers(province_code)),
                                        c.openness(today) != Openness.OPEN, c.id))


async def my_campaigns(session: AsyncSession, person_id: int) -> list[CampaignView]:
    """The campaigns a person is currently a member of."""
    repo = CampaignRepository(session)
    ids = await repo.joined_ids(person_id)
    return [view(row) for row in await repo.all() if row.id in ids]


async def is_member(session: AsyncSession, person_id: int, campaign_id: int) -> bool:
    """True when the person is currently a member."""
    membership = await CampaignRepository(session).membership(person_id, campaign_id)
    return membership is not None and membership.left_at is None


async def join(session: AsyncSession, person_id: int, campaign_id: int, referral: str | None = None) -> bool:
    """Join (or rejoin) a campaign, crediting a referrer's code; False if already a member."""
    repo = CampaignRepository(session)
    existing = await repo.membership(person_id, campaign_id)
    if existing is not None:
        if existing.left_at is None:
            return False
        await repo.rejoin(existing.id, utcnow())
        await session.commit()
        return True
    referrer_id = None
    if referral:
        referrer = await PeopleRepository(session).by_referral_code(referral)
        if referrer is not None and referrer.id != person_id:
            referrer_id = referrer.id
    repo.add_membership(Membership(person_id=person_id, campaign_id=campaign_id, referred_by_id=referrer_id,
                                   joined_at=utcnow()))
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()  # a double tap: the other update joined first
        return False
    return True


async def leave(session: AsyncSession, person_id: int, campaign_id: int) -> bool:
    """Leave a campaign; False if the person was not a member."""
    changed = await CampaignRepository(session).leave(person_id, campaign_id, utcnow())
    await session.commit()
    return changed > 0


async def progress(session: AsyncSession, campaign: CampaignView) -> Progress:
    """A campaign's progress towards its goal, measured the way its goal and kind say."""
    from campaigns import energy, pledges

    goal = campaign.definition.goal
    if campaign.kind == CampaignKind.ENERGY_SAVING:
        totals = await energy.campaign_total(session, campaign)
        current = totals.wheelchairs if goal.kind == GoalKind.ITEMS else totals.saved
    elif goal.kind == GoalKind.COUNT:
        current = await CampaignRepository(session).member_count(campaign.id)
    elif goal.kind == GoalKind.ITEMS:
        current = await pledges.items_pledged(session, campaign.id)
    else:
        current = await pledges.tomans_pledged(session, campaign.id)
    return Progress(current=current, target=goal.target, goal_kind=goal.kind)


LINK_BASES = {"telegram": "https://t.me", "bale": "https://ble.ir"}


def campaign_link(platform: str, bot_username: str, slug: str, referral: str | None = None) -> str:
    """The deep link that opens a campaign (crediting a referral code) on Telegram or Bale."""
    payload = f"c_{slug}__{referral}" if referral else f"c_{slug}"
    return f"{LINK_BASES.get(platform, LINK_BASES['telegram'])}/{bot_username.lstrip('@')}?start={payload}"

"""How far a campaign is towards its goal, measured the way its goal and kind say.

Apart from the catalogue so that the catalogue does not import the energy drive (which speaks of the
catalogue's campaigns): members counted, items or tomans pledged, or an energy drive's saving."""

from __future__ import annotations

from dataclasses import dataclass

from campaigns import energy
from campaigns.catalogue import CampaignView
from campaigns.kinds import CampaignKind, GoalKind
from storage.unit_of_work import UnitOfWork


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


async def measure(uow: UnitOfWork, campaign: CampaignView) -> Progress:
    """A campaign's progress towards its goal (cancelled pledges do not count)."""
    goal = campaign.definition.goal
    if campaign.kind == CampaignKind.ENERGY_SAVING:
        totals = await energy.campaign_total(uow, campaign)
        current = totals.wheelchairs if goal.kind == GoalKind.ITEMS else totals.saved
    elif goal.kind == GoalKind.COUNT:
        current = await uow.campaigns.member_count(campaign.id)
    elif goal.kind == GoalKind.ITEMS:
        current = await uow.pledges.items(campaign.id)
    else:
        current = await uow.pledges.tomans(campaign.id)
    return Progress(current=current, target=goal.target, goal_kind=goal.kind)

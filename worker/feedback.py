"""The monthly area message as each person reads it: written at send time from campaigns/area_feedback.py's
`compose` (their area's stored figures and their campaigns), in their language, with a button per campaign
and then the broadcast's own buttons: campaigns/broadcasts/buttons.py gives it the one to stop these monthly
messages."""

from __future__ import annotations

from typing import Any

from campaigns import area_feedback
from campaigns.area_feedback import Figures, MonthlyMessage
from campaigns.broadcasts.buttons import button_rows
from campaigns.broadcasts.dto import Outgoing
from campaigns.callbacks import CampaignAction, CampaignButton
from campaigns.errors import BadRequest
from campaigns.jalali import format_period
from campaigns.regions import Regions, load_regions
from i18n import Translator, translator
from storage.unit_of_work import UnitOfWorkFactory
from worker.botapi import inline_keyboard


def place_name(figures: Figures, regions: Regions, language: str) -> str:
    """The area's own name: the neighbourhood, the county or the province."""
    if figures.level == "neighbourhood":
        return figures.neighbourhood or ""
    found = regions.county(figures.county_code) if figures.level == "county" else regions.province(
        figures.province_code)
    return found.name(language) if found else ""


def text(message: MonthlyMessage, t: Translator, regions: Regions) -> str:
    """The message: a title, each campaign's lines by area, then volunteer hours by area."""
    language = t.language
    lines = [t("feedback-title", month=format_period(message.period, language))]
    for campaign in message.campaigns:
        lines += ["", t("feedback-campaign", title=campaign.title.get(language) or campaign.title.get("fa") or "")]
        if not campaign.areas:
            lines.append(t("feedback-nothing"))
        for figures in campaign.areas:
            line = t("feedback-area", level=figures.level, place=place_name(figures, regions, language),
                     pledges=figures.pledges, amount=figures.amount, fulfilled=figures.fulfilled)
            if campaign.energy:
                line += t("feedback-wheelchairs", wheelchairs=figures.wheelchairs)
            lines.append(line)
    hours = [f for f in message.hours if f.minutes]
    if hours:
        lines += ["", t("feedback-hours-title")]
        lines += [t("feedback-hours", level=f.level, place=place_name(f, regions, language), hours=f.minutes // 60)
                  for f in hours]
    lines += ["", t("feedback-footer")]
    return "\n".join(lines)


def keyboard(message: MonthlyMessage, outgoing: Outgoing, t: Translator) -> dict[str, Any]:
    """A button per campaign (its page), then the delivery's own buttons as campaigns/broadcasts/buttons.py words
    them: the send loop built them with its stop button already decided there (this message's `MONTHLY_STOP`,
    «stop the monthly report», never «stop these messages» for every campaign)."""
    rows = [[{"text": campaign.title.get(t.language) or campaign.title.get("fa") or "?",
              "callback_data": CampaignButton(action=CampaignAction.OPEN, id=campaign.campaign_id).pack()}]
            for campaign in message.campaigns]
    rows += button_rows(outgoing.kind, outgoing.buttons, outgoing.campaign_id, outgoing.broadcast_id, t,
                        outgoing.text_key)
    return inline_keyboard(rows)


class FeedbackRenderer:
    """Writes the monthly area message of one delivery: one query per message (two for the first person of
    an area), at the send rate."""

    def __init__(self, uows: UnitOfWorkFactory, regions: Regions | None = None) -> None:
        self.uows = uows
        self.regions = regions or load_regions()
        self.cache = area_feedback.ComposeCache()

    @staticmethod
    def handles(message: Outgoing) -> bool:
        """True for the monthly area message."""
        return message.text_key == area_feedback.TEXT_KEY

    async def render(self, message: Outgoing) -> tuple[str, dict[str, Any]]:
        """The text and buttons of one person's message; BadRequest (not sent, not retried) when there is
        nothing to say any more (forgotten, or no campaign left)."""
        async with self.uows() as uow:
            composed = await area_feedback.compose(uow, message.delivery_id, self.cache)
        if composed is None:
            raise BadRequest("nothing to report")
        t = translator(composed.language)
        return text(composed, t, self.regions), keyboard(composed, message, t)

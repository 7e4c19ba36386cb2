"""Checks made before anything is queued; each failure is a Refusal code with a locale text."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from campaigns.broadcasts.dto import BroadcastRefused, ButtonKind, MessageSpec, Refusal
from campaigns.jalali import IRAN_TZ
from storage.models import Campaign
from storage.unit_of_work import UnitOfWork

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
# Telegram and Bale file ids are long URL-safe base64 strings.
_FILE_ID = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def check_message(message: MessageSpec) -> None:
    """Refuse an empty or over-long text, a malformed photo reference or a bad link."""
    if message.text_key is None and not (message.text or "").strip():
        raise BroadcastRefused(Refusal.EMPTY_TEXT)
    length = len(message.text or "")
    if message.photo is not None:
        if length > CAPTION_LIMIT:
            raise BroadcastRefused(Refusal.CAPTION_TOO_LONG, length=length, limit=CAPTION_LIMIT)
        if not (_URL.match(message.photo) or _FILE_ID.match(message.photo)):
            raise BroadcastRefused(Refusal.BAD_PHOTO)
    elif length > TEXT_LIMIT:
        raise BroadcastRefused(Refusal.TEXT_TOO_LONG, length=length, limit=TEXT_LIMIT)
    for button in message.buttons:
        if button.kind is ButtonKind.LINK and not (button.value and _URL.match(button.value)
                                                   and button.value.lower().startswith("https://")):
            raise BroadcastRefused(Refusal.BAD_LINK)
        if button.kind in (ButtonKind.LINK, ButtonKind.REPLY) and not (button.label or "").strip():
            raise BroadcastRefused(Refusal.EMPTY_TEXT)


def check_schedule(at: datetime | None, now: datetime) -> None:
    """Refuse a schedule in the past (a minute of grace for the time spent typing)."""
    if at is not None and at < now - timedelta(minutes=1):
        raise BroadcastRefused(Refusal.SCHEDULE_IN_PAST)


async def check_campaign(uow: UnitOfWork, campaign_id: int | None, now: datetime) -> Campaign | None:
    """The campaign a broadcast speaks for; refuse one that is unknown or has ended."""
    if campaign_id is None:
        return None
    campaign = await uow.campaigns.by_id(campaign_id)
    if campaign is None:
        raise BroadcastRefused(Refusal.UNKNOWN_CAMPAIGN)
    today = now.astimezone(IRAN_TZ).date()
    if campaign.status in ("ended", "archived", "closed") or (campaign.ends_on is not None
                                                              and campaign.ends_on < today):
        raise BroadcastRefused(Refusal.CAMPAIGN_ENDED)
    return campaign

"""Builders for broadcast tests: people in bulk, campaigns, and a recording fake Sender."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns.broadcasts import BroadcastPlan
from campaigns.broadcasts.dto import Outgoing
from campaigns.errors import SendError
from storage.models import Campaign, Person, utcnow

# A plan with no quiet hours: sent whatever the hour.
NO_QUIET = BroadcastPlan(quiet_hours=None)


async def add_people(session: AsyncSession, count: int, *, platform: str = "telegram", first_chat: int = 1000,
                     **fields: Any) -> list[int]:
    """Insert onboarded people with chat ids first_chat.. in one statement; return their ids."""
    now = utcnow()
    rows = [{"platform": platform, "platform_user_id": first_chat + i, "chat_id": first_chat + i,
             "language": "fa", "referral_code": f"r{platform[0]}{first_chat + i}", "onboarded_at": now,
             "consent_at": now, "created_at": now - timedelta(days=30), "last_seen_at": now,
             "province_code": "isfahan", "unreachable": False, **fields} for i in range(count)]
    result = await session.execute(insert(Person).returning(Person.id), rows)
    ids = sorted(result.scalars().all())
    await session.commit()
    return ids


async def add_campaign(session: AsyncSession, slug: str = "winter", ends_on: date | None = None,
                       status: str = "active", definition: dict[str, Any] | None = None) -> int:
    """Insert a campaign; return its id."""
    campaign = Campaign(slug=slug, kind="cash", status=status, ends_on=ends_on, regions=[],
                        definition=definition or {}, checksum="x")
    session.add(campaign)
    await session.commit()
    return campaign.id


@dataclass
class FakeSender:
    """Records every send; `errors` maps a chat id to the errors its next sends raise, in order."""

    errors: dict[int, list[SendError]] = field(default_factory=dict)
    sent: list[tuple[float, Outgoing]] = field(default_factory=list)
    attempts: list[tuple[float, int, str]] = field(default_factory=list)

    async def send(self, message: Outgoing) -> None:
        """Record or raise."""
        now = time.monotonic()
        queue = self.errors.get(message.chat_id)
        if queue:
            error = queue.pop(0)
            self.attempts.append((now, message.chat_id, type(error).__name__))
            raise error
        self.attempts.append((now, message.chat_id, "ok"))
        self.sent.append((now, message))

    def chats(self) -> list[int]:
        """Chat ids delivered to, in order."""
        return [message.chat_id for _, message in self.sent]


def counts(values: Iterable[int]) -> dict[int, int]:
    """How many times each value occurs."""
    result: dict[int, int] = {}
    for value in values:
        result[value] = result.get(value, 0) + 1
    return result


def at_iran(hour: int, minute: int = 0, day: datetime | None = None) -> datetime:
    """A UTC moment that is hour:minute in Iran."""
    base = (day or datetime(2025, 1, 15, tzinfo=utcnow().tzinfo))
    return base.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(hours=hour - 3.5, minutes=minute)

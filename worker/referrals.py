"""The referral reminders: every few minutes, the managers of each referral gone overdue (not contacted 48 hours
after a "today" referral, 7 days after a "this week" one) are reminded once, through the outbox."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from campaigns import referrals
from storage.models import utcnow
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)

REMIND_EVERY = 300.0  # seconds between looks: an overdue referral is reminded within five minutes


async def run_referral_reminders(uows: UnitOfWorkFactory, stop: asyncio.Event, every: float = REMIND_EVERY,
                                 clock: Callable[[], datetime] = utcnow) -> None:
    """Remind the managers of overdue referrals until `stop` is set (safe in several processes: each referral's
    reminder is claimed by one conditional update)."""
    while not stop.is_set():
        try:
            async with uows() as uow:
                reminded = await referrals.remind_overdue(uow, clock())
            if reminded:
                log.info("overdue referrals reminded", extra={"count": reminded})
        except Exception:
            log.exception("referral reminders failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)

"""Creating broadcasts (validated, then written to the outbox in batches) and opting out or in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from campaigns.broadcasts import audience, outbox
from campaigns.broadcasts import quiet as quiet_hours
from campaigns.broadcasts.audience import Exclusions
from campaigns.broadcasts.dto import BroadcastKind, BroadcastRefused, ButtonKind, MessageSpec, Refusal, Segment
from campaigns.broadcasts.validation import check_campaign, check_message, check_schedule
from storage.models import utcnow
from storage.models.broadcasts import Broadcast, BroadcastStatus
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Manager:
    """Who asked for a broadcast and where their progress message goes."""

    person_id: int | None
    platform: str | None = None
    chat_id: int | None = None


@dataclass(frozen=True)
class BroadcastPlan:
    """Everything a broadcast needs besides its message and audience."""

    campaign_id: int | None = None
    emergency: bool = False
    at: datetime | None = None
    # The deployment's QUIET_HOURS by default (campaigns/broadcasts/quiet.py); a campaign's own setting wins.
    quiet_hours: str | None = field(default_factory=quiet_hours.configured)
    skip_recent_days: int | None = None
    message_key: str | None = None
    schedule_id: int | None = None
    schedule_days: int | None = None
    # SERVICE: a notice to named people delivered by its caller (no stop button, not held back by opting out).
    kind: BroadcastKind = BroadcastKind.ORDINARY


async def prepare_broadcast(uow: UnitOfWork, segment: Segment, message: MessageSpec,
                            plan: BroadcastPlan = BroadcastPlan(), manager: Manager = Manager(None),
                            now: datetime | None = None, allow_empty: bool = False,
                            audience_size: int | None = None) -> int:
    """Validate and stage a broadcast row (not yet committed, no deliveries yet); returns its id.

    `audience_size`: the audience as the caller just counted it (with this plan's exclusions), so it is
    not counted again; an empty audience is refused unless `allow_empty`."""
    now = now or utcnow()
    check_message(message)
    check_schedule(plan.at, now)
    campaign = await check_campaign(uow, plan.campaign_id, now)
    quiet = plan.quiet_hours
    if campaign is not None and "quiet_hours" in (campaign.definition or {}):
        quiet = campaign.definition["quiet_hours"]
    exclusions = Exclusions(campaign_id=plan.campaign_id, recent_days=plan.skip_recent_days,
                            message_key=plan.message_key, schedule_id=plan.schedule_id,
                            schedule_days=plan.schedule_days)
    if not allow_empty:
        size = audience_size if audience_size is not None else await audience.count(uow, segment, exclusions, now)
        if size == 0:
            raise BroadcastRefused(Refusal.EMPTY_AUDIENCE)
    broadcast = Broadcast(
        campaign_id=plan.campaign_id, schedule_id=plan.schedule_id, status=BroadcastStatus.PREPARING,
        emergency=plan.emergency, kind=plan.kind, text=message.text, text_key=message.text_key,
        text_args=dict(message.text_args),
        photo=message.photo, buttons=[b.to_json() for b in message.buttons],
        segment={"segment": segment.to_json(), "exclusions": asdict(exclusions)},
        quiet_hours=None if plan.emergency else quiet, skip_recent_days=plan.skip_recent_days,
        message_key=plan.message_key, not_before=plan.at, manager_platform=manager.platform,
        manager_chat_id=manager.chat_id, created_by_id=manager.person_id, created_at=now)
    return await uow.broadcasts.add(broadcast)


async def notify(uow: UnitOfWork, person_ids: Sequence[int], text_key: str, now: datetime | None = None,
                 *, any_hour: bool = False, not_before: datetime | None = None, **text_args: Any) -> int:
    """Stage a service notice (a locale id, rendered per reader) to these people in the caller's transaction: the
    worker sends it once that commits, with no stop button and even to a person who stopped broadcasts; nothing
    is sent for an action that is rolled back. Held by the deployment's quiet hours unless `any_hour` (an answer to
    the reader's own request), and never sent before `not_before` when given (a teen's morning: the moment stays
    on each delivery). How many it reaches."""
    if not person_ids:
        return 0
    now = now or utcnow()
    broadcast_id = await prepare_broadcast(uow, Segment(), MessageSpec(text_key=text_key, text_args=text_args),
                                           BroadcastPlan(kind=BroadcastKind.SERVICE,
                                                         quiet_hours=None if any_hour else quiet_hours.configured()),
                                           now=now, allow_empty=True)
    total = await uow.broadcasts.deliver_to(broadcast_id, person_ids, not_before)
    await outbox.start(uow, broadcast_id, total)
    return total


async def sending_starts(uow: UnitOfWork, campaign_id: int | None, at: datetime | None = None,
                         now: datetime | None = None) -> datetime | None:
    """When an ordinary broadcast queued now (for `at`) will start because of quiet hours (the campaign's own
    or the deployment's), or None when nothing holds it back: the composer says so before the manager sends."""
    spec = quiet_hours.configured()
    if campaign_id is not None:
        campaign = await uow.campaigns.by_id(campaign_id)
        if campaign is not None and "quiet_hours" in (campaign.definition or {}):
            spec = campaign.definition["quiet_hours"]
    return quiet_hours.sending_starts(now or utcnow(), spec, at)


async def create_broadcast(uow: UnitOfWork, segment: Segment, message: MessageSpec,
                           plan: BroadcastPlan = BroadcastPlan(), manager: Manager = Manager(None),
                           now: datetime | None = None, batch: int = outbox.FILL_BATCH) -> int:
    """Validate, then queue a broadcast: its deliveries are written in batches once it is committed; returns
    its id."""
    broadcast_id = await prepare_broadcast(uow, segment, message, plan, manager, now)
    complete_after_commit(uow, broadcast_id, batch)
    await uow.commit()
    return broadcast_id


def complete_after_commit(uow: UnitOfWork, broadcast_id: int, batch: int = outbox.FILL_BATCH) -> None:
    """Write a staged broadcast's deliveries and start it once the action's commit succeeded (the unit of work's
    after-commit seam: nothing is queued for a broadcast that was rolled back)."""

    async def write_deliveries() -> None:
        await complete(uow, broadcast_id, batch)

    uow.after_commit(write_deliveries)


async def complete(uow: UnitOfWork, broadcast_id: int, batch: int = outbox.FILL_BATCH) -> int:
    """Write (or finish writing, after a crash) a broadcast's deliveries and start it; returns its id.

    Runs after the broadcast row is committed: each batch of deliveries is its own commit (resumable)."""
    total = await outbox.fill(uow, broadcast_id, batch)
    await outbox.start(uow, broadcast_id, total)
    await uow.commit()
    return broadcast_id


async def resume_preparing(uow: UnitOfWork) -> list[int]:
    """Finish broadcasts left half-written by a crash (run by a worker at start)."""
    return [await complete(uow, broadcast_id) for broadcast_id in await uow.broadcasts.preparing_ids()]


async def opt_out(uow: UnitOfWork, person_id: int, campaign_id: int | None, now: datetime | None = None) -> None:
    """Stop one campaign's broadcasts to a person (or every campaign's, with no campaign); commits."""
    now = now or utcnow()
    if campaign_id is None:
        await uow.broadcasts.opt_out_everywhere(person_id, now)
    else:
        await uow.broadcasts.opt_out_of(person_id, campaign_id, now)
    await uow.commit()


async def reply_choice_known(uow: UnitOfWork, broadcast_id: int, person_id: int, choice: int) -> bool:
    """True when a broadcast was sent to this person and its button number `choice` is a reply choice."""
    buttons = await uow.broadcasts.buttons_sent(broadcast_id, person_id)
    return buttons is not None and 0 <= choice < len(buttons) and buttons[choice].get("kind") == ButtonKind.REPLY


async def optin(uow: UnitOfWork, person_id: int, campaign_id: int) -> None:
    """Receive a campaign's broadcasts again (from the campaign page); also lifts a global /stop; commits."""
    await uow.broadcasts.opt_in(person_id, campaign_id)
    await uow.commit()

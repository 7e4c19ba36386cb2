"""Creating broadcasts (validated, then written to the outbox in batches) and opting out or in."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns.broadcasts import audience, outbox
from campaigns.broadcasts import quiet as quiet_hours
from campaigns.broadcasts.audience import Exclusions
from campaigns.broadcasts.dto import BroadcastRefused, ButtonKind, MessageSpec, Refusal, Segment
from campaigns.broadcasts.validation import check_campaign, check_message, check_schedule
from storage.models import Membership, Person, utcnow
from storage.models.broadcasts import Broadcast, BroadcastStatus, Delivery
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


async def prepare_broadcast(session: AsyncSession, segment: Segment, message: MessageSpec,
                            plan: BroadcastPlan = BroadcastPlan(), manager: Manager = Manager(None),
                            now: datetime | None = None, allow_empty: bool = False) -> Broadcast:
    """Validate and stage a broadcast row (not yet committed, no deliveries yet)."""
    now = now or utcnow()
    check_message(message)
    check_schedule(plan.at, now)
    campaign = await check_campaign(session, plan.campaign_id, now)
    quiet = plan.quiet_hours
    if campaign is not None and "quiet_hours" in (campaign.definition or {}):
        quiet = campaign.definition["quiet_hours"]
    exclusions = Exclusions(campaign_id=plan.campaign_id, recent_days=plan.skip_recent_days,
                            message_key=plan.message_key, schedule_id=plan.schedule_id,
                            schedule_days=plan.schedule_days)
    if not allow_empty and await audience.count(session, segment, exclusions, now) == 0:
        raise BroadcastRefused(Refusal.EMPTY_AUDIENCE)
    broadcast = Broadcast(
        campaign_id=plan.campaign_id, schedule_id=plan.schedule_id, status=BroadcastStatus.PREPARING,
        emergency=plan.emergency, text=message.text, text_key=message.text_key, text_args=dict(message.text_args),
        photo=message.photo, buttons=[b.to_json() for b in message.buttons],
        segment={"segment": segment.to_json(), "exclusions": asdict(exclusions)},
        quiet_hours=None if plan.emergency else quiet, skip_recent_days=plan.skip_recent_days,
        message_key=plan.message_key, not_before=plan.at, manager_platform=manager.platform,
        manager_chat_id=manager.chat_id, created_by_id=manager.person_id, created_at=now)
    session.add(broadcast)
    await session.flush()
    return broadcast


async def sending_starts(session: AsyncSession, campaign_id: int | None, at: datetime | None = None,
                         now: datetime | None = None) -> datetime | None:
    """When an ordinary broadcast queued now (for `at`) will start because of quiet hours (the campaign's own
    or the deployment's), or None when nothing holds it back: the composer says so before the manager sends."""
    spec = quiet_hours.configured()
    if campaign_id is not None:
        campaign = await UnitOfWork(session).campaigns.by_id(campaign_id)
        if campaign is not None and "quiet_hours" in (campaign.definition or {}):
            spec = campaign.definition["quiet_hours"]
    return quiet_hours.sending_starts(now or utcnow(), spec, at)


async def create_broadcast(session: AsyncSession, segment: Segment, message: MessageSpec,
                           plan: BroadcastPlan = BroadcastPlan(), manager: Manager = Manager(None),
                           now: datetime | None = None, batch: int = outbox.FILL_BATCH) -> int:
    """Validate, then queue a broadcast: its deliveries are written in batches; returns its id."""
    broadcast = await prepare_broadcast(session, segment, message, plan, manager, now)
    await session.commit()
    return await complete(session, broadcast.id, batch)


async def complete(session: AsyncSession, broadcast_id: int, batch: int = outbox.FILL_BATCH) -> int:
    """Write (or finish writing, after a crash) a broadcast's deliveries and start it; returns its id."""
    total = await outbox.fill(session, broadcast_id, batch)
    await outbox.start(session, broadcast_id, total)
    await session.commit()
    return broadcast_id


async def resume_preparing(session: AsyncSession) -> list[int]:
    """Finish broadcasts left half-written by a crash (run by a worker at start)."""
    ids = (await session.execute(select(Broadcast.id).where(
        Broadcast.status == BroadcastStatus.PREPARING))).scalars().all()
    return [await complete(session, broadcast_id) for broadcast_id in ids]


async def opt_out(session: AsyncSession, person_id: int, campaign_id: int | None, now: datetime | None = None
                  ) -> None:
    """Stop one campaign's broadcasts to a person (or every campaign's, with no campaign); commits."""
    now = now or utcnow()
    if campaign_id is None:
        await session.execute(update(Person).where(Person.id == person_id).values(opted_out_at=now))
    else:
        membership = (await session.execute(select(Membership).where(
            Membership.person_id == person_id, Membership.campaign_id == campaign_id))).scalar_one_or_none()
        if membership is None:
            # Not a member: a left membership row carries the opt-out without joining them.
            session.add(Membership(person_id=person_id, campaign_id=campaign_id, joined_at=now, left_at=now,
                                   opted_out=True))
        else:
            membership.opted_out = True
    await session.commit()


async def reply_choice_known(session: AsyncSession, broadcast_id: int, person_id: int, choice: int) -> bool:
    """True when a broadcast was sent to this person and its button number `choice` is a reply choice."""
    buttons = (await session.execute(select(Broadcast.buttons).join(Delivery, Delivery.broadcast_id == Broadcast.id)
                                     .where(Broadcast.id == broadcast_id, Delivery.person_id == person_id))
               ).scalar_one_or_none()
    return buttons is not None and 0 <= choice < len(buttons) and buttons[choice].get("kind") == ButtonKind.REPLY


async def optin(session: AsyncSession, person_id: int, campaign_id: int) -> None:
    """Receive a campaign's broadcasts again (from the campaign page); also lifts a global /stop; commits."""
    await session.execute(update(Membership).where(Membership.person_id == person_id,
                                                   Membership.campaign_id == campaign_id)
                          .values(opted_out=False).execution_options(synchronize_session=False))
    await session.execute(update(Person).where(Person.id == person_id).values(opted_out_at=None)
                          .execution_options(synchronize_session=False))
    await session.commit()

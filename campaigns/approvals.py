"""The broadcast composer's domain: audiences narrowed to the manager's region, the two-person rule,
queueing through the engine, and watching, pausing and cancelling."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from campaigns.audit import Actor, record
from campaigns.broadcasts import audience, control
from campaigns.broadcasts.audience import Exclusions
from campaigns.broadcasts.dto import ButtonSpec, MessageSpec, Segment
from campaigns.broadcasts.service import BroadcastPlan, Manager, complete_after_commit, notify, prepare_broadcast
from campaigns.broadcasts.validation import check_campaign, check_message, check_schedule
from campaigns.errors import Refused
from campaigns.regions import load_regions
from campaigns.roles import Scope, scope_of_actor
from storage.models import utcnow
from storage.models.broadcasts import Broadcast
from storage.models.roles import ApprovalRequest, ApprovalStatus, RoleLevel
from storage.unit_of_work import UnitOfWork


class ComposerRefusal(enum.StrEnum):
    """Why a composer action was refused (locale id: compose-refused-<code>); nothing changed."""

    OUT_OF_SCOPE = "out-of-scope"
    OWN_BROADCAST = "own-broadcast"
    NOT_PENDING = "not-pending"
    NOT_FOUND = "not-found"


class ComposerError(Refused[ComposerRefusal]):
    """A refused composer action."""


@dataclass(frozen=True)
class Draft:
    """A composed broadcast: message, chosen audience, campaign, and when."""

    text: str
    photo: str | None = None
    buttons: tuple[ButtonSpec, ...] = ()
    segment: Segment = field(default_factory=Segment)
    campaign_id: int | None = None
    at: datetime | None = None

    def message(self) -> MessageSpec:
        """The engine's message spec."""
        return MessageSpec(text=self.text, photo=self.photo, buttons=self.buttons)


@dataclass(frozen=True)
class Submitted:
    """What became of a submitted draft: queued (broadcast id) or waiting for approval (request id)."""

    count: int
    broadcast_id: int | None = None
    approval_id: int | None = None


@dataclass(frozen=True)
class ApprovalView:
    """A broadcast waiting for a second manager, as the approver sees it."""

    id: int
    composer_id: int | None
    text: str
    photo: str | None
    audience: str
    count: int
    at: datetime | None
    status: ApprovalStatus


def scoped_segment(scope: Scope, segment: Segment) -> Segment:
    """The segment held inside the manager's region; naming a place outside it is refused."""
    if scope.national:
        return segment
    regions = load_regions()
    if any(code != scope.province_code for code in segment.provinces):
        raise ComposerError(ComposerRefusal.OUT_OF_SCOPE)
    for code in segment.counties:
        county = regions.county(code)
        if county is None or not scope.covers(county.province_code, county.code):
            raise ComposerError(ComposerRefusal.OUT_OF_SCOPE)
    if scope.level is RoleLevel.PROVINCIAL:
        return replace(segment, provinces=(scope.province_code or "",))
    return replace(segment, provinces=(scope.province_code or "",), counties=(scope.county_code or "",))


def region_of(segment: Segment) -> tuple[str | None, str | None]:
    """The single province and county a segment is held to, if any."""
    if len(segment.counties) == 1:
        county = load_regions().county(segment.counties[0])
        return (county.province_code if county else None), segment.counties[0]
    if len(segment.provinces) == 1:
        return segment.provinces[0], None
    return None, None


def _region_scope(province_code: str | None, county_code: str | None) -> Scope:
    if county_code:
        return Scope(RoleLevel.COUNTY, province_code, county_code)
    if province_code:
        return Scope(RoleLevel.PROVINCIAL, province_code)
    return Scope(RoleLevel.NATIONAL)


async def count(uow: UnitOfWork, actor: Actor, segment: Segment, campaign_id: int | None = None) -> int:
    """How many people in the manager's region the segment reaches (the engine's own count)."""
    held = scoped_segment(scope_of_actor(actor), segment)
    return await audience.count(uow, held, Exclusions(campaign_id=campaign_id))


async def _queue(uow: UnitOfWork, actor: Actor, segment: Segment, message: MessageSpec,
                 plan: BroadcastPlan, manager: Manager, description: str, action: str,
                 details: dict[str, Any], total: int | None = None) -> tuple[int, int]:
    """Stage the broadcast and its audit entry (the caller commits); its deliveries are written once that
    commit succeeded."""
    # The audience is counted once per action: a caller that just counted it passes `total` on.
    if total is None:
        total = await audience.count(uow, segment, Exclusions(campaign_id=plan.campaign_id))
    broadcast_id = await prepare_broadcast(uow, segment, message, plan, manager, audience_size=total)
    province, county = region_of(segment)
    record(uow, actor, action, {**details, "broadcast_id": broadcast_id,
                                "at": plan.at.isoformat() if plan.at else None},
           audience=description, count=total, province_code=province, county_code=county)
    complete_after_commit(uow, broadcast_id)
    return broadcast_id, total


async def submit(uow: UnitOfWork, actor: Actor, draft: Draft, description: str, manager: Manager,
                 threshold: int) -> Submitted:
    """Queue the draft, or, for an audience over the threshold, hold it for a second manager; commits."""
    segment = scoped_segment(scope_of_actor(actor), draft.segment)
    total = await audience.count(uow, segment, Exclusions(campaign_id=draft.campaign_id))
    plan = BroadcastPlan(campaign_id=draft.campaign_id, at=draft.at)
    if total <= threshold:
        broadcast_id, total = await _queue(uow, actor, segment, draft.message(), plan, manager, description,
                                           "broadcast_send", {}, total)
        await uow.commit()
        return Submitted(total, broadcast_id=broadcast_id)
    # Validate now so the approver never sees a message the engine would refuse.
    check_message(draft.message())
    check_schedule(draft.at, utcnow())
    await check_campaign(uow, draft.campaign_id, utcnow())
    province, county = region_of(segment)
    approval_id = await uow.roles.add_approval(
        composer_id=actor.person_id, composer_platform=manager.platform, composer_chat_id=manager.chat_id,
        status=ApprovalStatus.PENDING.value,
        message={"text": draft.text, "photo": draft.photo, "buttons": [b.to_json() for b in draft.buttons]},
        segment=segment.to_json(), campaign_id=draft.campaign_id, at=draft.at, audience=description,
        count=total, province_code=province, county_code=county)
    record(uow, actor, "broadcast_request", {"approval_id": approval_id, "threshold": threshold},
           audience=description, count=total, province_code=province, county_code=county)
    await uow.commit()
    return Submitted(total, approval_id=approval_id)


def _view(row: ApprovalRequest) -> ApprovalView:
    return ApprovalView(row.id, row.composer_id, str(row.message.get("text") or ""), row.message.get("photo"),
                        row.audience, row.count, row.at, ApprovalStatus(row.status))


async def _reviewable(uow: UnitOfWork, actor: Actor, approval_id: int, deciding: bool = True
                      ) -> ApprovalRequest:
    row = await uow.roles.approval(approval_id)
    if row is None:
        raise ComposerError(ComposerRefusal.NOT_FOUND)
    if not scope_of_actor(actor).contains(_region_scope(row.province_code, row.county_code)):
        raise ComposerError(ComposerRefusal.OUT_OF_SCOPE)
    if row.status != ApprovalStatus.PENDING:
        raise ComposerError(ComposerRefusal.NOT_PENDING)
    if deciding and row.composer_id == actor.person_id:
        raise ComposerError(ComposerRefusal.OWN_BROADCAST)
    return row


async def exists(uow: UnitOfWork, approval_id: int) -> bool:
    """True when an approval request of this id exists (whatever its status)."""
    return await uow.roles.approval(approval_id) is not None


async def review(uow: UnitOfWork, actor: Actor, approval_id: int) -> tuple[ApprovalView, int]:
    """A pending request inside the actor's region, with its audience counted again now."""
    row = await _reviewable(uow, actor, approval_id, deciding=False)
    now_count = await audience.count(uow, Segment.from_json(row.segment), Exclusions(campaign_id=row.campaign_id))
    return _view(row), now_count


async def approve(uow: UnitOfWork, actor: Actor, approval_id: int) -> int:
    """A second manager approves: the broadcast is queued (progress goes to its composer, who is told); one
    commit."""
    row = await _reviewable(uow, actor, approval_id)
    message = MessageSpec(text=row.message.get("text"), photo=row.message.get("photo"),
                          buttons=tuple(ButtonSpec.from_json(b) for b in row.message.get("buttons") or ()))
    plan = BroadcastPlan(campaign_id=row.campaign_id, at=row.at)
    manager = Manager(row.composer_id, row.composer_platform, row.composer_chat_id)
    try:
        broadcast_id, _ = await _queue(uow, actor, Segment.from_json(row.segment), message, plan, manager,
                                       row.audience, "broadcast_approve",
                                       {"approval_id": row.id, "composer_id": row.composer_id})
        # Taken only while still pending, in the same transaction as the broadcast: of two managers approving
        # at once, the second finds it decided and nothing of theirs is saved.
        taken = await uow.roles.take_approval(approval_id, broadcast_id, actor.person_id, utcnow())
    except Exception:
        await uow.rollback()
        raise
    if not taken:
        await uow.rollback()
        raise ComposerError(ComposerRefusal.NOT_PENDING)
    await _tell_composer(uow, row, approved=True)
    await uow.commit()
    return broadcast_id


async def reject(uow: UnitOfWork, actor: Actor, approval_id: int) -> None:
    """A second manager turns the request down (its composer is told); commits."""
    row = await _reviewable(uow, actor, approval_id)
    await uow.roles.decide_approval(approval_id, ApprovalStatus.REJECTED, actor.person_id, utcnow())
    record(uow, actor, "broadcast_reject", {"approval_id": row.id, "composer_id": row.composer_id},
           audience=row.audience, count=row.count, province_code=row.province_code, county_code=row.county_code)
    await _tell_composer(uow, row, approved=False)
    await uow.commit()


async def _tell_composer(uow: UnitOfWork, row: ApprovalRequest, approved: bool) -> None:
    """Stage the decision's notice to the manager who composed the broadcast, in the decision's transaction: a
    service notice through the outbox, so the bot and the dashboard (which has no bot) tell them the same way, on
    whichever messenger they use."""
    if row.composer_id is not None:
        key = "manage-your-broadcast-approved" if approved else "manage-your-broadcast-rejected"
        # At any hour, as the bot's own reply to the request would be.
        await notify(uow, [row.composer_id], key, any_hour=True, id=row.id)


async def pending(uow: UnitOfWork, actor: Actor, limit: int = 20) -> list[ApprovalView]:
    """Requests waiting inside the actor's region, oldest first (the actor's own included)."""
    mine = scope_of_actor(actor)
    rows = await uow.roles.pending_approvals()
    return [_view(r) for r in rows if mine.contains(_region_scope(r.province_code, r.county_code))][:limit]


async def approvers(uow: UnitOfWork, approval_id: int) -> list[tuple[str, int]]:
    """(platform, chat id) of every other manager who may approve a request."""
    row = await uow.roles.approval(approval_id)
    if row is None:
        return []
    needed = _region_scope(row.province_code, row.county_code)
    seen: set[tuple[str, int]] = set()
    for grant, platform, chat_id in await uow.roles.active_grants_with_chats(row.composer_id):
        if Scope(RoleLevel(grant.level), grant.province_code, grant.county_code).contains(needed):
            seen.add((platform, chat_id))
    return sorted(seen)


class ControlAction(enum.StrEnum):
    """What a manager can do to a running broadcast."""

    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"


def oversees(actor: Actor, row: Broadcast) -> bool:
    """True when a manager may watch and steer a broadcast: its composer, or a manager over its whole region."""
    segment = Segment.from_json((row.segment or {}).get("segment") or {})
    return row.created_by_id == actor.person_id or scope_of_actor(actor).contains(_region_scope(*region_of(segment)))


async def _controllable(uow: UnitOfWork, actor: Actor, broadcast_id: int) -> Broadcast:
    row = await uow.broadcasts.by_id(broadcast_id)
    if row is None:
        raise ComposerError(ComposerRefusal.NOT_FOUND)
    if not oversees(actor, row):
        raise ComposerError(ComposerRefusal.OUT_OF_SCOPE)
    return row


async def watch(uow: UnitOfWork, actor: Actor, broadcast_id: int) -> control.Progress:
    """A broadcast's progress, for its composer or a manager over its region."""
    await _controllable(uow, actor, broadcast_id)
    return await control.progress(uow, broadcast_id)


async def steer(uow: UnitOfWork, actor: Actor, broadcast_id: int, action: ControlAction) -> bool:
    """Pause, resume or cancel a broadcast through the engine; audited; False when it was not possible."""
    row = await _controllable(uow, actor, broadcast_id)
    segment = Segment.from_json((row.segment or {}).get("segment") or {})
    province, county = region_of(segment)
    operation = {ControlAction.PAUSE: control.pause, ControlAction.RESUME: control.resume,
                 ControlAction.CANCEL: control.cancel}[action]
    # One commit for the change and its audit entry.
    done = await operation(uow, broadcast_id, commit=False)
    if done:
        record(uow, actor, f"broadcast_{action.value}", {"broadcast_id": broadcast_id},
               province_code=province, county_code=county)
        await uow.commit()
    return done

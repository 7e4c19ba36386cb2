"""Two managers approving one broadcast at the same moment: one queues it, the other is told it was decided."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import approvals
from campaigns.approvals import ComposerError, ComposerRefusal, Draft
from campaigns.audit import Actor
from campaigns.broadcasts.dto import Segment
from campaigns.broadcasts.service import Manager
from storage.models.broadcasts import Broadcast, BroadcastKind, Delivery
from storage.models.roles import ApprovalRequest, ApprovalStatus, AuditEntry, RoleLevel
from storage.unit_of_work import UnitOfWork
from tests.broadcast_factories import add_people

Pool = async_sessionmaker[AsyncSession]


async def test_two_approvers_at_once_queue_the_broadcast_once(session_pool: Pool) -> None:
    async with session_pool() as session:
        audience = await add_people(session, 3, first_chat=7000)
        composer, first, second = await add_people(session, 3, first_chat=7100, province_code="tehran")
    composing = Actor(composer, RoleLevel.NATIONAL)
    async with session_pool() as session:
        submitted = await approvals.submit(UnitOfWork(session), composing, Draft(text="سلام", segment=Segment(
            provinces=("isfahan",))), "Isfahan", Manager(composer, "telegram", 7100), threshold=1)
    assert submitted.count == len(audience) and submitted.approval_id is not None

    async def approve(person_id: int) -> int | ComposerRefusal:
        async with session_pool() as session:
            try:
                return await approvals.approve(UnitOfWork(session), Actor(person_id, RoleLevel.NATIONAL),
                                               submitted.approval_id or 0)
            except ComposerError as refused:
                return refused.code

    outcomes = await asyncio.gather(approve(first), approve(second))
    queued = [outcome for outcome in outcomes if isinstance(outcome, int)]
    assert len(queued) == 1 and ComposerRefusal.NOT_PENDING in outcomes, outcomes
    async with session_pool() as session:
        broadcasts = (await session.execute(select(Broadcast.id).where(
            Broadcast.kind == BroadcastKind.ORDINARY))).scalars().all()
        assert broadcasts == queued  # the refused approver left no broadcast behind
        notices = (await session.execute(select(Delivery.person_id).join(Broadcast).where(
            Broadcast.kind == BroadcastKind.SERVICE))).scalars().all()
        assert notices == [composer]  # and the composer is told once
        request = await session.get_one(ApprovalRequest, submitted.approval_id)
        assert (request.status, request.broadcast_id) == (ApprovalStatus.APPROVED.value, queued[0])
        assert request.decided_by_id in (first, second)
        deliveries = (await session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.broadcast_id == queued[0]))).scalar_one()
        assert deliveries == len(audience)  # written once, after the one commit
        actions = (await session.execute(select(AuditEntry.action).order_by(AuditEntry.id))).scalars().all()
        assert actions == ["broadcast_request", "broadcast_approve"]

"""Audiences: segments, exclusions, counting, sampling and streaming in batches."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.broadcasts import BroadcastPlan, Membership, MessageSpec, Segment, create_broadcast, opt_out, optin
from campaigns.broadcasts import audience as aud
from campaigns.broadcasts.audience import Exclusions
from storage.models import Membership as MembershipRow
from storage.models import Person, Pledge, Volunteer, utcnow
from storage.models.broadcasts import Delivery
from storage.unit_of_work import UnitOfWork
from tests.broadcast_factories import add_campaign, add_people

Pool = async_sessionmaker[AsyncSession]


async def test_segment_filters_and_streaming(session_pool: Pool) -> None:
    async with session_pool() as session:
        tehran = await add_people(session, 7, province_code="tehran", first_chat=100)
        await add_people(session, 5, province_code="isfahan", first_chat=200)
        english = await add_people(session, 2, language="en", platform="bale", first_chat=300)
        assert await aud.count(UnitOfWork(session), Segment()) == 14
        assert await aud.count(UnitOfWork(session), Segment(provinces=("tehran",))) == 7
        assert await aud.count(UnitOfWork(session), Segment(languages=("en",), platforms=("bale",))) == 2
        batches = [b async for b in aud.stream(UnitOfWork(session), Segment(provinces=("tehran",)), batch=3)]
        assert [len(b) for b in batches] == [3, 3, 1]
        assert [r.person_id for b in batches for r in b] == tehran
        sample = await aud.sample(UnitOfWork(session), Segment(), limit=2)
        assert len(sample) == 2
        session.add(Volunteer(person_id=english[0], axes=["health", "education"], specialty="nurse", hours="am",
                              on_call=True))
        await session.commit()
        assert await aud.count(UnitOfWork(session), Segment(volunteer_axes=("health",))) == 1
        assert await aud.count(UnitOfWork(session), Segment(volunteer_axes=("heal",))) == 0
        assert await aud.count(UnitOfWork(session), Segment(specialties=("nurse",), on_call=True)) == 1


async def test_exclusions(session_pool: Pool) -> None:
    async with session_pool() as session:
        campaign = await add_campaign(session)
        ids = await add_people(session, 6)
        await session.execute(update(Person).where(Person.id == ids[0]).values(unreachable=True))
        await session.execute(update(Person).where(Person.id == ids[1]).values(forgotten_at=utcnow()))
        await session.commit()
        await opt_out(UnitOfWork(session), ids[2], campaign)
        await opt_out(UnitOfWork(session), ids[3], None)
        seg = Segment()
        assert await aud.count(UnitOfWork(session), seg) == 3  # unreachable, forgotten and globally stopped are out
        assert await aud.count(UnitOfWork(session), seg, Exclusions(campaign_id=campaign)) == 2
        # Opting back in from the campaign page.
        await optin(UnitOfWork(session), ids[2], campaign)
        await optin(UnitOfWork(session), ids[3], campaign)
        assert await aud.count(UnitOfWork(session), seg, Exclusions(campaign_id=campaign)) == 4


async def test_recently_sent_campaign_message_is_skipped(session_pool: Pool) -> None:
    async with session_pool() as session:
        campaign = await add_campaign(session)
        ids = await add_people(session, 3)
        first = await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="hi"),
                                       BroadcastPlan(campaign_id=campaign, message_key="winter-1"))
        await session.execute(update(Delivery).where(Delivery.broadcast_id == first, Delivery.person_id != ids[0])
                              .values(status="sent", sent_at=utcnow() - timedelta(days=2)))
        await session.commit()
        recent = Exclusions(campaign_id=campaign, recent_days=7, message_key="winter-1")
        assert await aud.count(UnitOfWork(session), Segment(), recent) == 1
        assert await aud.count(UnitOfWork(session), Segment(), Exclusions(campaign_id=campaign, recent_days=1)) == 3


async def test_membership_segments(session_pool: Pool) -> None:
    async with session_pool() as session:
        campaign = await add_campaign(session)
        ids = await add_people(session, 4)
        now = utcnow()
        session.add_all([MembershipRow(person_id=i, campaign_id=campaign, joined_at=now - timedelta(days=5))
                         for i in ids[:3]])
        session.add(Pledge(person_id=ids[0], campaign_id=campaign, kind="cash", amount=10, recurrence="monthly",
                           status="pledged", idempotency_key="k1"))
        await session.commit()
        def seg(kind: Membership) -> Segment:
            return Segment(campaign_id=campaign, membership=kind)
        assert await aud.count(UnitOfWork(session), seg(Membership.JOINED)) == 3
        assert await aud.count(UnitOfWork(session), seg(Membership.NOT_JOINED)) == 1
        assert await aud.count(UnitOfWork(session), seg(Membership.PLEDGED)) == 1
        assert await aud.count(UnitOfWork(session), seg(Membership.NOT_PLEDGED)) == 2
        assert await aud.count(UnitOfWork(session), seg(Membership.MONTHLY_PLEDGER)) == 1
        joined_long_ago = Segment(campaign_id=campaign, membership=Membership.NOT_PLEDGED,
                                  joined_before=now - timedelta(days=7))
        assert await aud.count(UnitOfWork(session), joined_long_ago) == 0

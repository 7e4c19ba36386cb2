"""Audiences, rule by rule: opting out of one campaign of two, each segment filter at its boundary, each
membership kind against other campaigns, overdue by Iran's calendar day, and the recent/schedule exclusions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.broadcasts import Membership, Segment, opt_out, optin
from campaigns.broadcasts import audience as aud
from campaigns.broadcasts.audience import Exclusions, Recipient
from storage.models import Membership as MembershipRow
from storage.models import Person, Pledge, Volunteer
from storage.models.broadcasts import Broadcast, Delivery, Schedule
from storage.unit_of_work import UnitOfWork
from tests.broadcast_factories import add_campaign, add_people

Pool = async_sessionmaker[AsyncSession]
T = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


NONE = Exclusions()


async def _ids(session: AsyncSession, segment: Segment, exclusions: Exclusions = NONE,
               now: datetime | None = None) -> list[int]:
    return [r.person_id for r in await aud.sample(UnitOfWork(session), segment, exclusions, limit=10_000, now=now)]


async def test_opting_out_of_one_campaign_leaves_the_other(session_pool: Pool) -> None:
    async with session_pool() as session:
        winter = await add_campaign(session, "winter")
        school = await add_campaign(session, "school")
        sara, reza, nima = await add_people(session, 3)
        await opt_out(UnitOfWork(session), sara, winter)
        assert await _ids(session, Segment(), Exclusions(campaign_id=winter)) == [reza, nima]
        assert await _ids(session, Segment(), Exclusions(campaign_id=school)) == [sara, reza, nima]
        assert await _ids(session, Segment()) == [sara, reza, nima]  # not a campaign broadcast: not excluded
        await opt_out(UnitOfWork(session), reza, school)
        assert await _ids(session, Segment(), Exclusions(campaign_id=winter)) == [reza, nima]
        assert await _ids(session, Segment(), Exclusions(campaign_id=school)) == [sara, nima]
        await opt_out(UnitOfWork(session), nima, None)  # /stop: every campaign
        assert await _ids(session, Segment(), Exclusions(campaign_id=winter)) == [reza]
        assert await _ids(session, Segment(), Exclusions(campaign_id=school)) == [sara]
        assert await aud.count(UnitOfWork(session), Segment(), Exclusions(campaign_id=school)) == 1
        await optin(UnitOfWork(session), sara, winter)
        assert await _ids(session, Segment(), Exclusions(campaign_id=winter)) == [sara, reza]


async def test_place_filters(session_pool: Pool) -> None:
    async with session_pool() as session:
        kashan = await add_people(session, 2, county_code="isfahan-kashan", neighbourhood="fin")
        other = await add_people(session, 1, first_chat=2000, county_code="isfahan-isfahan", neighbourhood="fin")
        assert await _ids(session, Segment(counties=("isfahan-kashan",))) == kashan
        assert await _ids(session, Segment(neighbourhoods=("fin",))) == kashan + other
        assert await _ids(session, Segment(counties=("isfahan-isfahan",), neighbourhoods=("fin",))) == other
        assert await _ids(session, Segment(neighbourhoods=("bazar",))) == []


async def test_time_filters_at_their_boundaries(session_pool: Pool) -> None:
    async with session_pool() as session:
        before, at, after = await add_people(session, 3)
        for person, moment in ((before, T - SECOND), (at, T), (after, T + SECOND)):
            await session.execute(update(Person).where(Person.id == person).values(last_seen_at=moment,
                                                                                    created_at=moment))
        await session.commit()
        assert await _ids(session, Segment(active_since=T)) == [at, after]
        assert await _ids(session, Segment(inactive_since=T)) == [before]
        assert await _ids(session, Segment(registered_after=T)) == [at, after]
        assert await _ids(session, Segment(registered_before=T)) == [before]


async def test_on_call_alone_narrows_to_volunteers_on_call(session_pool: Pool) -> None:
    async with session_pool() as session:
        ready, busy, _citizen = await add_people(session, 3)
        session.add_all([Volunteer(person_id=ready, axes=["health"], specialty="nurse", hours="am", on_call=True),
                         Volunteer(person_id=busy, axes=["health"], specialty="nurse", hours="am", on_call=False)])
        await session.commit()
        assert await _ids(session, Segment(on_call=True)) == [ready]
        assert await _ids(session, Segment(on_call=False)) == [busy]


async def test_a_campaign_without_a_membership_kind_filters_nothing(session_pool: Pool) -> None:
    async with session_pool() as session:
        campaign = await add_campaign(session)
        everyone = await add_people(session, 2)
        assert await _ids(session, Segment(campaign_id=campaign)) == everyone
        assert await _ids(session, Segment(membership=Membership.JOINED)) == everyone


async def _pledge(session: AsyncSession, person: int, campaign: int, key: str, **fields: object) -> None:
    values: dict[str, object] = {"kind": "cash", "amount": 10, "recurrence": "once", "status": "pledged"}
    values.update(fields)
    session.add(Pledge(person_id=person, campaign_id=campaign, idempotency_key=key, **values))
    await session.commit()


async def test_membership_kinds_look_at_this_campaign_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        mine = await add_campaign(session, "mine")
        other = await add_campaign(session, "other")
        member, left, elsewhere, pledger, monthly = await add_people(session, 5)
        session.add_all([
            MembershipRow(person_id=member, campaign_id=mine, joined_at=T),
            MembershipRow(person_id=left, campaign_id=mine, joined_at=T - timedelta(days=9), left_at=T),
            MembershipRow(person_id=elsewhere, campaign_id=other, joined_at=T),
            MembershipRow(person_id=pledger, campaign_id=mine, joined_at=T),
            MembershipRow(person_id=monthly, campaign_id=mine, joined_at=T)])
        await session.commit()
        await _pledge(session, elsewhere, other, "o1")  # pledges and monthly pledges to the other campaign
        await _pledge(session, elsewhere, other, "o2", recurrence="monthly")
        await _pledge(session, pledger, mine, "p1", cancelled_at=T, status="cancelled")
        await _pledge(session, pledger, mine, "p2")
        await _pledge(session, monthly, mine, "m1", recurrence="monthly", stopped_at=T)
        await _pledge(session, monthly, mine, "m2", recurrence="monthly")
        await _pledge(session, member, mine, "c1", cancelled_at=T, status="cancelled")

        def seg(kind: Membership, joined_before: datetime | None = None) -> Segment:
            return Segment(campaign_id=mine, membership=kind, joined_before=joined_before)

        assert await _ids(session, seg(Membership.JOINED)) == [member, pledger, monthly]
        assert await _ids(session, seg(Membership.JOINED, joined_before=T)) == [member, pledger, monthly]
        assert await _ids(session, seg(Membership.JOINED, joined_before=T - SECOND)) == []
        assert await _ids(session, seg(Membership.NOT_JOINED)) == [left, elsewhere]
        assert await _ids(session, seg(Membership.PLEDGED)) == [pledger, monthly]
        assert await _ids(session, seg(Membership.NOT_PLEDGED)) == [member]
        assert await _ids(session, seg(Membership.MONTHLY_PLEDGER)) == [monthly]


async def test_overdue_by_the_calendar_day_in_iran(session_pool: Pool) -> None:
    async with session_pool() as session:
        mine = await add_campaign(session, "mine")
        other = await add_campaign(session, "other")
        late, today, cancelled, paid, elsewhere = await add_people(session, 5)
        due = date(2026, 11, 23)
        await _pledge(session, late, mine, "a", due_on=due)
        await _pledge(session, late, mine, "a2", due_on=due, status="overdue")
        await _pledge(session, today, mine, "b", due_on=due + timedelta(days=1))
        await _pledge(session, cancelled, mine, "c", due_on=due, status="pledged", cancelled_at=T)
        await _pledge(session, paid, mine, "d", due_on=due, status="fulfilled")
        await _pledge(session, elsewhere, other, "e", due_on=due)
        overdue = Segment(campaign_id=mine, membership=Membership.OVERDUE)

        async def at(hour: int, minute: int, second: int = 0) -> list[int]:
            return await _ids(session, overdue, now=datetime(2026, 11, 23, hour, minute, second, tzinfo=UTC))

        # Iran is UTC+3:30: the 24th begins there at 20:30 UTC on the 23rd.
        assert await at(20, 29, 30) == []
        assert await at(20, 30) == [late]
        assert await at(19, 50) == []
        assert await at(23, 0) == [late]
        noon_next_day = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
        uow = UnitOfWork(session)
        assert await aud.count(uow, overdue, now=noon_next_day) == 1  # the 24th's are due today, not late
        assert await aud.count(UnitOfWork(session), overdue, now=noon_next_day + timedelta(days=1)) == 2
        far = datetime(2030, 1, 1, tzinfo=UTC)  # `now` is the one given, not the clock
        assert await aud.count(UnitOfWork(session), overdue, now=far) == 2
        assert await _ids(session, overdue, now=far) == [late, today]


async def test_recently_sent_exclusion_at_its_boundary_and_by_message_key(session_pool: Pool) -> None:
    async with session_pool() as session:
        campaign = await add_campaign(session)
        a, b, c = await add_people(session, 3)
        winter = Broadcast(campaign_id=campaign, message_key="winter", created_at=T)
        spring = Broadcast(campaign_id=campaign, message_key="spring", created_at=T)
        session.add_all([winter, spring])
        await session.flush()
        session.add_all([
            Delivery(broadcast_id=winter.id, person_id=a, platform="telegram", chat_id=1, status="sent",
                     sent_at=T - timedelta(days=7)),
            Delivery(broadcast_id=spring.id, person_id=b, platform="telegram", chat_id=2, status="sent",
                     sent_at=T - timedelta(days=1))])
        await session.commit()
        week = Exclusions(campaign_id=campaign, recent_days=7)
        assert await _ids(session, Segment(), week, now=T) == [c]  # exactly seven days ago is within the week
        assert await _ids(session, Segment(), week, now=T + SECOND) == [a, c]
        assert await _ids(session, Segment(), Exclusions(campaign_id=campaign, recent_days=7, message_key="winter"),
                          now=T) == [b, c]
        assert await _ids(session, Segment(), Exclusions(campaign_id=campaign, recent_days=7, message_key="spring"),
                          now=T) == [a, c]


async def test_schedule_exclusion_ever_or_lately(session_pool: Pool) -> None:
    async with session_pool() as session:
        reached, other = await add_people(session, 2)
        schedule = Schedule(kind="weekly", text="hi")
        session.add(schedule)
        await session.flush()
        sent = Broadcast(schedule_id=schedule.id, created_at=T - timedelta(days=7))
        session.add(sent)
        await session.flush()
        session.add(Delivery(broadcast_id=sent.id, person_id=reached, platform="telegram", chat_id=1, status="sent"))
        await session.commit()
        ever = Exclusions(schedule_id=schedule.id)
        assert await _ids(session, Segment(), ever, now=T) == [other]
        assert await _ids(session, Segment(), Exclusions(schedule_id=schedule.id, schedule_days=7), now=T) == [other]
        lately = Exclusions(schedule_id=schedule.id, schedule_days=7)
        assert await _ids(session, Segment(), lately, now=T + SECOND) == [reached, other]
        assert await _ids(session, Segment(), lately, now=T - timedelta(days=30)) == [other]


async def test_recipients_sampled_and_streamed_in_order(session_pool: Pool) -> None:
    async with session_pool() as session:
        people = await add_people(session, 7, platform="bale", first_chat=500, language="en")
        expected = [Recipient(person, "bale", 500 + i, "en") for i, person in enumerate(people)]
        assert await aud.sample(UnitOfWork(session), Segment()) == expected[:5]
        assert [r async for batch in aud.stream(UnitOfWork(session), Segment(), batch=3) for r in batch] == expected
        after = aud.stream(UnitOfWork(session), Segment(), batch=3, after_id=people[1])
        assert [len(batch) async for batch in after] == [3, 2]
        # Ordered by id whatever order the rows sit in.
        await session.execute(update(Person).where(Person.id == people[0]).values(chat_id=999))
        await session.commit()
        streamed = [r async for batch in aud.stream(UnitOfWork(session), Segment()) for r in batch]
        assert streamed[0] == Recipient(people[0], "bale", 999, "en")


async def test_streaming_goes_by_two_thousand_by_default(session_pool: Pool) -> None:
    async with session_pool() as session:
        await add_people(session, 2001)
        assert [len(batch) async for batch in aud.stream(UnitOfWork(session), Segment())] == [2000, 1]

"""The call-out quota and its waves: exactly `headcount` acceptances, what a late, repeated or withdrawn press
comes to, who each wave invites (and who never), and when a call-out closes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import assignments, callouts
from campaigns.assignments import Answer
from campaigns.broadcasts.dto import ButtonKind
from campaigns.callouts import Area
from campaigns.regions import load_regions
from campaigns.volunteers import Axis
from storage.models import Person, Volunteer, utcnow
from storage.models.assignments import Assignment, AssignmentResponse, AssignmentStatus, AssignmentWave
from storage.models.broadcasts import Broadcast, Delivery, DeliveryStatus
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.assignment_factories import COUNTY, OTHER_COUNTY, add_manager, add_volunteers, form, make

Pool = async_sessionmaker[AsyncSession]


async def _row(session: AsyncSession, assignment_id: int) -> Assignment:
    return (await session.execute(select(Assignment).where(Assignment.id == assignment_id)
                                  .execution_options(populate_existing=True))).scalar_one()


async def _responses(session: AsyncSession, assignment_id: int) -> dict[int, str]:
    rows = await session.execute(select(AssignmentResponse.person_id, AssignmentResponse.status)
                                 .where(AssignmentResponse.assignment_id == assignment_id))
    return {person: status for person, status in rows.all()}


# -- the quota ------------------------------------------------------------------------------------------

async def test_exactly_headcount_places_then_filled(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, b, c = await add_volunteers(session, 3)
        job = await make(session, actor, headcount=2)
        await callouts.send_wave(UnitOfWork(session), job.id)
        first = await assignments.accept(UnitOfWork(session), job.id, a)
        assert (first.answer, first.filled) == (Answer.ACCEPTED, False)
        assert first.assignment is not None and first.assignment.accepted == 1
        assert (await _row(session, job.id)).status == "open"
        second = await assignments.accept(UnitOfWork(session), job.id, b)
        assert (second.answer, second.filled) == (Answer.ACCEPTED, True)
        row = await _row(session, job.id)
        assert (row.accepted_count, row.status) == (2, "filled") and row.filled_at is not None
        late = await assignments.accept(UnitOfWork(session), job.id, c)
        assert (late.answer, late.filled) == (Answer.FILLED, False)
        assert late.assignment is not None and late.assignment.accepted == 2
        # remembered as too late
        assert (await assignments.accept(UnitOfWork(session), job.id, c)).answer is Answer.FILLED
        assert (await assignments.accept(UnitOfWork(session), job.id, a)).answer is Answer.ALREADY_ACCEPTED
        assert await _responses(session, job.id) == {a: "accepted", b: "accepted", c: "too_late"}
        responded = (await session.execute(select(func.count()).select_from(AssignmentResponse).where(
            AssignmentResponse.responded_at.is_not(None)))).scalar_one()
        assert responded == 3


async def test_presses_on_an_open_assignment(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, b = await add_volunteers(session, 2)
        [stranger] = await add_volunteers(session, 1, first_chat=9000, county=OTHER_COUNTY)
        job = await make(session, actor, headcount=3)
        await callouts.send_wave(UnitOfWork(session), job.id)
        assert (await assignments.accept(UnitOfWork(session), job.id, stranger)).answer is Answer.NOT_INVITED
        assert (await assignments.accept(UnitOfWork(session), job.id + 1, a)).answer is Answer.NOT_INVITED
        assert (await assignments.decline(UnitOfWork(session), job.id, b)).answer is Answer.DECLINED
        assert (await _row(session, job.id)).accepted_count == 0  # declining an invitation takes no place
        changed_mind = await assignments.accept(UnitOfWork(session), job.id, b)
        assert changed_mind.answer is Answer.ACCEPTED and not changed_mind.filled
        again = await assignments.accept(UnitOfWork(session), job.id, b)
        assert again.answer is Answer.ALREADY_ACCEPTED and again.assignment is not None
        assert again.assignment.accepted == 1


async def test_past_the_deadline_or_closed_no_place_is_taken(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, b, c = await add_volunteers(session, 3)
        job = await make(session, actor, headcount=3)
        await callouts.send_wave(UnitOfWork(session), job.id)
        deadline = (await _row(session, job.id)).deadline
        at_deadline = await assignments.accept(UnitOfWork(session), job.id, a, now=deadline)
        assert (at_deadline.answer, at_deadline.filled) == (Answer.CLOSED, False)
        assert (await assignments.accept(UnitOfWork(session), job.id, b, now=deadline - timedelta(seconds=1))).answer \
            is Answer.ACCEPTED
        await session.execute(update(Assignment).where(Assignment.id == job.id).values(status="cancelled"))
        await session.commit()
        assert (await assignments.accept(UnitOfWork(session), job.id, c)).answer is Answer.CLOSED
        assert (await assignments.accept(UnitOfWork(session), job.id, b)).answer is Answer.ALREADY_ACCEPTED
        assert (await _row(session, job.id)).accepted_count == 1
        assert await _responses(session, job.id) == {a: "too_late", b: "accepted", c: "too_late"}


async def test_withdrawing_frees_a_place_until_the_deadline(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, b = await add_volunteers(session, 2)
        job = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), job.id)
        await assignments.accept(UnitOfWork(session), job.id, a)
        withdrawn = await assignments.decline(UnitOfWork(session), job.id, a)
        assert withdrawn.answer is Answer.DECLINED and withdrawn.assignment is not None
        row = await _row(session, job.id)
        assert (row.accepted_count, row.status) == (0, "open")
        assert (await assignments.accept(UnitOfWork(session), job.id, b)).filled
        deadline = (await _row(session, job.id)).deadline
        await assignments.decline(UnitOfWork(session), job.id, b, now=deadline)  # too late to reopen
        row = await _row(session, job.id)
        assert (row.accepted_count, row.status) == (0, "filled")
        assert (await assignments.decline(UnitOfWork(session), job.id, 999_999)).answer is Answer.NOT_INVITED


async def test_checked_in_cannot_withdraw(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        [a] = await add_volunteers(session, 1)
        job = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), job.id)
        await assignments.accept(UnitOfWork(session), job.id, a)
        await assignments.check_in(UnitOfWork(session), job.id, a, now=job.starts_at)
        assert (await assignments.decline(UnitOfWork(session), job.id, a)).answer is Answer.ALREADY_CHECKED_IN
        assert (await assignments.accept(UnitOfWork(session), job.id, a)).answer is Answer.ALREADY_ACCEPTED
        assert (await _row(session, job.id)).accepted_count == 1


# -- the waves ------------------------------------------------------------------------------------------

def _assignment(**fields: Any) -> Any:
    values = {"urgent": False, "province_code": "isfahan", "county_code": "isfahan-kashan"}
    values.update(fields)
    return SimpleNamespace(**values)


def test_the_area_of_each_wave() -> None:
    regions = load_regions()
    ordinary = _assignment()
    assert [callouts.area(ordinary, wave, regions) for wave in (0, 1, 2, 3)] == [
        None, Area(counties=("isfahan-kashan",)), None, None]
    assert callouts.area(_assignment(county_code=None), 1, regions) == Area(provinces=("isfahan",))
    urgent = _assignment(urgent=True)
    isfahan = regions.province("isfahan")
    assert isfahan is not None and isfahan.neighbours
    assert [callouts.area(urgent, wave, regions) for wave in (1, 2, 3, 4)] == [
        Area(counties=("isfahan-kashan",)), Area(provinces=("isfahan",)), Area(provinces=isfahan.neighbours), None]
    assert callouts.area(_assignment(urgent=True, county_code=None), 1, regions) is None
    assert callouts.area(_assignment(urgent=True, province_code="atlantis"), 3, regions) is None


async def test_who_a_wave_invites(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        invited = await add_volunteers(session, 2, first_chat=100)
        elsewhere = await add_volunteers(session, 1, first_chat=200, county=OTHER_COUNTY)
        other_skill = await add_volunteers(session, 1, first_chat=300, specialty="engineer")
        gone, away, stopped, new = await add_volunteers(session, 4, first_chat=400)
        now = utcnow()
        for person, values in ((gone, {"forgotten_at": now}), (away, {"unreachable": True}),
                               (stopped, {"opted_out_at": now}), (new, {"onboarded_at": None})):
            await session.execute(update(Person).where(Person.id == person).values(**values))
        await session.commit()
        job = await make(session, actor, headcount=5)
        sent = await callouts.send_wave(UnitOfWork(session), job.id)
        assert sent is not None and (sent.assignment_id, sent.wave, sent.invited) == (job.id, 1, 2)
        assert sorted(await _responses(session, job.id)) == invited
        deliveries = (await session.execute(select(Delivery.person_id, Delivery.status, Delivery.broadcast_id)
                                            .order_by(Delivery.person_id))).all()
        assert [(p, s, b) for p, s, b in deliveries] == [(p, "pending", sent.broadcast_id) for p in invited]
        row = await _row(session, job.id)
        assert (row.wave, row.next_wave_at) == (1, None)  # an ordinary assignment has one wave
        [wave] = (await session.execute(select(AssignmentWave))).scalars().all()
        assert (wave.wave, wave.invited, wave.broadcast_id) == (1, 2, sent.broadcast_id)
        assert await callouts.send_wave(UnitOfWork(session), job.id) is None
        assert elsewhere and other_skill


async def test_an_axis_and_the_manager_themselves(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        cooks = await add_volunteers(session, 2, first_chat=100, axes=("cultural", "health"))
        await add_volunteers(session, 2, first_chat=200, axes=("empowerment",))
        # The manager is a volunteer of the county too: their own assignment does not invite them.
        session.add(Volunteer(person_id=actor.person_id, axes=["cultural"], specialty="nurse", days=["sat"],
                              hours="any", on_call=True, province_code="isfahan", county_code=COUNTY))
        await session.commit()
        job = await make(session, actor, headcount=5, specialty=None, axis=Axis.CULTURAL)
        sent = await callouts.send_wave(UnitOfWork(session), job.id)
        assert sent is not None and sent.invited == 2
        assert sorted(await _responses(session, job.id)) == cooks


async def test_call_out_waves_widen_and_skip_empty_ones(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 2, first_chat=100, on_call=False)  # not on call: never invited
        province = await add_volunteers(session, 3, first_chat=200, county=OTHER_COUNTY)
        now = utcnow()
        job = await assignments.create(UnitOfWork(session), form(headcount=9, urgent=True, now=now),
                                       assignments.Manager(actor, "telegram", 900), now=now, wave_every=60)
        first = await callouts.send_wave(UnitOfWork(session), job.id, now)
        assert first is not None and (first.wave, first.invited) == (1, 0)
        row = await _row(session, job.id)
        assert row.next_wave_at == now  # nobody in the county: the next wave is due at once
        second = await callouts.send_wave(UnitOfWork(session), job.id, now)
        assert second is not None and (second.wave, second.invited) == (2, 3)
        assert sorted(await _responses(session, job.id)) == province
        row = await _row(session, job.id)
        assert row.next_wave_at == now + timedelta(seconds=60)
        third = await callouts.send_wave(UnitOfWork(session), job.id, now + timedelta(seconds=60))
        assert third is not None and (third.wave, third.invited) == (3, 0)
        assert (await _row(session, job.id)).next_wave_at is None  # the last wave
        assert await callouts.send_wave(UnitOfWork(session), job.id, now + timedelta(seconds=120)) is None


async def test_no_wave_once_closed_or_past_the_deadline(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 2)
        job = await make(session, actor, headcount=1)
        deadline = (await _row(session, job.id)).deadline
        assert await callouts.send_wave(UnitOfWork(session), job.id, deadline) is None
        assert await callouts.send_wave(UnitOfWork(session), job.id + 1) is None
        assert (await _row(session, job.id)).wave == 0
        closed = await callouts.expire(UnitOfWork(session), deadline)
        assert closed == [job.id] and (await _row(session, job.id)).status == "expired"
        assert await callouts.expire(UnitOfWork(session), deadline) == []
        assert await callouts.send_wave(UnitOfWork(session), job.id, deadline - timedelta(hours=1)) is None


async def test_expiry_cancels_unsent_invitations(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 3)
        job = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), job.id)
        deadline = (await _row(session, job.id)).deadline
        assert await callouts.expire(UnitOfWork(session), deadline - timedelta(seconds=1)) == []
        assert await callouts.expire(UnitOfWork(session), deadline) == [job.id]
        statuses = (await session.execute(select(Delivery.status))).scalars().all()
        assert statuses == [DeliveryStatus.CANCELLED] * 3
        state = await callouts.live(UnitOfWork(session), job.id)
        assert state is not None and (state.status, state.invited, state.notified, state.wave) == (
            AssignmentStatus.EXPIRED, 3, 0, 1)
        assert await callouts.live(UnitOfWork(session), job.id + 1) is None


# -- what the invitations say, and the manager's live message ------------------------------------------

def test_invitation_and_reminder_messages() -> None:
    regions = load_regions()
    start = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)  # 18:00 in Tehran, 3 Azar 1405
    deadline = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)  # 09:30 in Tehran
    job = _assignment(id=7, title="Shelter", place="Hall 2", headcount=4, hours=3, specialty="nurse", axis=None,
                      starts_at=start, deadline=deadline)
    args = callouts.text_args(job, regions)
    assert args == {"title": "Shelter", "place": "Hall 2", "region_fa": "اصفهان، کاشان", "region_en": "Isfahan, Kashan",
                    "headcount": 4, "hours": 3, "need": "nurse", "when_fa": "۳ آذر ۱۴۰۵", "when_clock_fa": "۱۸:۰۰",
                    "when_en": "3 Azar 1405, 18:00", "deadline_fa": "۳ آذر ۱۴۰۵", "deadline_clock_fa": "۰۹:۳۰",
                    "deadline_en": "3 Azar 1405, 09:30"}
    province_only = callouts.text_args(_assignment(id=7, title="t", place="p", headcount=1, hours=1, specialty=None,
                                                   axis="health", county_code=None, starts_at=start,
                                                   deadline=deadline), regions)
    assert (province_only["region_fa"], province_only["region_en"], province_only["need"]) == (
        "اصفهان", "Isfahan", "health")
    anyone = callouts.text_args(_assignment(id=7, title="t", place="p", headcount=1, hours=1, specialty=None,
                                            axis=None, starts_at=start, deadline=deadline), regions)
    assert anyone["need"] == "any"

    invite = callouts.invitation(job, regions)
    assert invite.text_key == "assignments-invite" and invite.text_args == args
    assert [(b.kind, b.label, b.value) for b in invite.buttons] == [
        (ButtonKind.ACTION, "assignments-button-accept", "asg:a:7"),
        (ButtonKind.ACTION, "assignments-button-decline", "asg:d:7")]
    job.urgent = True
    assert callouts.invitation(job, regions).text_key == "assignments-callout-invite"
    remind = callouts.reminder(job, regions)
    assert remind.text_key == "assignments-reminder" and remind.text_args == args
    assert [(b.kind, b.label, b.value) for b in remind.buttons] == [
        (ButtonKind.ACTION, "assignments-button-check-in", "asg:i:7"),
        (ButtonKind.ACTION, "assignments-button-withdraw", "asg:d:7")]


async def test_the_reminder_goes_once_to_those_who_accepted(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, b, c = await add_volunteers(session, 3)
        job = await make(session, actor, headcount=3)
        await callouts.send_wave(UnitOfWork(session), job.id)
        await assignments.accept(UnitOfWork(session), job.id, a)
        await assignments.accept(UnitOfWork(session), job.id, b)
        await assignments.decline(UnitOfWork(session), job.id, b)
        sent = await callouts.send_reminder(UnitOfWork(session), job.id)
        assert sent is not None and (sent.wave, sent.invited) == (callouts.REMINDER_WAVE, 1)
        reminded = (await session.execute(select(Delivery.person_id).where(
            Delivery.broadcast_id == sent.broadcast_id))).scalars().all()
        assert reminded == [a] and c not in reminded
        assert (await _row(session, job.id)).reminded_at is not None
        assert await callouts.send_reminder(UnitOfWork(session), job.id) is None
        # Stopping invitations leaves the reminder alone.
        assert await callouts.stop_inviting(UnitOfWork(session), job.id) == 3
        pending = (await session.execute(select(Delivery.person_id).where(
            Delivery.status == DeliveryStatus.PENDING))).scalars().all()
        assert pending == [a]


async def test_the_live_message_changes_and_takes_turns(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, _b = await add_volunteers(session, 2)
        now = utcnow()
        job = await assignments.create(UnitOfWork(session), form(headcount=2, now=now),
                                       assignments.Manager(actor, "telegram", 900), now=now)
        await callouts.send_wave(UnitOfWork(session), job.id, now)
        [first] = await callouts.live_turns(UnitOfWork(session), every=5, now=now)
        assert (first.assignment_id, first.title, first.urgent, first.status, first.accepted, first.headcount,
                first.invited, first.notified, first.wave, first.manager_platform, first.manager_chat_id,
                first.message_id) == (job.id, "Shelter support", False, AssignmentStatus.OPEN, 0, 2, 2, 0, 1,
                                      "telegram", 900, None)
        assert first.signature == "open:0:0:2:1"
        # unchanged
        assert await callouts.live_turns(UnitOfWork(session), every=5, now=now + timedelta(seconds=10)) == []
        await assignments.accept(UnitOfWork(session), job.id, a)
        assert await callouts.live_turns(UnitOfWork(session), every=5, now=now + timedelta(seconds=4)) == []  # too soon
        [second] = await callouts.live_turns(UnitOfWork(session), every=5, now=now + timedelta(seconds=5))
        assert second.accepted == 1 and second.signature == "open:1:0:2:1"
        await callouts.set_live_message(UnitOfWork(session), job.id, 4242)
        state = await callouts.live(UnitOfWork(session), job.id)
        assert state is not None and state.message_id == 4242
        assert callouts.with_message(second, 77).message_id == 77 and callouts.with_message(second, 77).accepted == 1
        await session.execute(update(Delivery).values(status=DeliveryStatus.SENT))
        await session.commit()
        state = await callouts.live(UnitOfWork(session), job.id)
        assert state is not None and state.notified == 2
        # Two days on, the live message is left alone.
        await session.execute(update(Assignment).values(created_at=now - callouts.LIVE_WINDOW - timedelta(seconds=1)))
        await session.commit()
        assert await callouts.live_turns(UnitOfWork(session), every=5, now=now + timedelta(minutes=5)) == []


# -- one person, two assignments: a press on one never touches the other ---------------------------------

async def test_presses_touch_their_own_assignment_and_person_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, b, c, d = await add_volunteers(session, 4)
        one = await make(session, actor, headcount=3)
        two = await make(session, actor, headcount=3)
        await callouts.send_wave(UnitOfWork(session), one.id)
        await callouts.send_wave(UnitOfWork(session), two.id)
        await assignments.accept(UnitOfWork(session), two.id, b)
        assert (await assignments.accept(UnitOfWork(session), one.id, a)).answer is Answer.ACCEPTED
        assert (await _row(session, two.id)).accepted_count == 1
        assert (await _responses(session, two.id))[a] == "invited"
        # Declining an invitation frees no place; withdrawing frees one, in its own assignment only.
        assert (await assignments.decline(UnitOfWork(session), one.id, c)).answer is Answer.DECLINED
        assert (await _row(session, one.id)).accepted_count == 1
        assert (await _responses(session, one.id)) == {a: "accepted", b: "invited", c: "declined", d: "invited"}
        assert (await _responses(session, two.id))[c] == "invited"
        await assignments.decline(UnitOfWork(session), one.id, a)
        assert (await _row(session, one.id)).accepted_count == 0 and (await _row(session, two.id)).accepted_count == 1
        assert (await _responses(session, two.id))[a] == "invited"
        declined_at = (await session.execute(select(AssignmentResponse.responded_at).where(
            AssignmentResponse.assignment_id == one.id, AssignmentResponse.person_id == c))).scalar_one()
        assert declined_at is not None
        # Too late on a closed one leaves the other invitation open.
        await session.execute(update(Assignment).where(Assignment.id == one.id).values(status="cancelled"))
        await session.commit()
        assert (await assignments.accept(UnitOfWork(session), one.id, d)).answer is Answer.CLOSED
        assert (await _responses(session, two.id))[d] == "invited"
        assert (await assignments.accept(UnitOfWork(session), one.id, 999_999)).answer is Answer.NOT_INVITED
        # A too-late person declining stays too late.
        assert (await assignments.decline(UnitOfWork(session), one.id, d)).answer is Answer.DECLINED
        assert (await _responses(session, one.id))[d] == "too_late"


async def test_filled_at_and_the_outcomes_of_a_full_assignment(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, b, c, d = await add_volunteers(session, 4)
        job = await make(session, actor, headcount=3)
        await callouts.send_wave(UnitOfWork(session), job.id)
        await assignments.accept(UnitOfWork(session), job.id, a)
        await assignments.accept(UnitOfWork(session), job.id, b)
        assert (await _row(session, job.id)).filled_at is None  # one place left
        await assignments.accept(UnitOfWork(session), job.id, c)
        filled_at = (await _row(session, job.id)).filled_at
        assert filled_at is not None
        repeat = await assignments.accept(UnitOfWork(session), job.id, d)
        again = await assignments.accept(UnitOfWork(session), job.id, d)
        assert again.answer is Answer.FILLED and again.assignment is not None and again.assignment.accepted == 3
        assert repeat.assignment is not None and repeat.assignment.status is AssignmentStatus.FILLED
        already = await assignments.accept(UnitOfWork(session), job.id, a)
        assert already.assignment is not None and already.assignment.accepted == 3
        # Two withdraw, one comes back: a place is taken without filling; the first fill time is kept.
        await assignments.decline(UnitOfWork(session), job.id, a)
        await assignments.decline(UnitOfWork(session), job.id, b)
        assert (await assignments.accept(UnitOfWork(session), job.id, a)).filled is False
        row = await _row(session, job.id)
        assert (row.accepted_count, row.status, row.filled_at) == (2, "open", filled_at)


async def test_full_or_not_when_a_press_comes_too_late(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, b, c = await add_volunteers(session, 3)
        job = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), job.id)
        await assignments.accept(UnitOfWork(session), job.id, a)
        deadline = (await _row(session, job.id)).deadline
        # Withdrawn after the deadline: still marked filled, one place short; a late press hears "filled".
        await assignments.decline(UnitOfWork(session), job.id, a, now=deadline)
        assert (await assignments.accept(UnitOfWork(session), job.id, b, now=deadline)).answer is Answer.FILLED
        # Cancelled with every place taken: "filled" too; cancelled with room: "closed".
        other = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), other.id)
        await assignments.accept(UnitOfWork(session), other.id, a)
        await session.execute(update(Assignment).where(Assignment.id.in_((job.id, other.id)))
                              .values(status="cancelled"))
        await session.commit()
        assert (await assignments.accept(UnitOfWork(session), other.id, b)).answer is Answer.FILLED
        assert (await assignments.accept(UnitOfWork(session), job.id, c)).answer is Answer.CLOSED
        closed = await assignments.accept(UnitOfWork(session), other.id, a)
        assert closed.answer is Answer.ALREADY_ACCEPTED and closed.assignment is not None


async def test_checked_in_outcome_carries_the_assignment(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        [a] = await add_volunteers(session, 1)
        job = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), job.id)
        await assignments.accept(UnitOfWork(session), job.id, a)
        await assignments.check_in(UnitOfWork(session), job.id, a, now=job.starts_at)
        outcome = await assignments.decline(UnitOfWork(session), job.id, a)
        assert outcome.answer is Answer.ALREADY_CHECKED_IN
        assert outcome.assignment is not None and outcome.assignment.id == job.id


async def test_a_wave_belongs_to_its_own_assignment(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        here = await add_volunteers(session, 2, first_chat=100)
        there = await add_volunteers(session, 3, first_chat=200, county=OTHER_COUNTY)
        now = utcnow() - timedelta(minutes=5)
        one = await assignments.create(UnitOfWork(session), form(headcount=5, now=now), assignments.Manager(actor),
                                       now=now)
        two = await assignments.create(UnitOfWork(session), form(headcount=5, now=now, county=OTHER_COUNTY),
                                       assignments.Manager(actor), now=now)
        first = await callouts.send_wave(UnitOfWork(session), one.id, now)
        assert first is not None and (await _row(session, two.id)).wave == 0  # the other one's wave is its own
        second = await callouts.send_wave(UnitOfWork(session), two.id, now)
        assert second is not None and second.invited == 3
        per_broadcast = dict((await session.execute(select(Delivery.broadcast_id, func.count()).group_by(
            Delivery.broadcast_id))).all())
        assert per_broadcast == {first.broadcast_id: 2, second.broadcast_id: 3}
        mine = (await session.execute(select(Delivery.person_id).where(
            Delivery.broadcast_id == second.broadcast_id).order_by(Delivery.person_id))).scalars().all()
        assert mine == there and sorted(await _responses(session, one.id)) == here
        waves = (await session.execute(select(AssignmentWave.sent_at).order_by(AssignmentWave.id))).scalars().all()
        assert waves == [now, now]
        made = (await session.execute(select(Broadcast.created_at).where(Broadcast.id == first.broadcast_id))
                ).scalar_one()
        assert made == now


async def test_a_freed_place_is_open_to_whoever_pressed_too_late(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, b = await add_volunteers(session, 2)
        job = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), job.id)
        await assignments.accept(UnitOfWork(session), job.id, a)
        assert (await assignments.accept(UnitOfWork(session), job.id, b)).answer is Answer.FILLED
        await assignments.decline(UnitOfWork(session), job.id, a)
        taken = await assignments.accept(UnitOfWork(session), job.id, b)
        assert (taken.answer, taken.filled) == (Answer.ACCEPTED, True)
        assert await _responses(session, job.id) == {a: "declined", b: "accepted"}
        assert (await assignments.accept(UnitOfWork(session), job.id, a)).answer is Answer.FILLED


# -- the broadcasts behind the waves, the driver's rounds ---------------------------------------------------

async def test_the_broadcast_behind_each_wave(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 2)
        now = utcnow() - timedelta(minutes=1)
        urgent = await assignments.create(UnitOfWork(session), form(headcount=2, urgent=True, now=now),
                                          assignments.Manager(actor), now=now)
        ordinary = await make(session, actor, headcount=2, specialty=None, county=None)
        first = await callouts.send_wave(UnitOfWork(session), urgent.id, now)
        second = await callouts.send_wave(UnitOfWork(session), ordinary.id, now)
        assert first is not None and second is not None
        rows = {b.id: b for b in (await session.execute(select(Broadcast))).scalars()}
        call_out, plain = rows[first.broadcast_id], rows[second.broadcast_id]
        wanted = {"provinces": [], "counties": [COUNTY], "specialties": ["psychologist"], "on_call": True}
        assert {k: call_out.segment["segment"][k] for k in wanted} == wanted
        wanted = {"provinces": ["isfahan"], "counties": [], "specialties": [], "on_call": None}
        assert {k: plain.segment["segment"][k] for k in wanted} == wanted
        assert (call_out.emergency, plain.emergency) == (True, False)
        assert call_out.created_by_id == actor.person_id and call_out.created_at == now
        assert (call_out.status, call_out.total, plain.total) == ("running", 2, 2)
        attempts = (await session.execute(select(Delivery.attempts))).scalars().all()
        assert attempts == [0, 0, 0, 0]


async def test_reminders_skip_the_unreachable_and_touch_their_own_assignment(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, b, c = await add_volunteers(session, 3)
        one = await make(session, actor, headcount=3)
        two = await make(session, actor, headcount=3)
        for job in (one, two):
            await callouts.send_wave(UnitOfWork(session), job.id)
        for person in (a, b, c):
            await assignments.accept(UnitOfWork(session), one.id, person)
        await session.execute(update(Person).where(Person.id == b).values(unreachable=True))
        await session.execute(update(Person).where(Person.id == c).values(forgotten_at=utcnow()))
        await session.commit()
        due = one.starts_at - timedelta(minutes=30)
        sent = await callouts.send_reminder(UnitOfWork(session), one.id, due)
        assert sent is not None and (sent.assignment_id, sent.wave, sent.invited) == (one.id, 0, 1)
        wave = (await session.execute(select(AssignmentWave).where(AssignmentWave.wave == 0))).scalar_one()
        assert (wave.assignment_id, wave.broadcast_id, wave.invited, wave.sent_at) == (one.id, sent.broadcast_id, 1,
                                                                                       due)
        reminder = (await session.execute(select(Broadcast).where(Broadcast.id == sent.broadcast_id))).scalar_one()
        assert reminder.created_at == due
        assert (await _row(session, one.id)).reminded_at == due and (await _row(session, two.id)).reminded_at is None
        await session.execute(update(Assignment).where(Assignment.id == two.id).values(status="cancelled"))
        await session.commit()
        assert await callouts.send_reminder(UnitOfWork(session), two.id) is None


async def test_stopping_invitations_of_one_assignment(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, _b, _c = await add_volunteers(session, 3)
        one = await make(session, actor, headcount=3)
        two = await make(session, actor, headcount=3)
        first = await callouts.send_wave(UnitOfWork(session), one.id)
        await callouts.send_wave(UnitOfWork(session), two.id)
        assert first is not None
        await session.execute(update(Delivery).where(Delivery.broadcast_id == first.broadcast_id,
                                                     Delivery.person_id == a).values(status=DeliveryStatus.SENT))
        await session.commit()
        assert await callouts.stop_inviting(UnitOfWork(session), one.id) == 2
        assert await callouts.stop_inviting(UnitOfWork(session), one.id) == 0
        rows = (await session.execute(select(Delivery.broadcast_id, Delivery.status))).all()
        assert sorted((b == first.broadcast_id, s) for b, s in rows) == [
            (False, "pending"), (False, "pending"), (False, "pending"), (True, "cancelled"), (True, "cancelled"),
            (True, "sent")]


async def test_the_driver_reminds_and_stops_at_the_right_moments(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, _b = await add_volunteers(session, 2)
        late = utcnow() + timedelta(hours=23, minutes=30)  # still taking acceptances when the reminder is due
        full = await make(session, actor, headcount=1, deadline=late)
        still_open = await make(session, actor, headcount=2, deadline=late)
        await callouts.send_wave(UnitOfWork(session), full.id)
        await callouts.send_wave(UnitOfWork(session), still_open.id)
        await assignments.accept(UnitOfWork(session), full.id, a)
        await assignments.accept(UnitOfWork(session), still_open.id, a)
        row = await _row(session, full.id)
        due = row.starts_at - timedelta(seconds=row.remind_before)
    # A second before the reminder is due: the full one's unsent invitations are cancelled, nothing else.
    assert await callouts.tick(UnitOfWorkFactory(session_pool), due - timedelta(seconds=1)) == []
    async with session_pool() as session:
        pending = (await session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.status == DeliveryStatus.PENDING))).scalar_one()
        assert pending == 2  # the open one's invitations wait for the worker
        cancelled = (await session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.status == DeliveryStatus.CANCELLED))).scalar_one()
        assert cancelled == 2
    # Exactly when it is due, it is reminded (the other, made a moment later, is due a moment later).
    sent = await callouts.tick(UnitOfWorkFactory(session_pool), due)
    assert [(w.assignment_id, w.wave, w.invited) for w in sent] == [(full.id, 0, 1)]
    async with session_pool() as session:
        assert (await _row(session, full.id)).reminded_at == due
        row = await _row(session, still_open.id)
        due_too = row.starts_at - timedelta(seconds=row.remind_before)
    sent = await callouts.tick(UnitOfWorkFactory(session_pool), due_too)
    assert [(w.assignment_id, w.wave, w.invited) for w in sent] == [(still_open.id, 0, 1)]


async def test_no_reminder_once_started_and_no_cancelling_old_ones(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        [a] = await add_volunteers(session, 1)
        job = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), job.id)
        await assignments.accept(UnitOfWork(session), job.id, a)
        start = (await _row(session, job.id)).starts_at
    assert await callouts.tick(UnitOfWorkFactory(session_pool), start) == []
    async with session_pool() as session:
        assert (await _row(session, job.id)).reminded_at is None
    # Two days after it was made, a filled assignment's leftovers are no longer swept.
    async with session_pool() as session:
        other = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), other.id)
        await session.execute(update(Assignment).where(Assignment.id == other.id).values(status="filled"))
        await session.commit()
        made = (await _row(session, other.id)).created_at
    await callouts.tick(UnitOfWorkFactory(session_pool), made + callouts.LIVE_WINDOW + timedelta(seconds=1))
    async with session_pool() as session:
        statuses = (await session.execute(select(Delivery.status).join(AssignmentWave, AssignmentWave.broadcast_id
                                                                       == Delivery.broadcast_id)
                                          .where(AssignmentWave.assignment_id == other.id))).scalars().all()
        assert statuses == ["pending"]
    await callouts.tick(UnitOfWorkFactory(session_pool), made + callouts.LIVE_WINDOW)
    async with session_pool() as session:
        statuses = (await session.execute(select(Delivery.status).join(AssignmentWave, AssignmentWave.broadcast_id
                                                                       == Delivery.broadcast_id)
                                          .where(AssignmentWave.assignment_id == other.id))).scalars().all()
        assert statuses == ["cancelled"]


async def test_notified_counts_this_assignments_sent_invitations_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        a, b = await add_volunteers(session, 2)
        one = await make(session, actor, headcount=2)
        two = await make(session, actor, headcount=2)
        await callouts.send_wave(UnitOfWork(session), one.id)
        await callouts.send_wave(UnitOfWork(session), two.id)
        await assignments.accept(UnitOfWork(session), one.id, a)
        await callouts.send_reminder(UnitOfWork(session), one.id)
        await session.execute(update(Delivery).values(status=DeliveryStatus.SENT))
        await session.commit()
        state = await callouts.live(UnitOfWork(session), one.id)
        assert state is not None and (state.invited, state.notified) == (2, 2)
        assert b


async def test_live_turns_only_for_a_managers_chat_within_two_days(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 1)
        now = utcnow()
        silent = await assignments.create(UnitOfWork(session), form(headcount=1, now=now),
                                          assignments.Manager(actor), now=now)
        shown = await assignments.create(UnitOfWork(session), form(headcount=1, now=now),
                                         assignments.Manager(actor, "telegram", 900), now=now)
        turns = await callouts.live_turns(UnitOfWork(session), every=5, now=now + callouts.LIVE_WINDOW)
        assert [t.assignment_id for t in turns] == [shown.id] and silent.id != shown.id


async def test_a_decline_touches_its_own_assignment_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        [person] = await add_volunteers(session, 1)
        first = await make(session, actor, headcount=2)
        second = await make(session, actor, headcount=2)
        await callouts.send_wave(UnitOfWork(session), first.id)
        await callouts.send_wave(UnitOfWork(session), second.id)
        said_no = utcnow().replace(microsecond=0)
        assert (await assignments.decline(UnitOfWork(session), first.id, person, said_no)).answer is Answer.DECLINED
        assert await _responses(session, first.id) == {person: "declined"}
        assert await _responses(session, second.id) == {person: "invited"}
        responded = (await session.execute(select(AssignmentResponse.responded_at).where(
            AssignmentResponse.assignment_id == first.id))).scalar_one()
        assert responded == said_no
        # Accepted in both, then withdrawn from the second: the first keeps its volunteer and its count.
        assert (await assignments.accept(UnitOfWork(session), first.id, person)).answer is Answer.ACCEPTED
        assert (await assignments.accept(UnitOfWork(session), second.id, person)).answer is Answer.ACCEPTED
        assert (await assignments.decline(UnitOfWork(session), second.id, person)).answer is Answer.DECLINED
        assert await _responses(session, first.id) == {person: "accepted"}
        assert ((await _row(session, first.id)).accepted_count, (await _row(session, second.id)).accepted_count) == (
            1, 0)


async def test_a_reminder_goes_to_its_own_assignment_s_volunteers_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        mine, theirs = await add_volunteers(session, 2)
        one = await make(session, actor, headcount=2)
        two = await make(session, actor, headcount=2)
        for job in (one, two):
            await callouts.send_wave(UnitOfWork(session), job.id)
        assert (await assignments.accept(UnitOfWork(session), one.id, mine)).answer is Answer.ACCEPTED
        assert (await assignments.accept(UnitOfWork(session), two.id, theirs)).answer is Answer.ACCEPTED
        sent = await callouts.send_reminder(UnitOfWork(session), one.id)
        assert sent is not None and sent.invited == 1
        reminded = (await session.execute(select(Delivery.person_id).where(
            Delivery.broadcast_id == sent.broadcast_id))).scalars().all()
        assert reminded == [mine]


async def test_the_driver_stamps_a_wave_with_its_own_moment_and_one_session_sends_wave_after_wave(
        session_pool: Pool) -> None:
    # The driver's moment, not the clock: a tick given an hour ago sends and stamps the wave an hour ago.
    then = utcnow().replace(microsecond=0) - timedelta(hours=1)
    async with session_pool() as session:
        actor = await add_manager(session)
        await add_volunteers(session, 2)
        await add_volunteers(session, 3, first_chat=7000, county=OTHER_COUNTY)
        job = await assignments.create(UnitOfWork(session), form(headcount=5, urgent=True, now=then),
                                       assignments.Manager(actor), now=then, wave_every=60)
    sent = await callouts.tick(UnitOfWorkFactory(session_pool), then)
    assert [(w.wave, w.invited) for w in sent] == [(1, 2)]
    async with session_pool() as session:
        wave = (await session.execute(select(AssignmentWave.sent_at).where(
            AssignmentWave.assignment_id == job.id))).scalar_one()
        assert wave == then
        assert (await _row(session, job.id)).next_wave_at == then + timedelta(seconds=60)
        # The same session, a minute later: the second wave (the session's copy of the row is not trusted).
        second = await callouts.send_wave(UnitOfWork(session), job.id, then + timedelta(seconds=61))
        assert second is not None and (second.wave, second.invited) == (2, 3)
        third = await callouts.send_wave(UnitOfWork(session), job.id, then + timedelta(seconds=122))
        assert third is not None and (third.wave, third.invited) == (3, 0)

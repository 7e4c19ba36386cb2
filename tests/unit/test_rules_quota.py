"""The call-out quota: exactly `headcount` acceptances, what a late, repeated, declined or withdrawn press
comes to, and that a press on one assignment never touches another (the waves and the reminders have
modules of their own: test_rules_quota_waves.py, test_rules_quota_reminders.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from campaigns import assignments, callouts
from campaigns.assignments import Answer
from storage.models import utcnow
from storage.models.assignments import Assignment, AssignmentResponse, AssignmentStatus, AssignmentWave
from storage.models.broadcasts import Broadcast, Delivery
from storage.unit_of_work import UnitOfWork
from tests.assignment_factories import OTHER_COUNTY, add_manager, add_volunteers, form, make
from tests.unit.quota_support import Pool, called_out, fresh, responses_of, two_assignments

# -- the quota ------------------------------------------------------------------------------------------

async def test_exactly_headcount_places_then_filled(session_pool: Pool) -> None:
    async with session_pool() as session:
        _actor, (a, b, c), job = await called_out(session, 3, headcount=2)
        first = await assignments.accept(UnitOfWork(session), job.id, a)
        assert (first.answer, first.filled) == (Answer.ACCEPTED, False)
        assert first.assignment is not None and first.assignment.accepted == 1
        assert (await fresh(session, job.id)).status == "open"
        second = await assignments.accept(UnitOfWork(session), job.id, b)
        assert (second.answer, second.filled) == (Answer.ACCEPTED, True)
        row = await fresh(session, job.id)
        assert (row.accepted_count, row.status) == (2, "filled") and row.filled_at is not None
        late = await assignments.accept(UnitOfWork(session), job.id, c)
        assert (late.answer, late.filled) == (Answer.FILLED, False)
        assert late.assignment is not None and late.assignment.accepted == 2
        # remembered as too late
        assert (await assignments.accept(UnitOfWork(session), job.id, c)).answer is Answer.FILLED
        assert (await assignments.accept(UnitOfWork(session), job.id, a)).answer is Answer.ALREADY_ACCEPTED
        assert await responses_of(session, job.id) == {a: "accepted", b: "accepted", c: "too_late"}
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
        assert (await fresh(session, job.id)).accepted_count == 0  # declining an invitation takes no place
        changed_mind = await assignments.accept(UnitOfWork(session), job.id, b)
        assert changed_mind.answer is Answer.ACCEPTED and not changed_mind.filled
        again = await assignments.accept(UnitOfWork(session), job.id, b)
        assert again.answer is Answer.ALREADY_ACCEPTED and again.assignment is not None
        assert again.assignment.accepted == 1


async def test_past_the_deadline_or_closed_no_place_is_taken(session_pool: Pool) -> None:
    async with session_pool() as session:
        _actor, (a, b, c), job = await called_out(session, 3, headcount=3)
        deadline = (await fresh(session, job.id)).deadline
        at_deadline = await assignments.accept(UnitOfWork(session), job.id, a, now=deadline)
        assert (at_deadline.answer, at_deadline.filled) == (Answer.CLOSED, False)
        assert (await assignments.accept(UnitOfWork(session), job.id, b, now=deadline - timedelta(seconds=1))).answer \
            is Answer.ACCEPTED
        await session.execute(update(Assignment).where(Assignment.id == job.id).values(status="cancelled"))
        await session.commit()
        assert (await assignments.accept(UnitOfWork(session), job.id, c)).answer is Answer.CLOSED
        assert (await assignments.accept(UnitOfWork(session), job.id, b)).answer is Answer.ALREADY_ACCEPTED
        assert (await fresh(session, job.id)).accepted_count == 1
        assert await responses_of(session, job.id) == {a: "too_late", b: "accepted", c: "too_late"}


async def test_withdrawing_frees_a_place_until_the_deadline(session_pool: Pool) -> None:
    async with session_pool() as session:
        _actor, (a, b), job = await called_out(session, 2, headcount=1)
        await assignments.accept(UnitOfWork(session), job.id, a)
        withdrawn = await assignments.decline(UnitOfWork(session), job.id, a)
        assert withdrawn.answer is Answer.DECLINED and withdrawn.assignment is not None
        row = await fresh(session, job.id)
        assert (row.accepted_count, row.status) == (0, "open")
        assert (await assignments.accept(UnitOfWork(session), job.id, b)).filled
        deadline = (await fresh(session, job.id)).deadline
        await assignments.decline(UnitOfWork(session), job.id, b, now=deadline)  # too late to reopen
        row = await fresh(session, job.id)
        assert (row.accepted_count, row.status) == (0, "filled")
        assert (await assignments.decline(UnitOfWork(session), job.id, 999_999)).answer is Answer.NOT_INVITED


async def test_checked_in_cannot_withdraw(session_pool: Pool) -> None:
    async with session_pool() as session:
        _actor, [a], job = await called_out(session, 1, headcount=1)
        await assignments.accept(UnitOfWork(session), job.id, a)
        await assignments.check_in(UnitOfWork(session), job.id, a, now=job.starts_at)
        assert (await assignments.decline(UnitOfWork(session), job.id, a)).answer is Answer.ALREADY_CHECKED_IN
        assert (await assignments.accept(UnitOfWork(session), job.id, a)).answer is Answer.ALREADY_ACCEPTED
        assert (await fresh(session, job.id)).accepted_count == 1


# -- one person, two assignments: a press on one never touches the other ---------------------------------

async def test_presses_touch_their_own_assignment_and_person_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        (a, b, c, d), one, two = await two_assignments(session, 4)
        await callouts.send_wave(UnitOfWork(session), one.id)
        await callouts.send_wave(UnitOfWork(session), two.id)
        await assignments.accept(UnitOfWork(session), two.id, b)
        assert (await assignments.accept(UnitOfWork(session), one.id, a)).answer is Answer.ACCEPTED
        assert (await fresh(session, two.id)).accepted_count == 1
        assert (await responses_of(session, two.id))[a] == "invited"
        # Declining an invitation frees no place; withdrawing frees one, in its own assignment only.
        assert (await assignments.decline(UnitOfWork(session), one.id, c)).answer is Answer.DECLINED
        assert (await fresh(session, one.id)).accepted_count == 1
        assert (await responses_of(session, one.id)) == {a: "accepted", b: "invited", c: "declined", d: "invited"}
        assert (await responses_of(session, two.id))[c] == "invited"
        await assignments.decline(UnitOfWork(session), one.id, a)
        assert (await fresh(session, one.id)).accepted_count == 0 and (await fresh(session, two.id)).accepted_count == 1
        assert (await responses_of(session, two.id))[a] == "invited"
        declined_at = (await session.execute(select(AssignmentResponse.responded_at).where(
            AssignmentResponse.assignment_id == one.id, AssignmentResponse.person_id == c))).scalar_one()
        assert declined_at is not None
        # Too late on a closed one leaves the other invitation open.
        await session.execute(update(Assignment).where(Assignment.id == one.id).values(status="cancelled"))
        await session.commit()
        assert (await assignments.accept(UnitOfWork(session), one.id, d)).answer is Answer.CLOSED
        assert (await responses_of(session, two.id))[d] == "invited"
        assert (await assignments.accept(UnitOfWork(session), one.id, 999_999)).answer is Answer.NOT_INVITED
        # A too-late person declining stays too late.
        assert (await assignments.decline(UnitOfWork(session), one.id, d)).answer is Answer.DECLINED
        assert (await responses_of(session, one.id))[d] == "too_late"


async def test_filled_at_and_the_outcomes_of_a_full_assignment(session_pool: Pool) -> None:
    async with session_pool() as session:
        _actor, (a, b, c, d), job = await called_out(session, 4, headcount=3)
        await assignments.accept(UnitOfWork(session), job.id, a)
        await assignments.accept(UnitOfWork(session), job.id, b)
        assert (await fresh(session, job.id)).filled_at is None  # one place left
        await assignments.accept(UnitOfWork(session), job.id, c)
        filled_at = (await fresh(session, job.id)).filled_at
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
        row = await fresh(session, job.id)
        assert (row.accepted_count, row.status, row.filled_at) == (2, "open", filled_at)


async def test_full_or_not_when_a_press_comes_too_late(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor, (a, b, c), job = await called_out(session, 3, headcount=1)
        await assignments.accept(UnitOfWork(session), job.id, a)
        deadline = (await fresh(session, job.id)).deadline
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
        _actor, [a], job = await called_out(session, 1, headcount=1)
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
        assert first is not None and (await fresh(session, two.id)).wave == 0  # the other one's wave is its own
        second = await callouts.send_wave(UnitOfWork(session), two.id, now)
        assert second is not None and second.invited == 3
        per_broadcast = dict((await session.execute(select(Delivery.broadcast_id, func.count()).group_by(
            Delivery.broadcast_id))).all())
        assert per_broadcast == {first.broadcast_id: 2, second.broadcast_id: 3}
        mine = (await session.execute(select(Delivery.person_id).where(
            Delivery.broadcast_id == second.broadcast_id).order_by(Delivery.person_id))).scalars().all()
        assert mine == there and sorted(await responses_of(session, one.id)) == here
        waves = (await session.execute(select(AssignmentWave.sent_at).order_by(AssignmentWave.id))).scalars().all()
        assert waves == [now, now]
        made = (await session.execute(select(Broadcast.created_at).where(Broadcast.id == first.broadcast_id))
                ).scalar_one()
        assert made == now


async def test_a_freed_place_is_open_to_whoever_pressed_too_late(session_pool: Pool) -> None:
    async with session_pool() as session:
        _actor, (a, b), job = await called_out(session, 2, headcount=1)
        await assignments.accept(UnitOfWork(session), job.id, a)
        assert (await assignments.accept(UnitOfWork(session), job.id, b)).answer is Answer.FILLED
        await assignments.decline(UnitOfWork(session), job.id, a)
        taken = await assignments.accept(UnitOfWork(session), job.id, b)
        assert (taken.answer, taken.filled) == (Answer.ACCEPTED, True)
        assert await responses_of(session, job.id) == {a: "declined", b: "accepted"}
        assert (await assignments.accept(UnitOfWork(session), job.id, a)).answer is Answer.FILLED


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
        assert await responses_of(session, first.id) == {person: "declined"}
        assert await responses_of(session, second.id) == {person: "invited"}
        responded = (await session.execute(select(AssignmentResponse.responded_at).where(
            AssignmentResponse.assignment_id == first.id))).scalar_one()
        assert responded == said_no
        # Accepted in both, then withdrawn from the second: the first keeps its volunteer and its count.
        assert (await assignments.accept(UnitOfWork(session), first.id, person)).answer is Answer.ACCEPTED
        assert (await assignments.accept(UnitOfWork(session), second.id, person)).answer is Answer.ACCEPTED
        assert (await assignments.decline(UnitOfWork(session), second.id, person)).answer is Answer.DECLINED
        assert await responses_of(session, first.id) == {person: "accepted"}
        assert ((await fresh(session, first.id)).accepted_count, (await fresh(session, second.id)).accepted_count) == (
            1, 0)

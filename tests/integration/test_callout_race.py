"""Exactly N acceptances under concurrent presses; waves widening county → province → neighbours."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import assignments, callouts, timebank
from campaigns.assignments import Answer
from storage.db import create_engine, create_session_pool
from storage.models import utcnow
from storage.models.assignments import Assignment, AssignmentResponse, AssignmentStatus, ResponseStatus
from storage.models.broadcasts import Delivery, DeliveryStatus
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.assignment_factories import OTHER_COUNTY, add_manager, add_volunteers, form, make


async def _accepted(session: AsyncSession, assignment_id: int) -> tuple[int, int]:
    counter = (await session.execute(select(Assignment.accepted_count).where(Assignment.id == assignment_id)
                                     .execution_options(populate_existing=True))).scalar_one()
    rows = (await session.execute(select(func.count()).select_from(AssignmentResponse).where(
        AssignmentResponse.assignment_id == assignment_id,
        AssignmentResponse.status == ResponseStatus.ACCEPTED.value))).scalar_one()
    return int(counter), int(rows)


async def _press_all(pools: list[async_sessionmaker[AsyncSession]], assignment_id: int, people: list[int]
                     ) -> list[Answer]:
    async def press(index: int, person_id: int) -> Answer:
        async with pools[index % len(pools)]() as session:
            return (await assignments.accept(UnitOfWork(session), assignment_id, person_id)).answer

    return list(await asyncio.gather(*(press(i, pid) for i, pid in enumerate(people))))


async def test_exactly_n_accept_when_everyone_presses_at_once(session_pool: async_sessionmaker[AsyncSession],
                                                               db_url: str) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        people = await add_volunteers(session, 150)
        assignment = await make(session, actor, headcount=7)
        wave = await callouts.send_wave(UnitOfWork(session), assignment.id)
    assert wave is not None and wave.invited == 150
    # A second engine stands for a second bot process (its own connections).
    second = create_engine(db_url, pool_size=10)
    try:
        answers = await _press_all([session_pool, create_session_pool(second)], assignment.id, people)
    finally:
        await second.dispose()
    assert answers.count(Answer.ACCEPTED) == 7
    assert answers.count(Answer.FILLED) == 143
    async with session_pool() as session:
        assert await _accepted(session, assignment.id) == (7, 7)
        state = await assignments.get(UnitOfWork(session), assignment.id)
        assert state is not None and state.status is AssignmentStatus.FILLED
        # Later presses are remembered as too late; pressing again is still "filled".
        assert (await assignments.accept(UnitOfWork(session), assignment.id, people[-1])).answer in (Answer.FILLED,
                                                                                         Answer.ALREADY_ACCEPTED)


async def test_double_tap_takes_one_place(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        people = await add_volunteers(session, 3)
        assignment = await make(session, actor, headcount=2)
        await callouts.send_wave(UnitOfWork(session), assignment.id)
    answers = await _press_all([session_pool], assignment.id, [people[0]] * 6)
    assert answers.count(Answer.ACCEPTED) == 1
    assert answers.count(Answer.ALREADY_ACCEPTED) == 5
    async with session_pool() as session:
        assert await _accepted(session, assignment.id) == (1, 1)
        # Withdrawing frees the place; a stranger to the assignment cannot take one.
        assert (await assignments.decline(UnitOfWork(session), assignment.id, people[0])).answer is Answer.DECLINED
        assert await _accepted(session, assignment.id) == (0, 0)
        assert (await assignments.accept(UnitOfWork(session), assignment.id, 999_999)).answer is Answer.NOT_INVITED


async def test_waves_widen_county_province_neighbours(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        county = await add_volunteers(session, 2, first_chat=100)
        province = await add_volunteers(session, 3, first_chat=200, county=OTHER_COUNTY)
        neighbour = await add_volunteers(session, 4, first_chat=300, province="yazd", county="yazd-yazd")
        await add_volunteers(session, 5, first_chat=400, province="tehran", county="tehran-tehran")  # too far
        await add_volunteers(session, 6, first_chat=500, on_call=False)  # not on call
        await add_volunteers(session, 7, first_chat=600, specialty="engineer")  # another specialty
        now = utcnow()
        callout = await assignments.create(
            UnitOfWork(session), form(headcount=20, urgent=True, now=now), assignments.Manager(actor, "telegram", 900),
            now=now, wave_every=60)
    first = await callouts.tick(UnitOfWorkFactory(session_pool), now)
    assert [(w.wave, w.invited) for w in first] == [(1, 2)]
    assert await callouts.tick(UnitOfWorkFactory(session_pool), now + timedelta(seconds=30)) == []  # still waiting
    second = await callouts.tick(UnitOfWorkFactory(session_pool), now + timedelta(seconds=61))
    assert [(w.wave, w.invited) for w in second] == [(2, 3)]
    third = await callouts.tick(UnitOfWorkFactory(session_pool), now + timedelta(seconds=122))
    assert [(w.wave, w.invited) for w in third] == [(3, 4)]
    assert await callouts.tick(UnitOfWorkFactory(session_pool), now + timedelta(seconds=200)) == []  # no wider wave
    async with session_pool() as session:
        invited = dict((await session.execute(select(AssignmentResponse.person_id, AssignmentResponse.wave).where(
            AssignmentResponse.assignment_id == callout.id))).all())
        assert invited == {**dict.fromkeys(county, 1), **dict.fromkeys(province, 2),
                           **dict.fromkeys(neighbour, 3)}
        deliveries = (await session.execute(select(func.count()).select_from(Delivery))).scalar_one()
        assert deliveries == 9


async def test_filling_stops_unsent_invitations(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        people = await add_volunteers(session, 10)
        assignment = await make(session, actor, headcount=1, urgent=True)
        await callouts.send_wave(UnitOfWork(session), assignment.id)
        outcome = await assignments.accept(UnitOfWork(session), assignment.id, people[0])
        assert outcome.answer is Answer.ACCEPTED and outcome.filled
        assert await callouts.stop_inviting(UnitOfWork(session), assignment.id) == 10
        pending = (await session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.status == DeliveryStatus.PENDING))).scalar_one()
        assert pending == 0
        state = await callouts.live(UnitOfWork(session), assignment.id)
        assert state is not None and (state.accepted, state.invited, state.notified) == (1, 10, 0)


async def test_check_in_and_out_credit_the_time_bank(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        person = (await add_volunteers(session, 1))[0]
        assignment = await make(session, actor, headcount=1)
        await callouts.send_wave(UnitOfWork(session), assignment.id)
        assert (await assignments.check_in(UnitOfWork(session), assignment.id, person)).answer is Answer.NOT_ACCEPTED
        await assignments.accept(UnitOfWork(session), assignment.id, person)
        start = assignment.starts_at
        early = await assignments.check_in(UnitOfWork(session), assignment.id, person, now=start - timedelta(hours=5))
        assert early.answer is Answer.TOO_EARLY
        assert (await assignments.check_in(UnitOfWork(session), assignment.id, person,
                                           now=start - timedelta(minutes=10))
                ).answer is Answer.CHECKED_IN
        out = await assignments.check_out(UnitOfWork(session), assignment.id, person, now=start + timedelta(hours=3))
        assert out.answer is Answer.CHECKED_OUT and out.minutes == 190
        again = await assignments.check_out(UnitOfWork(session), assignment.id, person, now=start + timedelta(hours=4))
        assert again.answer is Answer.NOT_CHECKED_IN
        await timebank.confirm(UnitOfWork(session), actor, person, 45, note="first aid course")
        summary = await timebank.summary(UnitOfWork(session), person)
        assert (summary.total_minutes, summary.entries, summary.hours, summary.minutes) == (235, 2, 3, 55)
        assert [line.minutes for line in summary.history] == [190, 45]
        totals = await timebank.totals_by_region(UnitOfWork(session), actor)
        assert [(t.province_code, t.minutes, t.volunteers) for t in totals] == [("isfahan", 235, 1)]
        roster = await assignments.roster(UnitOfWork(session), assignment.id)
        assert [line.status for line in roster] == [ResponseStatus.CHECKED_OUT]


@pytest.mark.parametrize("presses", [60])
async def test_reminder_goes_to_the_accepted_only(session_pool: async_sessionmaker[AsyncSession],
                                                  presses: int) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        people = await add_volunteers(session, presses)
        assignment = await make(session, actor, headcount=3)
        await callouts.send_wave(UnitOfWork(session), assignment.id)
        for person in people[:5]:
            await assignments.accept(UnitOfWork(session), assignment.id, person)
    due = assignment.starts_at - timedelta(minutes=59)
    sent = await callouts.tick(UnitOfWorkFactory(session_pool), due)
    assert [(w.wave, w.invited) for w in sent] == [(0, 3)]
    assert await callouts.tick(UnitOfWorkFactory(session_pool), due + timedelta(minutes=1)) == []

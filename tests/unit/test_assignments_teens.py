"""A teen's Accept in the service (campaigns.assignments.accept): refused on a call-out and on an assignment no
manager marked suitable for teens, with nothing written; taken on one marked for teens, as for an adult.

The teens here were invited before they declared a year of birth: the old message whose Accept they press."""

from __future__ import annotations

from sqlalchemy import func, select

from campaigns import assignments, callouts, teens
from campaigns.assignments import Answer
from storage.models.assignments import AssignmentResponse
from storage.unit_of_work import UnitOfWork
from tests.assignment_factories import add_manager, add_volunteers, make
from tests.unit.quota_support import Pool, fresh, responses_of


async def _responded(session_pool: Pool) -> int:
    async with session_pool() as session:
        return (await session.execute(select(func.count()).select_from(AssignmentResponse).where(
            AssignmentResponse.responded_at.is_not(None)))).scalar_one()


async def test_a_teen_is_refused_a_callout_and_an_unmarked_assignment_and_nothing_is_saved(
        session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        teen, adult = await add_volunteers(session, 2)
        callout = await make(session, actor, urgent=True, headcount=2)
        ordinary = await make(session, actor, headcount=2)
        marked = await make(session, actor, headcount=2)
        for job in (callout, ordinary, marked):
            await callouts.send_wave(UnitOfWork(session), job.id)
        assert await teens.declare(UnitOfWork(session), teen, 1390) == teens.Declared(1390, teen=True)
        assert await teens.mark_assignment(UnitOfWork(session), marked.id, actor.person_id)

        for job in (callout, ordinary):
            outcome = await assignments.accept(UnitOfWork(session), job.id, teen)
            assert outcome == assignments.Outcome(Answer.TEEN_NOT_ALLOWED)
            # Asked again, the same: the invitation is left as it was, no place taken.
            assert (await assignments.accept(UnitOfWork(session), job.id, teen)).answer is Answer.TEEN_NOT_ALLOWED
            assert await responses_of(session, job.id) == {teen: "invited", adult: "invited"}
            assert (await fresh(session, job.id)).accepted_count == 0
    assert await _responded(session_pool) == 0

    async with session_pool() as session:
        # The adult's Accept on the same call-out takes a place; the teen's on the marked assignment does too.
        assert (await assignments.accept(UnitOfWork(session), callout.id, adult)).answer is Answer.ACCEPTED
        assert (await assignments.accept(UnitOfWork(session), marked.id, teen)).answer is Answer.ACCEPTED
        assert await responses_of(session, callout.id) == {teen: "invited", adult: "accepted"}
        assert await responses_of(session, marked.id) == {teen: "accepted", adult: "invited"}
        assert (await fresh(session, callout.id)).accepted_count == 1


async def test_a_teen_refusal_comes_first_even_on_a_filled_callout(session_pool: Pool) -> None:
    async with session_pool() as session:
        actor = await add_manager(session)
        teen, adult = await add_volunteers(session, 2)
        callout = await make(session, actor, urgent=True, headcount=1)
        await callouts.send_wave(UnitOfWork(session), callout.id)
        assert (await assignments.accept(UnitOfWork(session), callout.id, adult)).filled
        await teens.declare(UnitOfWork(session), teen, 1390)
        assert (await assignments.accept(UnitOfWork(session), callout.id, teen)).answer is Answer.TEEN_NOT_ALLOWED
        # Not marked too late either: the refusal writes nothing.
        assert await responses_of(session, callout.id) == {teen: "invited", adult: "accepted"}

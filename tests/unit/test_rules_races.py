"""The quota and the call-out driver when two actions interleave: each race is forced, not hoped for.

A `Gate` holds one session just before (or just after) a chosen SQL statement, on the real database
(SQLite or PostgreSQL), while another session acts; then it lets the first one go on. Every guard these
tests exercise repeats, inside a write, a condition the service had already checked by reading: it only
matters when something changed in between, and that is what each test makes happen."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import event, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.util import await_only

from campaigns import assignments, callouts
from campaigns.assignments import Answer, AssignmentView
from storage.models import utcnow
from storage.models.assignments import Assignment, AssignmentResponse, AssignmentStatus, AssignmentWave
from storage.models.broadcasts import Delivery
from storage.unit_of_work import UnitOfWork
from tests.assignment_factories import OTHER_COUNTY, add_manager, add_volunteers, form, make

Pool = async_sessionmaker[AsyncSession]
T = TypeVar("T")
WAIT = 30  # seconds a forced interleaving may take on a loaded machine before the test gives up


class Gate:
    """Holds the first statement that `match`es until `open()`; `reached` is set once it is held.

    SQLAlchemy runs a statement's cursor events inside the async driver's greenlet, so the listener can
    wait on the event loop there (`await_only`) while the other sessions of the test go on."""

    def __init__(self, match: Callable[[str, Any], bool]) -> None:
        self.match = match
        self.reached = asyncio.Event()
        self._go = asyncio.Event()
        self._used = False

    def listener(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
                 _many: bool) -> None:
        if self._used or not self.match(statement, parameters):
            return
        self._used = True
        self.reached.set()
        await_only(self._go.wait())

    def open(self) -> None:
        """Let the held statement run (or the session go on, for a gate after a statement)."""
        self._go.set()


@asynccontextmanager
async def gate(pool: Pool, match: Callable[[str, Any], bool], *, after: bool = False) -> AsyncIterator[Gate]:
    """A gate on every connection of the pool's engine, before (default) or after the matching statement."""
    engine: AsyncEngine = pool.kw["bind"]
    held = Gate(match)
    name = "after_cursor_execute" if after else "before_cursor_execute"
    event.listen(engine.sync_engine, name, held.listener)
    try:
        yield held
    finally:
        held.open()
        event.remove(engine.sync_engine, name, held.listener)


def _holds(parameters: Any, value: object) -> bool:
    values = parameters.values() if isinstance(parameters, dict) else parameters
    return any(item == value for item in values or ())


def writes_response(status: str) -> Callable[[str, Any], bool]:
    """An UPDATE of responses that sets `status`."""
    return lambda sql, params: sql.lstrip().startswith("UPDATE assignment_responses") and _holds(params, status)


def selects_assignment(sql: str, _params: Any) -> bool:
    """The read of one whole assignment row (send_wave's first statement)."""
    head = sql.lstrip()
    return head.startswith("SELECT assignments.id, assignments.title") and "WHERE assignments.id =" in head


async def held(coroutine: Coroutine[Any, Any, T], at: Gate) -> asyncio.Task[T]:
    """Start `coroutine` and return once it is held at the gate."""
    task = asyncio.ensure_future(coroutine)
    waiting = asyncio.ensure_future(at.reached.wait())
    await asyncio.wait({task, waiting}, timeout=WAIT, return_when=asyncio.FIRST_COMPLETED)
    waiting.cancel()
    if task.done():
        task.result()  # raises what went wrong
        raise AssertionError("the action finished without reaching its gate")
    assert at.reached.is_set(), "the action never reached its gate"
    return task


async def finish(task: asyncio.Task[T], at: Gate) -> T:
    """Open the gate and wait for the held action to end."""
    at.open()
    return await asyncio.wait_for(task, WAIT)


async def _while_held(pool: Pool, status: str, action: Coroutine[Any, Any, T],
                      meanwhile: Coroutine[Any, Any, None]) -> T:
    """Run `action` up to its write of a response's `status`, hold it there while `meanwhile` runs to its end,
    then let it go on; what `action` returned."""
    async with gate(pool, writes_response(status)) as at:
        task = await held(action, at)
        await meanwhile
        return await finish(task, at)


async def _accept(pool: Pool, assignment_id: int, person_id: int, now: Any = None) -> assignments.Outcome:
    async with pool() as session:
        return await assignments.accept(UnitOfWork(session), assignment_id, person_id, now)


async def _takes_the_place(pool: Pool, assignment_id: int, person_id: int) -> None:
    """`person_id` presses Accept and takes the last open place: accepted, and the assignment is now filled."""
    taken = await _accept(pool, assignment_id, person_id)
    assert (taken.answer, taken.filled) == (Answer.ACCEPTED, True)


async def _decline(pool: Pool, assignment_id: int, person_id: int, now: Any = None) -> assignments.Outcome:
    async with pool() as session:
        return await assignments.decline(UnitOfWork(session), assignment_id, person_id, now)


async def _responses(pool: Pool, assignment_id: int) -> dict[int, tuple[str, Any]]:
    async with pool() as session:
        rows = await session.execute(select(AssignmentResponse.person_id, AssignmentResponse.status,
                                            AssignmentResponse.responded_at)
                                     .where(AssignmentResponse.assignment_id == assignment_id))
        return {person: (status, at) for person, status, at in rows.all()}


async def _counter(pool: Pool, assignment_id: int) -> tuple[int, str]:
    async with pool() as session:
        row = (await session.execute(select(Assignment.accepted_count, Assignment.status)
                                     .where(Assignment.id == assignment_id))).one()
        return int(row[0]), str(row[1])


async def _invited_and_sent(pool: Pool, headcount: int, people: int, **fields: Any
                            ) -> tuple[AssignmentView, list[int]]:
    async with pool() as session:
        actor = await add_manager(session)
        ids = await add_volunteers(session, people)
        job = await make(session, actor, headcount=headcount, **fields)
        assert await callouts.send_wave(UnitOfWork(session), job.id) is not None
    return job, ids


# -- the quota ------------------------------------------------------------------------------------------

async def test_a_press_that_looked_before_the_last_place_went_is_told_filled(session_pool: Pool) -> None:
    # a sees a place, b takes it, then a's claim finds none: a is told "filled" and marked too late, at the
    # moment a pressed, and a's own row is not left accepted.
    job, (a, b) = await _invited_and_sent(session_pool, 1, 2)
    pressed = utcnow().replace(microsecond=0)
    late = await _while_held(session_pool, "accepted", _accept(session_pool, job.id, a, pressed),
                             _takes_the_place(session_pool, job.id, b))
    assert (late.answer, late.filled) == (Answer.FILLED, False)
    assert late.assignment is not None and (late.assignment.id, late.assignment.accepted) == (job.id, 1)
    responses = await _responses(session_pool, job.id)
    assert {person: status for person, (status, _) in responses.items()} == {a: "too_late", b: "accepted"}
    assert responses[a][1] == pressed
    assert await _counter(session_pool, job.id) == (1, "filled")


async def test_the_too_late_mark_never_undoes_a_place_taken_meanwhile(session_pool: Pool) -> None:
    # p presses on a full assignment; while p's press is being told "filled", a withdraws and p's second
    # press (another device) takes the freed place. The first press's "too late" must not overwrite it.
    job, (a, p) = await _invited_and_sent(session_pool, 1, 2)
    assert (await _accept(session_pool, job.id, a)).answer is Answer.ACCEPTED
    async with gate(session_pool, writes_response("too_late")) as at:
        first = await held(_accept(session_pool, job.id, p), at)
        assert (await _decline(session_pool, job.id, a)).answer is Answer.DECLINED
        assert await _counter(session_pool, job.id) == (0, "open")
        await _takes_the_place(session_pool, job.id, p)
        told = await finish(first, at)
    assert told.answer is Answer.FILLED
    responses = await _responses(session_pool, job.id)
    assert {person: status for person, (status, _) in responses.items()} == {a: "declined", p: "accepted"}
    assert await _counter(session_pool, job.id) == (1, "filled")
    async with session_pool() as session:
        assert [line.person_id for line in await assignments.roster(UnitOfWork(session), job.id)] == [p]


async def test_a_decline_whose_invitation_was_accepted_meanwhile_frees_the_place(session_pool: Pool) -> None:
    # p taps Decline on one device and Accept on another: decline looked while p was only invited, accept
    # then took the place, and decline turned the acceptance into a refusal. The place must be freed.
    job, (p, q) = await _invited_and_sent(session_pool, 1, 2)
    pressed = utcnow().replace(microsecond=0)
    declined = await _while_held(session_pool, "declined", _decline(session_pool, job.id, p, pressed),
                                 _takes_the_place(session_pool, job.id, p))
    assert declined.answer is Answer.DECLINED
    assert declined.assignment is not None and declined.assignment.accepted == 0
    assert await _counter(session_pool, job.id) == (0, "open")
    responses = await _responses(session_pool, job.id)
    assert {person: status for person, (status, _) in responses.items()} == {p: "declined", q: "invited"}
    assert responses[p][1] == pressed
    assert (await _accept(session_pool, job.id, q)).answer is Answer.ACCEPTED  # the freed place is q's


async def test_a_press_that_looked_before_the_deadline_sweep_is_told_closed(session_pool: Pool) -> None:
    # A press made a minute before the deadline sees the assignment open; the driver's sweep, a minute after
    # the deadline, then closes it. The press must not take a place in an expired assignment.
    job, (p, _) = await _invited_and_sent(session_pool, 1, 2)
    pressed = job.deadline - timedelta(minutes=1)

    async def sweep() -> list[int]:
        async with session_pool() as session:
            return await callouts.expire(UnitOfWork(session), job.deadline + timedelta(minutes=1))

    async with gate(session_pool, writes_response("accepted")) as at:
        pressing = await held(_accept(session_pool, job.id, p, pressed), at)
        assert await sweep() == [job.id]
        told = await finish(pressing, at)
    assert told.answer is Answer.CLOSED
    assert await _counter(session_pool, job.id) == (0, "expired")
    responses = await _responses(session_pool, job.id)
    assert responses[p] == ("too_late", pressed)


async def test_a_withdrawal_never_takes_the_counter_below_zero(session_pool: Pool) -> None:
    # The counter and the rows disagree (an operator's repair, a restore from backup): withdrawing an
    # acceptance the counter no longer holds leaves it at zero rather than -1, which would open a place
    # too many.
    job, (p, q, r) = await _invited_and_sent(session_pool, 2, 3)
    assert (await _accept(session_pool, job.id, p)).answer is Answer.ACCEPTED
    async with session_pool() as session:
        await session.execute(update(Assignment).where(Assignment.id == job.id).values(accepted_count=0))
        await session.commit()
    assert (await _decline(session_pool, job.id, p)).answer is Answer.DECLINED
    assert await _counter(session_pool, job.id) == (0, "open")
    assert [(await _accept(session_pool, job.id, person)).answer for person in (q, r, p)] == [
        Answer.ACCEPTED, Answer.ACCEPTED, Answer.FILLED]


# -- the call-out driver ----------------------------------------------------------------------------------

async def _callout(pool: Pool, wave_every: int = 60) -> tuple[AssignmentView, list[int], list[int], Any]:
    """An urgent call-out for one person: two volunteers in its county, three in the rest of the province;
    its first wave sent at `now`."""
    now = utcnow()
    async with pool() as session:
        actor = await add_manager(session)
        county = await add_volunteers(session, 2, first_chat=100)
        province = await add_volunteers(session, 3, first_chat=200, county=OTHER_COUNTY)
        job = await assignments.create(UnitOfWork(session), form(headcount=1, urgent=True, now=now),
                                       assignments.Manager(actor, "telegram", 900), now=now, wave_every=wave_every)
        first = await callouts.send_wave(UnitOfWork(session), job.id, now)
    assert first is not None and (first.wave, first.invited) == (1, 2)
    return job, county, province, now


async def _waves(pool: Pool, assignment_id: int) -> list[tuple[int, int]]:
    async with pool() as session:
        rows = await session.execute(select(AssignmentWave.wave, AssignmentWave.invited)
                                     .where(AssignmentWave.assignment_id == assignment_id)
                                     .order_by(AssignmentWave.id))
        return [(int(w), int(n)) for w, n in rows.all()]


async def _deliveries(pool: Pool) -> int:
    async with pool() as session:
        return int((await session.execute(select(func.count()).select_from(Delivery))).scalar_one())


async def _send_wave(pool: Pool, assignment_id: int, now: Any) -> callouts.WaveSent | None:
    async with pool() as session:
        return await callouts.send_wave(UnitOfWork(session), assignment_id, now)


async def test_a_wave_due_when_the_last_place_is_taken_is_not_sent(session_pool: Pool) -> None:
    # The driver reads the call-out (open, second wave due); a county volunteer then takes the only
    # place. The province must not be invited to a call-out that is already filled.
    job, county, _, now = await _callout(session_pool)
    due = now + timedelta(seconds=61)
    async with gate(session_pool, selects_assignment, after=True) as at:
        widening = await held(_send_wave(session_pool, job.id, due), at)
        assert (await _accept(session_pool, job.id, county[0])).filled
        assert await finish(widening, at) is None
    assert await _waves(session_pool, job.id) == [(1, 2)]
    assert set(await _responses(session_pool, job.id)) == set(county)
    assert await _deliveries(session_pool) == 2
    assert await _counter(session_pool, job.id) == (1, "filled")


async def test_two_drivers_due_for_the_same_wave_send_it_once(session_pool: Pool) -> None:
    # Two worker processes read the call-out at the same wave; the first sends the second wave; the other
    # must not send it again (nobody invited or notified twice).
    job, county, province, now = await _callout(session_pool)
    due = now + timedelta(seconds=61)
    async with gate(session_pool, selects_assignment, after=True) as at:
        slow = await held(_send_wave(session_pool, job.id, due), at)
        fast = await _send_wave(session_pool, job.id, due)
        assert fast is not None and (fast.wave, fast.invited) == (2, 3)
        assert await finish(slow, at) is None
    assert await _waves(session_pool, job.id) == [(1, 2), (2, 3)]
    async with session_pool() as session:
        wave = (await session.execute(select(Assignment.wave).where(Assignment.id == job.id))).scalar_one()
        notified = (await session.execute(select(Delivery.person_id))).scalars().all()
    assert wave == 2
    assert sorted(notified) == sorted(county + province)


async def test_a_deadline_sweep_leaves_alone_what_filled_while_it_looked(session_pool: Pool) -> None:
    # The sweep lists open assignments past their deadline; before it closes them, the last place of one
    # is taken by a press made before the deadline. That one stays filled, not expired. Another
    # assignment whose deadline is still ahead stays open.
    job, (a, _) = await _invited_and_sent(session_pool, 1, 2)
    async with session_pool() as session:
        actor = await add_manager(session, user_id=901)
        later = await make(session, actor, headcount=1, deadline=utcnow() + timedelta(hours=20))
    sweep_at = job.deadline + timedelta(minutes=1)
    pressed = job.deadline - timedelta(minutes=1)

    async def sweep() -> list[int]:
        async with session_pool() as session:
            return await callouts.expire(UnitOfWork(session), sweep_at)

    listed = gate(session_pool, lambda sql, _: sql.lstrip().startswith("SELECT assignments.id")
                  and "assignments.deadline <=" in sql, after=True)
    async with listed as at:
        sweeping = await held(sweep(), at)
        assert (await _accept(session_pool, job.id, a, pressed)).filled
        assert await finish(sweeping, at) == []
    assert await _counter(session_pool, job.id) == (1, "filled")
    assert await _counter(session_pool, later.id) == (0, "open")


async def test_a_live_message_turn_is_taken_once_per_interval_even_when_the_count_changed(
        session_pool: Pool) -> None:
    # Two workers look for live messages to edit; one takes the turn and shows 0 accepted; a press then
    # changes the count; the other must wait for the next interval rather than edit at once.
    job, county, _, now = await _callout(session_pool)

    async def turns() -> list[callouts.Live]:
        async with session_pool() as session:
            return await callouts.live_turns(UnitOfWork(session), 60, now)

    listed = gate(session_pool, lambda sql, _: "assignments.manager_chat_id IS NOT NULL" in sql, after=True)
    async with listed as at:
        slow = await held(turns(), at)
        fast = await turns()
        assert [(t.assignment_id, t.accepted) for t in fast] == [(job.id, 0)]
        assert (await _accept(session_pool, job.id, county[0])).filled
        assert await finish(slow, at) == []
    later = await turns_at(session_pool, now + timedelta(seconds=61))
    assert [(t.assignment_id, t.accepted, t.status) for t in later] == [(job.id, 1, AssignmentStatus.FILLED)]


async def turns_at(pool: Pool, when: Any) -> list[callouts.Live]:
    """The live turns due at `when`."""
    async with pool() as session:
        return await callouts.live_turns(UnitOfWork(session), 60, when)

"""Queries and writes on shift reminders and volunteers' answers to them; the unit of work commits.

A reminder round is claimed by its unique (assignment, lead) row (ON CONFLICT DO NOTHING), so each round
happens once across workers; a refill is marked in the accepting press's own transaction, after its place
was taken, so the count of refills never passes the count of releases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Boolean, Integer, String, and_, case, exists, func, insert, literal, select, true, update

from storage.models.assignments import Assignment, AssignmentResponse, AssignmentStatus, ResponseStatus
from storage.models.shifts_feedback import ShiftAnswer, ShiftReminder, ShiftState
from storage.repositories.base import Repository, greatest, insert_for, rowcount

_LIVE = (AssignmentStatus.OPEN.value, AssignmentStatus.FILLED.value)


class ShiftRepository(Repository):
    """Every SQL statement on shift reminder rounds and shift answers."""

    # -- reminder rounds --------------------------------------------------------------------------------

    async def due_rounds(self, now: datetime, lead_hours: int, until_hours: int) -> Sequence[int]:
        """Ids of open or filled assignments starting between `until_hours` and `lead_hours` hours from now
        that have no round of `lead_hours` yet."""
        return (await self.session.execute(select(Assignment.id).where(
            Assignment.status.in_(_LIVE), Assignment.starts_at > now + timedelta(hours=until_hours),
            Assignment.starts_at <= now + timedelta(hours=lead_hours),
            ~exists().where(ShiftReminder.assignment_id == Assignment.id, ShiftReminder.lead == lead_hours))
        )).scalars().all()

    async def started_unmarked(self, now: datetime, since: datetime) -> Sequence[int]:
        """Ids of assignments that started (after `since`), were reminded, and whose start round (lead 0) is not
        written yet."""
        return (await self.session.execute(select(Assignment.id).where(
            Assignment.starts_at <= now, Assignment.starts_at > since,
            exists().where(ShiftReminder.assignment_id == Assignment.id, ShiftReminder.lead > 0),
            ~exists().where(ShiftReminder.assignment_id == Assignment.id, ShiftReminder.lead == 0))
        )).scalars().all()

    async def claim_round(self, assignment_id: int, lead_hours: int, now: datetime) -> int | None:
        """Write the round of `lead_hours` for an assignment; its id, or None when another worker did first."""
        statement = (insert_for(self.session, ShiftReminder)
                     .values(assignment_id=assignment_id, lead=lead_hours, at=now, reminded=0)
                     .on_conflict_do_nothing(index_elements=["assignment_id", "lead"]).returning(ShiftReminder.id))
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def set_round_broadcast(self, round_id: int, broadcast_id: int | None, reminded: int) -> None:
        """Record the broadcast that carried a round (None: the start round) and how many it reached or marked."""
        await self.session.execute(update(ShiftReminder).where(ShiftReminder.id == round_id)
                                   .values(broadcast_id=broadcast_id, reminded=reminded))

    # -- answers ----------------------------------------------------------------------------------------

    async def state(self, assignment_id: int, person_id: int) -> str | None:
        """A volunteer's shift answer (None: none yet)."""
        return (await self.session.execute(select(ShiftAnswer.state).where(
            ShiftAnswer.assignment_id == assignment_id, ShiftAnswer.person_id == person_id))).scalar_one_or_none()

    async def set_state(self, assignment_id: int, person_id: int, state: ShiftState, now: datetime) -> None:
        """Write a volunteer's shift answer (keeping whether they took a freed place)."""
        statement = insert_for(self.session, ShiftAnswer).values(assignment_id=assignment_id, person_id=person_id,
                                                                 state=state.value, refill=False, at=now)
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["assignment_id", "person_id"], set_={"state": state.value, "at": now}))

    async def mark_refill(self, assignment_id: int, person_id: int, now: datetime) -> None:
        """Mark an acceptance as taking a released place, when more places were released than refilled so far
        (run after the place was taken, in the same transaction: the assignment's row lock orders presses)."""
        released = (select(func.count()).select_from(ShiftAnswer).where(
            ShiftAnswer.assignment_id == assignment_id, ShiftAnswer.state == ShiftState.RELEASED.value)
            .scalar_subquery())
        refilled = (select(func.count()).select_from(ShiftAnswer).where(
            ShiftAnswer.assignment_id == assignment_id, ShiftAnswer.refill.is_(True)).scalar_subquery())
        rows = select(literal(assignment_id, Integer), literal(person_id, Integer), literal(True, Boolean),
                      literal(now, ShiftAnswer.at.type)).where(released > refilled)
        statement = insert_for(self.session, ShiftAnswer).from_select(
            ["assignment_id", "person_id", "refill", "at"], rows)
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["assignment_id", "person_id"], set_={"refill": True, "at": now}))

    async def mark_unconfirmed(self, assignment_id: int, now: datetime) -> int:
        """Mark every volunteer still accepted (not checked in) who neither confirmed nor released as
        unconfirmed; how many."""
        accepted = and_(AssignmentResponse.assignment_id == assignment_id,
                        AssignmentResponse.status == ResponseStatus.ACCEPTED.value)
        missing = (select(literal(assignment_id, Integer), AssignmentResponse.person_id,
                          literal(ShiftState.UNCONFIRMED.value, String), literal(False, Boolean),
                          literal(now, ShiftAnswer.at.type))
                   .where(accepted, ~exists().where(ShiftAnswer.assignment_id == assignment_id,
                                                    ShiftAnswer.person_id == AssignmentResponse.person_id)))
        inserted = await self.session.execute(insert(ShiftAnswer).from_select(
            ["assignment_id", "person_id", "state", "refill", "at"], missing))
        unanswered = select(AssignmentResponse.person_id).where(accepted)
        updated = await self.session.execute(update(ShiftAnswer).where(
            ShiftAnswer.assignment_id == assignment_id, ShiftAnswer.state.is_(None),
            ShiftAnswer.person_id.in_(unanswered)).values(state=ShiftState.UNCONFIRMED.value, at=now)
            .execution_options(synchronize_session=False))
        return rowcount(inserted) + rowcount(updated)

    async def counts(self, assignment_id: int) -> dict[str, int]:
        """How many confirmed, released and are unconfirmed, and how many refills ("refill")."""
        rows = (await self.session.execute(
            select(ShiftAnswer.state, func.count(), func.sum(case((ShiftAnswer.refill == true(), 1), else_=0)))
            .where(ShiftAnswer.assignment_id == assignment_id).group_by(ShiftAnswer.state))).all()
        found = {str(state): int(n) for state, n, _ in rows if state is not None}
        found["refill"] = sum(int(refills or 0) for _, _, refills in rows)
        return found

    async def release_place(self, assignment_id: int, now: datetime) -> bool:
        """Give one place back and keep it open until the start (the acceptance deadline is moved to the start
        when it has passed); False when the assignment has started or no place was taken."""
        result = await self.session.execute(update(Assignment).where(
            Assignment.id == assignment_id, Assignment.accepted_count > 0, Assignment.starts_at > now,
            Assignment.status.in_((*_LIVE, AssignmentStatus.EXPIRED.value)))
            .values(accepted_count=Assignment.accepted_count - 1, status=AssignmentStatus.OPEN.value,
                    deadline=greatest(self.session, Assignment.deadline, Assignment.starts_at))
            .execution_options(synchronize_session=False))
        return rowcount(result) == 1

    async def waitlist_size(self, assignment_id: int) -> int:
        """How many volunteers pressed Accept after the assignment filled (the waitlist)."""
        return int((await self.session.execute(select(func.count()).select_from(AssignmentResponse).where(
            AssignmentResponse.assignment_id == assignment_id,
            AssignmentResponse.status == ResponseStatus.TOO_LATE.value))).scalar_one())

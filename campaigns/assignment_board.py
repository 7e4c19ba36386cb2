"""Assignments and call-outs as a manager's dashboard shows them: each with its fill state (accepted of the
headcount, invited, the waitlist of those who pressed after it filled, the waves sent), inside the region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from campaigns import assignments, roles
from campaigns.assignments import AssignmentView
from campaigns.audit import Actor
from storage.models.assignments import ResponseStatus
from storage.unit_of_work import UnitOfWork

LIST_SIZE = 30


class NotInRegion(PermissionError):
    """The assignment lies outside the manager's region."""


@dataclass(frozen=True)
class FillState:
    """Where an assignment's quota stands."""

    assignment: AssignmentView
    invited: int
    declined: int
    waitlist: int  # pressed Accept after it filled: a place freed by a withdrawal goes to whoever presses first
    checked_in: int

    @property
    def percent(self) -> int:
        """Whole percent of the headcount accepted."""
        a = self.assignment
        return min(100, a.accepted * 100 // a.headcount) if a.headcount else 0


@dataclass(frozen=True)
class Wave:
    """One wave of invitations: 1 the county, 2 the province, 3 the neighbouring provinces."""

    number: int
    invited: int
    sent_at: datetime


def _state(view: AssignmentView, counts: dict[str, int]) -> FillState:
    return FillState(view, sum(counts.values()), counts.get(ResponseStatus.DECLINED.value, 0),
                     counts.get(ResponseStatus.TOO_LATE.value, 0),
                     counts.get(ResponseStatus.CHECKED_IN.value, 0) + counts.get(ResponseStatus.CHECKED_OUT.value, 0))


async def in_region(uow: UnitOfWork, actor: Actor, limit: int = LIST_SIZE) -> list[FillState]:
    """The newest assignments and call-outs inside the manager's region with their fill state (two queries)."""
    views = await assignments.of_manager(uow, actor, limit)
    counts = await uow.assignments.counts_by_status_of([v.id for v in views])
    return [_state(v, counts.get(v.id, {})) for v in views]


async def one(uow: UnitOfWork, actor: Actor, assignment_id: int) -> tuple[FillState, list[Wave]]:
    """An assignment inside the manager's region with its fill state and waves; LookupError when there is no such
    assignment, NotInRegion when it lies outside the region."""
    view = await assignments.get(uow, assignment_id)
    if view is None:
        raise LookupError(assignment_id)
    if not roles.scope_of_actor(actor).covers(view.province_code, view.county_code):
        raise NotInRegion(assignment_id)
    counts = await uow.assignments.counts_by_status_of([assignment_id])
    waves = [Wave(n, invited, at) for n, invited, at in await uow.assignments.waves_of(assignment_id)]
    return _state(view, counts.get(assignment_id, {})), waves

"""What the call-out quota's tests share: the session pool's type, re-reading an assignment and its
responses from the database, and a sketch of an assignment for the pure functions."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import callouts
from campaigns.assignments import AssignmentView
from campaigns.audit import Actor
from storage.models.assignments import Assignment, AssignmentResponse
from storage.unit_of_work import UnitOfWork
from tests.assignment_factories import add_manager, add_volunteers, make

Pool = async_sessionmaker[AsyncSession]


async def fresh(session: AsyncSession, assignment_id: int) -> Assignment:
    """The assignment as the database holds it now (not the session's cached copy)."""
    return (await session.execute(select(Assignment).where(Assignment.id == assignment_id)
                                  .execution_options(populate_existing=True))).scalar_one()


async def responses_of(session: AsyncSession, assignment_id: int) -> dict[int, str]:
    """Each responding person's id and the status of their response to the assignment."""
    rows = await session.execute(select(AssignmentResponse.person_id, AssignmentResponse.status)
                                 .where(AssignmentResponse.assignment_id == assignment_id))
    return {person: status for person, status in rows.all()}


def sketch(**fields: Any) -> Any:
    """An assignment's fields as the pure wave and message functions read them (a Kashan one by default)."""
    values = {"urgent": False, "province_code": "isfahan", "county_code": "isfahan-kashan"}
    values.update(fields)
    return SimpleNamespace(**values)


async def called_out(session: AsyncSession, volunteers: int, *,
                     headcount: int) -> tuple[Actor, list[int], AssignmentView]:
    """A national manager, `volunteers` volunteers in the county, and her assignment of `headcount` places
    whose first wave of invitations has gone."""
    actor = await add_manager(session)
    people = await add_volunteers(session, volunteers)
    job = await make(session, actor, headcount=headcount)
    await callouts.send_wave(UnitOfWork(session), job.id)
    return actor, people, job


async def two_assignments(session: AsyncSession, volunteers: int,
                          headcount: int = 3) -> tuple[list[int], AssignmentView, AssignmentView]:
    """A national manager, `volunteers` volunteers in the county, and two assignments of hers of `headcount`
    places each, no invitation sent yet."""
    actor = await add_manager(session)
    people = await add_volunteers(session, volunteers)
    return people, await make(session, actor, headcount=headcount), await make(session, actor, headcount=headcount)

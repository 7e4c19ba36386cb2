"""The unit of work: one person's action over one session, one repository per aggregate, one commit.

Services in ``campaigns/`` take a ``UnitOfWork``, read and write through its repositories, and call
``commit()`` once per user action. Side effects that must only happen when the data is saved (a send to
enqueue, a notification) are registered with ``after_commit`` and run once the commit succeeded; a
rollback drops them. This module is the only place that commits.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Generic, TypeVar, overload

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories.area_feedback import AreaFeedbackRepository
from storage.repositories.assignments import AssignmentRepository
from storage.repositories.base import Repository, dialect_of
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.campaigns import CampaignRepository
from storage.repositories.dashboard import DashboardRepository
from storage.repositories.payments import PaymentRepository
from storage.repositories.people import PeopleRepository
from storage.repositories.pledges import EnergyRepository, PledgeRepository
from storage.repositories.referrals import ReferralRepository
from storage.repositories.reports import ReportRepository
from storage.repositories.roles import RoleRepository
from storage.repositories.schedules import ScheduleRepository
from storage.repositories.shifts import ShiftRepository
from storage.repositories.teens import TeenRepository
from storage.repositories.volunteers import VolunteerRepository

log = logging.getLogger(__name__)

SideEffect = Callable[[], Awaitable[None]]
R = TypeVar("R", bound=Repository)


class _Repository(Generic[R]):
    """A unit of work's repository, built over its session on first use and kept (as cached_property does)."""

    def __init__(self, kind: type[R]) -> None:
        self.kind = kind

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, uow: None, owner: type) -> _Repository[R]: ...
    @overload
    def __get__(self, uow: UnitOfWork, owner: type) -> R: ...
    def __get__(self, uow: UnitOfWork | None, owner: type) -> _Repository[R] | R:
        if uow is None:
            return self
        repository = uow.__dict__[self.name] = self.kind(uow.session)
        return repository


class UnitOfWork:
    """One session and its repositories; repositories are built on first use (most actions touch two)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._after: list[SideEffect] = []

    people = _Repository(PeopleRepository)  # people and their consent, language and region
    campaigns = _Repository(CampaignRepository)  # campaigns and memberships
    pledges = _Repository(PledgeRepository)  # pledges and their sums
    energy = _Repository(EnergyRepository)  # energy-saving reports (part of the pledges aggregate)
    volunteers = _Repository(VolunteerRepository)  # volunteer registrations
    assignments = _Repository(AssignmentRepository)  # assignments, responses, call-out waves and hours
    roles = _Repository(RoleRepository)  # role grants, approvals and the audit log
    broadcasts = _Repository(BroadcastRepository)  # broadcasts, deliveries and the outbox
    schedules = _Repository(ScheduleRepository)  # schedules, firings and job runs
    shifts = _Repository(ShiftRepository)  # shift reminder rounds and volunteers' answers to them
    area_feedback = _Repository(AreaFeedbackRepository)  # the monthly area message: figures, opt-outs
    dashboard = _Repository(DashboardRepository)  # the dashboard's spent login links and ended sessions
    teens = _Repository(TeenRepository)  # teens' years of birth, guardians' consents, assignments fit for teens
    payments = _Repository(PaymentRepository)  # invoices sent for pledges and payments made in the chat
    referrals = _Repository(ReferralRepository)  # referrals (نظام ارجاع) and the service providers they go to
    reports = _Repository(ReportRepository)  # read-only: export rows streamed, a region's figures over time

    @property
    def dialect(self) -> str:
        """``postgresql`` or ``sqlite``: for the few statements written per dialect (storage/repositories/base.py)."""
        return dialect_of(self.session)

    def after_commit(self, effect: SideEffect) -> None:
        """Run ``effect`` once the next commit succeeded (dropped on rollback)."""
        self._after.append(effect)

    async def commit(self) -> None:
        """The one commit of an action, then its side effects in order (a failing one is logged, not raised:
        the data is saved and the person's action succeeded)."""
        # A session that holds no transaction has nothing to save (a one-statement write ran on an autocommit
        # connection, or the action only read); committing it anyway costs a greenlet switch (~80 us here).
        if self.session.in_transaction():
            await self.session.commit()
        effects, self._after = self._after, []
        for effect in effects:
            try:
                await effect()
            except Exception:
                log.exception("side effect after commit failed")

    async def rollback(self) -> None:
        """Undo what was staged and drop the pending side effects."""
        self._after.clear()
        await self.session.rollback()

    async def close(self) -> None:
        """Give the connection back (rolling back anything uncommitted)."""
        self._after.clear()
        await self.session.close()

    async def __aenter__(self) -> UnitOfWork:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await self.close()


class UnitOfWorkFactory:
    """Makes a unit of work per action: ``async with uows() as uow: ...; await uow.commit()``."""

    def __init__(self, session_pool: async_sessionmaker[AsyncSession]) -> None:
        self.session_pool = session_pool

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self.session_pool())

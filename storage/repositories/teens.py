"""Queries and writes on teens: declared years of birth, guardians' consents, assignments fit for teens; the unit
of work commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update

from storage.models import Person
from storage.models.assignments import Assignment
from storage.models.guardians import BirthYear, ConsentStatus, GuardianConsent, TeenAssignment
from storage.repositories.audience import is_teen
from storage.repositories.base import Repository, rowcount
from storage.repositories.regions import within


class TeenRepository(Repository):
    """Every SQL statement on birth years, guardians' consents and teen-suitable assignments."""

    # -- years of birth -------------------------------------------------------------------------------

    async def birth_year(self, person_id: int) -> BirthYear | None:
        """A person's declared year of birth, if any."""
        return await self.session.get(BirthYear, person_id)

    async def set_birth_year(self, person_id: int, year: int, adult_from: datetime, now: datetime,
                             corrected_by_id: int | None = None) -> None:
        """Record (or replace) a person's year of birth; written at once (a flush)."""
        row = await self.session.get(BirthYear, person_id)
        if row is None:
            self.session.add(BirthYear(person_id=person_id, year=year, adult_from=adult_from, declared_at=now,
                                       corrected_by_id=corrected_by_id))
        else:
            row.year, row.adult_from, row.declared_at, row.corrected_by_id = year, adult_from, now, corrected_by_id
        await self.session.flush()

    async def is_teen(self, person_id: int, now: datetime) -> bool:
        """True when the person's declared year makes them a teen at `now`."""
        return bool((await self.session.execute(select(is_teen(person_id, now)))).scalar())

    # -- consents -------------------------------------------------------------------------------------

    async def add_consent(self, consent: GuardianConsent) -> int:
        """Write a new consent request; its id."""
        return await self._written(consent)

    async def consent_of_teen(self, teen_id: int) -> GuardianConsent | None:
        """The teen's consent request (there is at most one)."""
        return (await self.session.execute(select(GuardianConsent).where(GuardianConsent.teen_id == teen_id))
                ).scalar_one_or_none()

    async def consent_by_code(self, code: str) -> GuardianConsent | None:
        """The consent request a code names."""
        return (await self.session.execute(select(GuardianConsent).where(GuardianConsent.code == code))
                ).scalar_one_or_none()

    async def consent_by_id(self, consent_id: int) -> GuardianConsent | None:
        """A consent request by id."""
        return await self.session.get(GuardianConsent, consent_id)

    async def decide(self, consent_id: int, status: ConsentStatus, guardian_id: int, phone_allowed: bool,
                     now: datetime) -> bool:
        """Answer a request still awaiting its guardian; False when someone answered first (nothing written)."""
        result = await self.session.execute(update(GuardianConsent).where(
            GuardianConsent.id == consent_id, GuardianConsent.status == ConsentStatus.AWAITING.value)
            .values(status=status.value, guardian_id=guardian_id, phone_allowed=phone_allowed, decided_at=now))
        return rowcount(result) == 1

    async def withdraw(self, consent_id: int, guardian_id: int, now: datetime) -> bool:
        """The guardian withdraws an accepted consent; False when it is not theirs or not accepted."""
        result = await self.session.execute(update(GuardianConsent).where(
            GuardianConsent.id == consent_id, GuardianConsent.guardian_id == guardian_id,
            GuardianConsent.status == ConsentStatus.CONFIRMED.value)
            .values(status=ConsentStatus.WITHDRAWN.value, decided_at=now))
        return rowcount(result) == 1

    async def of_guardian(self, guardian_id: int) -> Sequence[tuple[GuardianConsent, str | None]]:
        """The consents a guardian accepted and not withdrawn, with each teen's first name, oldest first."""
        rows = await self.session.execute(
            select(GuardianConsent, Person.first_name).join(Person, Person.id == GuardianConsent.teen_id)
            .where(GuardianConsent.guardian_id == guardian_id,
                   GuardianConsent.status == ConsentStatus.CONFIRMED.value)
            .order_by(GuardianConsent.id))
        return [(consent, name) for consent, name in rows.all()]

    async def awaiting_since_before(self, cutoff: datetime) -> Sequence[int]:
        """Teens whose request has waited for a guardian since before `cutoff`."""
        return (await self.session.execute(select(GuardianConsent.teen_id).where(
            GuardianConsent.status == ConsentStatus.AWAITING.value, GuardianConsent.requested_at < cutoff,
            GuardianConsent.teen_id.is_not(None)).order_by(GuardianConsent.id))).scalars().all()  # type: ignore[return-value]

    async def close_for_erasure(self, teen_id: int, status: ConsentStatus, now: datetime) -> None:
        """Detach the teen from their request (kept, emptied, with its final status) and drop their year of birth."""
        await self.session.execute(update(GuardianConsent).where(GuardianConsent.teen_id == teen_id).values(
            teen_id=None, draft=None, status=status.value, decided_at=now))
        await self.session.execute(delete(BirthYear).where(BirthYear.person_id == teen_id))

    async def drop_draft(self, consent_id: int) -> None:
        """Forget the registration a request carried (it was saved as the teen's registration)."""
        await self.session.execute(update(GuardianConsent).where(GuardianConsent.id == consent_id).values(draft=None))

    # -- assignments fit for teens --------------------------------------------------------------------

    async def mark_assignment(self, assignment_id: int, manager_id: int | None, now: datetime) -> bool:
        """Mark an ordinary assignment suitable for teens; False for a call-out, an unknown or an already marked one."""
        row = await self.session.get(Assignment, assignment_id)
        if row is None or row.urgent or await self.session.get(TeenAssignment, assignment_id) is not None:
            return False
        self.session.add(TeenAssignment(assignment_id=assignment_id, marked_by_id=manager_id, marked_at=now))
        await self.session.flush()
        return True

    async def assignment_in(self, assignment_id: int) -> tuple[str, str | None, bool] | None:
        """(province, county, urgent) of an assignment, to check a manager's scope."""
        row = (await self.session.execute(select(Assignment.province_code, Assignment.county_code, Assignment.urgent)
                                          .where(Assignment.id == assignment_id))).first()
        return (row[0], row[1], bool(row[2])) if row is not None else None

    # -- counts ------------------------------------------------------------------------------------------

    async def counts_by_region(self, province_code: str | None, county_code: str | None
                               ) -> Sequence[tuple[str | None, str | None, str, int]]:
        """(province, county, status, how many) of teens' consent requests in a region (None: any), by the region
        the request keeps (so erased teens still count), ordered by province, county and status."""
        query = (select(GuardianConsent.province_code, GuardianConsent.county_code, GuardianConsent.status,
                        func.count())
                 .where(*within(GuardianConsent.province_code, GuardianConsent.county_code, province_code, county_code))
                 .group_by(GuardianConsent.province_code, GuardianConsent.county_code, GuardianConsent.status)
                 .order_by(GuardianConsent.province_code, GuardianConsent.county_code, GuardianConsent.status))
        return [(p, c, s, int(n)) for p, c, s, n in (await self.session.execute(query)).all()]

    async def confirmed_within(self, province_code: str | None, county_code: str | None, now: datetime) -> int:
        """Teens with a guardian's consent living in a region (None: any): what an export shows of them."""
        return int((await self.session.execute(
            select(func.count()).select_from(GuardianConsent).join(Person, Person.id == GuardianConsent.teen_id)
            .where(GuardianConsent.status == ConsentStatus.CONFIRMED.value, is_teen(Person.id, now),
                   *within(Person.province_code, Person.county_code, province_code, county_code)))).scalar_one())

    async def teen_ids(self, person_ids: Sequence[int], now: datetime) -> set[int]:
        """Which of these people are teens at `now` (an export shows them only as a count)."""
        if not person_ids:
            return set()
        rows = await self.session.execute(select(BirthYear.person_id).where(
            BirthYear.person_id.in_(person_ids), BirthYear.adult_from > now))
        return {int(person_id) for person_id in rows.scalars()}

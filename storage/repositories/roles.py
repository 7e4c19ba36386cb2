"""Queries and writes on role grants, approval requests and the audit log; the unit of work commits."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update

from storage.models import Person
from storage.models.roles import ApprovalRequest, ApprovalStatus, AuditEntry, RoleGrant, RoleLevel
from storage.repositories.base import Repository
from storage.repositories.regions import within


class RoleRepository(Repository):
    """Every SQL statement on role grants, approval requests and the audit log."""

    # Role grants -------------------------------------------------------------------------------------

    async def active_grants(self, person_id: int) -> list[RoleGrant]:
        """The roles a person holds now."""
        rows = await self.session.execute(select(RoleGrant).where(RoleGrant.person_id == person_id,
                                                                  RoleGrant.revoked_at.is_(None)))
        return list(rows.scalars().all())

    async def holder_language(self, person_id: int) -> str | None:
        """The language a person reads if they hold a role now (an active grant, as active_grants reads), else None:
        a login link's page asks both in one statement."""
        result = await self.session.execute(
            select(Person.language).join(RoleGrant, RoleGrant.person_id == Person.id)
            .where(Person.id == person_id, RoleGrant.revoked_at.is_(None)).limit(1))
        return result.scalar_one_or_none()

    async def grant(self, grant_id: int) -> RoleGrant | None:
        """A role grant by id, active or not."""
        return await self.session.get(RoleGrant, grant_id)

    async def add_grant(self, person_id: int, level: str, province_code: str | None, county_code: str | None,
                        granted_by_id: int | None, now: datetime) -> int:
        """Give a person a role; the new grant's id."""
        result = await self.session.execute(insert(RoleGrant).values(
            person_id=person_id, level=level, province_code=province_code, county_code=county_code,
            granted_by_id=granted_by_id, granted_at=now).returning(RoleGrant.id))
        return int(result.scalar_one())

    async def revoke_grants(self, grant_ids: Collection[int], revoked_by_id: int, now: datetime) -> None:
        """Take back role grants (the rows this session holds are updated too)."""
        if grant_ids:
            await self.session.execute(update(RoleGrant).where(RoleGrant.id.in_(list(grant_ids)))
                                       .values(revoked_at=now, revoked_by_id=revoked_by_id)
                                       .execution_options(synchronize_session="fetch"))

    async def revoke_super_admins_except(self, keep: Collection[int], now: datetime) -> None:
        """Take back the super-admin role of everyone not in `keep`."""
        dropped = select(RoleGrant.id).where(RoleGrant.level == RoleLevel.SUPER_ADMIN.value,
                                             RoleGrant.revoked_at.is_(None), RoleGrant.person_id.not_in(keep))
        await self.session.execute(update(RoleGrant).where(RoleGrant.id.in_(dropped.scalar_subquery()))
                                   .values(revoked_at=now).execution_options(synchronize_session=False))

    async def active_grants_within(self, province_code: str | None, county_code: str | None, limit: int
                                   ) -> list[tuple[RoleGrant, str | None, str]]:
        """Active grants whose (province, county) match the codes (None: any), oldest first, each with the
        holder's first name and referral code."""
        rows = await self.session.execute(
            select(RoleGrant, Person.first_name, Person.referral_code).join(Person, Person.id == RoleGrant.person_id)
            .where(RoleGrant.revoked_at.is_(None),
                   *within(RoleGrant.province_code, RoleGrant.county_code, province_code, county_code))
            .order_by(RoleGrant.id).limit(limit))
        return [(grant, name, code) for grant, name, code in rows.all()]

    async def active_grants_with_chats(self, excluding_person_id: int | None
                                       ) -> list[tuple[RoleGrant, str, int]]:
        """Active grants of people not forgotten (but one), each with the holder's platform and chat id."""
        rows = await self.session.execute(
            select(RoleGrant, Person.platform, Person.chat_id).join(Person, Person.id == RoleGrant.person_id)
            .where(RoleGrant.revoked_at.is_(None), Person.forgotten_at.is_(None),
                   RoleGrant.person_id != excluding_person_id))
        return [(grant, platform, chat_id) for grant, platform, chat_id in rows.all()]

    # Approval requests -------------------------------------------------------------------------------

    async def approval(self, approval_id: int) -> ApprovalRequest | None:
        """An approval request by id, whatever its status."""
        return await self.session.get(ApprovalRequest, approval_id)

    async def add_approval(self, **values: Any) -> int:
        """Stage an approval request; its id."""
        row = ApprovalRequest(**values)
        return await self._written(row)

    async def take_approval(self, approval_id: int, broadcast_id: int, decided_by_id: int, now: datetime) -> bool:
        """Mark a pending request approved, with the broadcast it queued; False when it was no longer pending
        (another manager decided first)."""
        taken = await self.session.execute(update(ApprovalRequest).where(
            ApprovalRequest.id == approval_id, ApprovalRequest.status == ApprovalStatus.PENDING.value)
            .values(status=ApprovalStatus.APPROVED.value, decided_by_id=decided_by_id, decided_at=now,
                    broadcast_id=broadcast_id)
            .execution_options(synchronize_session=False))
        return getattr(taken, "rowcount", 0) == 1

    async def decide_approval(self, approval_id: int, status: ApprovalStatus, decided_by_id: int,
                              now: datetime) -> None:
        """Record a decision on a request."""
        await self.session.execute(update(ApprovalRequest).where(ApprovalRequest.id == approval_id)
                                   .values(status=status.value, decided_by_id=decided_by_id, decided_at=now)
                                   .execution_options(synchronize_session="fetch"))

    async def pending_approvals(self) -> list[ApprovalRequest]:
        """Every request still waiting, oldest first."""
        rows = await self.session.execute(select(ApprovalRequest).where(
            ApprovalRequest.status == ApprovalStatus.PENDING.value).order_by(ApprovalRequest.id))
        return list(rows.scalars().all())

    # The audit log -----------------------------------------------------------------------------------

    def add_audit(self, **values: Any) -> None:
        """Stage one audit entry (it is written with the action's commit)."""
        self.session.add(AuditEntry(**values))

    async def audit_count(self, province_code: str | None, county_code: str | None) -> int:
        """How many entries concern a region (None: any)."""
        result = await self.session.execute(select(func.count()).select_from(AuditEntry).where(
            *within(AuditEntry.province_code, AuditEntry.county_code, province_code, county_code)))
        return int(result.scalar_one())

    async def audit_page(self, province_code: str | None, county_code: str | None, offset: int, limit: int
                         ) -> list[tuple[AuditEntry, str | None]]:
        """Entries concerning a region (None: any), newest first, each with the actor's first name."""
        rows = await self.session.execute(
            select(AuditEntry, Person.first_name).outerjoin(Person, Person.id == AuditEntry.actor_id)
            .where(*within(AuditEntry.province_code, AuditEntry.county_code, province_code, county_code))
            .order_by(AuditEntry.id.desc()).offset(offset).limit(limit))
        return [(entry, name) for entry, name in rows.all()]

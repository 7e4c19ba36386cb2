"""Manager roles: who may do what, and where. Every scoped query goes through a `Scope`."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from campaigns import people
from campaigns.audit import Actor, record
from campaigns.numerals import normalize_phone, to_latin_digits
from campaigns.people import PersonView
from campaigns.regions import Regions, load_regions
from storage.models import Person, utcnow
from storage.models.roles import RoleGrant, RoleLevel

RANK = {RoleLevel.SUPER_ADMIN: 0, RoleLevel.NATIONAL: 1, RoleLevel.PROVINCIAL: 2, RoleLevel.COUNTY: 3}


class RoleRefusal(enum.StrEnum):
    """Why a role change was refused (locale id: manage-role-refused-<code>)."""

    NOT_ABOVE = "not-above"  # you may only grant or revoke levels below your own
    OUT_OF_SCOPE = "out-of-scope"  # the region is outside yours
    NEEDS_REGION = "needs-region"
    UNKNOWN_PERSON = "unknown-person"
    SELF = "self"
    PEER = "peer"  # the person already holds a role at or above yours
    NOT_ACTIVE = "not-active"


class RoleError(Exception):
    """A refused role change; nothing was written."""

    def __init__(self, code: RoleRefusal) -> None:
        super().__init__(code.value)
        self.code = code


@dataclass(frozen=True)
class Scope:
    """The region a manager's authority covers: the whole country, one province or one county."""

    level: RoleLevel
    province_code: str | None = None
    county_code: str | None = None

    @property
    def national(self) -> bool:
        """True for super admins and national managers."""
        return self.level in (RoleLevel.SUPER_ADMIN, RoleLevel.NATIONAL)

    def covers(self, province_code: str | None, county_code: str | None = None) -> bool:
        """True when a place (province, county) lies inside this scope."""
        if self.national:
            return True
        if self.level is RoleLevel.PROVINCIAL:
            return province_code is not None and province_code == self.province_code
        return county_code is not None and county_code == self.county_code

    def contains(self, other: Scope) -> bool:
        """True when another scope's whole region lies inside this one."""
        if self.national:
            return True
        if other.national:
            return False
        if self.level is RoleLevel.PROVINCIAL:
            return other.province_code == self.province_code
        return other.level is RoleLevel.COUNTY and other.county_code == self.county_code

    def outranks(self, level: RoleLevel) -> bool:
        """True when this manager stands strictly above a level."""
        return RANK[self.level] < RANK[level]

    def where(self, province: Any, county: Any) -> list[ColumnElement[bool]]:
        """SQL conditions keeping rows whose (province, county) columns lie inside this scope."""
        if self.national:
            return []
        if self.level is RoleLevel.PROVINCIAL:
            return [province == self.province_code]
        return [county == self.county_code]

    def to_json(self) -> dict[str, str | None]:
        """JSON-ready data."""
        return {"level": self.level.value, "province_code": self.province_code, "county_code": self.county_code}


@dataclass(frozen=True)
class GrantView:
    """An active role grant as handlers see it."""

    id: int
    person_id: int
    first_name: str | None
    referral_code: str
    level: RoleLevel
    province_code: str | None
    county_code: str | None
    granted_at: datetime


def parse_identity(text: str) -> tuple[str, int] | None:
    """'telegram:123' → ('telegram', 123); None when malformed."""
    platform, _, user_id = text.strip().partition(":")
    user_id = to_latin_digits(user_id.strip())
    if platform.strip() not in ("telegram", "bale") or not user_id.isdigit():
        return None
    return platform.strip(), int(user_id)


def _scope(grant: RoleGrant) -> Scope:
    return Scope(RoleLevel(grant.level), grant.province_code, grant.county_code)


async def _active(session: AsyncSession, person_id: int) -> list[RoleGrant]:
    rows = await session.execute(select(RoleGrant).where(RoleGrant.person_id == person_id,
                                                         RoleGrant.revoked_at.is_(None)))
    return list(rows.scalars().all())


async def scope_of(session: AsyncSession, person_id: int) -> Scope | None:
    """The widest active role a person holds; None for a citizen."""
    grants = await _active(session, person_id)
    if not grants:
        return None
    return _scope(min(grants, key=lambda g: RANK[RoleLevel(g.level)]))


async def actor_of(session: AsyncSession, person: PersonView | None) -> Actor | None:
    """The manager behind a person, or None for a citizen or a stranger."""
    if person is None:
        return None
    scope = await scope_of(session, person.id)
    return Actor(person.id, scope.level, scope.province_code, scope.county_code) if scope else None


def scope_of_actor(actor: Actor) -> Scope:
    """The scope an actor acts within."""
    return Scope(actor.level, actor.province_code, actor.county_code)


async def seed_super_admins(session: AsyncSession, identities: list[str]) -> None:
    """Make the people named in SUPER_ADMINS super admins (creating bare rows); revoke those dropped."""
    keep: set[int] = set()
    for text in identities:
        parsed = parse_identity(text)
        if parsed is None:
            continue
        platform, user_id = parsed
        person = await people.get_or_create(session, platform, user_id, user_id, "fa")
        keep.add(person.id)
        grants = await _active(session, person.id)
        if not any(g.level == RoleLevel.SUPER_ADMIN for g in grants):
            session.add(RoleGrant(person_id=person.id, level=RoleLevel.SUPER_ADMIN.value, granted_at=utcnow()))
    dropped = select(RoleGrant.id).where(RoleGrant.level == RoleLevel.SUPER_ADMIN.value,
                                         RoleGrant.revoked_at.is_(None), RoleGrant.person_id.not_in(keep))
    await session.execute(update(RoleGrant).where(RoleGrant.id.in_(dropped.scalar_subquery()))
                          .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
    await session.commit()


async def find_person(session: AsyncSession, text: str) -> PersonView | None:
    """A person by referral code or by phone number (the most recently seen, if several)."""
    phone = normalize_phone(text)
    if phone is not None:
        query = select(Person).where(Person.phone == phone).order_by(Person.last_seen_at.desc()).limit(1)
    else:
        query = select(Person).where(Person.referral_code == text.strip().lower())
    row = (await session.execute(query.where(Person.forgotten_at.is_(None)))).scalar_one_or_none()
    return people.view(row) if row is not None else None


def target_scope(level: RoleLevel, province_code: str | None, county_code: str | None,
                 regions: Regions | None = None) -> Scope:
    """The scope a new grant would give, checked against the map (a county fixes its province)."""
    regions = regions or load_regions()
    if level is RoleLevel.PROVINCIAL:
        if regions.province(province_code) is None:
            raise RoleError(RoleRefusal.NEEDS_REGION)
        return Scope(level, province_code)
    if level is RoleLevel.COUNTY:
        county = regions.county(county_code)
        if county is None:
            raise RoleError(RoleRefusal.NEEDS_REGION)
        return Scope(level, county.province_code, county.code)
    return Scope(level)


async def grant(session: AsyncSession, actor: Actor, person_id: int, level: RoleLevel,
                province_code: str | None = None, county_code: str | None = None) -> int:
    """Give a person a role below the actor's, inside the actor's region (replacing a lower one); commits."""
    mine = scope_of_actor(actor)
    if level is RoleLevel.SUPER_ADMIN or not mine.outranks(level):
        raise RoleError(RoleRefusal.NOT_ABOVE)
    if person_id == actor.person_id:
        raise RoleError(RoleRefusal.SELF)
    new = target_scope(level, province_code, county_code)
    if not mine.contains(new):
        raise RoleError(RoleRefusal.OUT_OF_SCOPE)
    if await session.get(Person, person_id) is None:
        raise RoleError(RoleRefusal.UNKNOWN_PERSON)
    now = utcnow()
    for existing in await _active(session, person_id):
        if not mine.outranks(RoleLevel(existing.level)) or not mine.contains(_scope(existing)):
            raise RoleError(RoleRefusal.PEER)
        existing.revoked_at, existing.revoked_by_id = now, actor.person_id
    row = RoleGrant(person_id=person_id, level=level.value, province_code=new.province_code,
                    county_code=new.county_code, granted_by_id=actor.person_id, granted_at=now)
    session.add(row)
    await session.flush()
    record(session, actor, "role_grant", {"grant_id": row.id, "person_id": person_id, "level": level.value},
           province_code=new.province_code, county_code=new.county_code, count=1)
    await session.commit()
    return row.id


async def grant_exists(session: AsyncSession, grant_id: int) -> bool:
    """True when a role grant of this id exists (active or not)."""
    return await session.get(RoleGrant, grant_id) is not None


async def revoke(session: AsyncSession, actor: Actor, grant_id: int) -> None:
    """Take back an active role below the actor's, inside the actor's region; commits."""
    mine = scope_of_actor(actor)
    row = await session.get(RoleGrant, grant_id)
    if row is None or row.revoked_at is not None:
        raise RoleError(RoleRefusal.NOT_ACTIVE)
    if not mine.outranks(RoleLevel(row.level)):
        raise RoleError(RoleRefusal.NOT_ABOVE)
    if not mine.contains(_scope(row)):
        raise RoleError(RoleRefusal.OUT_OF_SCOPE)
    row.revoked_at, row.revoked_by_id = utcnow(), actor.person_id
    record(session, actor, "role_revoke", {"grant_id": row.id, "person_id": row.person_id, "level": row.level},
           province_code=row.province_code, county_code=row.county_code, count=1)
    await session.commit()


async def grants_within(session: AsyncSession, scope: Scope, limit: int = 50) -> list[GrantView]:
    """Active grants whose region lies inside a scope, widest first."""
    rows = await session.execute(
        select(RoleGrant, Person.first_name, Person.referral_code).join(Person, Person.id == RoleGrant.person_id)
        .where(RoleGrant.revoked_at.is_(None), *scope.where(RoleGrant.province_code, RoleGrant.county_code))
        .order_by(RoleGrant.id).limit(limit))
    views = [GrantView(g.id, g.person_id, name, code, RoleLevel(g.level), g.province_code, g.county_code,
                       g.granted_at) for g, name, code in rows.all()]
    if not scope.national:
        views = [v for v in views if scope.contains(Scope(v.level, v.province_code, v.county_code))]
    return sorted(views, key=lambda v: (RANK[v.level], v.id))

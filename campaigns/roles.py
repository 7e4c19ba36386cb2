"""Manager roles: who may do what, and where. Every scoped query goes through a `Scope`."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from campaigns import people
from campaigns.audit import Actor, record
from campaigns.errors import Refused
from campaigns.numerals import normalize_phone, to_latin_digits
from campaigns.people import PersonView
from campaigns.regions import Regions, load_regions
from storage.models import utcnow
from storage.models.roles import RoleGrant, RoleLevel
from storage.unit_of_work import UnitOfWork

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


class RoleError(Refused[RoleRefusal]):
    """A refused role change; nothing was written."""


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

    def area(self) -> tuple[str | None, str | None]:
        """The (province, county) codes a repository keeps rows to for this scope (None: any)."""
        if self.national:
            return None, None
        if self.level is RoleLevel.PROVINCIAL:
            return self.province_code or "", None  # a province-less provincial scope covers nothing
        return None, self.county_code or ""

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


async def scope_of(uow: UnitOfWork, person_id: int) -> Scope | None:
    """The widest active role a person holds; None for a citizen."""
    grants = await uow.roles.active_grants(person_id)
    if not grants:
        return None
    return _scope(min(grants, key=lambda g: RANK[RoleLevel(g.level)]))


async def actor_of(uow: UnitOfWork, person: PersonView | None) -> Actor | None:
    """The manager behind a person, or None for a citizen or a stranger."""
    if person is None:
        return None
    scope = await scope_of(uow, person.id)
    return Actor(person.id, scope.level, scope.province_code, scope.county_code) if scope else None


def scope_of_actor(actor: Actor) -> Scope:
    """The scope an actor acts within."""
    return Scope(actor.level, actor.province_code, actor.county_code)


async def seed_super_admins(uow: UnitOfWork, identities: list[str]) -> None:
    """Make the people named in SUPER_ADMINS super admins (creating bare rows); revoke those dropped; commits."""
    keep: set[int] = set()
    for text in identities:
        parsed = parse_identity(text)
        if parsed is None:
            continue
        platform, user_id = parsed
        person = await people.find_or_add(uow, platform, user_id, user_id, "fa")
        keep.add(person.id)
        grants = await uow.roles.active_grants(person.id)
        if not any(g.level == RoleLevel.SUPER_ADMIN for g in grants):
            await uow.roles.add_grant(person.id, RoleLevel.SUPER_ADMIN.value, None, None, None, utcnow())
    await uow.roles.revoke_super_admins_except(keep, utcnow())
    await uow.commit()


async def find_person(uow: UnitOfWork, text: str) -> PersonView | None:
    """A person by referral code or by phone number (the most recently seen, if several)."""
    phone = normalize_phone(text)
    if phone is not None:
        row = await uow.people.view_row_by_phone(phone)
    else:
        row = await uow.people.view_row_by_referral_code(text.strip().lower())
    return people.view_of(row) if row is not None else None


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


async def grant(uow: UnitOfWork, actor: Actor, person_id: int, level: RoleLevel,
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
    if not await uow.people.exists(person_id):
        raise RoleError(RoleRefusal.UNKNOWN_PERSON)
    now = utcnow()
    replaced = []
    for existing in await uow.roles.active_grants(person_id):
        if not mine.outranks(RoleLevel(existing.level)) or not mine.contains(_scope(existing)):
            raise RoleError(RoleRefusal.PEER)
        replaced.append(existing.id)
    await uow.roles.revoke_grants(replaced, actor.person_id, now)
    grant_id = await uow.roles.add_grant(person_id, level.value, new.province_code, new.county_code,
                                         actor.person_id, now)
    record(uow, actor, "role_grant", {"grant_id": grant_id, "person_id": person_id, "level": level.value},
           province_code=new.province_code, county_code=new.county_code, count=1)
    await uow.commit()
    return grant_id


async def grant_exists(uow: UnitOfWork, grant_id: int) -> bool:
    """True when a role grant of this id exists (active or not)."""
    return await uow.roles.grant(grant_id) is not None


async def revoke(uow: UnitOfWork, actor: Actor, grant_id: int) -> int:
    """Take back an active role below the actor's, inside the actor's region; commits. Returns whose it was."""
    mine = scope_of_actor(actor)
    row = await uow.roles.grant(grant_id)
    if row is None or row.revoked_at is not None:
        raise RoleError(RoleRefusal.NOT_ACTIVE)
    if not mine.outranks(RoleLevel(row.level)):
        raise RoleError(RoleRefusal.NOT_ABOVE)
    if not mine.contains(_scope(row)):
        raise RoleError(RoleRefusal.OUT_OF_SCOPE)
    await uow.roles.revoke_grants([row.id], actor.person_id, utcnow())
    record(uow, actor, "role_revoke", {"grant_id": row.id, "person_id": row.person_id, "level": row.level},
           province_code=row.province_code, county_code=row.county_code, count=1)
    await uow.commit()
    return row.person_id


async def grants_within(uow: UnitOfWork, scope: Scope, limit: int = 50) -> list[GrantView]:
    """Active grants whose region lies inside a scope, widest first."""
    rows = await uow.roles.active_grants_within(*scope.area(), limit)
    views = [GrantView(g.id, g.person_id, name, code, RoleLevel(g.level), g.province_code, g.county_code,
                       g.granted_at) for g, name, code in rows]
    if not scope.national:
        views = [v for v in views if scope.contains(Scope(v.level, v.province_code, v.county_code))]
    return sorted(views, key=lambda v: (RANK[v.level], v.id))

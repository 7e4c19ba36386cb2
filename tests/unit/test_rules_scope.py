"""Scopes, the privacy rule under every manager query: what each level covers and contains, the SQL it
filters with, and the grants, revocations and audit entries made inside it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import roles
from campaigns.audit import Actor
from campaigns.people import view
from campaigns.roles import RoleError, RoleRefusal, Scope
from storage.models import Person, utcnow
from storage.models.roles import AuditEntry, RoleGrant, RoleLevel
from storage.repositories.regions import within
from storage.unit_of_work import UnitOfWork

Pool = async_sessionmaker[AsyncSession]
SUPER = Scope(RoleLevel.SUPER_ADMIN)
NATIONAL = Scope(RoleLevel.NATIONAL)
ISFAHAN = Scope(RoleLevel.PROVINCIAL, "isfahan")
TEHRAN = Scope(RoleLevel.PROVINCIAL, "tehran")
KASHAN = Scope(RoleLevel.COUNTY, "isfahan", "isfahan-kashan")
ISFAHAN_COUNTY = Scope(RoleLevel.COUNTY, "isfahan", "isfahan-isfahan")
# A county scope whose province is missing or wrong still means its county, and only it.
KASHAN_BARE = Scope(RoleLevel.COUNTY, None, "isfahan-kashan")


def test_what_each_scope_covers() -> None:
    places = [("isfahan", "isfahan-kashan"), ("isfahan", "isfahan-isfahan"), ("isfahan", None),
              ("tehran", "tehran-tehran"), (None, None), (None, "isfahan-kashan")]
    assert [SUPER.covers(*p) for p in places] == [True] * 6
    assert [NATIONAL.covers(*p) for p in places] == [True] * 6
    assert [ISFAHAN.covers(*p) for p in places] == [True, True, True, False, False, False]
    assert [KASHAN.covers(*p) for p in places] == [True, False, False, False, False, True]
    assert [KASHAN_BARE.covers(*p) for p in places] == [True, False, False, False, False, True]
    assert not Scope(RoleLevel.PROVINCIAL, None).covers(None, None)
    assert not Scope(RoleLevel.COUNTY, "isfahan", None).covers("isfahan", None)


def test_which_scopes_contain_which() -> None:
    scopes = [SUPER, NATIONAL, ISFAHAN, TEHRAN, KASHAN, ISFAHAN_COUNTY]
    table = {outer: [outer.contains(inner) for inner in scopes] for outer in scopes}
    assert table[SUPER] == [True] * 6
    assert table[NATIONAL] == [True] * 6
    assert table[ISFAHAN] == [False, False, True, False, True, True]
    assert table[TEHRAN] == [False, False, False, True, False, False]
    assert table[KASHAN] == [False, False, False, False, True, False]
    assert table[ISFAHAN_COUNTY] == [False, False, False, False, False, True]
    # A province named like the county's own province is still no county.
    assert not KASHAN.contains(Scope(RoleLevel.PROVINCIAL, "isfahan", "isfahan-kashan"))
    assert not Scope(RoleLevel.COUNTY, "isfahan", None).contains(Scope(RoleLevel.PROVINCIAL, "isfahan"))


def test_who_outranks_whom() -> None:
    levels = [RoleLevel.SUPER_ADMIN, RoleLevel.NATIONAL, RoleLevel.PROVINCIAL, RoleLevel.COUNTY]
    assert [SUPER.outranks(level) for level in levels] == [False, True, True, True]
    assert [NATIONAL.outranks(level) for level in levels] == [False, False, True, True]
    assert [ISFAHAN.outranks(level) for level in levels] == [False, False, False, True]
    assert [KASHAN.outranks(level) for level in levels] == [False, False, False, False]
    assert SUPER.national and NATIONAL.national and not ISFAHAN.national and not KASHAN.national


def test_scope_as_json() -> None:
    assert KASHAN.to_json() == {"level": "county", "province_code": "isfahan", "county_code": "isfahan-kashan"}
    assert NATIONAL.to_json() == {"level": "national", "province_code": None, "county_code": None}


def test_refusals_carry_their_code() -> None:
    error = RoleError(RoleRefusal.OUT_OF_SCOPE)
    assert error.code is RoleRefusal.OUT_OF_SCOPE and str(error) == "out-of-scope"


def test_target_scope_follows_the_map() -> None:
    assert roles.target_scope(RoleLevel.PROVINCIAL, "isfahan", None) == ISFAHAN
    # A county fixes its own province, whatever province was passed.
    assert roles.target_scope(RoleLevel.COUNTY, "tehran", "isfahan-kashan") == KASHAN
    assert roles.target_scope(RoleLevel.NATIONAL, "isfahan", "isfahan-kashan") == NATIONAL
    unknown = [(RoleLevel.PROVINCIAL, "atlantis", None), (RoleLevel.PROVINCIAL, None, None),
               (RoleLevel.COUNTY, "isfahan", "isfahan-atlantis"), (RoleLevel.COUNTY, "isfahan", None)]
    for level, province, county in unknown:
        with pytest.raises(RoleError) as refused:
            roles.target_scope(level, province, county)
        assert refused.value.code is RoleRefusal.NEEDS_REGION


# -- the SQL a scope filters with ---------------------------------------------------------------------

async def _people(session: AsyncSession, places: list[tuple[str | None, str | None]], first: int = 100) -> list[int]:
    now = utcnow()
    rows = [{"platform": "telegram", "platform_user_id": first + i, "chat_id": first + i,
             "referral_code": f"s{first + i}", "created_at": now, "last_seen_at": now,
             "first_name": f"P{first + i}", "province_code": province, "county_code": county}
            for i, (province, county) in enumerate(places)]
    ids = list((await session.execute(insert(Person).returning(Person.id), rows)).scalars().all())
    await session.commit()
    return sorted(ids)


async def test_where_keeps_rows_inside_the_scope_only(session_pool: Pool) -> None:
    async with session_pool() as session:
        ids = await _people(session, [("isfahan", "isfahan-kashan"), ("isfahan", "isfahan-isfahan"),
                                      ("isfahan", None), ("tehran", "tehran-tehran"), (None, None)])

        async def inside(scope: Scope) -> list[int]:
            query = select(Person.id).where(*within(Person.province_code, Person.county_code, *scope.area()))
            query = query.order_by(Person.id)
            return list((await session.execute(query)).scalars())

        assert await inside(SUPER) == ids and await inside(NATIONAL) == ids
        assert await inside(ISFAHAN) == ids[:3]
        assert await inside(TEHRAN) == [ids[3]]
        assert await inside(KASHAN) == [ids[0]]
        assert await inside(KASHAN_BARE) == [ids[0]]
        assert await inside(ISFAHAN_COUNTY) == [ids[1]]
    assert within(Person.province_code, Person.county_code, *SUPER.area()) == []


# -- grants, revocations, the widest role, the audit ----------------------------------------------------

async def _staff(session: AsyncSession) -> tuple[Actor, list[int]]:
    """A super admin and five citizens (Isfahan ×3, Kashan, Tehran)."""
    admin, *others = await _people(session, [(None, None), ("isfahan", "isfahan-isfahan"), ("isfahan", None),
                                             ("isfahan", "isfahan-kashan"), ("isfahan", "isfahan-kashan"),
                                             ("tehran", "tehran-tehran")])
    session.add(RoleGrant(person_id=admin, level=RoleLevel.SUPER_ADMIN.value, granted_at=utcnow()))
    await session.commit()
    return Actor(admin, RoleLevel.SUPER_ADMIN), others


async def _grant_rows(session: AsyncSession, person_id: int) -> list[RoleGrant]:
    session.expire_all()
    rows = await session.execute(select(RoleGrant).where(RoleGrant.person_id == person_id).order_by(RoleGrant.id))
    return list(rows.scalars())


async def test_a_grant_row_and_its_audit_entry(session_pool: Pool) -> None:
    async with session_pool() as session:
        boss, (a, *_) = await _staff(session)
        before = utcnow()
        grant_id = await roles.grant(UnitOfWork(session), boss, a, RoleLevel.COUNTY, "tehran", "isfahan-kashan")
        [row] = await _grant_rows(session, a)
        assert (row.id, row.level, row.province_code, row.county_code, row.granted_by_id, row.revoked_at) == (
            grant_id, "county", "isfahan", "isfahan-kashan", boss.person_id, None)
        assert row.granted_at is not None and row.granted_at >= before - timedelta(seconds=1)
        [entry] = (await session.execute(select(AuditEntry))).scalars().all()
        assert (entry.actor_id, entry.action, entry.details, entry.count, entry.province_code, entry.county_code) == (
            boss.person_id, "role_grant", {"grant_id": grant_id, "person_id": a, "level": "county"}, 1, "isfahan",
            "isfahan-kashan")
        uow = UnitOfWork(session)
        assert await roles.grant_exists(uow, grant_id) and not await roles.grant_exists(uow, grant_id + 1)


async def test_a_new_grant_replaces_a_lower_one_and_refuses_a_peer(session_pool: Pool) -> None:
    async with session_pool() as session:
        boss, (a, b, c, d, e) = await _staff(session)
        first = await roles.grant(UnitOfWork(session), boss, a, RoleLevel.COUNTY, county_code="isfahan-kashan")
        second = await roles.grant(UnitOfWork(session), boss, a, RoleLevel.PROVINCIAL, "isfahan")
        old, new = await _grant_rows(session, a)
        assert (old.id, new.id) == (first, second)
        assert old.revoked_at is not None and old.revoked_by_id == boss.person_id and new.revoked_at is None
        assert await roles.scope_of(UnitOfWork(session), a) == ISFAHAN

        provincial = Actor(a, RoleLevel.PROVINCIAL, "isfahan")
        await roles.grant(UnitOfWork(session), boss, b, RoleLevel.PROVINCIAL, "isfahan")
        # b already holds a role as high as the provincial manager's own: not theirs to replace.
        with pytest.raises(RoleError) as refused:
            await roles.grant(UnitOfWork(session), provincial, b, RoleLevel.COUNTY, county_code="isfahan-kashan")
        assert refused.value.code is RoleRefusal.PEER
        # A county role in another province is below, but outside: refused too, and nothing changes.
        await roles.grant(UnitOfWork(session), boss, e, RoleLevel.COUNTY, county_code="tehran-tehran")
        with pytest.raises(RoleError) as refused:
            await roles.grant(UnitOfWork(session), provincial, e, RoleLevel.COUNTY, county_code="isfahan-kashan")
        assert refused.value.code is RoleRefusal.PEER
        assert await roles.scope_of(UnitOfWork(session), e) == Scope(RoleLevel.COUNTY, "tehran", "tehran-tehran")
        # A county role inside the province is replaced.
        await roles.grant(UnitOfWork(session), boss, c, RoleLevel.COUNTY, county_code="isfahan-isfahan")
        await roles.grant(UnitOfWork(session), provincial, c, RoleLevel.COUNTY, county_code="isfahan-kashan")
        assert await roles.scope_of(UnitOfWork(session), c) == KASHAN
        with pytest.raises(RoleError) as refused:
            await roles.grant(UnitOfWork(session), provincial, 999_999, RoleLevel.COUNTY, county_code="isfahan-kashan")
        assert refused.value.code is RoleRefusal.UNKNOWN_PERSON
        assert [g.revoked_at is None for g in await _grant_rows(session, d)] == []


async def test_revoke_refusals_and_audit(session_pool: Pool) -> None:
    async with session_pool() as session:
        boss, (a, b, c, _, e) = await _staff(session)
        await roles.grant(UnitOfWork(session), boss, a, RoleLevel.PROVINCIAL, "isfahan")
        peer = await roles.grant(UnitOfWork(session), boss, b, RoleLevel.PROVINCIAL, "isfahan")
        outside = await roles.grant(UnitOfWork(session), boss, e, RoleLevel.COUNTY, county_code="tehran-tehran")
        mine = await roles.grant(UnitOfWork(session), boss, c, RoleLevel.COUNTY, county_code="isfahan-kashan")
        provincial = Actor(a, RoleLevel.PROVINCIAL, "isfahan")
        for grant_id, code in [(peer, RoleRefusal.NOT_ABOVE), (outside, RoleRefusal.OUT_OF_SCOPE),
                               (10_000, RoleRefusal.NOT_ACTIVE)]:
            with pytest.raises(RoleError) as refused:
                await roles.revoke(UnitOfWork(session), provincial, grant_id)
            assert refused.value.code is code
        await roles.revoke(UnitOfWork(session), provincial, mine)
        [row] = await _grant_rows(session, c)
        assert row.revoked_at is not None and row.revoked_by_id == a
        entry = (await session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))).scalar_one()
        assert (entry.actor_id, entry.action, entry.details, entry.count, entry.province_code, entry.county_code) == (
            a, "role_revoke", {"grant_id": mine, "person_id": c, "level": "county"}, 1, "isfahan", "isfahan-kashan")


async def test_the_widest_active_role_counts(session_pool: Pool) -> None:
    async with session_pool() as session:
        boss, (a, b, *_) = await _staff(session)
        now = utcnow()
        # Two active grants at once (made before the one-role rule, or by hand): the widest one wins,
        # whichever order they were made in.
        session.add_all([RoleGrant(person_id=a, level="county", province_code="isfahan", county_code="isfahan-kashan",
                                   granted_at=now),
                         RoleGrant(person_id=a, level="provincial", province_code="isfahan", granted_at=now),
                         RoleGrant(person_id=b, level="provincial", province_code="tehran", granted_at=now),
                         RoleGrant(person_id=b, level="national", granted_at=now),
                         RoleGrant(person_id=b, level="county", province_code="tehran", county_code="tehran-tehran",
                                   granted_at=now)])
        await session.commit()
        assert await roles.scope_of(UnitOfWork(session), a) == ISFAHAN
        assert await roles.scope_of(UnitOfWork(session), b) == NATIONAL
        person_a = view(await session.get_one(Person, a))
        assert await roles.actor_of(UnitOfWork(session), person_a) == Actor(a, RoleLevel.PROVINCIAL, "isfahan", None)
        await session.execute(update(RoleGrant).where(RoleGrant.person_id == a, RoleGrant.level == "provincial")
                              .values(revoked_at=now))
        await session.commit()
        assert await roles.actor_of(UnitOfWork(session), person_a) == Actor(a, RoleLevel.COUNTY, "isfahan",
                                                                            "isfahan-kashan")
        await session.execute(update(RoleGrant).where(RoleGrant.person_id == a).values(revoked_at=now))
        await session.commit()
        assert await roles.actor_of(UnitOfWork(session), person_a) is None
        assert await roles.actor_of(UnitOfWork(session), None) is None
        assert await roles.actor_of(UnitOfWork(session), view(await session.get_one(Person, boss.person_id))) == boss


async def test_grants_within_a_scope(session_pool: Pool) -> None:
    async with session_pool() as session:
        boss, (a, b, c, d, e) = await _staff(session)
        g_a = await roles.grant(UnitOfWork(session), boss, a, RoleLevel.PROVINCIAL, "isfahan")
        g_b = await roles.grant(UnitOfWork(session), boss, b, RoleLevel.COUNTY, county_code="isfahan-isfahan")
        g_c = await roles.grant(UnitOfWork(session), boss, c, RoleLevel.COUNTY, county_code="isfahan-kashan")
        g_e = await roles.grant(UnitOfWork(session), boss, e, RoleLevel.PROVINCIAL, "tehran")
        g_d = await roles.grant(UnitOfWork(session), boss, d, RoleLevel.NATIONAL)
        revoked = await roles.grant(UnitOfWork(session), boss, b, RoleLevel.COUNTY, county_code="isfahan-kashan")
        await roles.revoke(UnitOfWork(session), boss, revoked)

        def ids(views: list[roles.GrantView]) -> list[int]:
            return [v.id for v in views]

        everything = await roles.grants_within(UnitOfWork(session), SUPER)
        boss_grant = everything[0].id
        assert ids(everything) == [boss_grant, g_d, g_a, g_e, g_c]  # widest first, then by id
        assert ids(await roles.grants_within(UnitOfWork(session), ISFAHAN)) == [g_a, g_c]
        assert ids(await roles.grants_within(UnitOfWork(session), KASHAN)) == [g_c]
        assert ids(await roles.grants_within(UnitOfWork(session), ISFAHAN_COUNTY)) == []
        assert ids(await roles.grants_within(UnitOfWork(session), TEHRAN)) == [g_e]
        # the oldest
        assert ids(await roles.grants_within(UnitOfWork(session), SUPER, limit=3)) == [boss_grant, g_a, g_c]
        [kashan] = await roles.grants_within(UnitOfWork(session), KASHAN)
        assert (kashan.person_id, kashan.first_name, kashan.referral_code, kashan.level, kashan.province_code,
                kashan.county_code) == (c, f"P{103}", "s103", RoleLevel.COUNTY, "isfahan", "isfahan-kashan")
        assert kashan.granted_at is not None
        assert g_b not in ids(everything)


async def test_super_admins_from_the_settings(session_pool: Pool) -> None:
    async with session_pool() as session:
        boss, (a, *_) = await _staff(session)
        await roles.grant(UnitOfWork(session), boss, a, RoleLevel.NATIONAL)
        # A malformed entry is skipped, not the end of the list.
        await roles.seed_super_admins(UnitOfWork(session), ["nonsense", "telegram:abc", "bale:٧٧"])
        person = (await session.execute(select(Person).where(Person.platform_user_id == 77))).scalar_one()
        assert (person.platform, person.language) == ("bale", "fa")
        [grant] = await _grant_rows(session, person.id)
        assert grant.level == "super_admin" and grant.granted_at is not None and grant.revoked_at is None
        # The first admin, not named any more, is dropped; the national manager is not a super admin: kept.
        assert await roles.scope_of(UnitOfWork(session), boss.person_id) is None
        assert await roles.scope_of(UnitOfWork(session), a) == NATIONAL
        [dropped] = await _grant_rows(session, boss.person_id)
        revoked_at = dropped.revoked_at
        assert revoked_at is not None
        await roles.seed_super_admins(UnitOfWork(session), ["bale:77"])
        [dropped] = await _grant_rows(session, boss.person_id)
        assert dropped.revoked_at == revoked_at  # an old revocation is left as it was


async def test_find_person_by_phone_takes_the_most_recently_seen(session_pool: Pool) -> None:
    async with session_pool() as session:
        older, newer, gone = await _people(session, [("isfahan", None)] * 3)
        now = utcnow()
        for person_id, seen in [(older, now - timedelta(days=3)), (newer, now - timedelta(days=1)), (gone, now)]:
            await session.execute(update(Person).where(Person.id == person_id)
                                  .values(phone="09121112233", last_seen_at=seen))
        await session.execute(update(Person).where(Person.id == gone).values(forgotten_at=now))
        await session.commit()
        found = await roles.find_person(UnitOfWork(session), "٠٩١٢١١١٢٢٣٣")
        assert found is not None and found.id == newer
        assert (await roles.find_person(UnitOfWork(session), " S100 ")) is not None
        assert await roles.find_person(UnitOfWork(session), "09120000000") is None


async def test_grants_within_is_filtered_in_sql_before_the_limit(session_pool: Pool) -> None:
    async with session_pool() as session:
        boss, (a, b, c, d, _) = await _staff(session)
        await roles.grant(UnitOfWork(session), boss, a, RoleLevel.COUNTY, county_code="isfahan-isfahan")
        await roles.grant(UnitOfWork(session), boss, b, RoleLevel.COUNTY, county_code="tehran-tehran")
        mine = await roles.grant(UnitOfWork(session), boss, c, RoleLevel.COUNTY, county_code="isfahan-kashan")
        # Older grants elsewhere do not use up a county manager's page.
        assert [v.id for v in await roles.grants_within(UnitOfWork(session), KASHAN, limit=1)] == [mine]
        # A row that names the county but is a provincial grant (made by hand) is not inside the county.
        session.add(RoleGrant(person_id=d, level="provincial", province_code="isfahan", county_code="isfahan-kashan",
                              granted_at=utcnow()))
        await session.commit()
        assert [v.id for v in await roles.grants_within(UnitOfWork(session), KASHAN)] == [mine]


async def test_grants_within_shows_fifty_by_default(session_pool: Pool) -> None:
    async with session_pool() as session:
        ids = await _people(session, [("isfahan", "isfahan-kashan")] * 52, first=1000)
        session.add_all([RoleGrant(person_id=p, level="county", province_code="isfahan", county_code="isfahan-kashan",
                                   granted_at=utcnow()) for p in ids])
        await session.commit()
        shown = await roles.grants_within(UnitOfWork(session), KASHAN)
        assert len(shown) == 50 and [v.person_id for v in shown] == ids[:50]

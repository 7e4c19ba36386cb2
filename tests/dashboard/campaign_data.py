"""What the campaign page's tests put in the database: the shipped campaigns, people living in counties who joined one,
their pledges, volunteers, and managers with a session cookie (no bot needed: the cookie is what the login link
would set)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.loader import load_campaigns
from campaigns.regions import load_regions
from dashboard.login import new_session
from storage.models import Campaign, Membership, Person, Pledge, Volunteer, utcnow
from storage.models.roles import RoleGrant, RoleLevel
from storage.unit_of_work import UnitOfWork
from tests.dashboard.conftest import SECRET

ROOT = Path(__file__).resolve().parents[2]
Pool = async_sessionmaker[AsyncSession]

# (county, members): Isfahan's Kashan far ahead, two counties of Isfahan and one of Tehran behind, Qom's Kahak with
# nobody (every other county has nobody either).
PLACES = {"isfahan-kashan": 30, "isfahan-isfahan": 12, "isfahan-natanz": 2, "tehran-tehran": 5}


def province_of(county_code: str) -> str:
    """The province of a shipped county."""
    county = load_regions().county(county_code)
    assert county is not None, county_code
    return county.province_code


async def load_shipped_campaigns(pool: Pool) -> int:
    """The shipped campaign definitions in the database; the id of the first one (national, open)."""
    async with pool() as session:
        await load_campaigns(UnitOfWork(session), ROOT / "campaigns" / "definitions")
    async with pool() as session:
        return int((await session.execute(select(Campaign.id).order_by(Campaign.id))).scalars().first() or 0)


async def add_people(pool: Pool, first: int, count: int, county: str, language: str = "fa",
                     **fields: Any) -> list[int]:
    """People living in a county (its province from the code); their ids."""
    province = province_of(county)
    now = utcnow()
    rows = [{"platform": "telegram", "platform_user_id": first + i, "chat_id": first + i, "language": language,
             "referral_code": f"c{first + i}", "onboarded_at": now, "consent_at": now, "created_at": now,
             "last_seen_at": now, "province_code": province, "county_code": county, "unreachable": False,
             "first_name": f"P{first + i}", **fields} for i in range(count)]
    async with pool() as session:
        ids = list((await session.execute(insert(Person).returning(Person.id), rows)).scalars().all())
        await session.commit()
    return sorted(ids)


async def join(pool: Pool, campaign_id: int, people: list[int], joined_at: datetime | None = None) -> None:
    """These people join the campaign (now, or at the moment given)."""
    async with pool() as session:
        await session.execute(insert(Membership), [
            {"person_id": p, "campaign_id": campaign_id, "joined_at": joined_at or utcnow()} for p in people])
        await session.commit()


async def pledge(pool: Pool, campaign_id: int, people: list[int], county: str, fulfilled: int) -> None:
    """A cash pledge from each person to their county; the first `fulfilled` of them fulfilled."""
    province = province_of(county)
    async with pool() as session:
        await session.execute(insert(Pledge), [
            {"person_id": p, "campaign_id": campaign_id, "kind": "cash", "amount": 100_000,
             "province_code": province, "county_code": county, "idempotency_key": f"test-{campaign_id}-{p}",
             "status": "fulfilled" if i < fulfilled else "pledged", "created_at": utcnow()}
            for i, p in enumerate(people)])
        await session.commit()


async def populate(pool: Pool) -> int:
    """The shipped campaigns, and PLACES' members of the first one (those in Kashan pledged, ten fulfilled); its id."""
    campaign_id = await load_shipped_campaigns(pool)
    first = 700_000
    for county, count in PLACES.items():
        people = await add_people(pool, first, count, county)
        await join(pool, campaign_id, people)
        if county == "isfahan-kashan":
            await pledge(pool, campaign_id, people, county, fulfilled=10)
        first += 1000
    return campaign_id


async def for_tehran_only(pool: Pool, besides: int) -> int:
    """The first shipped campaign other than `besides`, now reaching Tehran only; its id."""
    async with pool() as session:
        other = (await session.execute(select(Campaign).where(Campaign.id != besides).order_by(Campaign.id))
                 ).scalars().first()
        assert other is not None
        other.definition = {**other.definition, "regions": ["tehran"]}
        await session.commit()
        return other.id


async def add_volunteers(pool: Pool, people: list[int], county: str, registered_at: datetime) -> None:
    """These people volunteer in a county, registered at a moment."""
    async with pool() as session:
        await session.execute(insert(Volunteer), [
            {"person_id": p, "axes": ["health"], "specialty": "none", "days": [], "hours": "any",
             "province_code": province_of(county), "county_code": county, "registered_at": registered_at,
             "updated_at": registered_at} for p in people])
        await session.commit()


async def manager_cookie(pool: Pool, user_id: int, level: RoleLevel, province: str | None = None,
                         county: str | None = None, language: str = "fa") -> tuple[int, str]:
    """A manager (a person with a grant) and the session cookie their login link would set: (person id, cookie)."""
    county_of_manager = county or (f"{province}-{province}" if province else "tehran-tehran")
    [pid] = await add_people(pool, user_id, 1, county_of_manager, language=language)
    async with pool() as session:
        session.add(RoleGrant(person_id=pid, level=level.value, province_code=province, county_code=county,
                              granted_at=utcnow()))
        await session.commit()
    return pid, new_session(SECRET, pid, datetime.now(UTC) - timedelta(seconds=5))

"""The dashboard's figures may be up to FIGURES_TTL old (docs/decisions.md): the overview, a province's page and a
campaign's page show the same figures until the TTL has passed, say when they were computed (Iran's clock, Persian
digits), then show the database's figures again; a provincial manager never reads an entry computed for the nation
(nor the other way round). The clock is passed in: no sleeps. And the council report's volunteers, now counted
with an anti-join on the forgotten, still leave them out."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from aiohttp.test_utils import TestClient
from sqlalchemy import update

from dashboard.snapshots import FIGURES, FIGURES_TTL
from storage.models import Person, utcnow
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork
from tests.dashboard.campaign_data import add_people, add_volunteers, join, populate
from tests.dashboard.conftest import fa
from tests.dashboard.test_campaign import NATIONAL, PROVINCIAL, Pool, signed_in

NOON_UTC = datetime(2026, 12, 5, 9, 0, 30, tzinfo=UTC)  # 12:30:30 in Iran


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.moment = NOON_UTC

    def __call__(self) -> datetime:
        return self.moment


def participants(html: str) -> list[str]:
    """Each campaign line's participants as the overview writes them (Persian digits)."""
    return re.findall(r"([۰-۹]+) شرکت‌کننده،", html)


def clocked(client: TestClient) -> Clock:
    """The application's figures' cache reads this clock from now on."""
    clock = Clock()
    client.app[FIGURES].clock = clock
    return clock


async def test_the_overview_keeps_its_figures_for_the_ttl_and_says_when_they_were_computed(
        client: TestClient, session_pool: Pool) -> None:
    campaign_id = await populate(session_pool)
    clock = clocked(client)
    await signed_in(client, session_pool)
    first = await (await client.get("/")).text()
    assert participants(first)[0] == "۴۹"
    assert fa("dash-fresh-updated", time="۱۲:۳۰") in first

    await join(session_pool, campaign_id, await add_people(session_pool, 950_000, 3, "isfahan-kashan"))
    clock.moment += FIGURES_TTL - timedelta(seconds=1)
    still = await (await client.get("/")).text()
    assert participants(still)[0] == "۴۹" and fa("dash-fresh-updated", time="۱۲:۳۰") in still

    clock.moment += timedelta(seconds=1)
    fresh = await (await client.get("/")).text()
    assert participants(fresh)[0] == "۵۲"
    assert fa("dash-fresh-updated", time="۱۲:۳۱") in fresh


async def test_a_campaign_page_and_its_county_map_refresh_after_the_ttl(client: TestClient,
                                                                        session_pool: Pool) -> None:
    campaign_id = await populate(session_pool)
    clock = clocked(client)
    await signed_in(client, session_pool, PROVINCIAL, RoleLevel.PROVINCIAL, province="isfahan")
    page = f"/campaign/{campaign_id}/province/isfahan"
    before = await (await client.get(page)).text()
    await join(session_pool, campaign_id, await add_people(session_pool, 951_000, 7, "isfahan-ardestan"))
    assert await (await client.get(page)).text() == before  # the same snapshot, whatever the sort
    clock.moment += FIGURES_TTL
    after = await (await client.get(page)).text()
    assert after != before
    assert fa("dash-fresh-updated", time="۱۲:۳۱") in after and fa("dash-fresh-updated", time="۱۲:۳۰") in before


async def test_scopes_never_share_an_entry(client: TestClient, session_pool: Pool) -> None:
    await populate(session_pool)
    clocked(client)  # the clock stands still: every entry stays fresh for the whole test

    async def overview_as(user_id: int, level: RoleLevel, **where: str) -> str:
        client.session.cookie_jar.clear()  # the previous manager's cookie, refreshed by the pages, goes
        await signed_in(client, session_pool, user_id, level, **where)
        return participants(await (await client.get("/")).text())[0]

    assert await overview_as(NATIONAL, RoleLevel.NATIONAL) == "۴۹"  # Isfahan's 44 and Tehran's 5
    assert await overview_as(PROVINCIAL, RoleLevel.PROVINCIAL, province="isfahan") == "۴۴"
    assert await overview_as(900_103, RoleLevel.PROVINCIAL, province="tehran") == "۵"
    assert (await client.get("/province/isfahan")).status == 403
    assert await overview_as(900_104, RoleLevel.COUNTY, county="isfahan-natanz") == "۲"
    assert await overview_as(900_105, RoleLevel.NATIONAL) == "۴۹"


async def test_the_reports_volunteers_leave_out_the_forgotten(session_pool: Pool) -> None:
    moment = utcnow()
    people = await add_people(session_pool, 960_000, 4, "isfahan-kashan")
    await add_volunteers(session_pool, people, "isfahan-kashan", moment - timedelta(days=400))
    async with session_pool() as session:
        await session.execute(update(Person).where(Person.id == people[0]).values(forgotten_at=moment))
        await session.commit()
        figures = await UnitOfWork(session).reports.volunteer_figures(
            "isfahan", None, moment - timedelta(days=1), moment + timedelta(days=1))
    assert figures == (3, 0)  # four registered long ago, one of them forgotten since; none new

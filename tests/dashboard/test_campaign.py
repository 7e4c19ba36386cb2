"""A campaign's page over HTTP: its totals, the province map (each province a link htmx can follow), a table sorted on
the server by the column the query string names, the fairness list in the database's order, a province's county map
(the whole page, or the panel alone for htmx), a provincial manager kept to their province (403 and 404 written to
the audit log), English with Latin digits and the language switch, the overview's newcomers, and a query count that
does not grow with the number of regions."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.catalogue import CampaignView, view
from campaigns.jalali import format_date
from campaigns.regions import load_regions
from dashboard.geo import county_map
from dashboard.login import COOKIE
from dashboard.rendering import LANGUAGE_COOKIE
from dashboard.snapshots import FIGURES
from i18n import translator
from storage.models import Campaign, Membership, Person, utcnow
from storage.models.roles import AuditEntry, RoleLevel
from tests.dashboard.campaign_data import (
    PLACES,
    add_people,
    add_volunteers,
    for_tehran_only,
    join,
    manager_cookie,
    populate,
)

Pool = async_sessionmaker[AsyncSession]
fa, en = translator("fa"), translator("en")
NATIONAL, PROVINCIAL = 900101, 900102


async def signed_in(client: TestClient, pool: Pool, user_id: int = NATIONAL, level: RoleLevel = RoleLevel.NATIONAL,
                    **where: Any) -> int:
    """A manager's session cookie in the client's jar; their person id."""
    pid, cookie = await manager_cookie(pool, user_id, level, **where)
    client.session.cookie_jar.update_cookies({COOKIE: cookie})
    return pid


def section(html: str, element_id: str) -> str:
    """The HTML of one section of a page, by its id."""
    start = html.index(f'<section id="{element_id}"')
    return html[start:html.index("</section>", start)]


def row_codes(html: str, attribute: str = "data-code") -> list[str]:
    return re.findall(attribute + r'="([a-z-]+)"', html)


def population(code: str) -> int:
    regions = load_regions()
    county = regions.county(code)
    if county is not None:
        return county.population
    province = regions.province(code)
    assert province is not None
    return sum(c.population for c in province.counties)


async def the_campaign(pool: Pool, campaign_id: int) -> CampaignView:
    async with pool() as session:
        row = await session.get(Campaign, campaign_id)
        assert row is not None
        return view(row)


async def test_a_national_manager_sees_the_campaign_by_province(client: TestClient, session_pool: Pool) -> None:
    campaign_id = await populate(session_pool)
    await signed_in(client, session_pool)
    page = await client.get(f"/campaign/{campaign_id}")
    assert page.status == 200
    html = await page.text()
    campaign = await the_campaign(session_pool, campaign_id)
    assert campaign.title("fa") in html
    if campaign.definition.starts_on:
        assert format_date(campaign.definition.starts_on, "fa") in html  # Jalali, Persian digits
    assert "<dd>۴۹</dd>" in html and "<dd>۳۰</dd>" in html  # 49 participants, 30 pledges
    assert fa("dash-campaign-fulfilled-of", fulfilled=10, percent=33) in html

    links = re.findall(rf'<a href="/campaign/{campaign_id}/province/([a-z-]+)\?sort=name&amp;order=asc" aria-label="'
                       r'[^"]+"\s+hx-get="[^"]+" hx-target="#county-panel"', html)
    assert len(links) == 31 and len(re.findall(r'<path class="province s\d"', html)) == 31
    assert "© OpenStreetMap" in html
    provinces = [p.code for p in load_regions().provinces]
    assert row_codes(section(html, "figures")) == provinces  # by name: the shipped (alphabetical) order

    by_rate = await (await client.get(f"/campaign/{campaign_id}?sort=rate&order=desc")).text()
    isfahan = sum(n for code, n in PLACES.items() if code.startswith("isfahan-"))
    rates = {code: {"isfahan": isfahan, "tehran": PLACES["tehran-tehran"]}.get(code, 0) * 1000 / population(code)
             for code in provinces}
    expected = sorted(provinces, key=lambda code: rates[code], reverse=True)
    assert row_codes(section(by_rate, "figures")) == expected and expected[:2] == ["isfahan", "tehran"]
    assert re.search(r'<th scope="col" aria-sort="descending">\s*<a href="[^"]*sort=rate&amp;order=asc"', by_rate)

    by_population = await (await client.get(f"/campaign/{campaign_id}?sort=population&order=asc")).text()
    assert row_codes(section(by_population, "figures")) == sorted(provinces, key=population)
    nonsense = await (await client.get(f"/campaign/{campaign_id}?sort=phone&order=sideways")).text()
    assert row_codes(section(nonsense, "figures")) == provinces


async def members_by_county(pool: Pool, campaign_id: int) -> Counter[str]:
    async with pool() as session:
        rows = (await session.execute(
            select(Person.county_code).join(Membership, Membership.person_id == Person.id)
            .where(Membership.campaign_id == campaign_id, Membership.left_at.is_(None)))).scalars().all()
    return Counter(code for code in rows if code)


async def test_the_fairness_list_ranks_counties_lowest_first_as_the_database_says(client: TestClient,
                                                                               session_pool: Pool) -> None:
    campaign_id = await populate(session_pool)
    # Small counties with a few members each: a rate above nobody's, below one another by population.
    await join(session_pool, campaign_id, await add_people(session_pool, 800_000, 1, "qom-kahak"))
    await join(session_pool, campaign_id, await add_people(session_pool, 801_000, 3, "isfahan-khur-va-biabanak"))
    await signed_in(client, session_pool, PROVINCIAL, RoleLevel.PROVINCIAL, province="isfahan")
    html = await (await client.get(f"/campaign/{campaign_id}")).text()

    counts = await members_by_county(session_pool, campaign_id)
    isfahan = load_regions().province("isfahan")
    assert isfahan is not None
    expected = sorted((c for c in isfahan.counties if c.population > 0),
                      key=lambda c: (counts[c.code] * 1000 / c.population, -c.population))
    shown = row_codes(html, "data-county")
    assert shown == [c.code for c in expected][:25]
    assert "qom-kahak" not in shown  # another province
    # Khur va Biabanak's 3 of 21,000 is the highest rate, Kashan's 30 of 363,400 next, then Natanz, then Isfahan.
    assert [c.code for c in expected][-4:] == ["isfahan-isfahan", "isfahan-natanz", "isfahan-kashan",
                                               "isfahan-khur-va-biabanak"]
    assert fa("dash-fairness-explain", shown=min(25, len(expected)), total=len(expected)) in html


async def test_a_province_opens_its_county_map_as_a_page_or_a_panel(client: TestClient, session_pool: Pool) -> None:
    campaign_id = await populate(session_pool)
    await signed_in(client, session_pool)
    url = f"/campaign/{campaign_id}/province/isfahan?sort=rate&order=desc"
    html = await (await client.get(url)).text()
    panel = section(html, "county-panel")
    outlines = county_map("isfahan")
    assert outlines is not None
    assert len(re.findall(r'<a href="#county-isfahan-[a-z-]+" aria-label="[^"]+">\s*<path class="county s\d"', panel)) \
        == len(outlines.paths)
    assert len(re.findall(r'<path class="county unlisted"', panel)) == len(outlines.unlisted)
    assert fa("dashboard-map-province", name="کاشان", rate="۰٫۰۸۳") in panel  # 30 of 363,400 (regions.yaml)
    assert row_codes(panel)[-3:] == ["isfahan-isfahan", "isfahan-natanz", "isfahan-kashan"]  # lowest first
    assert row_codes(section(html, "figures"))[:2] == ["isfahan", "tehran"]  # the table keeps its order

    headers = {"HX-Request": "true", "HX-Target": "county-panel"}
    fragment = await (await client.get(url, headers=headers)).text()
    assert fragment.lstrip().startswith('<section id="county-panel"') and "<html" not in fragment
    assert section(fragment, "county-panel").replace(' tabindex="-1" autofocus', "", 1) == panel  # focus moves there
    # The language switch comes along out of band: it returns to the address htmx pushed.
    assert re.search(r'<a id="language-switch" class="language" href="/language/en\?next=/campaign/\d+/province/'
                     r'isfahan%3Fsort%3Drate%26order%3Ddesc"[^>]*hx-swap-oob="true"', fragment)
    table = await (await client.get(f"/campaign/{campaign_id}?sort=participants&order=desc",
                                    headers={"HX-Request": "true", "HX-Target": "figures"})).text()
    assert table.lstrip().startswith('<section id="figures"') and "<html" not in table
    assert row_codes(table)[:2] == ["isfahan", "tehran"]


async def audit(pool: Pool) -> list[tuple[str, dict[str, Any], str | None]]:
    async with pool() as session:
        entries = (await session.execute(select(AuditEntry).where(AuditEntry.action.like("dashboard_%"))
                                         .order_by(AuditEntry.id))).scalars().all()
    return [(e.action, e.details, e.province_code) for e in entries]


async def test_a_provincial_manager_sees_only_their_province(client: TestClient, session_pool: Pool) -> None:
    campaign_id = await populate(session_pool)
    await signed_in(client, session_pool, PROVINCIAL, RoleLevel.PROVINCIAL, province="isfahan")
    html = await (await client.get(f"/campaign/{campaign_id}")).text()
    assert re.findall(rf'<a href="/campaign/{campaign_id}/province/([a-z-]+)\?', html) == ["isfahan"]
    assert len(re.findall(r'<path class="province out"', html)) == 30
    isfahan = load_regions().province("isfahan")
    assert isfahan is not None
    assert row_codes(section(html, "figures")) == [c.code for c in isfahan.counties]  # their counties, by name
    assert "<dd>۴۴</dd>" in html and "<dd>۳۰</dd>" in html  # Isfahan's 44 members (not Tehran's 5), 30 pledges
    assert (await client.get(f"/campaign/{campaign_id}/province/isfahan")).status == 200

    other = await client.get(f"/campaign/{campaign_id}/province/tehran")
    assert other.status == 403 and fa("dashboard-out-of-scope-heading") in await other.text()
    missing = await client.get("/campaign/999999")
    assert missing.status == 404 and fa("dashboard-not-found-heading") in await missing.text()
    assert (await client.get(f"/campaign/{campaign_id}/province/atlantis")).status == 404
    assert (await client.get("/campaign/abc")).status == 404
    assert await audit(session_pool) == [
        ("dashboard_out_of_scope", {"campaign_id": campaign_id, "province": "tehran"}, "isfahan"),
        ("dashboard_not_found", {"campaign": "999999"}, "isfahan"),
        ("dashboard_not_found", {"campaign_id": campaign_id, "province": "atlantis"}, "isfahan"),
        ("dashboard_not_found", {"campaign": "abc"}, "isfahan")]


async def test_an_english_speaking_manager_reads_english_and_can_switch(client: TestClient,
                                                                       session_pool: Pool) -> None:
    campaign_id = await populate(session_pool)
    _, cookie = await manager_cookie(session_pool, NATIONAL, RoleLevel.NATIONAL, language="en")
    client.session.cookie_jar.update_cookies({COOKIE: cookie})
    html = await (await client.get(f"/campaign/{campaign_id}")).text()
    assert '<html lang="en" dir="ltr">' in html
    campaign = await the_campaign(session_pool, campaign_id)
    assert campaign.title("en") in html and en("dash-fairness-heading") in html
    assert "<dd>49</dd>" in html and not re.search("[۰-۹]", section(html, "figures"))
    if campaign.definition.starts_on:
        assert format_date(campaign.definition.starts_on, "en") in html
    assert en("dashboard-map-province", name="Isfahan", rate="0.009") in html  # 44 of 5,120,850
    switch = re.search(r'<a id="language-switch" class="language" href="([^"]+)"', html)
    assert switch and switch.group(1) == f"/language/fa?next=/campaign/{campaign_id}"

    moved = await client.get(switch.group(1), allow_redirects=False)
    assert moved.status == 303 and moved.headers["Location"] == f"/campaign/{campaign_id}"
    assert moved.cookies[LANGUAGE_COOKIE].value == "fa" and moved.cookies[LANGUAGE_COOKIE]["httponly"]
    client.session.cookie_jar.update_cookies({LANGUAGE_COOKIE: "fa"})
    persian = await (await client.get(f"/campaign/{campaign_id}")).text()
    assert '<html lang="fa" dir="rtl">' in persian and "<dd>۴۹</dd>" in persian

    assert (await client.get("/language/de")).status == 404
    away = await client.get("/language/en?next=//evil.example/x", allow_redirects=False)
    assert away.headers["Location"] == "/"


async def test_the_overview_counts_newcomers_this_week_and_month(client: TestClient, session_pool: Pool) -> None:
    campaign_id = await populate(session_pool)  # 49 people joined just now, 44 of them in Isfahan
    long_ago = utcnow() - timedelta(days=70)
    await join(session_pool, campaign_id, await add_people(session_pool, 810_000, 6, "isfahan-natanz"), long_ago)
    volunteers = await add_people(session_pool, 820_000, 5, "isfahan-kashan")
    await add_volunteers(session_pool, volunteers[:3], "isfahan-kashan", utcnow())
    await add_volunteers(session_pool, volunteers[3:], "isfahan-kashan", long_ago)
    await add_volunteers(session_pool, await add_people(session_pool, 830_000, 2, "tehran-tehran"),
                         "tehran-tehran", utcnow())
    await signed_in(client, session_pool, PROVINCIAL, RoleLevel.PROVINCIAL, province="isfahan")
    html = await (await client.get("/")).text()
    newcomers = html[html.index('<table class="newcomers">'):]
    cells = re.findall(r"<td>([^<]*)</td>", newcomers[newcomers.index("<tbody>"):newcomers.index("</table>")])
    assert cells == ["۴۴", "۴۴", "۳", "۳"]  # people this week and month; volunteers this week and month
    assert f'<a href="/campaign/{campaign_id}">' in html


async def test_the_page_asks_the_same_number_of_queries_however_many_regions_have_figures(
        client: TestClient, session_pool: Pool) -> None:
    campaign_id = await populate(session_pool)
    await signed_in(client, session_pool)
    client.app[FIGURES].ttl = timedelta(0)  # every request computes its figures: this test counts those queries
    statements: list[str] = []
    engine = session_pool.kw["bind"]

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        assert (await client.get(f"/campaign/{campaign_id}/province/isfahan")).status == 200
        few = len(statements)
        first = 840_000
        for province in load_regions().provinces:
            for county in province.counties[:3]:
                await join(session_pool, campaign_id, await add_people(session_pool, first, 1, county.code))
                first += 10
        statements.clear()
        assert (await client.get(f"/campaign/{campaign_id}/province/isfahan")).status == 200
        assert len(statements) == few <= 8, statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


async def test_a_county_manager_sees_their_county_and_not_a_campaign_of_another_province(
        client: TestClient, session_pool: Pool) -> None:
    campaign_id = await populate(session_pool)
    other_id = await for_tehran_only(session_pool, campaign_id)
    await signed_in(client, session_pool, PROVINCIAL, RoleLevel.COUNTY, county="isfahan-kashan")
    html = await (await client.get(f"/campaign/{campaign_id}/province/isfahan")).text()
    assert row_codes(section(html, "figures")) == ["isfahan-kashan"]
    assert row_codes(html, "data-county") == ["isfahan-kashan"]
    assert "<dd>۳۰</dd>" in html  # Kashan's 30 members (and its 30 pledges)
    panel = section(html, "county-panel")
    assert re.findall(r'<a href="#county-([a-z-]+)"', panel) == ["isfahan-kashan"]
    assert row_codes(panel) == ["isfahan-kashan"]

    refused = await client.get(f"/campaign/{other_id}")
    assert refused.status == 403 and fa("dashboard-out-of-scope-heading") in await refused.text()
    assert (await audit(session_pool))[-1][:2] == ("dashboard_out_of_scope", {"campaign_id": other_id})

"""The overview of a manager's region: active campaigns with their figures, and the map of the 31 provinces shaded
by participation per 1,000 people, with a legend, a table of the numbers and «© OpenStreetMap»; a provincial
manager sees only their province (the others greyed, not linked), and a URL naming another province answers 403
and is written to the audit log."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient
from sqlalchemy import insert, select

from campaigns.regions import load_regions
from storage.models import Campaign, Membership, utcnow
from storage.models.roles import RoleLevel
from tests.dashboard.conftest import MANAGER, audited, fa, link_from_bot, sign_in
from tests.e2e.harness import Harness
from tests.e2e.managers import add_people, make_manager, person_id


async def join_first_campaign(hamyar: Harness, people: list[int]) -> str:
    """These people become members of the first national campaign; its slug."""
    async with hamyar.session() as session:
        campaign_id, slug = (await session.execute(select(Campaign.id, Campaign.slug).order_by(Campaign.id))).first()
        await session.execute(insert(Membership), [{"person_id": p, "campaign_id": campaign_id, "joined_at": utcnow()}
                                                   for p in people])
        await session.commit()
    return str(slug)


def isfahan_population() -> int:
    province = load_regions().province("isfahan")
    assert province is not None
    return sum(c.population for c in province.counties)


async def test_a_national_manager_sees_31_linked_provinces_and_the_figures(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    people = await add_people(hamyar, 50, 700_000, "isfahan", "isfahan-isfahan")
    await join_first_campaign(hamyar, people)
    await sign_in(web, await link_from_bot(hamyar))
    html = await (await web.get("/")).text()

    assert len(re.findall(r'<path class="province s\d"', html)) == 31
    assert len(re.findall(r'<a href="/province/[a-z-]+" aria-label=', html)) == 31
    assert "© OpenStreetMap" in html and fa("dashboard-legend-heading") in html
    rate = 50 * 1000 / isfahan_population()
    rate_fa = f"{rate:.3f}".replace(".", "٫").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert fa("dashboard-map-province", name="اصفهان", rate=rate_fa) in html
    assert re.search(r'<path class="province s4"[^>]*><title>' + re.escape(f"اصفهان: {rate_fa}"), html)
    assert "۵۰ شرکت‌کننده" in html  # the campaign's participants, Persian digits
    tehran = await web.get("/province/tehran")
    assert tehran.status == 200 and fa("dashboard-province-heading", province="تهران") in await tehran.text()


async def test_a_provincial_manager_sees_only_their_province(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    await sign_in(web, await link_from_bot(hamyar))
    html = await (await web.get("/")).text()
    assert re.findall(r'<a href="/province/([a-z-]+)" aria-label=', html) == ["isfahan"]
    assert len(re.findall(r'<path class="province out"', html)) == 30
    assert fa("dashboard-map-out", name="تهران") in html

    own = await web.get("/province/isfahan")
    assert own.status == 200 and "کاشان" in await own.text()

    other = await web.get("/province/tehran")
    assert other.status == 403
    assert fa("dashboard-out-of-scope-heading") in await other.text()
    pid = await person_id(hamyar, MANAGER)
    assert await audited(hamyar, "dashboard_out_of_scope") == [(pid, {"province": "tehran"}, "isfahan")]

    missing = await web.get("/province/atlantis")
    assert missing.status == 404 and fa("dashboard-not-found-heading") in await missing.text()

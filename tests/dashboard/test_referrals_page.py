"""The referrals page and the overview's MANA teen counts: counts read from the database, in the manager's region,
with no name, phone or note on the page; another province answers 403 and is written to the audit log."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import insert, select

from i18n.digits import to_latin_digits
from storage.models import utcnow
from storage.models.guardians import ConsentStatus, GuardianConsent
from storage.models.referrals import Referral
from storage.models.roles import RoleLevel
from tests.dashboard.conftest import MANAGER, audited, fa, link_from_bot, sign_in
from tests.e2e.harness import Harness
from tests.e2e.managers import make_manager, person_id

NAME, PHONE, NOTE = "زهرا کاظمی", "09121234567", "خانوادهٔ آسیب‌دیده در کوچهٔ یاس"

# (need, urgency, province, county, status, age, contacted after): what the seeded referrals are
SEEDED: list[tuple[str, str, str, str | None, str, timedelta, timedelta | None]] = [
    ("psychology", "today", "isfahan", "isfahan-isfahan", "open", timedelta(hours=50), None),  # overdue
    ("psychology", "week", "isfahan", "isfahan-isfahan", "contacted", timedelta(days=3), timedelta(hours=4)),
    ("legal", "week", "isfahan", "isfahan-ardestan", "assigned", timedelta(days=8), None),  # overdue
    ("housing", "today", "isfahan", None, "closed", timedelta(days=2), timedelta(hours=10)),
    ("psychiatry", "today", "isfahan", "isfahan-ardestan", "open", timedelta(hours=3), None),
    ("psychology", "today", "tehran", "tehran-pakdasht", "open", timedelta(hours=60), None),  # overdue, Tehran
    ("legal", "week", "tehran", "tehran-eslamshahr", "contacted", timedelta(days=1), timedelta(hours=30)),
]


async def seed(hamyar: Harness) -> list[int]:
    """The referrals above, each with the person's name, phone and a note; their ids."""
    now = utcnow()
    rows: list[dict[str, Any]] = [
        {"nonce": f"n{i}", "need": need, "urgency": urgency, "province_code": province, "county_code": county,
         "note": NOTE, "consent": True, "person_name": NAME, "person_phone": PHONE, "status": status,
         "created_at": now - age, "contacted_at": now - age + contact if contact else None}
        for i, (need, urgency, province, county, status, age, contact) in enumerate(SEEDED)]
    async with hamyar.session() as session:
        ids = [int((await session.execute(insert(Referral).values(**row).returning(Referral.id))).scalar_one())
               for row in rows]
        await session.commit()
    return ids


def counts(html: str, attribute: str) -> dict[str, int]:
    """A table's counts on the page by the rows' data attribute (its last cell, in any digits)."""
    found = re.findall(rf'<tr {attribute}="([^"]*)">(.*?)</tr>', html, flags=re.S)
    return {key: int(to_latin_digits(re.findall(r"<td>([^<]*)</td>", cells)[-1])) for key, cells in found}


async def database_counts(hamyar: Harness, column: Any, province: str | None) -> dict[str, int]:
    async with hamyar.session() as session:
        query = select(column)
        if province:
            query = query.where(Referral.province_code == province)
        return dict(Counter(value or "" for value in (await session.execute(query)).scalars()))


async def test_a_national_manager_sees_the_countrys_referral_counts(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    await seed(hamyar)
    await sign_in(web, await link_from_bot(hamyar))
    page = await web.get("/referrals")
    html = await page.text()
    assert page.status == 200 and fa("dmore-referrals-heading") in html

    assert counts(html, "data-need") == await database_counts(hamyar, Referral.need, None)
    assert counts(html, "data-place") == await database_counts(hamyar, Referral.province_code, None)
    assert counts(html, "data-status") == await database_counts(hamyar, Referral.status, None)
    assert counts(html, "data-need") == {"psychology": 3, "legal": 2, "housing": 1, "psychiatry": 1}
    # the median of 4, 10 and 30 hours, in Persian digits
    assert fa("dmore-referrals-median-hours", hours=10, contacted=3) in html
    assert "۱۰ ساعت" in html
    assert NAME not in html and PHONE not in html and NOTE not in html and to_latin_digits(PHONE)[1:] not in html

    tehran = await web.get("/referrals/province/tehran")
    assert tehran.status == 200
    assert counts(await tehran.text(), "data-place") == {"tehran-pakdasht": 1, "tehran-eslamshahr": 1}
    assert (await web.get("/referrals/province/atlantis")).status == 404


async def test_a_provincial_manager_sees_only_their_province(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    ids = await seed(hamyar)
    await sign_in(web, await link_from_bot(hamyar))
    html = await (await web.get("/referrals")).text()
    assert fa("dmore-nav-referrals") in html

    assert counts(html, "data-need") == await database_counts(hamyar, Referral.need, "isfahan")
    assert counts(html, "data-status") == await database_counts(hamyar, Referral.status, "isfahan")
    assert counts(html, "data-place") == {"isfahan-isfahan": 2, "isfahan-ardestan": 2, "": 1}  # by county
    assert "data-place=\"tehran" not in html
    # overdue: the "today" one after 48 hours and the "week" one after 7 days; not Tehran's, not the fresh ones
    assert re.findall(r'<tr data-referral="(\d+)">', html) == [str(ids[2]), str(ids[0])]
    assert fa("dmore-referrals-median-hours", hours=7, contacted=2) in html  # 4 and 10 hours
    assert NAME not in html and PHONE not in html and NOTE not in html

    assert (await web.get("/referrals/province/isfahan")).status == 200
    other = await web.get("/referrals/province/tehran")
    assert other.status == 403
    assert fa("dashboard-out-of-scope-heading") in await other.text()
    pid = await person_id(hamyar, MANAGER)
    assert await audited(hamyar, "dashboard_out_of_scope") == [
        (pid, {"referrals_province": "tehran"}, "isfahan")]


async def test_the_overview_counts_teens_by_province_and_county(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.PROVINCIAL, province="isfahan")
    seeded = [("isfahan", "isfahan-isfahan", ConsentStatus.AWAITING.value), ("isfahan", "isfahan-isfahan", "confirmed"),
              ("isfahan", "isfahan-isfahan", "confirmed"), ("isfahan", "isfahan-ardestan", "expired"),
              ("tehran", "tehran-pakdasht", "confirmed")]
    async with hamyar.session() as session:
        await session.execute(insert(GuardianConsent), [
            {"code": f"c{i}", "status": status, "province_code": province, "county_code": county}
            for i, (province, county, status) in enumerate(seeded)])
        await session.commit()
    await sign_in(web, await link_from_bot(hamyar))
    html = await (await web.get("/")).text()
    rows = re.findall(r'<tr data-teens="([^"]*)">(.*?)</tr>', html, flags=re.S)
    found = {key: tuple(int(to_latin_digits(v)) for v in re.findall(r"<td>([^<]*)</td>", cells)[-3:])
             for key, cells in rows}
    assert found == {"isfahan/isfahan-ardestan": (0, 0, 1), "isfahan/isfahan-isfahan": (1, 2, 0),
                     "total": (1, 2, 1)}
    assert fa("dmore-teens-heading") in html and "اردستان" in html


async def test_a_national_manager_without_teens_is_told_so(hamyar: Harness, web: TestClient) -> None:
    await make_manager(hamyar, MANAGER, RoleLevel.NATIONAL)
    await sign_in(web, await link_from_bot(hamyar))
    assert fa("dmore-teens-none") in await (await web.get("/")).text()

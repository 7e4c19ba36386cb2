"""Stats, exports and payment files inside a scope: counts, fairness per thousand, CSV/XLSX, CSV parsing."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import exports, followup, stats
from campaigns.followup import ImportReport, RowProblem
from campaigns.regions import load_regions
from campaigns.roles import Scope
from handlers.manage_followup import payment_columns
from storage.models import Campaign, Membership, Person, Pledge, Volunteer, utcnow
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork

NATIONAL = Scope(RoleLevel.NATIONAL)
ISFAHAN = Scope(RoleLevel.PROVINCIAL, "isfahan")
KASHAN = Scope(RoleLevel.COUNTY, "isfahan", "isfahan-kashan")


async def _world(session: AsyncSession) -> int:
    now = utcnow()
    campaign = Campaign(slug="c", kind="fundraising", status="active", regions=[], definition={}, checksum="x")
    session.add(campaign)
    await session.flush()
    places = [("isfahan", "isfahan-kashan")] * 3 + [("isfahan", "isfahan-isfahan")] + [("tehran", "tehran-tehran")] * 2
    rows = [{"platform": "telegram", "platform_user_id": i, "chat_id": i, "referral_code": f"r{i}", "created_at": now,
             "last_seen_at": now, "onboarded_at": now, "province_code": p, "county_code": c}
            for i, (p, c) in enumerate(places, start=1)]
    ids = sorted((await session.execute(insert(Person).returning(Person.id), rows)).scalars().all())
    for person_id in ids:
        session.add(Membership(person_id=person_id, campaign_id=campaign.id, joined_at=now))
    made = ((0, 100, "fulfilled"), (1, 300, "pledged"), (4, 1000, "pledged"), (5, 50, "cancelled"))
    for index, amount, status in made:
        person_id, (p, c) = ids[index], places[index]
        session.add(Pledge(person_id=person_id, campaign_id=campaign.id, kind="cash", amount=amount, province_code=p,
                           county_code=c, status=status, idempotency_key=f"k{person_id}"))
    session.add(Volunteer(person_id=ids[0], axes=["health"], specialty="nurse", hours="any", days=[],
                          province_code="isfahan", county_code="isfahan-kashan"))
    session.add(Volunteer(person_id=ids[4], axes=["health", "cultural"], specialty="doctor", hours="any", days=[],
                          province_code="tehran", county_code="tehran-tehran"))
    await session.commit()
    return campaign.id


async def test_campaign_stats_follow_the_scope(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        campaign_id = await _world(session)
        everywhere = await stats.campaign(UnitOfWork(session), NATIONAL, campaign_id)
        assert (everywhere.participants, everywhere.pledges, everywhere.amount, everywhere.fulfilled) == (6, 3, 1400, 1)
        assert {row.code for row in everywhere.rows} == {"isfahan", "tehran"}
        isfahan = await stats.campaign(UnitOfWork(session), ISFAHAN, campaign_id)
        assert (isfahan.participants, isfahan.pledges, isfahan.amount, isfahan.fulfilled_percent) == (4, 2, 400, 50)
        assert {row.code for row in isfahan.rows} == {"isfahan-kashan", "isfahan-isfahan"}
        kashan = await stats.campaign(UnitOfWork(session), KASHAN, campaign_id)
        assert (kashan.participants, kashan.pledges) == (3, 2)


async def test_volunteers_and_fairness(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        await _world(session)
        everywhere = await stats.volunteers(UnitOfWork(session), NATIONAL)
        assert everywhere.total == 2 and dict(everywhere.by_axis)["health"] == 2
        isfahan = await stats.volunteers(UnitOfWork(session), ISFAHAN)
        assert isfahan.total == 1 and dict(isfahan.by_specialty) == {"nurse": 1}
        assert dict(isfahan.by_region) == {"isfahan-kashan": 1}
        fewest = await stats.fewest_per_thousand(UnitOfWork(session), ISFAHAN, "volunteers", limit=100)
        isfahan_counties = {c.code for c in load_regions().province("isfahan").counties}  # type: ignore[union-attr]
        assert {r.county_code for r in fewest} == isfahan_counties
        assert fewest[-1].county_code == "isfahan-kashan" and fewest[0].count == 0
        ranked = [r.per_thousand for r in fewest]
        assert ranked == sorted(ranked)
        pledges = await stats.fewest_per_thousand(UnitOfWork(session), KASHAN, "pledges")
        assert [(r.county_code, r.count) for r in pledges] == [("isfahan-kashan", 2)]


async def test_exports_csv_and_xlsx(session_pool: async_sessionmaker[AsyncSession]) -> None:
    async with session_pool() as session:
        await _world(session)
        table = await exports.pledges(UnitOfWork(session), ISFAHAN, "fa")
        assert len(table.rows) == 2 and {row[9] for row in table.rows} == {"اصفهان"}
        data = exports.to_csv(list(table.columns), table)
        assert data.startswith(b"\xef\xbb\xbf")
        parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert parsed[0][0] == "pledge_id" and len(parsed) == 3
        volunteers = await exports.volunteers(UnitOfWork(session), NATIONAL, "en")
        book = load_workbook(io.BytesIO(exports.to_xlsx(list(volunteers.columns), volunteers)))
        sheet = book.active
        assert sheet is not None and sheet.sheet_view.rightToLeft
        values = list(sheet.iter_rows(values_only=True))
        assert values[0][0] == "referral_code" and {v[7] for v in values[1:]} == {"Isfahan", "Tehran"}


def test_payments_csv_parsing() -> None:
    report = ImportReport()
    rows = followup.parse_csv("شناسه تعهد;مبلغ\n۱۲;۱۰۰٬۰۰۰\n\n13;\n".encode(), report, payment_columns())
    assert not report.bad and [(r.line, r.pledge_id, r.amount) for r in rows] == [(2, 12, 100000), (4, 13, None)]
    report = ImportReport()
    followup.parse_csv(b"name,sum\nx,1\n", report)
    assert report.bad == [(1, RowProblem.NO_COLUMNS)]
    report = ImportReport()
    followup.parse_csv(b"pledge_id,referral_code,amount\n1,,0\n,abc,\n2,,5\n2,,5\n", report)
    assert report.bad == [(2, RowProblem.BAD_AMOUNT), (3, RowProblem.NO_KEY), (5, RowProblem.DUPLICATE)]
    report = ImportReport()
    followup.parse_csv(b"\xff\xfe\x00", report)
    assert report.bad == [(0, RowProblem.NOT_TEXT)]

"""The dashboard's files and reports over HTTP: exports streamed inside the manager's region (CSV with a BOM, XLSX),
formula-like cells neutralised and no phone number or national ID in the bytes; the payments upload's all-or-nothing
rule (a bad row: a Persian page naming it and the database unchanged; a good file: the pledges fulfilled); the
overdue list; the council report of a province's quarter; refusals outside the region, without a session or
without the CSRF token."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from aiohttp.test_utils import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import council, participation
from campaigns.catalogue import today_in_iran
from campaigns.jalali import format_date
from campaigns.roles import Scope
from dashboard.login import COOKIE, new_session
from storage.models import Campaign, Membership, Person, Pledge, Volunteer
from storage.models.assignments import Assignment, HoursEntry
from storage.models.roles import AuditEntry, RoleGrant, RoleLevel
from storage.unit_of_work import UnitOfWork
from tests.dashboard.conftest import SECRET, fa

Pool = async_sessionmaker[AsyncSession]
FORMULA_NAME = '=HYPERLINK("http://evil.example","x")'
PHONE = "+989121234567"
NATIONAL_ID = "0012345678"
SECRET_BITS = (b"9121234567", b"0012345678", "۹۱۲۱۲۳۴۵۶۷".encode())


@dataclass(frozen=True)
class Seeded:
    """What the seed wrote: the manager's person id, the pledges (by name) and the campaign's id."""

    manager: int
    pledges: dict[str, int]
    campaign: int


def _person(n: int, province: str, county: str, **fields: object) -> Person:
    now = datetime.now(UTC)
    values: dict[str, object] = {"platform": "telegram", "platform_user_id": 700_000 + n, "chat_id": 700_000 + n,
                                 "language": "fa", "referral_code": f"r{n}", "onboarded_at": now, "consent_at": now,
                                 "province_code": province, "county_code": county, "first_name": f"P{n}"}
    return Person(**(values | fields))


async def seed(pool: Pool, level: RoleLevel = RoleLevel.PROVINCIAL, province: str | None = "isfahan",
               county: str | None = None) -> Seeded:
    """A manager; in Isfahan (Kashan) a donor named like a formula, with a phone number and national ID, who is a
    member, a volunteer and made two overdue pledges; in Tehran another member with one overdue pledge."""
    now = datetime.now(UTC)
    overdue = today_in_iran() - timedelta(days=10)
    async with pool() as session:
        manager = _person(1, "isfahan", "isfahan-isfahan", first_name="Manager")
        donor = _person(2, "isfahan", "isfahan-kashan", first_name=FORMULA_NAME, phone=PHONE, national_id=NATIONAL_ID,
                        referral_code="-r2")
        other = _person(3, "tehran", "tehran-tehran", first_name="@SUM(A1)", phone="+989351112233")
        campaign = Campaign(slug="winter", kind="donation", status="active", regions=[], definition={}, checksum="x")
        session.add_all([manager, donor, other, campaign])
        await session.flush()
        session.add(RoleGrant(person_id=manager.id, level=level.value, province_code=province, county_code=county))
        session.add_all([Membership(person_id=donor.id, campaign_id=campaign.id),
                         Membership(person_id=other.id, campaign_id=campaign.id),
                         Volunteer(person_id=donor.id, axes=["health"], specialty="nurse", days=["sat"],
                                   hours="morning", on_call=True, province_code="isfahan", county_code="isfahan-kashan",
                                   skills=f"call me {PHONE}"),
                         HoursEntry(person_id=donor.id, minutes=150, source="self", at=now),
                         Assignment(title="Flood", place="Kashan", province_code="isfahan",
                                    county_code="isfahan-kashan", starts_at=now, headcount=3,
                                    deadline=now + timedelta(hours=2), urgent=True, filled_at=now)])
        pledges = {}
        for name, person, amount, province_code, county_code in (
                ("kashan-1", donor, 50_000, "isfahan", "isfahan-kashan"),
                ("kashan-2", donor, 70_000, "isfahan", "isfahan-kashan"),
                ("tehran", other, 90_000, "tehran", "tehran-tehran")):
            pledge = Pledge(person_id=person.id, campaign_id=campaign.id, kind="cash", amount=amount,
                            province_code=province_code, county_code=county_code, status="overdue", due_on=overdue,
                            idempotency_key=name, item="-1+1" if name == "kashan-2" else None)
            session.add(pledge)
            await session.flush()
            pledges[name] = pledge.id
        await session.commit()
        return Seeded(manager.id, pledges, campaign.id)


async def signed_in(client: TestClient, person_id: int) -> str:
    """The manager's session cookie set in the client; the page's CSRF token."""
    client.session.cookie_jar.update_cookies({COOKIE: new_session(SECRET, person_id, datetime.now(UTC))})
    page = await (await client.get("/exports")).text()
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token, page
    return token.group(1)


async def statuses(pool: Pool) -> dict[str, str]:
    async with pool() as session:
        return {key: status for key, status in await session.execute(select(Pledge.idempotency_key, Pledge.status))}


async def audited(pool: Pool, action: str) -> list[AuditEntry]:
    async with pool() as session:
        return list((await session.execute(select(AuditEntry).where(AuditEntry.action == action)
                                           .order_by(AuditEntry.id))).scalars())


def no_personal_numbers(data: bytes) -> None:
    for secret in SECRET_BITS:
        assert secret not in data


async def test_csv_exports_keep_to_the_region_neutralise_formulas_and_carry_no_phone(client: TestClient,
                                                                                   session_pool: Pool) -> None:
    seeded = await seed(session_pool)
    csrf = await signed_in(client, seeded.manager)
    answers = {}
    for table in ("participants", "pledges", "volunteers"):
        answer = await client.post(f"/exports/{table}.csv", data={"csrf": csrf})
        assert answer.status == 200
        assert answer.headers["Content-Type"].startswith("text/csv")
        assert re.fullmatch(rf'attachment; filename="hamyar-{table}-\d{{4}}-\d\d-\d\d\.csv"',
                            answer.headers["Content-Disposition"])
        data = await answer.read()
        assert data.startswith(b"\xef\xbb\xbf")
        no_personal_numbers(data)
        answers[table] = data.decode("utf-8-sig").splitlines()

    participants = answers["participants"]
    assert participants[0] == "پویش,کد معرف,نام,استان,شهرستان,تاریخ پیوستن"
    assert len(participants) == 2  # Isfahan's member only: Tehran's is outside the region
    assert participants[1].startswith("winter,'-r2,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",اصفهان,کاشان,")
    pledges = answers["pledges"]
    assert [line.split(",")[0] for line in pledges[1:]] == [str(seeded.pledges["kashan-1"]),
                                                            str(seeded.pledges["kashan-2"])]
    assert ",'-1+1," in pledges[2]
    assert "@SUM" not in "\n".join(pledges) and "'=HYPERLINK" in "\n".join(answers["volunteers"])
    assert [(e.details, e.count) for e in await audited(session_pool, "export")] == [
        ({"table": "participants", "format": "csv"}, 1), ({"table": "pledges", "format": "csv"}, 2),
        ({"table": "volunteers", "format": "csv"}, 1)]


async def test_an_xlsx_export_holds_text_never_formulas(client: TestClient, session_pool: Pool) -> None:
    seeded = await seed(session_pool, RoleLevel.NATIONAL, None)
    csrf = await signed_in(client, seeded.manager)
    answer = await client.post("/exports/participants.xlsx", data={"csrf": csrf})
    assert answer.status == 200 and "spreadsheetml" in answer.headers["Content-Type"]
    data = await answer.read()
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None and sheet.sheet_view.rightToLeft
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    assert [c.value for c in rows[0]] == ["پویش", "کد معرف", "نام", "استان", "شهرستان", "تاریخ پیوستن"]
    assert len(rows) == 3  # both members for a national manager
    names = {row[2].value: row[2] for row in rows[1:]}
    assert set(names) == {FORMULA_NAME, "@SUM(A1)"}
    for cell in names.values():
        assert cell.data_type == "s" and cell.quotePrefix
    assert all(cell.data_type != "f" for row in rows for cell in row)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        no_personal_numbers(b"".join(book.read(name) for name in book.namelist()))


async def test_exports_refuse_without_a_session_a_token_or_a_known_table(client: TestClient,
                                                                         session_pool: Pool) -> None:
    seeded = await seed(session_pool)
    anonymous = await client.post("/exports/pledges.csv", data={})
    assert anonymous.status == 401
    csrf = await signed_in(client, seeded.manager)
    without = await client.post("/exports/pledges.csv", data={})
    assert without.status == 403 and fa("dashboard-refused-csrf-heading") in await without.text()
    forged = await client.post("/exports/pledges.csv", data={"csrf": csrf[:-2] + "xx"})
    assert forged.status == 403
    assert (await client.get("/exports/pledges.csv")).status in (404, 405)  # a download is never a GET
    unknown = await client.post("/exports/people.csv", data={"csrf": csrf})
    assert unknown.status == 404 and fa("dashboard-not-found-heading") in await unknown.text()
    assert (await client.post("/exports/pledges.pdf", data={"csrf": csrf})).status == 404
    assert await audited(session_pool, "export") == []


def payments(*rows: str) -> bytes:
    return ("\n".join(["pledge_id,amount", *rows]) + "\n").encode()


async def upload(client: TestClient, csrf: str | None, content: bytes) -> tuple[int, str]:
    form = {"payments": io.BytesIO(content)} | ({"csrf": csrf} if csrf else {})
    answer = await client.post("/followup/payments", data=form)
    return answer.status, await answer.text()


async def test_a_bad_row_rejects_the_whole_payments_file(client: TestClient, session_pool: Pool) -> None:
    seeded = await seed(session_pool)
    csrf = await signed_in(client, seeded.manager)
    before = await statuses(session_pool)
    status, html = await upload(client, csrf, payments(f"{seeded.pledges['kashan-1']},50000", "abc,70000"))
    assert status == 400
    assert fa("files-upload-bad", count=1) in html
    assert fa("manage-import-row", line=3, problem=fa("manage-row-bad-id")) in html  # «سطر ۳: …»
    assert await statuses(session_pool) == before
    # A pledge outside the region is a bad row too: nothing of the file is saved.
    status, html = await upload(client, csrf, payments(f"{seeded.pledges['kashan-1']},50000",
                                                       f"{seeded.pledges['tehran']},90000"))
    assert status == 400 and fa("manage-import-row", line=3, problem=fa("manage-row-out-of-scope")) in html
    assert await statuses(session_pool) == before
    assert await audited(session_pool, "pledge_import") == []


async def test_a_good_payments_file_fulfils_its_pledges(client: TestClient, session_pool: Pool) -> None:
    seeded = await seed(session_pool)
    csrf = await signed_in(client, seeded.manager)
    content = ("\ufeffشماره تعهد,مبلغ\n" f"{seeded.pledges['kashan-1']},۵۰۰۰۰\n"
               f"{seeded.pledges['kashan-2']},70000\n").encode()
    status, html = await upload(client, csrf, content)
    assert status == 200, html
    assert fa("files-upload-done", matched=2, unmatched=0) in html
    assert await statuses(session_pool) == {"kashan-1": "fulfilled", "kashan-2": "fulfilled", "tehran": "overdue"}
    [entry] = await audited(session_pool, "pledge_import")
    assert entry.count == 2


async def test_an_upload_without_its_token_or_file_changes_nothing(client: TestClient, session_pool: Pool) -> None:
    seeded = await seed(session_pool)
    csrf = await signed_in(client, seeded.manager)
    before = await statuses(session_pool)
    status, html = await upload(client, None, payments(f"{seeded.pledges['kashan-1']},50000"))
    assert status == 403 and fa("dashboard-refused-csrf-heading") in html
    status, html = await upload(client, csrf, b"")
    assert status == 400 and fa("files-upload-missing") in html
    too_big = await client.post("/followup/payments", data={"csrf": csrf, "payments": io.BytesIO(b"1," * 700_000)})
    assert too_big.status == 413 and fa("files-upload-too-large-heading") in await too_big.text()
    assert await statuses(session_pool) == before


async def test_the_overdue_list_keeps_to_the_region(client: TestClient, session_pool: Pool) -> None:
    seeded = await seed(session_pool)
    await signed_in(client, seeded.manager)
    html = await (await client.get("/followup")).text()
    assert fa("files-overdue-heading", total=2) in html
    assert "-r2" in html and "کاشان" in html and "تهران" not in html
    assert 'enctype="multipart/form-data"' in html and fa("files-upload-label") in html


async def test_the_council_report_shows_the_quarters_figures_and_its_jalali_range(client: TestClient,
                                                                                  session_pool: Pool) -> None:
    seeded = await seed(session_pool)
    await signed_in(client, seeded.manager)
    year, number = council.quarter_of(today_in_iran())
    period = council.quarter(year, number)
    assert period is not None
    answer = await client.get(f"/report/isfahan/{year}/{number}")
    html = await answer.text()
    assert answer.status == 200, html
    assert '<link rel="stylesheet" href="/static/print.css">' in html
    assert fa("files-report-range", first=format_date(period.first_day, "fa"),
              last=format_date(period.last_day, "fa")) in html
    cells = re.findall(r"<th scope=\"row\">([^<]+)</th><td>([^<]+)</td>", html)
    figures = dict(cells)
    assert figures[fa("files-fig-participants")] == "۱"  # the donor; Tehran's member is outside the province
    assert figures[fa("files-fig-pledged")] == fa("files-fig-pledges", count=2, tomans=120_000)
    assert figures[fa("files-fig-fulfilled")] == fa("files-fig-pledges", count=0, tomans=0)
    assert figures[fa("files-fig-volunteers")] == fa("files-fig-volunteers-value", total=1, new=1)
    assert figures[fa("files-fig-hours")] == "۲"
    assert figures[fa("files-fig-callouts")] == fa("files-fig-callouts-value", total=1, filled=1)
    assert "© OpenStreetMap" in html and len(re.findall(r'<path class="area in"', html)) >= 20  # Isfahan's counties
    # The next quarter has none of it.
    following = council.quarter(year + (number == 4), number % 4 + 1)
    assert following is not None
    later = await (await client.get(f"/report/isfahan/{following.year}/{following.number}")).text()
    assert dict(re.findall(r"<th scope=\"row\">([^<]+)</th><td>([^<]+)</td>", later))[
        fa("files-fig-participants")] == "۰"


async def test_reports_outside_the_region_or_of_no_quarter_are_refused(client: TestClient,
                                                                       session_pool: Pool) -> None:
    seeded = await seed(session_pool)
    await signed_in(client, seeded.manager)
    other = await client.get("/report/tehran/1405/3")
    assert other.status == 403
    [entry] = await audited(session_pool, "dashboard_out_of_scope")
    assert entry.actor_id == seeded.manager and entry.details == {"province": "tehran", "report": "1405-3"}
    for path in ("/report/isfahan/1405/5", "/report/isfahan/۱۴۰۵/0", "/report/atlantis/1405/1",
                 "/report/isfahan/abc/1", "/report/isfahan/1200/1"):
        answer = await client.get(path)
        assert answer.status == 404, path
        assert fa("dashboard-not-found-heading") in await answer.text()
    assert (await client.get("/report/isfahan/۱۴۰۵/۳")).status == 200  # Persian digits in the address work too
    index = await (await client.get("/report")).text()
    assert re.findall(r'href="/report/([a-z-]+)/\d+/\d"', index) == ["isfahan", "isfahan"]


async def test_a_county_manager_reports_on_their_county_only(client: TestClient, session_pool: Pool) -> None:
    seeded = await seed(session_pool, RoleLevel.COUNTY, None, "isfahan-isfahan")
    await signed_in(client, seeded.manager)
    year, number = council.quarter_of(today_in_iran())
    html = await (await client.get(f"/report/isfahan/{year}/{number}")).text()
    assert fa("files-report-county-only", county="اصفهان") in html
    figures = dict(re.findall(r"<th scope=\"row\">([^<]+)</th><td>([^<]+)</td>", html))
    assert figures[fa("files-fig-pledged")] == fa("files-fig-pledges", count=0, tomans=0)  # Kashan's are not theirs
    assert len(re.findall(r'<path class="area in"', html)) == 1
    async with session_pool() as session:
        assert (await session.execute(select(func.count()).select_from(AuditEntry))).scalar_one() == 0


def test_jalali_quarters() -> None:
    first = council.quarter(1405, 1)
    assert first is not None and (first.first_day, first.last_day) == (date(2026, 3, 21), date(2026, 6, 21))
    leap = council.quarter(1403, 4)  # 1403 is a leap year: Esfand has 30 days
    assert leap is not None and (leap.first_day, leap.last_day) == (date(2024, 12, 21), date(2025, 3, 20))
    assert council.quarter(1405, 0) is None and council.quarter(1405, 5) is None
    assert council.quarter_of(date(2026, 12, 5)) == (1405, 3)
    assert council.quarter_of(date(2026, 3, 20)) == (1404, 4)


async def test_every_campaigns_areas_at_once_match_each_campaigns_own(session_pool: Pool) -> None:
    """The overview reads all active campaigns' figures in two grouped queries (benchmarks/dashboard.py): each
    campaign's figures are the ones its own two queries give."""
    seeded = await seed(session_pool)
    async with session_pool() as session:
        other = Campaign(slug="school", kind="donation", status="active", regions=[], definition={}, checksum="y")
        session.add(other)
        await session.flush()
        kashan = (await session.execute(select(Person.id).where(Person.referral_code == "-r2"))).scalar_one()
        session.add_all([Membership(person_id=kashan, campaign_id=other.id),
                         Pledge(person_id=kashan, campaign_id=other.id, kind="cash", amount=5, province_code="isfahan",
                                county_code="isfahan-kashan", status="fulfilled", idempotency_key="school")])
        await session.commit()
        ids = [seeded.campaign, other.id, 999]
        for scope in (Scope(RoleLevel.NATIONAL), Scope(RoleLevel.PROVINCIAL, "isfahan"),
                      Scope(RoleLevel.COUNTY, None, "tehran-tehran")):
            uow = UnitOfWork(session)
            together = await participation.campaigns_areas(uow, scope, ids)
            assert together == {i: await participation.campaign_areas(uow, scope, i) for i in ids}
        national = await participation.campaigns_areas(UnitOfWork(session), Scope(RoleLevel.NATIONAL), ids)
    assert (national[seeded.campaign].participants, national[seeded.campaign].pledges) == (2, 3)
    assert (national[other.id].participants, national[other.id].fulfilled, national[999].participants) == (1, 1, 0)

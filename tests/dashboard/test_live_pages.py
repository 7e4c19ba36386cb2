"""The volunteers, assignments and audit pages over HTTP: counts and a filtered, paged list without phone numbers
or national IDs; assignments and call-outs with their fill state as their live fragment shows it; the region's
audit log, newest first; another region or a missing assignment refused with 403/404 and audited."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import assignments, callouts
from campaigns.audit import Actor, record
from dashboard.login import COOKIE, new_session
from storage.models import Person, utcnow
from storage.models.roles import AuditEntry, RoleLevel
from storage.unit_of_work import UnitOfWork
from tests.assignment_factories import add_manager, add_volunteers, form
from tests.dashboard.conftest import SECRET, fa

Pool = async_sessionmaker[AsyncSession]


def as_manager(client: TestClient, actor: Actor) -> None:
    client.session.cookie_jar.clear()  # the previous manager's cookie, refreshed by the pages, goes
    client.session.cookie_jar.update_cookies({COOKIE: new_session(SECRET, actor.person_id, utcnow())})


async def manager(pool: Pool, user_id: int, level: RoleLevel, province: str | None = None,
                  county: str | None = None) -> Actor:
    async with pool() as session:
        return await add_manager(session, user_id=user_id, level=level, province=province, county=county)


async def audited(pool: Pool, action: str) -> list[tuple[dict[str, object], int | None]]:
    async with pool() as session:
        rows = await session.execute(select(AuditEntry.details, AuditEntry.actor_id)
                                     .where(AuditEntry.action == action).order_by(AuditEntry.id))
        return [(dict(d), who) for d, who in rows.all()]


async def test_volunteers_counts_and_a_filtered_list_without_phones(client: TestClient,
                                                                   session_pool: Pool) -> None:
    actor = await manager(session_pool, 900, RoleLevel.PROVINCIAL, "isfahan")
    async with session_pool() as session:
        nurses = await add_volunteers(session, 3, first_chat=5000, specialty="nurse", on_call=False,
                                      axes=("health", "cultural"))
        await add_volunteers(session, 30, first_chat=6000, specialty="doctor", county="isfahan-kashan")
        await add_volunteers(session, 4, first_chat=7000, province="tehran", county=None)
        phones = [f"+98912{n:07d}" for n in range(33)]
        for pid, phone in zip([*nurses, *range(nurses[-1] + 1, nurses[-1] + 31)], phones, strict=True):
            await session.execute(update(Person).where(Person.id == pid).values(phone=phone,
                                                                                national_id="0012345678"))
        await session.commit()
    as_manager(client, actor)

    html = await (await client.get("/volunteers")).text()
    assert fa("live-volunteers-total", total=33, on_call=30) in html
    assert fa("live-volunteers-showing", first=1, last=25, total=33) in html
    assert "?page=1" in html and "V7000" not in html  # Tehran's volunteers are not in the region
    second = await (await client.get("/volunteers?page=1")).text()
    assert fa("live-volunteers-showing", first=26, last=33, total=33) in second
    for page in (html, second):
        assert not re.search(r"\+?98912\d{7}|09\d{9}|0012345678", page), "a phone number or national ID"

    nurses_page = await (await client.get("/volunteers?specialty=nurse&on_call=no&axis=cultural")).text()
    assert fa("live-volunteers-showing", first=1, last=3, total=3) in nurses_page
    assert sorted(re.findall(r"<th scope=\"row\">(V\d+)</th>", nurses_page)) == ["V5000", "V5001", "V5002"]
    kashan = await (await client.get("/volunteers?county=isfahan-kashan&specialty=nurse")).text()
    assert fa("live-volunteers-none") in kashan

    bad = await client.get("/volunteers?specialty=astronaut")
    assert bad.status == 400 and fa("live-bad-filter") in await bad.text()
    assert (await client.get("/volunteers?page=-1")).status == 400
    assert (await client.get("/volunteers?province=atlantis")).status == 404
    for outside in ("/volunteers?province=tehran", "/volunteers?county=tehran-tehran"):
        refused = await client.get(outside)
        assert refused.status == 403 and fa("live-out-of-region-heading") in await refused.text()
    assert await audited(session_pool, "dashboard_out_of_scope") == [
        ({"volunteers_region": "tehran"}, actor.person_id), ({"volunteers_region": "tehran-tehran"}, actor.person_id)]


async def test_assignments_show_their_fill_state_live(client: TestClient, session_pool: Pool) -> None:
    actor = await manager(session_pool, 900, RoleLevel.PROVINCIAL, "isfahan")
    tehran = await manager(session_pool, 901, RoleLevel.PROVINCIAL, "tehran")
    async with session_pool() as session:
        volunteers = await add_volunteers(session, 4)
        callout, _ = await callouts.publish(UnitOfWork(session), form(headcount=2, urgent=True),
                                            assignments.Manager(actor, "telegram", 900))
    as_manager(client, actor)
    page = await (await client.get("/assignments")).text()
    assert 'hx-get="/assignments/fill"' in page and 'hx-trigger="every 3s"' in page
    assert fa("live-fill", accepted=0, headcount=2) in page

    async with session_pool() as session:
        for pid in volunteers[:3]:  # the third presses after the call-out filled: the waitlist
            await assignments.accept(UnitOfWork(session), callout.id, pid)
    fill = await (await client.get("/assignments/fill")).text()
    assert fill.strip().startswith('<div id="assignments-fill"') and "<html" not in fill
    assert fa("live-fill", accepted=2, headcount=2) in fill and fa("live-assignment-status-filled") in fill
    cells = re.findall(r"<td>([^<]*)</td>", fill)
    assert cells[-4:-1] == ["۴", "۱", "۱"], cells  # invited, waitlist, waves

    one = await (await client.get(f"/assignments/{callout.id}/fill")).text()
    assert fa("live-wave-1") in one and fa("live-col-waitlist") in one
    assert (await client.get("/assignments/99999")).status == 404

    as_manager(client, tehran)
    assert fa("live-assignments-none") in await (await client.get("/assignments")).text()
    for path in (f"/assignments/{callout.id}", f"/assignments/{callout.id}/fill"):
        refused = await client.get(path)
        assert refused.status == 403 and fa("live-out-of-region-heading") in await refused.text()
    assert [who for _, who in await audited(session_pool, "dashboard_not_found")] == [actor.person_id]
    assert await audited(session_pool, "dashboard_out_of_scope") == [({"assignment": callout.id}, tehran.person_id)] * 2


async def test_the_audit_log_shows_the_regions_entries_newest_first(client: TestClient, session_pool: Pool) -> None:
    isfahan = await manager(session_pool, 900, RoleLevel.PROVINCIAL, "isfahan")
    national = await manager(session_pool, 901, RoleLevel.NATIONAL)
    async with session_pool() as session:
        uow = UnitOfWork(session)
        for n in range(30):
            record(uow, national, "broadcast_send", {"broadcast_id": n}, audience=f"audience {n}", count=n,
                   province_code="isfahan")
        record(uow, national, "broadcast_send", {}, audience="tehran only", count=1, province_code="tehran")
        await uow.commit()
    as_manager(client, isfahan)
    html = await (await client.get("/audit")).text()
    assert fa("live-audit-caption", total=30) in html and "tehran only" not in html
    audiences = re.findall(r"audience (\d+)", html)
    assert audiences == [str(n) for n in range(29, 4, -1)]
    assert fa("live-audit-broadcast_send") in html and 'href="/audit?page=1"' in html
    older = await (await client.get("/audit?page=1")).text()
    assert re.findall(r"audience (\d+)", older) == ["4", "3", "2", "1", "0"]
    assert (await client.get("/audit?page=x")).status == 400

    as_manager(client, national)
    assert "tehran only" in await (await client.get("/audit")).text()
    client.session.cookie_jar.clear()
    assert (await client.get("/audit")).status == 401

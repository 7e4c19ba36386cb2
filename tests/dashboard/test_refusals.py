"""Every dashboard URL that names something — a province, a campaign, a broadcast, an approval, an assignment, a
council report, an export, a volunteers' region — answers 404 when that thing does not exist and 403 when it lies
outside the manager's region, and each refusal leaves exactly one entry in the audit log, by that manager."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from campaigns import approvals
from campaigns.approvals import Draft
from campaigns.broadcasts import Manager, Segment
from campaigns.catalogue import today_in_iran
from campaigns.council import quarter_of
from dashboard.login import COOKIE
from storage.models.roles import AuditEntry, RoleLevel
from storage.unit_of_work import UnitOfWork
from tests.assignment_factories import add_manager, make
from tests.dashboard.campaign_data import Pool, add_people, for_tehran_only, manager_cookie, populate
from tests.dashboard.conftest import fa

UNKNOWN = 987654  # no row of any table has this id in these tests
TOO_LONG = "99999999999"  # more than an integer column holds


@dataclass(frozen=True)
class World:
    """An Isfahan manager's campaign, and what belongs to Tehran: a campaign, a broadcast, an approval request
    and an assignment."""

    campaign: int
    tehran_campaign: int
    broadcast: int
    approval: int
    assignment: int


# (name, method, URL for what does not exist, URL for another region's thing or None): {…} filled from World.
ROUTES = [
    ("province", "GET", "/province/atlantis", "/province/tehran"),
    ("campaign", "GET", f"/campaign/{UNKNOWN}", "/campaign/{tehran_campaign}"),
    ("campaign-not-a-number", "GET", "/campaign/first", None),
    ("campaign-province", "GET", "/campaign/{campaign}/province/atlantis", "/campaign/{campaign}/province/tehran"),
    ("campaign-missing-province", "GET", f"/campaign/{UNKNOWN}/province/isfahan",
     "/campaign/{tehran_campaign}/province/tehran"),
    ("broadcast", "GET", f"/broadcasts/{UNKNOWN}", "/broadcasts/{broadcast}"),
    ("broadcast-too-long", "GET", f"/broadcasts/{TOO_LONG}", None),
    ("broadcast-events", "GET", f"/broadcasts/{UNKNOWN}/events", "/broadcasts/{broadcast}/events"),
    ("broadcast-pause", "POST", f"/broadcasts/{UNKNOWN}/pause", "/broadcasts/{broadcast}/pause"),
    ("broadcast-cancel", "POST", f"/broadcasts/{UNKNOWN}/cancel", "/broadcasts/{broadcast}/cancel"),
    ("approval", "GET", f"/approvals/{UNKNOWN}", "/approvals/{approval}"),
    ("approval-approve", "POST", f"/approvals/{UNKNOWN}/approve", "/approvals/{approval}/approve"),
    ("approval-reject", "POST", f"/approvals/{TOO_LONG}/reject", "/approvals/{approval}/reject"),
    ("assignment", "GET", f"/assignments/{UNKNOWN}", "/assignments/{assignment}"),
    ("assignment-fill", "GET", f"/assignments/{TOO_LONG}/fill", "/assignments/{assignment}/fill"),
    ("report", "GET", "/report/atlantis/{year}/{quarter}", "/report/tehran/{year}/{quarter}"),
    ("report-quarter", "GET", "/report/isfahan/{year}/9", None),
    ("referrals-province", "GET", "/referrals/province/atlantis", "/referrals/province/tehran"),
    ("volunteers-region", "GET", "/volunteers?province=atlantis", "/volunteers?county=tehran-tehran"),
    ("export", "POST", "/exports/secrets.csv", None),
    ("export-kind", "POST", "/exports/volunteers.pdf", None),
]
REFUSALS = ("dashboard_not_found", "dashboard_out_of_scope")


@pytest.fixture
async def world(session_pool: Pool) -> World:
    campaign = await populate(session_pool)
    tehran_campaign = await for_tehran_only(session_pool, campaign)
    async with session_pool() as session:
        tehran = await add_manager(session, user_id=910, level=RoleLevel.PROVINCIAL, province="tehran")
    await add_people(session_pool, 810_000, 3, "tehran-tehran")
    async with session_pool() as session:
        uow = UnitOfWork(session)
        segment = Segment(provinces=("tehran",))
        sent = await approvals.submit(uow, tehran, Draft(text="Tehran only", segment=segment), "Tehran",
                                      Manager(tehran.person_id, "telegram", 910), threshold=10_000)
        held = await approvals.submit(uow, tehran, Draft(text="Tehran, held", segment=segment), "Tehran",
                                      Manager(tehran.person_id, "telegram", 910), threshold=0)
        assignment = await make(session, tehran, province_code="tehran", county="tehran-tehran")
    assert sent.broadcast_id is not None and held.approval_id is not None
    return World(campaign, tehran_campaign, sent.broadcast_id, held.approval_id, assignment.id)


async def refusals(pool: Pool) -> list[tuple[str, int | None]]:
    async with pool() as session:
        rows = await session.execute(select(AuditEntry.action, AuditEntry.actor_id)
                                     .where(AuditEntry.action.in_(REFUSALS)).order_by(AuditEntry.id))
        return [(action, who) for action, who in rows.all()]


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


@pytest.mark.parametrize(("name", "method", "unknown", "elsewhere"), ROUTES, ids=[r[0] for r in ROUTES])
async def test_a_url_naming_nothing_or_another_region_is_refused_and_audited(
        client: TestClient, session_pool: Pool, world: World, name: str, method: str, unknown: str,
        elsewhere: str | None) -> None:
    manager, cookie = await manager_cookie(session_pool, 920, RoleLevel.PROVINCIAL, "isfahan")
    client.session.cookie_jar.update_cookies({COOKIE: cookie})
    home = await client.get("/")
    assert home.status == 200
    token = csrf_of(await home.text())
    year, number = quarter_of(today_in_iran())
    fields = {**vars(world), "year": year, "quarter": number}
    cases = [(unknown, 404, "dashboard_not_found", fa("dashboard-not-found-heading"))]
    if elsewhere is not None:
        cases.append((elsewhere, 403, "dashboard_out_of_scope", None))
    for template, status, action, heading in cases:
        url = template.format(**fields)
        before = await refusals(session_pool)
        if method == "POST":
            answer = await client.post(url, data={"csrf": token}, allow_redirects=False)
        else:
            answer = await client.get(url, allow_redirects=False)
        html = await answer.text()
        assert answer.status == status, (url, html[:300])
        if heading is not None:
            assert heading in html
        assert (await refusals(session_pool))[len(before):] == [(action, manager)], url

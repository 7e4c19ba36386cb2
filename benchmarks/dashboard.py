"""Dashboard benchmark (issue 9): the managers' pages and a large export on PostgreSQL.

A database of its own (hamyar_bench_dashboard) holds the shipped campaigns and, spread over the 31 provinces by
county population, 200,000 participants (campaign members), 130,000 of them volunteers, 500,000 pledges, and some
hours of service and call-outs, written with COPY. The dashboard runs in this process (the application the
entry point serves) and a national manager's session asks, one request at a time after a warm-up:
the overview (/), a campaign page (/campaign/<id>, when that route exists), its county map
(/campaign/<id>/province/<code>), a province's county page (/province/<code>) and a council report
(/report/<code>/<year>/<quarter>): the p95 of each, `<page>_p95_ms`. Then the participants CSV (200,000 rows) is
downloaded as a browser would: `export_rows_per_s`, and `export_rss_growth_mb`, the process's resident memory at
its highest during the download above where it started (server and client together). The floor measured in the
same run: the same rows read from the database cursor without formatting (`export_floor_rows_per_s`).

Targets: every page p95 < 300 ms; export >= 20,000 rows/s with RSS growing < 50 MB.
Full / --quick (under a minute): 130,000 / 13,000 volunteers, 200,000 / 20,000 participants, 500,000 / 50,000
pledges; 40 / 10 requests per page. Prints one JSON object as its last line.

    .venv/bin/python benchmarks/dashboard.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import free_port, percentile, recreate_database  # noqa: E402

ADMIN_URL = "postgresql://hamyar:hamyar@127.0.0.1/postgres"
DB_NAME = "hamyar_bench_dashboard"
DB_URL = f"postgresql+asyncpg://hamyar:hamyar@127.0.0.1/{DB_NAME}"
SECRET = b"benchmark-dashboard-secret"
FIRST_PERSON = 1_000
PAGE_TARGET_MS = 300.0
ROWS_TARGET = 20_000.0
RSS_TARGET_MB = 50.0
STATUSES = ("pledged", "overdue", "fulfilled", "fulfilled", "cancelled")


@dataclass(frozen=True)
class Sizes:
    """How much data and how many requests."""

    volunteers: int
    participants: int
    pledges: int
    requests: int


FULL = Sizes(volunteers=130_000, participants=200_000, pledges=500_000, requests=40)
QUICK = Sizes(volunteers=13_000, participants=20_000, pledges=50_000, requests=10)


def counties_by_population() -> tuple[list[tuple[str, str]], list[int]]:
    """Every shipped (province, county) and its population, the weights people are spread by."""
    from campaigns.regions import load_regions

    places, weights = [], []
    for province in load_regions().provinces:
        for county in province.counties:
            places.append((province.code, county.code))
            weights.append(max(county.population, 1))
    return places, weights


async def seed(sizes: Sizes) -> tuple[int, list[int]]:
    """The campaigns, a national manager and the people, memberships, volunteers, pledges, hours and call-outs;
    the manager's person id and the campaigns' ids."""
    import asyncpg

    from campaigns.loader import load_campaigns
    from storage.db import create_engine, create_session_pool
    from storage.models import Person
    from storage.models.roles import RoleGrant, RoleLevel
    from storage.unit_of_work import UnitOfWork

    engine = create_engine(DB_URL)
    now = datetime.now(UTC)
    async with create_session_pool(engine)() as session:
        uow = UnitOfWork(session)
        await load_campaigns(uow, ROOT / "campaigns" / "definitions")
        manager = Person(platform="telegram", platform_user_id=1, chat_id=1, language="fa", referral_code="benchmgr",
                         onboarded_at=now, consent_at=now, created_at=now, last_seen_at=now,
                         province_code="tehran", county_code="tehran-tehran")
        session.add(manager)
        await session.flush()
        session.add(RoleGrant(person_id=manager.id, level=RoleLevel.NATIONAL.value, granted_at=now))
        await session.commit()
        manager_id = manager.id
    await engine.dispose()

    connection = await asyncpg.connect(DB_URL.replace("postgresql+asyncpg", "postgresql"))
    try:
        campaign_ids = [row["id"] for row in await connection.fetch("SELECT id FROM campaigns ORDER BY id")]
        random.seed(9)
        places, weights = counties_by_population()
        homes = random.choices(places, weights, k=sizes.participants)
        ids = range(FIRST_PERSON, FIRST_PERSON + sizes.participants)
        year_ago = now - timedelta(days=365)

        def moment() -> datetime:
            return year_ago + timedelta(seconds=random.randrange(365 * 86_400))

        await connection.copy_records_to_table("people", columns=[
            "id", "platform", "platform_user_id", "chat_id", "language", "first_name", "phone", "national_id",
            "province_code", "county_code", "referral_code", "onboarded_at", "consent_at", "unreachable",
            "created_at", "last_seen_at"], records=(
            (pid, "telegram", 10_000_000 + pid, 10_000_000 + pid, "fa", f"=N{pid}" if pid % 97 == 0 else f"P{pid}",
             f"+98912{pid:07d}", f"{pid:010d}", home[0], home[1], f"b{pid}", now, now, False, now, now)
            for pid, home in zip(ids, homes, strict=True)))
        await connection.copy_records_to_table("memberships", columns=[
            "person_id", "campaign_id", "joined_at", "opted_out"], records=(
            (pid, campaign_ids[i % len(campaign_ids)], moment(), False) for i, pid in enumerate(ids)))
        await connection.copy_records_to_table("volunteers", columns=[
            "person_id", "axes", "specialty", "days", "hours", "on_call", "province_code", "county_code",
            "registered_at", "updated_at"], records=(
            (pid, json.dumps(["health"]), "nurse", json.dumps(["sat", "mon"]), "morning", i % 3 == 0, home[0], home[1],
             moment(), now)
            for i, (pid, home) in enumerate(zip(ids[:sizes.volunteers], homes, strict=False))))
        await connection.copy_records_to_table("pledges", columns=[
            "person_id", "campaign_id", "kind", "amount", "province_code", "county_code", "answers", "recurrence",
            "status", "due_on", "idempotency_key", "created_at", "fulfilled_at"], records=(
            _pledge(i, FIRST_PERSON + (i % sizes.participants), homes[i % sizes.participants], campaign_ids, moment())
            for i in range(sizes.pledges)))
        await connection.copy_records_to_table("hours_entries", columns=["person_id", "minutes", "source", "at"],
                                               records=((pid, 120, "self", moment())
                                                        for pid in ids[:sizes.volunteers:5]))
        await connection.copy_records_to_table("assignments", columns=[
            "title", "place", "province_code", "county_code", "starts_at", "hours", "headcount", "accepted_count",
            "deadline", "urgent", "status", "wave", "wave_every", "remind_before", "created_at", "filled_at"],
            records=(("Call-out", "-", home[0], home[1], now, 2, 5, 5, now, True, "filled", 1, 300, 3600, moment(), now)
                     for home in homes[:sizes.participants // 100]))
        for table in ("people", "pledges"):
            await connection.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT max(id) FROM {table}) + 1)")
        # What autovacuum does on a live database: the planner's statistics, and the visibility map that lets the
        # covering indexes answer without the table.
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()
    return manager_id, campaign_ids


def _pledge(i: int, person: int, home: tuple[str, str], campaign_ids: list[int], created: datetime) -> tuple[Any, ...]:
    status = STATUSES[i % len(STATUSES)]
    return (person, campaign_ids[i % len(campaign_ids)], "cash", 50_000 + (i % 20) * 10_000, home[0], home[1], "{}",
            "once", status, (created + timedelta(days=30)).date(), f"bench-{i}", created,
            created + timedelta(days=3) if status == "fulfilled" else None)


def rss_mb() -> float:
    """This process's resident memory in MB."""
    import psutil

    return float(psutil.Process().memory_info().rss) / 1_048_576


async def timed_pages(client: Any, base: str, pages: dict[str, str], requests: int) -> dict[str, float]:
    """Each page asked `requests` times after two warm-up requests; its p95 in ms (one at a time)."""
    result = {}
    for name, path in pages.items():
        latencies = []
        for round_ in range(requests + 2):
            started = time.perf_counter()
            async with client.get(base + path) as answer:
                await answer.read()
                if answer.status != 200:
                    raise RuntimeError(f"{path} answered {answer.status}")
            if round_ >= 2:
                latencies.append((time.perf_counter() - started) * 1000)
        result[f"{name}_p95_ms"] = round(percentile(latencies, 95), 1)
    return result


async def timed_export(client: Any, base: str, csrf: str) -> tuple[int, float, float]:
    """The participants CSV downloaded to the end: its rows, the seconds it took and the RSS growth in MB."""
    gc.collect()
    start_rss, peak = rss_mb(), [rss_mb()]

    async def sample() -> None:
        while True:
            peak[0] = max(peak[0], rss_mb())
            await asyncio.sleep(0.02)

    sampler = asyncio.create_task(sample())
    lines = 0
    started = time.perf_counter()
    async with client.post(base + "/exports/participants.csv", data={"csrf": csrf}) as answer:
        if answer.status != 200:
            raise RuntimeError(f"export answered {answer.status}")
        async for chunk in answer.content.iter_chunked(65_536):
            lines += chunk.count(b"\n")  # a row's "\r\n" may straddle two chunks; its "\n" cannot
    elapsed = time.perf_counter() - started
    sampler.cancel()
    peak[0] = max(peak[0], rss_mb())
    return lines - 1, elapsed, peak[0] - start_rss


async def floor_rows_per_s(uows: Any) -> float:
    """The same participants read from the database cursor with no formatting: what the export cannot beat."""
    async with uows() as uow:
        started, count = time.perf_counter(), 0
        async for _ in uow.reports.participant_rows(None, None):
            count += 1
        return count / (time.perf_counter() - started)


async def seeded_ids() -> tuple[int, list[int]]:
    """The manager's person id and the campaigns' ids in a database seeded before (--reuse)."""
    import asyncpg

    connection = await asyncpg.connect(DB_URL.replace("postgresql+asyncpg", "postgresql"))
    try:
        manager = await connection.fetchval("SELECT id FROM people WHERE referral_code = 'benchmgr'")
        return int(manager), [row["id"] for row in await connection.fetch("SELECT id FROM campaigns ORDER BY id")]
    finally:
        await connection.close()


async def run(sizes: Sizes, reuse: bool = False) -> dict[str, Any]:
    """Seed, serve, measure."""
    import aiohttp
    from aiohttp import web

    from campaigns import council
    from campaigns.catalogue import today_in_iran
    from dashboard.app import create_app
    from dashboard.login import COOKIE, csrf_token, new_session, verify
    from dashboard.rendering import DashboardConfig
    from storage.db import create_engine, create_session_pool
    from storage.unit_of_work import UnitOfWorkFactory

    seeding = time.perf_counter()
    if reuse:
        manager_id, campaign_ids = await seeded_ids()
    else:
        await recreate_database(ADMIN_URL, DB_NAME, DB_URL)
        manager_id, campaign_ids = await seed(sizes)
    seeded_s = time.perf_counter() - seeding

    engine = create_engine(DB_URL, pool_size=5)
    uows = UnitOfWorkFactory(create_session_pool(engine))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_app(DashboardConfig(base_url=base, secret=SECRET, idle=timedelta(hours=1)), uows)
    routes = set(app.router.named_resources())
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()

    year, quarter = council.quarter_of(today_in_iran())
    campaign = campaign_ids[0]
    pages = {"overview": "/", "province": "/province/tehran", "report": f"/report/tehran/{year}/{quarter}"}
    if "campaign" in routes:
        pages["campaign"] = f"/campaign/{campaign}"
    if "campaign-province" in routes:
        pages["campaign_county_map"] = f"/campaign/{campaign}/province/tehran"
    cookie = new_session(SECRET, manager_id, datetime.now(UTC))
    session = verify(SECRET, "session", cookie)
    assert session is not None
    result: dict[str, Any] = {"benchmark": "dashboard", "volunteers": sizes.volunteers,
                              "participants": sizes.participants, "pledges": sizes.pledges,
                              "requests_per_page": sizes.requests, "seed_s": round(seeded_s, 1)}
    try:
        async with aiohttp.ClientSession(cookies={COOKIE: cookie}) as client:
            result.update(await timed_pages(client, base, pages, sizes.requests))
            if "campaign" not in routes:
                result["campaign_page"] = "not measured: /campaign/<id> is not a route of the dashboard yet"
            rows, seconds, growth = await timed_export(client, base, csrf_token(SECRET, session))
        result["export_rows"] = rows
        result["export_rows_per_s"] = round(rows / seconds)
        result["export_rss_growth_mb"] = round(growth, 1)
        result["export_floor_rows_per_s"] = round(await floor_rows_per_s(uows))
    finally:
        await runner.cleanup()
        await engine.dispose()
    slow = {key: value for key, value in result.items() if key.endswith("_p95_ms") and value >= PAGE_TARGET_MS}
    result["targets"] = {"page_p95_ms": PAGE_TARGET_MS, "export_rows_per_s": ROWS_TARGET,
                         "export_rss_growth_mb": RSS_TARGET_MB}
    result["met"] = (not slow and result["export_rows_per_s"] >= ROWS_TARGET
                     and result["export_rss_growth_mb"] < RSS_TARGET_MB)
    if slow:
        result["pages_over_target"] = sorted(slow)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of the data and 10 requests per page")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the database the last run seeded (same size flag) instead of seeding it again")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(QUICK if args.quick else FULL, args.reuse)), ensure_ascii=False))


if __name__ == "__main__":
    main()

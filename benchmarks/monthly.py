"""Monthly area message benchmark: computing and enqueuing every participant's message on PostgreSQL.

200,000 participants (--quick: 20,000) in Tehran's 16 counties and 40 neighbourhoods, members of one to
three campaigns, with a month of pledges (one per two people), energy reports (one household in ten) and
volunteer hours (one in twenty); one in fifty opted out of the message, one in 97 stopped everything.
A fresh process then fires the month through the schedule engine exactly as the worker does
(`schedules.tick` with the area message's stager; the campaigns' own events switched off so only this is
timed) and reports the seconds to compute the figures and write every delivery, and its peak RSS against
its own floor (the same process after imports and a first query). A sample of messages is then written
as the worker writes them at send time, for the cost per message. Prints one JSON object as its last line.

    .venv/bin/python benchmarks/monthly.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402

DB_URL = "postgresql+asyncpg://hamyar:hamyar@127.0.0.1/hamyar_bench"
FIRST = 20_000_000
SAMPLE = 2_000  # messages written as at send time


def _pg() -> str:
    return DB_URL.replace("postgresql+asyncpg", "postgresql")


async def populate(people: int, month_start: datetime) -> None:
    """A fresh schema, the campaigns, the people (COPY) and a month of activity (INSERT ... SELECT)."""
    import asyncpg

    from campaigns.loader import load_campaigns
    from campaigns.regions import load_regions
    from storage.db import create_engine, create_session_pool
    from storage.unit_of_work import UnitOfWorkFactory

    await common.reset_database(DB_URL)
    engine = create_engine(DB_URL)
    async with UnitOfWorkFactory(create_session_pool(engine))() as uow:
        await load_campaigns(uow, ROOT / "campaigns" / "definitions")
    await engine.dispose()
    await common.add_onboarded_people(DB_URL, FIRST, people, "m")
    counties = [county.code for county in load_regions().province("tehran").counties]  # type: ignore[union-attr]
    mid = month_start + timedelta(days=10)
    connection = await asyncpg.connect(_pg())
    campaigns = [row[0] for row in await connection.fetch("SELECT id FROM campaigns ORDER BY id")]
    energy = await connection.fetchval("SELECT id FROM campaigns WHERE slug = 'energy-wheelchairs'")
    await connection.execute(
        "UPDATE people SET county_code = ($1::text[])[1 + id % $2], "
        "neighbourhood = CASE WHEN id % 3 <> 0 THEN 'محله ' || (id / 16 % 40) END, "
        "opted_out_at = CASE WHEN id % 97 = 0 THEN now() END", counties, len(counties))
    # Everyone in one campaign; half in a second, a fifth in a third.
    for share, index in ((1, 0), (2, 1), (5, 2)):
        await connection.execute(
            "INSERT INTO memberships (person_id, campaign_id, joined_at, opted_out) "
            "SELECT id, $1, now(), false FROM people WHERE id % $2 = 0", campaigns[index % len(campaigns)], share)
    await connection.execute(
        "INSERT INTO pledges (person_id, campaign_id, kind, amount, province_code, county_code, answers, recurrence, "
        "status, idempotency_key, created_at, fulfilled_at) "
        "SELECT id, ($1::int[])[1 + id % 3], 'cash', 100000 + (id % 1000) * 1000, 'tehran', county_code, '{}', "
        "'once', CASE WHEN id % 4 = 0 THEN 'fulfilled' ELSE 'pledged' END, 'm' || id, $2, "
        "CASE WHEN id % 4 = 0 THEN $2::timestamptz END FROM people WHERE id % 2 = 0",
        campaigns[:3], mid)
    await connection.execute(
        "INSERT INTO energy_reports (person_id, campaign_id, period, unit, value, province_code, county_code, "
        "neighbourhood, created_at) SELECT id, $1, p.period, 'kwh', "
        "CASE WHEN p.period = 'baseline' THEN 400 ELSE 300 + id % 90 END, 'tehran', county_code, neighbourhood, $2 "
        "FROM people, (VALUES ('baseline'), ($3)) AS p(period) WHERE id % 10 = 0", energy, mid,
        _period(month_start))
    await connection.execute(
        "INSERT INTO volunteers (person_id, axes, specialty, days, hours, on_call, province_code, county_code, "
        "registered_at, updated_at) SELECT id, '[\"health\"]', 'psychologist', '[\"sat\"]', 'any', false, 'tehran', "
        "county_code, $1, $1 FROM people WHERE id % 20 = 0", mid)
    await connection.execute(
        "INSERT INTO hours_entries (person_id, minutes, source, at) "
        "SELECT id, 60 + id % 180, 'manager', $1 FROM people WHERE id % 20 = 0", mid)
    await connection.execute("INSERT INTO area_feedback_optouts (person_id, at) "
                             "SELECT id, now() FROM people WHERE id % 50 = 0")
    await connection.execute("ANALYZE")
    await connection.close()


def _period(moment: datetime) -> str:
    from campaigns.jalali import period_of

    return period_of(moment)


def month_moments() -> tuple[datetime, datetime]:
    """The start of the current Jalali month (the month reported on) and the 1st of the next at 10:30."""
    from campaigns import area_feedback
    from campaigns.jalali import IRAN_TZ, period_of

    this = period_of(datetime.now(IRAN_TZ))
    start, end = area_feedback.month_span(this)
    return start, end + timedelta(hours=10, minutes=30)


async def measure(fire_at: datetime) -> dict[str, Any]:
    """In a fresh process: fire the month through the schedule engine, then write a sample of messages."""
    from sqlalchemy import text

    from campaigns import area_feedback
    from campaigns.broadcasts import schedules
    from campaigns.broadcasts.dto import Outgoing
    from storage.db import create_engine, create_session_pool
    from storage.unit_of_work import UnitOfWorkFactory
    from worker.feedback import FeedbackRenderer

    engine = create_engine(DB_URL)
    uows = UnitOfWorkFactory(create_session_pool(engine))
    async with uows() as uow:
        await area_feedback.ensure_schedule(uow, fire_at - timedelta(days=40))
        await uow.session.execute(text("UPDATE broadcast_schedules SET active = (kind = 'area_feedback')"))
        await uow.commit()
    floor_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    fired = await schedules.tick(uows, fire_at, area_feedback.STAGERS)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    again = await schedules.tick(uows, fire_at + timedelta(hours=1), area_feedback.STAGERS)
    async with uows() as uow:
        counts = (await uow.session.execute(text(
            "SELECT (SELECT count(*) FROM broadcast_deliveries WHERE broadcast_id = :b), "
            "(SELECT count(DISTINCT person_id) FROM broadcast_deliveries WHERE broadcast_id = :b), "
            "(SELECT count(*) FROM area_feedback_figures), "
            "(SELECT count(*) FROM people p WHERE p.opted_out_at IS NULL AND p.province_code IS NOT NULL "
            " AND NOT EXISTS (SELECT 1 FROM area_feedback_optouts o WHERE o.person_id = p.id) "
            " AND EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id AND m.left_at IS NULL))"),
            {"b": fired[0]})).one()
        sample = (await uow.session.execute(text(
            "SELECT id, chat_id, language FROM broadcast_deliveries WHERE broadcast_id = :b ORDER BY id LIMIT :n"),
            {"b": fired[0], "n": SAMPLE})).all()
    renderer = FeedbackRenderer(uows)
    render_started = time.perf_counter()
    longest = 0
    for delivery_id, chat_id, language in sample:
        message = Outgoing(delivery_id=delivery_id, broadcast_id=fired[0], campaign_id=None, platform="telegram",
                           chat_id=chat_id, language=language, text=None, text_key=area_feedback.TEXT_KEY,
                           text_args={}, photo=None, buttons=())
        body, _ = await renderer.render(message)
        longest = max(longest, len(body))
    render_seconds = time.perf_counter() - render_started
    await engine.dispose()
    return {"fired": len(fired), "fired_again": len(again), "enqueue_seconds": round(seconds, 2),
            "deliveries": int(counts[0]), "distinct_recipients": int(counts[1]), "expected_recipients": int(counts[3]),
            "figure_rows": int(counts[2]), "peak_rss_mb": round(peak_kb / 1024, 1),
            "floor_rss_mb": round(floor_kb / 1024, 1), "rss_over_floor_mb": round((peak_kb - floor_kb) / 1024, 1),
            "render_ms_per_message": round(render_seconds * 1000 / max(1, len(sample)), 2),
            "render_messages_per_second": round(len(sample) / render_seconds, 1) if render_seconds else None,
            "longest_message_chars": longest}


async def main(quick: bool) -> dict[str, Any]:
    """Populate, then measure in a fresh process; the combined result."""
    people = 20_000 if quick else 200_000
    month_start, fire_at = month_moments()
    started = time.perf_counter()
    await populate(people, month_start)
    populate_seconds = time.perf_counter() - started
    child = await asyncio.create_subprocess_exec(sys.executable, __file__, "--measure", fire_at.isoformat(),
                                                 cwd=ROOT, stdout=asyncio.subprocess.PIPE)
    out, _ = await child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"the measuring process failed ({child.returncode})")
    result = json.loads(out.decode().strip().splitlines()[-1])
    return {"quick": quick, "participants": people, "populate_seconds": round(populate_seconds, 1), **result,
            "targets": {"enqueue_seconds": 60, "peak_rss_mb": 300},
            "within_targets": result["enqueue_seconds"] < 60 and result["peak_rss_mb"] < 300
            and result["deliveries"] == result["distinct_recipients"] == result["expected_recipients"]
            and result["fired"] == 1 and result["fired_again"] == 0}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a run of under a minute (20,000 participants)")
    parser.add_argument("--measure", metavar="FIRE_AT", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        print(json.dumps(asyncio.run(measure(datetime.fromisoformat(options.measure)))))
    else:
        print(json.dumps(asyncio.run(main(options.quick))))

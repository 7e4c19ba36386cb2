"""The README's picture of the dashboard: seeds a demo database (SQLite, in a temporary folder), serves the dashboard
in this process, opens the overview as a national manager in the system Chromium (driven by Playwright, by its
executable path: no browser download) and saves it as docs/images/dashboard-overview.png.

    .venv/bin/python scripts/dashboard_screenshot.py [--output docs/images/dashboard-overview.png] [--width 1280]

The demo data is made up (fixed random seed): people in every province, spread by county population with a
participation that differs from province to province, members of the shipped campaigns, some volunteers and
pledges, a few of them this week."""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import socket
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from campaigns.loader import load_campaigns  # noqa: E402
from campaigns.regions import load_regions  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from dashboard.login import COOKIE, new_session  # noqa: E402
from dashboard.rendering import DashboardConfig  # noqa: E402
from storage.db import create_engine, create_session_pool  # noqa: E402
from storage.migrate import upgrade_async  # noqa: E402
from storage.models import Campaign, Membership, Person  # noqa: E402
from storage.models.pledges import Pledge  # noqa: E402
from storage.models.roles import RoleGrant, RoleLevel  # noqa: E402
from storage.models.volunteers import Volunteer  # noqa: E402
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory  # noqa: E402

SECRET = b"screenshot-only-secret"
PEOPLE = 6_000
OUTPUT = ROOT / "docs" / "images" / "dashboard-overview.png"


def chromium_path() -> str:
    """The system Chromium (apt-get install chromium)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise SystemExit("chromium is not installed (apt-get install -y chromium)")
    return found


async def seed(database_url: str) -> int:
    """The demo data; the national manager's person id."""
    await upgrade_async(database_url)
    engine = create_engine(database_url)
    now = datetime.now(UTC)
    random.seed(1405)
    places: list[tuple[str, str]] = []
    weights: list[float] = []
    for province in load_regions().provinces:
        eagerness = random.uniform(0.15, 2.5)  # some provinces take part far more than others
        for county in province.counties:
            places.append((province.code, county.code))
            weights.append(max(county.population, 1) * eagerness)
    homes = random.choices(places, weights, k=PEOPLE)
    async with create_session_pool(engine)() as session:
        uow = UnitOfWork(session)
        await load_campaigns(uow, ROOT / "campaigns" / "definitions")
        campaign_ids = list((await session.execute(select(Campaign.id).order_by(Campaign.id))).scalars())
        manager = Person(platform="telegram", platform_user_id=1, chat_id=1, language="fa", referral_code="demo-mgr",
                         first_name="مدیر", onboarded_at=now, consent_at=now, created_at=now, last_seen_at=now,
                         province_code="tehran", county_code="tehran-tehran")
        session.add(manager)
        await session.flush()
        session.add(RoleGrant(person_id=manager.id, level=RoleLevel.NATIONAL.value, granted_at=now))

        def joined(i: int) -> datetime:
            return now - timedelta(days=(i * 7919) % 120, hours=i % 24)  # a few this week, most earlier

        people = [{"platform": "telegram", "platform_user_id": 1000 + i, "chat_id": 1000 + i, "language": "fa",
                   "first_name": f"P{i}", "referral_code": f"demo{i}", "province_code": home[0],
                   "county_code": home[1], "onboarded_at": joined(i), "consent_at": joined(i),
                   "created_at": joined(i), "last_seen_at": now, "unreachable": False}
                  for i, home in enumerate(homes)]
        ids = list((await session.execute(insert(Person).returning(Person.id), people)).scalars())
        await session.execute(insert(Membership), [
            {"person_id": pid, "campaign_id": campaign_ids[i % len(campaign_ids)], "joined_at": joined(i)}
            for i, pid in enumerate(ids)])
        await session.execute(insert(Volunteer), [
            {"person_id": pid, "axes": ["health"], "specialty": "nurse", "days": ["sat"], "hours": "morning",
             "on_call": i % 4 == 0, "province_code": homes[i][0], "county_code": homes[i][1],
             "registered_at": joined(i), "updated_at": now}
            for i, pid in enumerate(ids) if i % 3 == 0])
        await session.execute(insert(Pledge), [
            {"person_id": pid, "campaign_id": campaign_ids[i % len(campaign_ids)], "kind": "cash",
             "amount": 500_000 + (i % 9) * 250_000, "province_code": homes[i][0], "county_code": homes[i][1],
             "answers": {}, "recurrence": "once", "status": "fulfilled" if i % 3 else "pledged",
             "idempotency_key": f"demo-{i}", "created_at": joined(i),
             "fulfilled_at": joined(i) + timedelta(days=2) if i % 3 else None}
            for i, pid in enumerate(ids) if i % 2 == 0])
        await session.commit()
        manager_id = manager.id
    await engine.dispose()
    return manager_id


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def shoot(output: Path, width: int) -> None:
    """Seed, serve, open the overview and save the picture."""
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite+aiosqlite:///{folder}/demo.db"
        manager_id = await seed(database_url)
        engine = create_engine(database_url)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        config = DashboardConfig(base_url=base, secret=SECRET, idle=timedelta(minutes=30))
        runner = web.AppRunner(create_app(config, UnitOfWorkFactory(create_session_pool(engine))), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=[
                    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--force-prefers-reduced-motion"])
                context = await browser.new_context(viewport={"width": width, "height": 900},
                                                    device_scale_factor=1)
                cookie: Any = {"name": COOKIE, "value": new_session(SECRET, manager_id, datetime.now(UTC)),
                               "url": base}
                await context.add_cookies([cookie])
                page = await context.new_page()
                await page.goto(base + "/")
                await page.wait_for_selector("svg path.province")
                await page.evaluate("document.fonts.ready")
                output.parent.mkdir(parents=True, exist_ok=True)
                # From the top to the map's bottom: the figures, the campaigns and the map (the table below it
                # repeats the map's numbers).
                box = await page.locator("svg:has(path.province)").first.bounding_box()
                height = int(box["y"] + box["height"] + 60) if box else None
                await page.screenshot(path=str(output), full_page=True,
                                      clip={"x": 0, "y": 0, "width": width, "height": height} if height else None)
                await browser.close()
        finally:
            await runner.cleanup()
            await engine.dispose()
    print(f"saved {output}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to save (default {OUTPUT})")
    parser.add_argument("--width", type=int, default=1280, help="the browser window's width (default 1280)")
    args = parser.parse_args()
    asyncio.run(shoot(args.output, args.width))


if __name__ == "__main__":
    main()

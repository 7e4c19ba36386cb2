"""Helpers for the manager e2e tests: a bot with a super admin, people in bulk, roles, an in-process sender."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select

from campaigns.broadcasts import BroadcastPlan, ButtonSpec, MessageSpec, Segment, create_broadcast
from campaigns.broadcasts.limiter import MemoryLimiter
from campaigns.broadcasts.sender import SendConfig, SendLoop
from campaigns.jalali import IRAN_TZ
from emulator import UserClient
from storage.models import Person, utcnow
from storage.models.roles import RoleGrant, RoleLevel
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.e2e.harness import Harness, expect
from worker.loop import BotApiSender

ADMIN = 900001


async def start(db_url: str, redis_url: str | None, **settings: Any) -> Harness:
    """Hamyar with user 900001 as the super admin."""
    return await Harness.start(db_url, redis_url, super_admins=[f"telegram:{ADMIN}"], **settings)


@contextlib.asynccontextmanager
async def running(db_url: str, redis_url: str | None, **settings: Any) -> AsyncIterator[Harness]:
    """Hamyar with user 900001 as the super admin, stopped on the way out."""
    harness = await start(db_url, redis_url, **settings)
    try:
        yield harness
    finally:
        await harness.stop()


@pytest.fixture
async def managed(db_url: str, redis_url: str | None) -> AsyncIterator[Harness]:
    """Hamyar with a super admin (user 900001) and the default approval threshold."""
    async with running(db_url, redis_url) as harness:
        yield harness


async def onboard_admin(hamyar: Harness) -> UserClient:
    """The super admin (user 900001), onboarded in the bot with phone 09120000001."""
    admin = hamyar.user(ADMIN, "Admin")
    await hamyar.onboard(admin, phone="+989120000001")
    return admin


async def add_people(hamyar: Harness, count: int, first: int, province: str, county: str | None = None,
                     **fields: Any) -> list[int]:
    """Onboarded people with user and chat ids first.., in a province (and county); their ids."""
    now = utcnow()
    rows = [{"platform": "telegram", "platform_user_id": first + i, "chat_id": first + i, "language": "fa",
             "referral_code": f"p{first + i}", "onboarded_at": now, "consent_at": now, "created_at": now,
             "last_seen_at": now, "province_code": province, "county_code": county, "unreachable": False,
             "first_name": f"P{first + i}", **fields} for i in range(count)]
    async with hamyar.session() as session:
        ids = list((await session.execute(insert(Person).returning(Person.id), rows)).scalars().all())
        await session.commit()
    return sorted(ids)


async def person_id(hamyar: Harness, user_id: int) -> int:
    """Our id of a platform user."""
    async with hamyar.session() as session:
        return int((await session.execute(select(Person.id).where(Person.platform_user_id == user_id))).scalar_one())


async def make_manager(hamyar: Harness, user_id: int, level: RoleLevel, province: str | None = None,
                       county: str | None = None, name: str = "Manager") -> Any:
    """A person onboarded in the bot, then given a role directly in the database; their UserClient."""
    user = hamyar.user(user_id, name)
    await hamyar.onboard(user, phone=f"+98912{user_id % 10_000_000:07d}")
    pid = await person_id(hamyar, user_id)
    async with hamyar.session() as session:
        session.add(RoleGrant(person_id=pid, level=level.value, province_code=province, county_code=county,
                              granted_at=utcnow()))
        await session.commit()
    return user


async def open_menu(user: Any) -> Any:
    """/manage and wait for the manager menu."""
    await user.send_text("/manage")
    return await expect(user, "پنل مدیریت")


async def broadcast(hamyar: Harness, text: str, campaign: int | None = None, *buttons: ButtonSpec) -> int:
    """A broadcast to everyone (of `campaign`, when given) created through the engine as the composer does, with
    no quiet hours; its id (BroadcastRefused when no one is left to receive it)."""
    async with hamyar.session() as session:
        plan = BroadcastPlan(campaign_id=campaign, quiet_hours=None)
        return await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text=text, buttons=buttons), plan)


async def drain_outbox(hamyar: Harness) -> None:
    """Send everything queued, in-process, through the worker's real sender against the emulator."""
    def daytime() -> Any:
        # Quiet hours would hold the broadcast back at night; the worker's clock reads noon in Iran.
        return utcnow().astimezone(IRAN_TZ).replace(hour=12).astimezone(UTC)

    config = SendConfig(worker_id="test", platform=hamyar.platform, bot_key="telegram:test", rate=500.0)
    loop = SendLoop(UnitOfWorkFactory(hamyar.app.session_pool), BotApiSender(hamyar.api),
                    MemoryLimiter({"telegram:test": 500.0}, per_chat_rate=100.0), config, clock=daytime)
    await loop.run_until_idle(timeout=30)


async def deliver_tomorrow(hamyar: Harness, hour: int = 12) -> None:
    """What the worker does: send the outbox's pending messages, its clock at `hour`:30 in Iran tomorrow
    (by default noon, outside quiet hours; 23 shows what quiet hours hold back)."""
    clock = (utcnow() + timedelta(days=1)).astimezone(IRAN_TZ).replace(hour=hour, minute=30)
    loop = SendLoop(UnitOfWorkFactory(hamyar.app.session_pool), BotApiSender(hamyar.api),
                    MemoryLimiter({"k": 1000.0}, 100.0),
                    SendConfig(worker_id="test", platform=hamyar.platform, bot_key="k", rate=1000.0),
                    clock=lambda: clock)
    await loop.run_until_idle(timeout=60)

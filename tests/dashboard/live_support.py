"""Helpers for the live pages' tests: managers and people written straight to the database, a session cookie
minted as the login link would (the login itself is tested in test_dashboard_login.py), broadcasts submitted
through the bot's own service, and the worker's send loop driven a step at a time against the emulator."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from campaigns import approvals
from campaigns.approvals import Draft, Submitted
from campaigns.audit import Actor
from campaigns.broadcasts import Manager, Segment, outbox
from campaigns.broadcasts.limiter import MemoryLimiter
from campaigns.broadcasts.sender import SendConfig, SendLoop
from campaigns.jalali import IRAN_TZ
from dashboard import login
from dashboard.login import COOKIE
from storage.models import utcnow
from storage.models.roles import AuditEntry, RoleGrant, RoleLevel
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.dashboard.conftest import SECRET
from tests.e2e.harness import Harness
from tests.e2e.managers import add_people
from worker.loop import BotApiSender


async def manager(hamyar: Harness, user_id: int, level: RoleLevel, province: str | None = None,
                  county: str | None = None) -> Actor:
    """A person holding a manager's role (written directly); the actor the services know them as."""
    [pid] = await add_people(hamyar, 1, user_id, province or "tehran", county, first_name=f"M{user_id}")
    async with hamyar.session() as session:
        session.add(RoleGrant(person_id=pid, level=level.value, province_code=province, county_code=county,
                              granted_at=utcnow()))
        await session.commit()
    return Actor(pid, level, province, county)


def session_cookie(actor: Actor) -> str:
    """A session cookie for this manager, as opening their login link sets it."""
    return login.new_session(SECRET, actor.person_id, utcnow())


def sign_in_as(web: TestClient, actor: Actor) -> None:
    """From now on the client is this manager."""
    web.session.cookie_jar.clear()  # the previous manager's cookie, refreshed by the pages, goes
    web.session.cookie_jar.update_cookies({COOKIE: session_cookie(actor)})


async def submit(hamyar: Harness, actor: Actor, text: str, province: str | None = None,
                 threshold: int = 10_000) -> Submitted:
    """A broadcast to a province's people, submitted as the bot's composer submits it (held for a second manager
    when the audience is over `threshold`)."""
    segment = Segment(provinces=(province,)) if province else Segment()
    async with hamyar.session() as session:
        return await approvals.submit(UnitOfWork(session), actor, Draft(text=text, segment=segment),
                                      f"people of {province or 'Iran'}", Manager(actor.person_id, "telegram", 1),
                                      threshold)


def daytime() -> datetime:
    """The worker's clock reads noon in Iran (quiet hours would hold a broadcast back at night)."""
    return utcnow().astimezone(IRAN_TZ).replace(hour=12).astimezone(UTC)


def send_loop(hamyar: Harness, claim: int = 5) -> SendLoop:
    """The worker's send loop over the emulator, claiming `claim` deliveries at a time."""
    config = SendConfig(worker_id="dashboard-test", platform=hamyar.platform, bot_key="telegram:test",
                        rate=2.0 * claim)
    return SendLoop(UnitOfWorkFactory(hamyar.app.session_pool), BotApiSender(hamyar.api),
                    MemoryLimiter({"telegram:test": 1000.0}, per_chat_rate=100.0), config, clock=daytime)


async def one_batch(loop: SendLoop) -> bool:
    """The worker claims one batch (if it may), sends it and records the outcomes; False when nothing was
    claimable. Then, as the worker's housekeeping does, a broadcast with nothing left becomes done."""
    claimed = await loop.step(force_refresh=True)
    while loop._tasks:  # the pacer starts the sends as their slots come: wait for those too
        await loop.drain()
    await loop.flush()
    async with loop.uows() as uow:  # the worker's housekeeping: a drained broadcast is done
        await outbox.finish(uow, utcnow())
        await uow.commit()
    return claimed


async def audit_actions(hamyar: Harness, *actions: str) -> list[tuple[str, dict[str, Any], int | None]]:
    """(action, details, actor) of the audit entries of these actions, oldest first."""
    async with hamyar.session() as session:
        rows = await session.execute(select(AuditEntry.action, AuditEntry.details, AuditEntry.actor_id)
                                     .where(AuditEntry.action.in_(actions)).order_by(AuditEntry.id))
        return [(a, dict(d or {}), who) for a, d, who in rows.all()]


async def count(hamyar: Harness, model: Any, *where: Any) -> int:
    """Rows of a table that match."""
    async with hamyar.session() as session:
        return int((await session.execute(select(func.count()).select_from(model).where(*where))).scalar_one())

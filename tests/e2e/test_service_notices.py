"""Service notices over the emulator: a message to named people about a service they are in (a referral they
handle, their shift, their own broadcast's approval) has no «این پیام‌ها را دیگر نفرست» and reaches them even
after they stopped broadcasts; an ordinary broadcast keeps the button and still skips whoever stopped. The
dashboard's approve and reject tell the requester in the chat once, as the bot's do."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select, update

from campaigns import shifts
from dashboard.app import create_app
from dashboard.rendering import DashboardConfig
from storage.models import Person, utcnow
from storage.models.broadcasts import Broadcast, BroadcastKind, Delivery
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWorkFactory
from tests.dashboard.conftest import BASE, SECRET, fa
from tests.dashboard.live_support import manager, sign_in_as, submit
from tests.dashboard.test_live_broadcasts import csrf_of
from tests.e2e.harness import Harness
from tests.e2e.journeys import expect, say
from tests.e2e.managers import add_people, broadcast, drain_outbox
from tests.e2e.test_referrals import VOLUNTEER, deliver, on_callout, refer
from tests.e2e.test_shifts import MANAGER, shift

STOP = "این پیام‌ها را دیگر نفرست"
STOPPED = "دیگر پیام‌های همگانی پویش‌ها"


async def reached(hamyar: Harness, broadcast_id: int) -> list[int]:
    """Who a broadcast was sent to, by platform user id."""
    async with hamyar.session() as session:
        rows = await session.execute(select(Person.platform_user_id).join(Delivery, Delivery.person_id == Person.id)
                                     .where(Delivery.broadcast_id == broadcast_id, Delivery.status == "sent")
                                     .order_by(Person.platform_user_id))
        return [int(user_id) for user_id in rows.scalars()]


@pytest.mark.parametrize("hamyar", ["telegram", "bale"], indirect=True)
async def test_a_referral_notice_reaches_a_manager_who_stopped_broadcasts_without_the_stop_button(
        hamyar: Harness) -> None:
    manager_, volunteer = await on_callout(hamyar)
    await say(manager_, "/stop", STOPPED)
    await refer(volunteer, consent=False)
    await deliver(hamyar)
    notice = await expect(manager_, "ارجاع تازه از تیم محب", strict=False)
    assert notice.button_texts() == ["باز کردن ارجاع"]  # its own button only: no «stop» to opt out with

    # An ordinary broadcast still ends with the button and still skips the manager who stopped.
    news = await broadcast(hamyar, "پویش زمستان آغاز شد")
    await drain_outbox(hamyar)
    message = await expect(volunteer, "پویش زمستان آغاز شد", strict=False)
    assert message.button_texts() == [STOP]
    assert await reached(hamyar, news) == [VOLUNTEER]
    assert not any("پویش زمستان" in (m.text or "") for m in manager_.messages())


@pytest.fixture
async def staffed(db_url: str, redis_url: str | None) -> AsyncIterator[Harness]:
    """Hamyar with one super admin (the shift's manager, as tests/e2e/test_shifts.py has it)."""
    harness = await Harness.start(db_url, redis_url, super_admins=[f"telegram:{MANAGER}"])
    yield harness
    await harness.stop()


async def test_a_shift_reminder_reaches_a_volunteer_who_stopped_broadcasts_without_the_stop_button(
        staffed: Harness) -> None:
    hamyar = staffed
    _, (stopped, other), _ = await shift(hamyar, 2, 0, timedelta(hours=20))
    await say(stopped, "/stop", STOPPED)
    await shifts.tick(UnitOfWorkFactory(hamyar.app.session_pool))
    await drain_outbox(hamyar)
    for user in (stopped, other):
        reminder = await expect(user, "یادآوری: مأموریت", strict=False)
        assert reminder.button_texts() == ["می‌آیم", "نمی‌توانم بیایم"]

    news = await broadcast(hamyar, "پویش زمستان آغاز شد")
    await drain_outbox(hamyar)
    message = await expect(other, "پویش زمستان آغاز شد", strict=False)
    assert message.button_texts() == [STOP]
    sent_to = await reached(hamyar, news)
    assert other.user_id in sent_to and stopped.user_id not in sent_to


@pytest.fixture
async def web(hamyar: Harness) -> AsyncIterator[TestClient]:
    """The dashboard on the bot's database (it has no bot of its own)."""
    config = DashboardConfig(base_url=BASE, secret=SECRET, idle=timedelta(minutes=30))
    async with TestClient(TestServer(create_app(config, UnitOfWorkFactory(hamyar.app.session_pool)))) as client:
        yield client


async def test_approving_and_rejecting_on_the_dashboard_tell_the_requester_once(hamyar: Harness,
                                                                                 web: TestClient) -> None:
    composer = await manager(hamyar, 910001, RoleLevel.PROVINCIAL, "isfahan")
    second = await manager(hamyar, 910002, RoleLevel.PROVINCIAL, "isfahan")
    await add_people(hamyar, 6, 700_000, "isfahan", "isfahan-isfahan")
    approved_request = await submit(hamyar, composer, "پیام بزرگ", "isfahan", threshold=3)
    rejected_request = await submit(hamyar, composer, "پیام دیگر", "isfahan", threshold=3)
    assert approved_request.approval_id is not None and rejected_request.approval_id is not None
    async with hamyar.session() as session:  # the requester has stopped broadcasts since: still told
        await session.execute(update(Person).where(Person.id == composer.person_id).values(opted_out_at=utcnow()))
        await session.commit()

    sign_in_as(web, second)
    token = csrf_of(await (await web.get(f"/approvals/{approved_request.approval_id}")).text())
    # A double submit (two tabs at once, then once more): one decision, one notice.
    first, again = await asyncio.gather(*(web.post(f"/approvals/{approved_request.approval_id}/approve",
                                                   data={"csrf": token}, allow_redirects=False) for _ in range(2)))
    assert sorted((first.status, again.status)) == [303, 409]
    late = await web.post(f"/approvals/{approved_request.approval_id}/approve", data={"csrf": token},
                          allow_redirects=False)
    assert late.status == 409
    turned_down = await web.post(f"/approvals/{rejected_request.approval_id}/reject", data={"csrf": token},
                                 allow_redirects=False)
    assert turned_down.status == 303
    assert (await web.post(f"/approvals/{rejected_request.approval_id}/reject", data={"csrf": token},
                           allow_redirects=False)).status == 409
    await drain_outbox(hamyar)

    chats = hamyar.emu.bot(hamyar.token).chats
    told = [m for m in chats[910001].bot_messages() if "پیام همگانی شما" in (m.text or "")]
    assert [m.text for m in told] == [fa("manage-your-broadcast-approved", id=approved_request.approval_id),
                                      fa("manage-your-broadcast-rejected", id=rejected_request.approval_id)]
    assert all(m.button_texts() == [] for m in told)
    assert not any("پیام همگانی شما" in (m.text or "") for m in chats[910002].bot_messages())
    async with hamyar.session() as session:  # the approved broadcast went out as an ordinary one, with its button
        kinds = (await session.execute(select(Broadcast.kind).order_by(Broadcast.id))).scalars().all()
    assert list(kinds) == [BroadcastKind.ORDINARY, BroadcastKind.SERVICE, BroadcastKind.SERVICE]
    big = next(m for m in chats[700_000].bot_messages() if m.text == "پیام بزرگ")
    assert big.button_texts() == [STOP]
    # The dashboard lists the broadcast a manager steers, not the notices about it.
    listing = await (await web.get("/broadcasts")).text()
    async with hamyar.session() as session:
        ids = (await session.execute(select(Broadcast.id).order_by(Broadcast.id))).scalars().all()
    assert f'href="/broadcasts/{ids[0]}"' in listing
    assert not any(f'href="/broadcasts/{notice}"' in listing for notice in ids[1:])

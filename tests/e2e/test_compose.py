"""The broadcast composer over the emulator: exact audiences, region scoping, the two-person rule, control."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from campaigns import approvals
from campaigns.audit import Actor
from campaigns.broadcasts import Segment
from storage.models.broadcasts import Broadcast, Delivery
from storage.models.roles import ApprovalRequest, AuditEntry, RoleLevel
from storage.unit_of_work import UnitOfWork
from tests.e2e.harness import Harness
from tests.e2e.journeys import expect, say, tap
from tests.e2e.manager_steps import compose_to_audience, open_section, preview
from tests.e2e.managers import ADMIN, add_people, drain_outbox, make_manager, onboard_admin, person_id, running

TEXT = "سلام همراهان عزیز\nپویش زمستانه از امروز آغاز شد؛ با ما باشید."


@pytest.fixture
async def strict(db_url: str, redis_url: str | None) -> AsyncIterator[Harness]:
    """Hamyar whose approval threshold is 3 people."""
    async with running(db_url, redis_url, broadcast_approval_threshold=3) as harness:
        yield harness


def _received(hamyar: Harness, chat_ids: list[int]) -> list[int]:
    return [chat for chat in chat_ids if any(m.text == TEXT for m in hamyar.user(chat).messages())]


async def test_a_broadcast_composed_in_the_bot_reaches_exactly_its_audience(strict: Harness) -> None:
    hamyar = strict
    kashan = await add_people(hamyar, 3, 50_000, "isfahan", "isfahan-kashan")
    isfahan_city = await add_people(hamyar, 2, 50_100, "isfahan", "isfahan-isfahan")
    tehran = await add_people(hamyar, 2, 50_200, "tehran", "tehran-tehran")
    assert len(kashan + isfahan_city + tehran) == 7
    manager = await make_manager(hamyar, 4001, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    await compose_to_audience(manager, TEXT)
    audience = await say(manager, "کاشان", "شهرستان کاشان")
    assert "۳ نفر" in audience.text
    await preview(manager, "سلام همراهان عزیز")
    queued = await tap(manager, "همین حالا بفرست", "در صف ارسال است")
    assert "۳ نفر" in queued.text

    await drain_outbox(hamyar)
    all_chats = list(range(50_000, 50_003)) + list(range(50_100, 50_102)) + list(range(50_200, 50_202))
    assert _received(hamyar, all_chats) == [50_000, 50_001, 50_002]
    message = next(m for m in hamyar.user(50_000).messages() if m.text == TEXT)
    assert "این پیام‌ها را دیگر نفرست" in message.button_texts()
    async with hamyar.session() as session:
        entry = (await session.execute(select(AuditEntry).where(AuditEntry.action == "broadcast_send"))).scalar_one()
        assert entry.count == 3 and entry.county_code == "isfahan-kashan" and "کاشان" in (entry.audience or "")

    # Progress and control through the engine's API.
    progress = await tap(manager, "وضعیت ارسال", "ارسال‌شده")
    assert "۳ از ۳" in progress.text


async def test_a_provincial_manager_cannot_count_or_message_another_province(strict: Harness) -> None:
    hamyar = strict
    await add_people(hamyar, 2, 51_000, "tehran", "tehran-tehran")
    manager = await make_manager(hamyar, 4002, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    await compose_to_audience(manager, TEXT)
    await say(manager, "تهران", "بیرون از حوزه شما")
    async with hamyar.session() as session:
        assert (await session.execute(select(func.count()).select_from(Broadcast))).scalar_one() == 0
        # The domain refuses too, whatever a handler might send it.
        actor = Actor(await person_id(hamyar, 4002), RoleLevel.PROVINCIAL, "isfahan")
        with pytest.raises(approvals.ComposerError):
            await approvals.count(UnitOfWork(session), actor, Segment(provinces=("tehran",)))
        with pytest.raises(approvals.ComposerError):
            await approvals.count(UnitOfWork(session), actor, Segment(counties=("tehran-tehran",)))
        # With no region chosen the audience is held to Isfahan: Tehran's people are not counted.
        assert await approvals.count(UnitOfWork(session), actor, Segment()) == 1  # the manager herself
    assert _received(hamyar, [51_000, 51_001]) == []


async def test_two_person_rule(strict: Harness) -> None:
    hamyar = strict
    await add_people(hamyar, 4, 52_000, "isfahan", "isfahan-kashan")
    admin = await onboard_admin(hamyar)
    composer = await make_manager(hamyar, 4003, RoleLevel.PROVINCIAL, "isfahan", name="Mina")
    await compose_to_audience(composer, TEXT)
    await preview(composer, "سلام همراهان عزیز")
    held = await tap(composer, "همین حالا بفرست", "قاعده دو نفر")
    assert "سقف ۳ نفر" in held.text

    # The approver sees the text, the audience and the count before approving.
    request = await expect(admin, "به تأیید مدیر دوم نیاز دارد")
    assert "سلام همراهان عزیز" in request.text and "تعداد: ۶ نفر" in request.text
    assert "همه مردم حوزه شما" in request.text

    # The composer cannot approve their own broadcast: a clear refusal, and nothing changes.
    waiting = await open_section(composer, "تأییدها", "در انتظار تأیید")
    await tap(composer, next(b for b in waiting.button_texts() if b.startswith("بررسی درخواست")), "درخواست #")
    await tap(composer, "تأیید و ارسال", "خودتان نوشته‌اید")
    async with hamyar.session() as session:
        row = (await session.execute(select(ApprovalRequest))).scalar_one()
        assert row.status == "pending" and row.broadcast_id is None
        assert (await session.execute(select(func.count()).select_from(Broadcast))).scalar_one() == 0

    await tap(admin, "تأیید و ارسال", "تأیید شد")
    await drain_outbox(hamyar)
    # The composer hears of the decision through the outbox (as from the dashboard), once.
    await expect(composer, "مدیر دیگری تأیید کرد", strict=False)
    assert sum("مدیر دیگری تأیید کرد" in (m.text or "") for m in composer.messages()) == 1
    assert _received(hamyar, list(range(52_000, 52_004))) == list(range(52_000, 52_004))
    async with hamyar.session() as session:
        row = (await session.execute(select(ApprovalRequest))).scalar_one()
        assert row.status == "approved" and row.decided_by_id == await person_id(hamyar, ADMIN)
        deliveries = (await session.execute(select(func.count()).select_from(Delivery).where(
            Delivery.broadcast_id == row.broadcast_id))).scalar_one()
        assert deliveries == 6
        actions = (await session.execute(select(AuditEntry.action).order_by(AuditEntry.id))).scalars().all()
        assert actions == ["broadcast_request", "broadcast_approve"]


async def test_scheduled_broadcast_and_cancel(strict: Harness) -> None:
    hamyar = strict
    await add_people(hamyar, 2, 53_000, "isfahan", "isfahan-kashan")
    manager = await make_manager(hamyar, 4004, RoleLevel.COUNTY, "isfahan", "isfahan-kashan", name="Kian")
    await compose_to_audience(manager, TEXT)
    await preview(manager, "سلام همراهان عزیز")
    await tap(manager, "زمان‌بندی", "تاریخ شمسی")
    await say(manager, "۱۳۹۰/۰۱/۰۱ ۱۰:۰۰", "این زمان گذشته است")
    await say(manager, "1499/01/01 10:00", "در صف ارسال است")
    await tap(manager, "لغو ارسال", "لغو شد")
    await drain_outbox(hamyar)
    assert _received(hamyar, [53_000, 53_001]) == []
    async with hamyar.session() as session:
        broadcast = (await session.execute(select(Broadcast))).scalar_one()
        assert broadcast.status == "cancelled" and broadcast.not_before is not None

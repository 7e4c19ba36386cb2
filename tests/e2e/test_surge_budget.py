"""One send budget per bot, replies first, over the emulator enforcing Telegram's limits: a broadcast from
the worker's send loop while people onboard loses no reply and reaches everyone once; a 429 on a reply
(Telegram's retry_after, or Bale's text without one) is retried and the person gets the answer; so is
the apology for a failed step."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot.session import GuardedSession
from campaigns.broadcasts import BroadcastPlan, MessageSpec, Segment, SendLoop, create_broadcast, create_limiter
from campaigns.broadcasts.limiter import Limiter
from i18n import translator
from runtime.config import Settings
from runtime.metrics import BulkSendEvents
from storage.models import Person
from storage.models.broadcasts import Delivery
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.broadcast_factories import add_people
from tests.e2e.harness import Harness, expect
from tests.guard import is_apology
from worker.loop import BotApiSender, send_budgets

RECIPIENTS = 300
FIRST_RECIPIENT = 50_000
PEOPLE = 10


@pytest.fixture
async def surge(db_url: str, redis_url: str | None) -> AsyncIterator[Harness]:
    """Hamyar at the real defaults (SEND_RATE 30, a fifth kept for replies, 1 message a second per chat)
    behind an emulator enforcing 30/s per bot and 1/s per chat with a burst of 3."""
    harness = await Harness.start(db_url, redis_url, per_chat_rate=1.0)
    harness.emu.faults.global_rate = 30.0
    harness.emu.faults.per_chat_rate = 1.0
    harness.emu.faults.per_chat_burst = 3.0
    yield harness
    await harness.stop()


def _worker_limiter(hamyar: Harness, settings: Settings) -> tuple[Limiter, bool]:
    """The worker's limiter: another process's on the same Redis keys, or (no Redis) the bot's own,
    since one process is the only place an in-memory budget is shared."""
    rates, reserves, _ = send_budgets(settings, "surge")
    if settings.redis_url:
        return create_limiter(settings.redis_url, rates, settings.per_chat_rate, reserves=reserves), True
    session = hamyar.app.bots[0].session
    assert isinstance(session, GuardedSession) and session.budget is not None
    return session.budget.limiter, False


async def test_people_onboard_during_a_broadcast_and_lose_no_reply(surge: Harness) -> None:
    settings = surge.app.settings
    async with surge.session() as session:
        await add_people(session, RECIPIENTS, first_chat=FIRST_RECIPIENT)
        broadcast = await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="پویش زمستانه آغاز شد"),
                                           BroadcastPlan(quiet_hours=None))
    limiter, own = _worker_limiter(surge, settings)
    (config,) = send_budgets(settings, "surge")[2]
    assert config.rate == settings.send_rate - settings.reply_reserve_rate  # bulk's share: 24 of 30
    loop = SendLoop(UnitOfWorkFactory(surge.app.session_pool), BotApiSender(surge.api), limiter, config,
                    events=BulkSendEvents(config.platform))
    sending = asyncio.create_task(loop.run_until_idle(timeout=120))
    try:
        while surge.emu.stats.sends_ok < 20:  # noqa: ASYNC110 (the broadcast is under way)
            await asyncio.sleep(0.05)
        people = [surge.user(1001 + i, f"P{i}") for i in range(PEOPLE)]
        await asyncio.gather(*(surge.onboard(person, phone=f"+98912123{4000 + i}") for i, person in enumerate(people)))
        assert not sending.done()  # the people onboarded while the broadcast was still going
        await sending
    finally:
        if own:
            await limiter.close()

    async with surge.session() as session:
        onboarded = (await session.execute(select(func.count()).select_from(Person).where(
            Person.platform_user_id.between(1001, 1000 + PEOPLE), Person.onboarded_at.is_not(None)))).scalar_one()
        statuses = (await session.execute(select(Delivery.status, func.count()).where(
            Delivery.broadcast_id == broadcast).group_by(Delivery.status))).all()
    assert onboarded == PEOPLE
    assert dict(statuses) == {"sent": RECIPIENTS}
    delivered = {chat: n for chat, n in surge.emu.stats.delivered.items() if chat >= FIRST_RECIPIENT}
    assert len(delivered) == RECIPIENTS and set(delivered.values()) == {1}  # everyone, exactly once
    # Any 429 a reply met was retried: every person above got every step's answer in order.
    limited = [chat for _, chat in surge.emu.stats.limited if chat is not None and chat < FIRST_RECIPIENT]
    assert len(limited) <= surge.emu.stats.http_429


@pytest.mark.parametrize("hamyar", ["telegram", "bale"], indirect=True)
async def test_a_rate_limited_reply_is_retried_and_arrives(hamyar: Harness) -> None:
    user = hamyar.user(1001, "Sara")
    await user.send_text("/start")
    await expect(user, "به همیار خوش آمدید")
    # The platform now allows one message every 2 s: pressing a button answers with an edit and a new
    # question at once, so at least one of them meets a 429 (Telegram with retry_after=2, Bale with
    # "bot limit exceed" and no retry_after).
    hamyar.emu.faults.global_rate = 0.5
    hamyar.emu.faults.global_burst = 1.0
    await user.press("فارسی")
    consent = await expect(user, "آیا موافقید؟", timeout=20)
    assert consent.button_texts() == ["موافقم", "موافق نیستم"]
    assert hamyar.emu.stats.http_429 >= 1
    assert {chat for _, chat in hamyar.emu.stats.limited} == {user.chat.chat_id}
    welcome = next(m for m in user.messages() if "به همیار خوش آمدید" in (m.text or ""))
    assert welcome.button_texts() == []  # the edit that removed the language buttons went through too


@pytest.mark.expect_errors(r"hamyar\.errors: handler failed", apology=True)
async def test_the_apology_obeys_the_budget_and_is_retried(hamyar: Harness) -> None:
    user = hamyar.user(1001, "Sara")
    hamyar.emu.faults.global_rate = 0.5  # one message every 2 s
    hamyar.emu.faults.global_burst = 1.0
    await user.send_text("/start")
    await expect(user, "به همیار خوش آمدید")
    # The next reply fails with a 502, so the handler fails; the apology that follows at once meets a
    # 429, is retried after it, and reaches the person.
    hamyar.emu.faults.fail_5xx_next = 1
    await user.send_text("/start")
    apology = await user.wait_for_message(lambda message: is_apology(message.text), timeout=20)
    assert apology.text == translator("fa")("error-unexpected")
    assert hamyar.emu.stats.http_5xx == 1 and hamyar.emu.stats.http_429 >= 1

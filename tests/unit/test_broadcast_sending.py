"""The send loop against a fake Sender: outcomes, 429 pauses, retries, control, quiet hours, opt-out."""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import area_feedback
from campaigns.broadcasts import (
    BroadcastPlan,
    MemoryLimiter,
    MessageSpec,
    Segment,
    SendConfig,
    SendLoop,
    cancel,
    create_broadcast,
    opt_out,
    outbox,
    pause,
    progress,
    resume,
)
from campaigns.broadcasts.buttons import MONTHLY_STOP, button_rows
from campaigns.broadcasts.dto import ButtonKind, ButtonSpec, Outgoing
from campaigns.callbacks import AreaFeedbackAction, AreaFeedbackButton
from campaigns.errors import Ambiguous, Blocked, RateLimited, Transient
from i18n import translator
from storage.models import Person
from storage.models.broadcasts import Delivery
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.broadcast_factories import NO_QUIET, FakeSender, add_campaign, add_people, at_iran, counts
from tests.limiter_support import GrantedMemory, SimClock, SimSender

Pool = async_sessionmaker[AsyncSession]


def _loop(pool: Pool, sender: FakeSender, *, rate: float = 500.0, bot: str = "tg", **config: object) -> SendLoop:
    limiter = MemoryLimiter({bot: rate, "other": rate})
    return SendLoop(UnitOfWorkFactory(pool), sender, limiter, SendConfig("w1", "telegram", bot, rate=rate, **config))  # type: ignore[arg-type]


async def test_every_person_once_with_blocked_marked_unreachable(session_pool: Pool) -> None:
    async with session_pool() as session:
        ids = await add_people(session, 30)
        broadcast = await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="hello"), NO_QUIET)
    sender = FakeSender(errors={1005: [Blocked("forbidden: bot was blocked by the user")],
                                1006: [Blocked("permission_denied")]})
    await _loop(session_pool, sender).run_until_idle()
    assert sorted(sender.chats()) == [1000 + i for i in range(30) if i not in (5, 6)]
    assert all(n == 1 for n in counts(sender.chats()).values())
    assert all(m.buttons[-1].kind is ButtonKind.STOP for _, m in sender.sent)
    async with session_pool() as session:
        state = await progress(UnitOfWork(session), broadcast)
        unreachable = (await session.execute(select(Person.id).where(Person.unreachable.is_(True)))).scalars().all()
        assert await outbox.finish(UnitOfWork(session), state_now()) == [broadcast]
        await session.commit()
    assert (state.sent, state.blocked, state.pending) == (28, 2, 0)
    assert sorted(unreachable) == [ids[5], ids[6]]


def state_now() -> datetime:
    from storage.models import utcnow

    return utcnow()


async def test_429_pauses_this_bot_for_exactly_retry_after(session_pool: Pool) -> None:
    async with session_pool() as session:
        await add_people(session, 6)
        await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="hello"), NO_QUIET)
    # Simulated time: each message goes out at its slot on the limiter's timeline (SimSender), exactly.
    clock = SimClock()
    limiter = GrantedMemory({"tg": 1000.0, "other": 1000.0}, clock=clock)
    fake = FakeSender(errors={1002: [RateLimited("too many requests", 0.6)]})
    sender = SimSender(fake, limiter, clock)
    loop = SendLoop(UnitOfWorkFactory(session_pool), sender, limiter, SendConfig("w1", "telegram", "tg", rate=1000.0))
    await loop.run_until_idle()
    assert sorted(counts(fake.chats())) == [1000 + i for i in range(6)]
    assert [(a.at, a.chat_id) for a in sender.attempts[:3]] == [(0.0, 1000), (0.001, 1001), (0.002, 1002)]
    limited = sender.attempts[2]
    assert limited.outcome == "RateLimited"
    # Every message after the 429 waited for the pause: the three already given slots went exactly
    # retry_after later, one slot (1/1000 s) apart; the refused one, retried, also keeps its chat's one
    # message a second (its refused attempt used the chat's slot).
    after = sorted((a.at - limited.at, a.chat_id) for a in sender.attempts[3:])
    assert [chat for _, chat in after] == [1003, 1004, 1005, 1002]
    assert [at for at, _ in after] == pytest.approx([0.6, 0.601, 0.602, 1.0], abs=1e-9)
    assert all(a.outcome == "ok" for a in sender.attempts[3:])
    # Another bot is not paused.
    assert await limiter.reserve("other", [1]) == [0.0]


async def test_transient_retries_then_fails_with_reason_and_ambiguous_is_not_resent(session_pool: Pool) -> None:
    async with session_pool() as session:
        await add_people(session, 3)
        broadcast = await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="hello"), NO_QUIET)
    sender = FakeSender(errors={1000: [Transient("bad gateway")],
                                1001: [Transient("bad gateway")] * 3,
                                1002: [Ambiguous("timeout")]})
    await _loop(session_pool, sender, max_attempts=3, backoff=0.05).run_until_idle()
    assert sorted(sender.chats()) == [1000]
    assert [chat for _, chat, _ in sender.attempts].count(1002) == 1
    async with session_pool() as session:
        rows = {d.chat_id: d for d in (await session.execute(
            select(Delivery).where(Delivery.broadcast_id == broadcast))).scalars()}
    assert rows[1000].status == "sent"
    assert (rows[1001].status, rows[1001].error, rows[1001].attempts) == ("failed", "bad gateway", 3)
    assert rows[1002].status == "ambiguous"


async def test_pause_resume_cancel(session_pool: Pool) -> None:
    async with session_pool() as session:
        await add_people(session, 40)
        broadcast = await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="hello"), NO_QUIET)
        assert await pause(UnitOfWork(session), broadcast)
    sender = FakeSender()
    await _loop(session_pool, sender).run_until_idle()
    assert sender.sent == []
    async with session_pool() as session:
        assert await resume(UnitOfWork(session), broadcast)
    # The sender holds every message after the tenth inside `send` (handed to the platform, not yet answered),
    # and the loop re-reads which broadcasts may send only when the test asks (refresh_every=inf): the cancel
    # reaches the loop at a known point however slow the machine is.
    held = HeldSender(release_after=10)
    loop = _loop(session_pool, held, rate=20.0, refresh_every=math.inf)
    stop = asyncio.Event()
    task = asyncio.create_task(loop.run(stop))
    await asyncio.wait_for(held.all_released.wait(), timeout=30)
    async with session_pool() as session:
        assert await cancel(UnitOfWork(session), broadcast)
        at_cancel = await progress(UnitOfWork(session), broadcast)
    await loop.step(force_refresh=True)  # the loop sees the cancel
    in_flight = held.holding
    held.gate.set()
    stop.set()
    await task
    async with session_pool() as session:
        state = await progress(UnitOfWork(session), broadcast)
    assert state.status == "cancelled"
    # What people get: the ten sent before the cancel and the messages already inside Sender.send when the loop
    # saw it; every other message is cancelled, none left pending.
    assert state.sent == 10 + in_flight and len(held.sent) == state.sent
    assert (state.cancelled, state.pending) == (40 - state.sent, 0)
    # The bound the code guarantees whenever the loop sees the cancel: the cancel leaves nothing pending to claim,
    # so at most what was sent or claimed when it committed; the loop holds at most two claims' worth
    # (claim_size each, 10 at 20/s) besides the ten sent, so the cancel stopped at least ten.
    assert state.sent <= at_cancel.sent + at_cancel.pending <= 10 + 2 * loop.config.claim_size < 40


@dataclass
class HeldSender(FakeSender):
    """Sends `release_after` messages, then holds each later one inside `send` until `gate` is set."""

    release_after: int = 10
    gate: asyncio.Event = field(default_factory=asyncio.Event)
    all_released: asyncio.Event = field(default_factory=asyncio.Event)  # set once `release_after` were sent
    holding: int = 0  # messages that reached `send` after those and wait for the gate

    async def send(self, message: Outgoing) -> None:
        """Record like FakeSender, holding every message past the first `release_after` until the gate opens."""
        if len(self.sent) >= self.release_after:
            self.holding += 1
            await self.gate.wait()
        await super().send(message)
        if len(self.sent) == self.release_after:
            self.all_released.set()


async def test_quiet_hours_hold_ordinary_broadcasts_not_emergencies(session_pool: Pool) -> None:
    night = at_iran(23, 30)
    async with session_pool() as session:
        await add_people(session, 4)
        ordinary = await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="drive"), now=night)
        emergency = await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="call-out"),
                                           BroadcastPlan(emergency=True), now=night)
    sender = FakeSender()
    clock = {"now": night}
    limiter = MemoryLimiter({"tg": 1000.0})
    loop = SendLoop(UnitOfWorkFactory(session_pool), sender, limiter, SendConfig("w1", "telegram", "tg", rate=1000.0),
                    clock=lambda: clock["now"])
    await loop.run_until_idle()
    assert {m.broadcast_id for _, m in sender.sent} == {emergency}
    clock["now"] = at_iran(7, 59)
    await loop.run_until_idle()
    assert len(sender.sent) == 4
    clock["now"] = at_iran(8, 0)
    await loop.run_until_idle()
    assert [m.broadcast_id for _, m in sender.sent].count(ordinary) == 4


async def test_campaign_quiet_hours_and_opt_out(session_pool: Pool) -> None:
    async with session_pool() as session:
        campaign = await add_campaign(session, definition={"quiet_hours": "off"})
        ids = await add_people(session, 3)
        await opt_out(UnitOfWork(session), ids[1], campaign)
        await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="drive"),
                               BroadcastPlan(campaign_id=campaign),
                               now=at_iran(23))
    sender = FakeSender()
    limiter = MemoryLimiter({"tg": 1000.0})
    loop = SendLoop(UnitOfWorkFactory(session_pool), sender, limiter, SendConfig("w1", "telegram", "tg", rate=1000.0),
                    clock=lambda: at_iran(23, 30))
    await loop.run_until_idle()
    assert sorted(sender.chats()) == [1000, 1002]
    assert sender.sent[0][1].buttons[-1].value == str(campaign)


async def test_the_monthly_area_message_goes_out_with_its_own_stop_never_the_generic_one(session_pool: Pool) -> None:
    # The monthly message belongs to no campaign: «stop these messages» would stop every campaign's broadcasts, so
    # the send loop hands the sender its own «stop the monthly report» from the start, and nothing else.
    async with session_pool() as session:
        await add_people(session, 2)
        await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(
            text_key=area_feedback.TEXT_KEY, text_args={"report_period": "1405-08"}), NO_QUIET)
    sender = FakeSender()
    await _loop(session_pool, sender).run_until_idle()
    assert sorted(sender.chats()) == [1000, 1001]
    t = translator("fa")
    for _, message in sender.sent:
        assert message.buttons == (MONTHLY_STOP,)
        rows = button_rows(message.kind, message.buttons, message.campaign_id, message.broadcast_id, t)
        assert rows == [[{"text": t("feedback-button-stop"),
                          "callback_data": AreaFeedbackButton(action=AreaFeedbackAction.OPT_OUT).pack()}]]
    # Any other broadcast of no campaign still ends with «stop these messages» for every campaign.
    async with session_pool() as session:
        await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="news"), NO_QUIET)
    news = FakeSender()
    await _loop(session_pool, news).run_until_idle()
    assert [m.buttons for _, m in news.sent] == [(ButtonSpec(ButtonKind.STOP, value="0"),)] * 2


async def test_restart_resends_claimed_but_unconfirmed(session_pool: Pool) -> None:
    async with session_pool() as session:
        await add_people(session, 5)
        broadcast = await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="hello"), NO_QUIET)
        claimed = await outbox.claim(UnitOfWork(session), worker_id="w1", broadcast_ids=[broadcast],
                                     platform="telegram", limit=3, now=state_now())
        await session.commit()
        assert len(claimed) == 3
        # The worker dies here; at restart it frees its own claims.
        assert await outbox.release(UnitOfWork(session), worker_id="w1") == 3
        await session.commit()
    sender = FakeSender()
    # The time stands still: a claim left to its lease (120 s) would never come back, so the loop would
    # not drain; the released ones are sent at once.
    frozen = state_now()
    limiter = MemoryLimiter({"tg": 500.0}, clock=SimClock())
    loop = SendLoop(UnitOfWorkFactory(session_pool), sender, limiter, SendConfig("w1", "telegram", "tg", rate=500.0),
                    clock=lambda: frozen)
    await loop.run_until_idle(timeout=10)
    assert sorted(sender.chats()) == [1000 + i for i in range(5)]

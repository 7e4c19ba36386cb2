"""The payroll campaign's monthly reminder from its campaign file, end to end: the loader makes the
schedule, the scheduler fires it on the 1st of the Jalali month at 10:00, and the worker's send loop
delivers it through the Bot API emulator to exactly the people with an active monthly payroll pledge,
in their language, with the button that opens the payroll pledge flow."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import catalogue, payroll, pledges
from campaigns.broadcasts import MemoryLimiter, SendConfig, SendLoop
from campaigns.broadcasts.events import MONTHLY_PAYROLL_TEXT_KEY
from campaigns.broadcasts.schedules import tick
from campaigns.callbacks import PledgeStartAction, PledgeStartButton
from campaigns.jalali import IRAN_TZ
from campaigns.kinds import PledgeKind, Recurrence
from campaigns.loader import load_campaigns
from campaigns.people import forget
from campaigns.pledges import CancelScope, PledgeDraft
from emulator import BotApiEmulator
from i18n import translator
from storage.models import Membership, Person
from storage.models.broadcasts import Broadcast, Delivery, Schedule
from storage.unit_of_work import UnitOfWork, UnitOfWorkFactory
from tests.broadcast_factories import add_people
from worker.botapi import BotApiClient
from worker.loop import BotApiSender

Pool = async_sessionmaker[AsyncSession]
SHIPPED = Path(__file__).resolve().parents[2] / "campaigns" / "definitions"
AZAR_3 = date(2026, 11, 24)  # 3 Azar 1405
DEY_1_10AM = datetime(2026, 12, 22, 10, 0, tzinfo=IRAN_TZ)  # 1 Dey 1405, 10:00 Iran time


async def _people(session: AsyncSession) -> dict[str, int]:
    """Seven onboarded people (chat ids 1000..1006) and what each has done."""
    ids = await add_people(session, 7)
    names = ["pledger", "pledger_en", "stopped", "joined_only", "dowry_monthly", "forgotten", "skipped"]
    people = dict(zip(names, ids, strict=True))
    await session.execute(update(Person).where(Person.id == people["pledger_en"]).values(language="en"))
    shokraneh = await catalogue.by_slug(UnitOfWork(session), "shokraneh-salamat")
    dowry = await catalogue.by_slug(UnitOfWork(session), "dowry-sets")
    assert shokraneh is not None and dowry is not None
    for name in ("pledger", "pledger_en", "stopped", "forgotten", "skipped"):
        await payroll.pledge_month(UnitOfWork(session), people[name], shokraneh.id, "health", 4321, "isfahan", None,
                                   AZAR_3)
    session.add(Membership(person_id=people["joined_only"], campaign_id=shokraneh.id,
                           joined_at=datetime(2026, 11, 1, tzinfo=IRAN_TZ)))
    await session.commit()
    await pledges.create(UnitOfWork(session), people["dowry_monthly"], PledgeDraft(
        campaign_id=dowry.id, kind=PledgeKind.CASH, amount=100_000, recurrence=Recurrence.MONTHLY), "d1", AZAR_3)
    of = {name: (await pledges.of_person(UnitOfWork(session), people[name]))[0].id for name in ("stopped", "skipped")}
    await pledges.cancel(UnitOfWork(session), people["stopped"], of["stopped"], CancelScope.SERIES)
    await pledges.cancel(UnitOfWork(session), people["skipped"], of["skipped"], CancelScope.MONTH)
    await forget(UnitOfWork(session), people["forgotten"])
    await pledges.mark_overdue(UnitOfWork(session), DEY_1_10AM.date())  # Azar's unpaid rows are overdue: still pledgers
    people["campaign"] = shokraneh.id
    return people


async def test_monthly_payroll_reminder_reaches_exactly_the_pledgers(session_pool: Pool, emu: BotApiEmulator) -> None:
    async with session_pool() as session:
        await load_campaigns(UnitOfWork(session), SHIPPED)
        # The schedules were made "now"; make them older than the month whose 1st we play.
        await session.execute(update(Schedule).values(created_at=DEY_1_10AM - timedelta(days=60)))
        await session.commit()
        people = await _people(session)
    bot = next(iter(emu.bots.values()))
    for chat_id in range(1000, 1007):
        bot.chat(chat_id, opened=True)  # keep every text for the assertions

    assert await tick(UnitOfWorkFactory(session_pool), DEY_1_10AM - timedelta(minutes=1)) == []  # 09:59: not yet
    fired = await tick(UnitOfWorkFactory(session_pool), DEY_1_10AM)
    assert await tick(UnitOfWorkFactory(session_pool), DEY_1_10AM + timedelta(hours=3)) == []  # once a month
    async with session_pool() as session:
        reminder = (await session.execute(select(Broadcast).where(
            Broadcast.campaign_id == people["campaign"], Broadcast.text_key == MONTHLY_PAYROLL_TEXT_KEY))).scalar_one()
        assert reminder.id in fired
        audience = set((await session.execute(select(Delivery.person_id).where(
            Delivery.broadcast_id == reminder.id))).scalars())
        # The test may run at night in Iran: send now rather than wait for the morning.
        await session.execute(update(Broadcast).values(quiet_hours=None))
        await session.commit()
    assert audience == {people["pledger"], people["pledger_en"], people["skipped"]}

    client = BotApiClient(bot.token, emu.base_url, timeout=10)
    limiter = MemoryLimiter({"b": 200.0})
    loop = SendLoop(UnitOfWorkFactory(session_pool), BotApiSender(client), limiter,
                    SendConfig("it", "telegram", "b", rate=200.0))
    try:
        await loop.run_until_idle(timeout=60)
    finally:
        await client.close()
        await limiter.close()

    button = PledgeStartButton(campaign=people["campaign"], kind=PledgeStartAction.PAYROLL).pack()
    received: dict[int, list[tuple[str | None, list[list[dict[str, str]]]]]] = {}
    for chat_id, chat in bot.chats.items():
        for message in chat.bot_messages():
            rows = (message.reply_markup or {}).get("inline_keyboard", [])
            received.setdefault(chat_id, []).append((message.text, rows))
    payroll_chats = {chat_id for chat_id, messages in received.items()
                     for _, rows in messages if rows and rows[0][0].get("callback_data") == button}
    chat_of = {name: 1000 + index for index, name in enumerate(
        ["pledger", "pledger_en", "stopped", "joined_only", "dowry_monthly", "forgotten", "skipped"])}
    assert payroll_chats == {chat_of["pledger"], chat_of["pledger_en"], chat_of["skipped"]}
    assert sum(len(m) for chat, m in received.items() if chat in payroll_chats) == 3  # one each

    fa, en = translator("fa"), translator("en")
    (text, rows), = received[chat_of["pledger"]]
    assert text is not None and text.startswith("تعهد ماهانه دی شما — طرح شکرانه سلامت")
    assert "چهار رقم آخر" in text
    assert [[b["text"] for b in row] for row in rows] == [[fa("broadcast-button-payroll")],
                                                         [fa("broadcast-button-stop")]]
    (text, rows), = received[chat_of["pledger_en"]]
    assert text is not None and text.startswith("Your monthly pledge for Dey — Health gratitude payroll pledge")
    assert rows[0][0] == {"text": en("broadcast-button-payroll"), "callback_data": button}
    # The dowry donor got the dowry campaign's own monthly reminder and, Azar being unpaid, its overdue one;
    # not the payroll one.
    dowry = received[chat_of["dowry_monthly"]]
    assert sorted((text or "").split("\n")[0] for text, _ in dowry) == sorted(
        [fa("broadcast-monthly-pledge", month="دی", period="دی ۱۴۰۵").split("\n")[0],
         fa("broadcast-pledge-overdue").split("\n")[0]])
    assert all(b.get("callback_data") != button for _, rows in dowry for row in rows for b in row)
    for name in ("stopped", "joined_only", "forgotten"):
        assert chat_of[name] not in received

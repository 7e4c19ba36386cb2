"""Opt-out end to end: a campaign broadcast carries "stop these messages"; pressing it (or /stop) keeps
every later broadcast away; opting back in from the campaign page restores them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from campaigns.broadcasts import BroadcastRefused, ButtonKind, ButtonSpec, Refusal, optin
from storage.models import Membership, Person
from storage.unit_of_work import UnitOfWork
from tests.broadcast_factories import add_campaign
from tests.e2e.harness import Harness
from tests.e2e.journeys import expect, say, tap
from tests.e2e.managers import broadcast, drain_outbox


async def test_stop_button_and_command(hamyar: Harness) -> None:
    user = hamyar.user()
    await hamyar.onboard(user)
    async with hamyar.session() as session:
        campaign = await add_campaign(session, "winter-drive")
    await broadcast(hamyar, "پویش زمستان آغاز شد", campaign, ButtonSpec(ButtonKind.JOIN),
                    ButtonSpec(ButtonKind.LINK, "گزارش", "https://example.org/r"))
    await drain_outbox(hamyar)
    message = await expect(user, "پویش زمستان آغاز شد")
    labels = [row[0].text for row in message.inline_buttons]
    assert labels == ["پیوستن به پویش", "گزارش", "این پیام‌ها را دیگر نفرست"]
    await tap(user, "این پیام‌ها را دیگر نفرست", "دیگر پیام‌های همگانی این پویش")
    async with hamyar.session() as session:
        person = (await session.execute(select(Person))).scalar_one()
        membership = (await session.execute(select(Membership))).scalar_one()
        assert membership.opted_out and membership.left_at is not None
    with pytest.raises(BroadcastRefused) as refused:
        await broadcast(hamyar, "again", campaign)
    assert refused.value.code is Refusal.EMPTY_AUDIENCE
    async with hamyar.session() as session:
        await optin(UnitOfWork(session), person.id, campaign)
    assert await broadcast(hamyar, "welcome back", campaign)
    await drain_outbox(hamyar)
    await expect(user, "welcome back")
    await say(user, "/stop", "دیگر پیام‌های همگانی پویش‌ها")
    with pytest.raises(BroadcastRefused):
        await broadcast(hamyar, "no one")

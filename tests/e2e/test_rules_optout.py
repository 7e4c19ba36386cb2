"""Opting out of one campaign silences that campaign only: the other campaign's broadcasts still arrive."""

from __future__ import annotations

from sqlalchemy import select

from campaigns.broadcasts import ButtonKind, ButtonSpec
from emulator import UserClient
from storage.models import Membership, Person
from storage.models.broadcasts import Delivery
from tests.e2e.harness import Harness
from tests.e2e.journeys import expect, tap
from tests.e2e.managers import broadcast, drain_outbox
from tests.e2e.stats_data import campaign_id

STOP = "این پیام‌ها را دیگر نفرست"


async def _broadcast(hamyar: Harness, campaign: int, text: str) -> int:
    """A broadcast to the campaign's people with its Join button."""
    return await broadcast(hamyar, text, campaign, ButtonSpec(ButtonKind.JOIN))


async def _reached(hamyar: Harness, broadcast: int) -> list[int]:
    """Who a broadcast was sent to, by platform user id."""
    async with hamyar.session() as session:
        rows = await session.execute(select(Person.platform_user_id).join(Delivery, Delivery.person_id == Person.id)
                                     .where(Delivery.broadcast_id == broadcast, Delivery.status == "sent")
                                     .order_by(Person.platform_user_id))
        return [int(user_id) for user_id in rows.scalars()]


def _texts(user: UserClient) -> list[str]:
    return [m.text or "" for m in user.messages()]


async def test_opting_out_of_one_campaign_keeps_the_other(hamyar: Harness) -> None:
    sara, reza = hamyar.user(5101, "Sara"), hamyar.user(5102, "Reza")
    await hamyar.onboard(sara)
    await hamyar.onboard(reza, phone="+989121234568")
    winter = await campaign_id(hamyar, "low-consumption-heaters")
    school = await campaign_id(hamyar, "dowry-sets")

    first = await _broadcast(hamyar, winter, "پویش زمستان آغاز شد")
    await drain_outbox(hamyar)
    message = await expect(sara, "پویش زمستان آغاز شد")
    await expect(reza, "پویش زمستان آغاز شد")
    assert await _reached(hamyar, first) == [5101, 5102]
    assert message.button_texts()[-1] == STOP
    await tap(sara, STOP, "دیگر پیام‌های همگانی این پویش", message_id=message.message_id)

    # The same campaign again: Reza only.
    second = await _broadcast(hamyar, winter, "دومین پیام پویش زمستان")
    # The other campaign: both of them.
    third = await _broadcast(hamyar, school, "پویش لوازم‌التحریر آغاز شد")
    await drain_outbox(hamyar)
    await expect(reza, "دومین پیام پویش زمستان")
    await expect(reza, "پویش لوازم‌التحریر آغاز شد")
    other = await expect(sara, "پویش لوازم‌التحریر آغاز شد")
    assert other.button_texts()[-1] == STOP
    assert await _reached(hamyar, second) == [5102]
    assert await _reached(hamyar, third) == [5101, 5102]
    assert not any("دومین پیام پویش زمستان" in text for text in _texts(sara))

    async with hamyar.session() as session:
        person = (await session.execute(select(Person).where(Person.platform_user_id == 5101))).scalar_one()
        memberships = (await session.execute(select(Membership.campaign_id, Membership.opted_out)
                                             .where(Membership.person_id == person.id))).all()
    assert person.opted_out_at is None  # not a global stop
    assert [(campaign, opted_out) for campaign, opted_out in memberships] == [(winter, True)]

    # Stopping the other campaign from its own message leaves both silenced, each on its own.
    await tap(sara, STOP, "دیگر پیام‌های همگانی این پویش", message_id=other.message_id)
    fourth = await _broadcast(hamyar, school, "دومین پیام لوازم‌التحریر")
    await drain_outbox(hamyar)
    await expect(reza, "دومین پیام لوازم‌التحریر")
    assert await _reached(hamyar, fourth) == [5102]
    async with hamyar.session() as session:
        rows = (await session.execute(select(Membership.campaign_id, Membership.opted_out)
                                      .where(Membership.person_id == person.id).order_by(Membership.campaign_id))).all()
    assert {campaign: opted_out for campaign, opted_out in rows} == {winter: True, school: True}

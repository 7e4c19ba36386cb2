"""The person look-up every update makes (bot/middlewares.ContextMiddleware; on PostgreSQL asyncpg's own
prepared statement on a held connection) reads the database afresh: what the worker, the dashboard or
another person's turn changed is what the person's next update sees."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from campaigns import people
from storage.models import Person, utcnow
from storage.unit_of_work import UnitOfWork
from tests.e2e import journeys
from tests.e2e.harness import Harness
from tests.e2e.journeys import say


async def _row(hamyar: Harness, user_id: int) -> Person:
    async with hamyar.session() as session:
        return (await session.execute(select(Person).where(Person.platform_user_id == user_id))).scalar_one()


async def _change(hamyar: Harness, user_id: int, **values: object) -> None:
    async with hamyar.session() as session:
        await session.execute(update(Person).where(Person.platform_user_id == user_id).values(**values))
        await session.commit()


async def test_a_language_changed_elsewhere_is_the_next_replys(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 4101)
    await say(user, "/help", "همیار، دستیار مشارکت‌های مردمی")
    await _change(hamyar, 4101, language="en")
    await say(user, "/help", "Hamyar is the Welfare Organisation's assistant")
    await _change(hamyar, 4101, language="fa")
    await say(user, "/help", "همیار، دستیار مشارکت‌های مردمی")


async def test_marked_unreachable_by_the_worker_is_reachable_once_they_write(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 4102)
    long_ago = utcnow() - timedelta(days=2)
    await _change(hamyar, 4102, unreachable=True, last_seen_at=long_ago)  # as a 403 to a broadcast does
    await say(user, "/help", "همیار، دستیار مشارکت‌های مردمی")
    row = await _row(hamyar, 4102)
    assert row.unreachable is False
    assert row.last_seen_at > long_ago + timedelta(days=1)


async def test_erased_elsewhere_is_a_stranger_at_the_next_update(hamyar: Harness) -> None:
    user = await journeys.onboarded(hamyar, 4103)
    await journeys.open_profile(user)
    person_id = (await _row(hamyar, 4103)).id
    async with hamyar.session() as session:  # as a guardian's withdrawal or the dashboard would
        await people.forget(UnitOfWork(session), person_id)
    await say(user, "/me", "/start")
    await say(user, "/start", "زبان")

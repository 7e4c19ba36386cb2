"""One confirmation, one pledge: the idempotency key of the pledge service, alone and under concurrency."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import catalogue, pledges
from campaigns.kinds import PledgeKind, Recurrence
from campaigns.loader import load_campaigns
from campaigns.people import get_or_create, set_region
from campaigns.pledges import PledgeDraft, PledgeStatus
from storage.models import Pledge
from storage.repositories.pledges import PledgeRepository
from storage.unit_of_work import UnitOfWork

Pool = async_sessionmaker[AsyncSession]
SHIPPED = Path(__file__).resolve().parents[2] / "campaigns" / "definitions"
TODAY = date(2026, 11, 24)  # 3 Azar 1405


async def _person_and_campaigns(pool: Pool) -> tuple[int, int, int]:
    """A person in Kashan, and the ids of two shipped campaigns."""
    async with pool() as session:
        await load_campaigns(UnitOfWork(session), SHIPPED)
        person = await get_or_create(UnitOfWork(session), "telegram", 1, 1, "fa")
        await set_region(UnitOfWork(session), person.id, "isfahan", "isfahan-kashan")
        dowry = await catalogue.by_slug(UnitOfWork(session), "dowry-sets")
        heaters = await catalogue.by_slug(UnitOfWork(session), "low-consumption-heaters")
        assert dowry is not None and heaters is not None
        return person.id, dowry.id, heaters.id


async def _rows(pool: Pool) -> list[tuple[int, int | None, str]]:
    async with pool() as session:
        result = await session.execute(select(Pledge.id, Pledge.amount, Pledge.idempotency_key).order_by(Pledge.id))
        return [(row[0], row[1], row[2]) for row in result.all()]


def test_the_key_is_made_of_person_campaign_and_nonce() -> None:
    assert pledges.idempotency_key(7, 3, "a1b2c3") == "p:7:3:a1b2c3"
    keys = {pledges.idempotency_key(7, 3, "n1"), pledges.idempotency_key(7, 3, "n2"),
            pledges.idempotency_key(8, 3, "n1"), pledges.idempotency_key(7, 4, "n1"),
            pledges.idempotency_key(73, 1, "n1"), pledges.idempotency_key(7, 31, "n1")}
    assert len(keys) == 6
    assert pledges.idempotency_key(7, 3, "n1") == pledges.idempotency_key(7, 3, "n1")
    long = pledges.idempotency_key(7, 3, "x" * 100)
    assert long == ("p:7:3:" + "x" * 100)[:64] and len(long) == 64  # fits the column


async def test_same_key_twice_makes_one_row_and_returns_the_first(session_pool: Pool) -> None:
    person, dowry, _ = await _person_and_campaigns(session_pool)
    key = pledges.idempotency_key(person, dowry, "n1")
    first_draft = PledgeDraft(campaign_id=dowry, kind=PledgeKind.CASH, amount=250_000, province_code="isfahan")
    async with session_pool() as session:
        assert await pledges.already_made(UnitOfWork(session), key) is None
        first, created = await pledges.create(UnitOfWork(session), person, first_draft, key, TODAY)
    assert created is True
    assert (first.campaign_id, first.kind, first.amount, first.status) == (
        dowry, PledgeKind.CASH, 250_000, PledgeStatus.PLEDGED)
    # The same confirmation again, in a new session (a later update), even with other contents.
    second_draft = PledgeDraft(campaign_id=dowry, kind=PledgeKind.CASH, amount=999_000,
                               recurrence=Recurrence.MONTHLY)
    async with session_pool() as session:
        again, created_again = await pledges.create(UnitOfWork(session), person, second_draft, key, TODAY)
        made = await pledges.already_made(UnitOfWork(session), key)
    assert created_again is False
    assert again == first and made == first
    assert again.amount == 250_000 and again.recurrence is Recurrence.ONCE
    assert await _rows(session_pool) == [(first.id, 250_000, key)]


async def test_different_keys_make_two_rows(session_pool: Pool) -> None:
    person, dowry, heaters = await _person_and_campaigns(session_pool)
    cash = PledgeDraft(campaign_id=dowry, kind=PledgeKind.CASH, amount=100_000)
    keys = [pledges.idempotency_key(person, dowry, "n1"), pledges.idempotency_key(person, dowry, "n2")]
    async with session_pool() as session:
        one, created_one = await pledges.create(UnitOfWork(session), person, cash, keys[0], TODAY)
        two, created_two = await pledges.create(UnitOfWork(session), person, cash, keys[1], TODAY)
        assert await pledges.already_made(UnitOfWork(session), pledges.idempotency_key(person, dowry, "n3")) is None
    assert created_one and created_two and one.id != two.id
    assert await _rows(session_pool) == [(one.id, 100_000, keys[0]), (two.id, 100_000, keys[1])]
    # The same nonce in another campaign is another confirmation too.
    heater = PledgeDraft(campaign_id=heaters, kind=PledgeKind.IN_KIND, item="gas-heater", quantity=2)
    async with session_pool() as session:
        three, created_three = await pledges.create(UnitOfWork(session), person, heater,
                                                    pledges.idempotency_key(person, heaters, "n1"), TODAY)
    assert created_three and three.quantity == 2
    assert len(await _rows(session_pool)) == 3


async def test_concurrent_confirmations_with_one_key_make_one_row(session_pool: Pool) -> None:
    person, dowry, _ = await _person_and_campaigns(session_pool)
    draft = PledgeDraft(campaign_id=dowry, kind=PledgeKind.CASH, amount=500_000)
    key = pledges.idempotency_key(person, dowry, "tap")

    async def confirm() -> tuple[pledges.PledgeView, bool]:
        async with session_pool() as session:
            return await pledges.create(UnitOfWork(session), person, draft, key, TODAY)

    results = await asyncio.gather(*(confirm() for _ in range(4)))
    assert sorted(created for _, created in results) == [False, False, False, True]
    assert len({view.id for view, _ in results}) == 1
    async with session_pool() as session:
        count = (await session.execute(select(func.count()).select_from(Pledge))).scalar_one()
    assert count == 1


async def test_confirmations_that_all_looked_before_any_saved_make_one_row(
        session_pool: Pool, monkeypatch: pytest.MonkeyPatch) -> None:
    # The worst interleaving, made certain: every session looks the key up and finds nothing before any of
    # them inserts; the unique index then lets one row in and the service reports the others as repeats.
    person, dowry, _ = await _person_and_campaigns(session_pool)
    draft = PledgeDraft(campaign_id=dowry, kind=PledgeKind.CASH, amount=700_000)
    key = pledges.idempotency_key(person, dowry, "race")
    racers = 3
    barrier = asyncio.Barrier(racers)
    looked: set[int] = set()
    original = PledgeRepository.by_key

    async def look_together(self: PledgeRepository, k: str) -> Pledge | None:
        found = await original(self, k)
        if id(self.session) not in looked:
            looked.add(id(self.session))
            await barrier.wait()
        return found

    monkeypatch.setattr(PledgeRepository, "by_key", look_together)

    async def confirm() -> tuple[pledges.PledgeView, bool]:
        async with session_pool() as session:
            return await pledges.create(UnitOfWork(session), person, draft, key, TODAY)

    results = await asyncio.wait_for(asyncio.gather(*(confirm() for _ in range(racers))), 30)
    assert sorted(created for _, created in results) == [False, False, True]
    assert {view.id for view, _ in results} == {results[0][0].id}
    assert {view.amount for view, _ in results} == {700_000}
    assert [(amount, k) for _, amount, k in await _rows(session_pool)] == [(700_000, key)]


async def test_concurrent_confirmations_with_different_keys_all_count(session_pool: Pool) -> None:
    person, dowry, _ = await _person_and_campaigns(session_pool)
    draft = PledgeDraft(campaign_id=dowry, kind=PledgeKind.CASH, amount=50_000)

    async def confirm(nonce: str) -> tuple[pledges.PledgeView, bool]:
        async with session_pool() as session:
            return await pledges.create(UnitOfWork(session), person, draft,
                                        pledges.idempotency_key(person, dowry, nonce), TODAY)

    results = await asyncio.gather(*(confirm(f"n{i}") for i in range(3)))
    assert [created for _, created in results] == [True, True, True]
    assert len(await _rows(session_pool)) == 3
    async with session_pool() as session:
        assert await pledges.tomans_pledged(UnitOfWork(session), dowry) == 150_000

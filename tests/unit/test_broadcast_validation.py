"""Each bad broadcast is refused with a clear reason before anything is queued."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.broadcasts import (
    BroadcastPlan,
    BroadcastRefused,
    ButtonKind,
    ButtonSpec,
    MessageSpec,
    Refusal,
    Segment,
    create_broadcast,
)
from i18n import translator
from storage.models import utcnow
from storage.models.broadcasts import Broadcast, Delivery
from storage.unit_of_work import UnitOfWork
from tests.broadcast_factories import add_campaign, add_people

Pool = async_sessionmaker[AsyncSession]


async def _refused(pool: Pool, message: MessageSpec, plan: BroadcastPlan | None = None,
                   segment: Segment | None = None) -> Refusal:
    async with pool() as session:
        with pytest.raises(BroadcastRefused) as caught:
            await create_broadcast(UnitOfWork(session), segment or Segment(), message, plan or BroadcastPlan())
        rows = (await session.execute(select(func.count()).select_from(Delivery))).scalar_one()
        broadcasts = (await session.execute(select(func.count()).select_from(Broadcast))).scalar_one()
    assert rows == 0 and broadcasts == 0, "nothing may be queued for a refused broadcast"
    return caught.value.code


async def test_each_bad_input_is_refused(session_pool: Pool) -> None:
    async with session_pool() as session:
        await add_people(session, 3)
        ended = await add_campaign(session, "old", ends_on=date.today() - timedelta(days=3))
    assert await _refused(session_pool, MessageSpec(text="x" * 4097)) is Refusal.TEXT_TOO_LONG
    assert await _refused(session_pool, MessageSpec(text="x" * 1025, photo="https://example.org/a.jpg")
                          ) is Refusal.CAPTION_TOO_LONG
    assert await _refused(session_pool, MessageSpec(text="hi", photo="not a photo!")) is Refusal.BAD_PHOTO
    assert await _refused(session_pool, MessageSpec(text="  ")) is Refusal.EMPTY_TEXT
    assert await _refused(session_pool, MessageSpec(text="hi", buttons=(
        ButtonSpec(ButtonKind.LINK, "site", "javascript:alert(1)"),))) is Refusal.BAD_LINK
    assert await _refused(session_pool, MessageSpec(text="hi"), BroadcastPlan(at=utcnow() - timedelta(hours=1))
                          ) is Refusal.SCHEDULE_IN_PAST
    assert await _refused(session_pool, MessageSpec(text="hi"), BroadcastPlan(campaign_id=ended)
                          ) is Refusal.CAMPAIGN_ENDED
    assert await _refused(session_pool, MessageSpec(text="hi"), segment=Segment(provinces=("nowhere",))
                          ) is Refusal.EMPTY_AUDIENCE


async def test_limits_are_exact(session_pool: Pool) -> None:
    async with session_pool() as session:
        await add_people(session, 2)
        assert await create_broadcast(UnitOfWork(session), Segment(), MessageSpec(text="x" * 4096))
        assert await create_broadcast(UnitOfWork(session), Segment(),
                                      MessageSpec(text="x" * 1024, photo="AgACAgIAAxkBAAIBQ2"))


def test_every_refusal_has_words_in_both_languages() -> None:
    for language in ("fa", "en"):
        t = translator(language)
        for code in Refusal:
            key = BroadcastRefused(code).locale_key
            assert t.has(key), (language, key)
            assert t(key, length=5000, limit=4096) != key

"""Two processes starting together load the same campaign files without failing."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.loader import load_campaigns
from runtime.config import ROOT
from storage.db import create_engine, create_session_pool
from storage.models import Campaign
from storage.unit_of_work import UnitOfWork


async def test_two_loaders_at_once(db_url: str, session_pool: async_sessionmaker[AsyncSession]) -> None:
    engines = [create_engine(db_url, pool_size=2) for _ in range(2)]
    try:
        async def load(index: int) -> None:
            async with create_session_pool(engines[index])() as session:
                await load_campaigns(UnitOfWork(session), ROOT / "campaigns" / "definitions")

        await asyncio.gather(load(0), load(1))
    finally:
        for engine in engines:
            await engine.dispose()
    async with session_pool() as session:
        slugs = (await session.execute(select(Campaign.slug))).scalars().all()
        assert len(slugs) == len(set(slugs)) >= 6
        assert (await session.execute(select(func.count()).select_from(Campaign))).scalar_one() == len(slugs)

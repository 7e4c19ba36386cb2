"""End-to-end fixtures: the real bot against the emulator, on the test database and Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.harness import Harness


@pytest.fixture(params=["telegram"])
async def hamyar(request: pytest.FixtureRequest, db_url: str, redis_url: str | None) -> AsyncIterator[Harness]:
    """Hamyar running against an emulated platform (parametrize indirectly with "bale" for Bale)."""
    harness = await Harness.start(db_url, redis_url, platform=request.param)
    yield harness
    await harness.stop()

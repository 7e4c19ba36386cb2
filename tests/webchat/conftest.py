"""Fixtures for the webchat page tests: the page plus a fake ``/_emu`` API."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_asyncio

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.webchat.webchat_fake_emu import FakeEmu, serve  # noqa: E402


@pytest.fixture(params=["full", "minimal"])
def fake(request) -> FakeEmu:
    # Short long-polls so headless Chromium's virtual time can advance.
    return FakeEmu(max_wait=0.3, minimal=request.param == "minimal")


@pytest_asyncio.fixture
async def served(fake: FakeEmu):
    async with serve(fake) as s:
        yield s

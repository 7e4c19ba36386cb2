"""Integration fixtures: a bare Bot API emulator for the worker's sends."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from emulator import BotApiEmulator


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    """A bare emulator with one bot."""
    emulator = BotApiEmulator()
    await emulator.start()
    emulator.add_bot(token="7100000001:AAtesttesttesttesttesttesttesttest1")
    yield emulator
    await emulator.stop()

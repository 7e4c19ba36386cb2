"""Fixtures for the webchat page tests: the page plus a fake ``/_emu`` API."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp import web

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from webchat_fake_emu import FakeEmu, make_app  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, fake: FakeEmu, url: str) -> None:
        self.fake = fake
        self.url = url


@pytest.fixture
def fake() -> FakeEmu:
    # Short long-polls so headless Chromium's virtual time can advance.
    return FakeEmu(max_wait=0.3)


@pytest_asyncio.fixture
async def served(fake: FakeEmu):
    app = make_app(fake)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    port = _free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    try:
        yield Served(fake, f"http://127.0.0.1:{port}/")
    finally:
        await runner.cleanup()

"""The webchat page's long-poll loop in headless Chromium: it says it is disconnected when the server goes away,
and picks the chat up again when a server comes back on the same port.

Skipped (with the reason) when Chromium is not installed: ``apt-get install -y chromium``."""

from __future__ import annotations

import aiohttp
import pytest

from tests.webchat.devtools import chromium, needs_chromium, open_page
from tests.webchat.webchat_fake_emu import FakeEmu, serve


@needs_chromium
@pytest.mark.asyncio
async def test_headless_reconnects_after_server_restart(tmp_path):
    """The long-poll loop survives the server going away and coming back."""
    fake = FakeEmu(max_wait=5)
    fake.seed_welcome(123, 1001)
    async with aiohttp.ClientSession() as session, chromium(tmp_path / "profile") as port_file:
        async with serve(fake) as served:
            page = await open_page(port_file, served.url, session)
            await page.shows(1)
            port = served.url.rsplit(":", 1)[1].strip("/")
        await page.until("document.getElementById('conn-status').dataset.kind === 'error'")
        await page.shot("webchat-disconnected")
        # A "restarted" server on the same port with a fresh chat history.
        fresh = FakeEmu(max_wait=5)
        fresh.chat(123, 1001).add_bot("پس از راه‌اندازی دوباره")
        async with serve(fresh, port=int(port)):
            await page.until(
                "document.querySelector('#messages').textContent.includes('پس از راه‌اندازی دوباره')",
                timeout=30,
            )
            assert await page.js("document.querySelectorAll('#messages li').length") == 1
            assert await page.js("document.getElementById('conn-status').dataset.kind") == "ok"
            await page.ws.close()

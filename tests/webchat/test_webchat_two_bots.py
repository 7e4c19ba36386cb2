"""The webchat page in headless Chromium with two bots behind the fake ``/_emu`` API: the bot selector, and the
"as on Bale" look that switches to the Bale bot's chat and back.

Skipped (with the reason) when Chromium is not installed: ``apt-get install -y chromium``."""

from __future__ import annotations

import aiohttp
import pytest

from tests.webchat.devtools import chromium, needs_chromium, open_page
from tests.webchat.webchat_fake_emu import FakeEmu, serve


@needs_chromium
@pytest.mark.asyncio
async def test_headless_two_bots_selector_and_look(tmp_path):
    bots = [
        {"bot_id": 123, "username": "hamyar_bot", "first_name": "همیار", "token_hint": "123:AA…"},
        {"bot_id": 456, "username": "hamyar_bale_bot", "first_name": "همیار بله", "token_hint": "456:BB…"},
    ]
    fake = FakeEmu(bots, max_wait=5)
    fake.seed_welcome(123, 1001)
    fake.chat(456, 1001).add_bot("این گفت‌وگو در بله است.")
    async with serve(fake) as served, aiohttp.ClientSession() as session, chromium(tmp_path / "profile") as port:
        page = await open_page(port, served.url, session)
        await page.shows(1)
        assert await page.js("document.getElementById('bot-select-wrap').hidden") is False
        assert await page.js("document.getElementById('look-toggle').hidden") is False
        assert await page.js("document.body.dataset.look") == "telegram"
        assert await page.js("document.getElementById('bot-select').options.length") == 2

        # "As on Bale": Bale look, and the Bale bot's chat.
        await page.click_text("#look-toggle button", "مثل بله")
        await page.until("document.querySelector('#messages').textContent.includes('در بله است')")
        assert await page.js("document.body.dataset.look") == "bale"
        assert await page.js("document.getElementById('bot-select').value") == "456"
        assert await page.js("document.getElementById('bot-name').textContent") == "همیار بله"
        assert await page.js("document.getElementById('reply-kb').hidden") is True
        await page.shot("webchat-bale")

        # The selector switches back.
        await page.choose("bot-select", "123")
        await page.until("document.querySelector('#messages').textContent.includes('خوش آمدید')")
        assert await page.js("document.body.dataset.look") == "telegram"
        assert (
            "POST",
            "/_emu/bots/456/users/1001/profile",
            {"first_name": "شهروند", "language_code": "fa"},
        ) in fake.requests
        await page.ws.close()

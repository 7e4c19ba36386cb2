"""`python -m bot simulate` in the system Chromium (Playwright): playing the manager on the chat page, a
broadcast composed in the bot arrives on the citizen's side, sent by the worker the simulator runs."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.simulator import MANAGER_ID, SIMULATOR_TOKEN, simulate
from tests.ports import free_port
from tests.webchat.chat_page import press, say, see

playwright_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="chromium is not installed (apt-get install -y chromium)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--force-prefers-reduced-motion"]
BOT_ID = int(SIMULATOR_TOKEN.split(":")[0])
CITIZEN = 1001
BROADCAST = "پویش زمستانه از امروز آغاز شد؛ با ما باشید."


class Person:
    """One identity talking to the simulator over the chat page's own JSON API."""

    def __init__(self, http: aiohttp.ClientSession, base: str, user_id: int) -> None:
        self.http, self.user_id = http, user_id
        self.path = f"{base}/_emu/bots/{BOT_ID}/users/{user_id}"
        self.version = 0
        self.seen = 0  # the last bot message expected

    async def send(self, **body: Any) -> None:
        async with self.http.post(f"{self.path}/send", json=body) as response:
            assert (await response.json())["ok"]

    async def press(self, text: str) -> None:
        async with self.http.post(f"{self.path}/press", json={"text": text}) as response:
            assert (await response.json())["ok"], text

    async def expect(self, fragment: str) -> None:
        """Wait for a bot message containing `fragment`, newer than the last one expected."""
        for _ in range(60):
            async with self.http.get(f"{self.path}/messages",
                                     params={"since": self.version, "timeout": 2}) as response:
                chat = await response.json()
            self.version = chat["version"]
            for m in chat["messages"]:
                if m["from"] == "bot" and m["message_id"] > self.seen and fragment in (m.get("text") or ""):
                    self.seen = m["message_id"]
                    return
        raise AssertionError(f"no bot message containing {fragment!r}")

    async def onboard(self, phone: str) -> None:
        """Persian, consent, own number, Isfahan and its first county, no neighbourhood."""
        await self.send(text="/start")
        await self.expect("زبان")
        await self.press("فارسی")
        await self.expect("موافقید")
        await self.press("موافقم")
        await self.expect("شماره موبایل")
        await self.send(contact={"phone_number": phone, "own": True})
        await self.expect("استان")
        await self.send(text="اصفهان")
        await self.expect("شهرستان")
        async with self.http.get(f"{self.path}/messages", params={"since": -1}) as response:
            chat = await response.json()
        counties = next(m for m in reversed(chat["messages"]) if m["from"] == "bot" and m["inline_buttons"])
        await self.press(counties["inline_buttons"][0][0]["text"])
        await self.expect("محله")
        await self.press("رد شدن")
        await self.expect("ثبت‌نام شما کامل شد")


@pytest.fixture
async def simulator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    # The people here are onboarded over HTTP at machine speed and then act on the page at once: more than
    # ten updates in three seconds, which the flood throttle rightly drops (a press of «رد شدن» was dropped
    # and the composer never went on). The throttle has its own tests; here it is off.
    monkeypatch.setenv("THROTTLE_RATE", "0")
    port = free_port()
    stop = asyncio.Event()
    task = asyncio.create_task(simulate("127.0.0.1", port, database_url=f"sqlite+aiosqlite:///{tmp_path}/s.db",
                                        stop=stop, quiet_hours=""))
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as http:
        for _ in range(200):
            try:
                async with http.get(f"{base}/_emu/bots") as response:
                    if await response.json():
                        break
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    try:
        yield base
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)


async def test_a_broadcast_composed_as_the_manager_arrives_on_the_citizen_side(simulator: str) -> None:
    async with aiohttp.ClientSession() as http:
        await Person(http, simulator, CITIZEN).onboard("+989121111111")
        await Person(http, simulator, MANAGER_ID).onboard("+989122222222")
    async with playwright_api.async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 420, "height": 800})
            await page.goto(simulator + "/")
            await page.select_option("#identity-select", str(MANAGER_ID))
            await see(page, "ثبت‌نام شما کامل شد")
            await say(page, "/manage")
            await see(page, "پنل مدیریت")
            await press(page, "نوشتن پیام همگانی")
            await see(page, "متن پیام همگانی")
            await say(page, BROADCAST)
            await see(page, "یک عکس بفرستید تا همراه پیام برود")
            await press(page, "رد شدن")
            await see(page, "دکمه‌های زیر پیام")
            await press(page, "ادامه: انتخاب مخاطبان")
            await see(page, "تعداد کسانی که")
            await press(page, "پیش‌نمایش")
            await see(page, "پیش‌نمایش بالا")
            await press(page, "همین حالا بفرست")
            await see(page, "در صف ارسال است")

            await page.select_option("#identity-select", str(CITIZEN))
            await see(page, BROADCAST, timeout=30_000)
            arrived = page.locator("#messages li.from-bot", has_text=BROADCAST).last
            assert await arrived.locator(".inline-kb button", has_text="این پیام‌ها را دیگر نفرست").count() == 1
        finally:
            await browser.close()

"""`make simulate` serves the dashboard too: its address is printed at start, and the manager identity's /dashboard
in the chat opens it (the link's page, its button, the overview)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import aiohttp

from bot.simulator import MANAGER_ID, SIMULATOR_TOKEN, simulate
from dashboard.login import COOKIE
from dashboard.login_csrf import PRE_SESSION_COOKIE
from i18n import translator
from tests.ports import free_port

BOT_ID = int(SIMULATOR_TOKEN.split(":")[0])
fa = translator("fa")


async def _link(http: aiohttp.ClientSession, base: str) -> str:
    """The login link the bot sent the manager identity (waiting for the bot to start and answer)."""
    since, texts = -1, []
    for _ in range(60):
        async with http.get(f"{base}/_emu/bots/{BOT_ID}/users/{MANAGER_ID}/messages",
                            params={"since": since, "timeout": 2}) as response:
            chat = await response.json()
        texts = [m.get("text") or "" for m in chat["messages"] if m["from"] == "bot"]
        for text in texts:
            found = re.search(r"https?://\S+/login/\S+", text)
            if found:
                return found.group(0)
        since = chat["version"]
    raise AssertionError(f"no login link from the bot: {texts}")


async def test_the_simulator_serves_the_dashboard_its_managers_link_opens(tmp_path: Path, capsys: Any) -> None:
    port = free_port()
    stop = asyncio.Event()
    task = asyncio.create_task(simulate("127.0.0.1", port, database_url=f"sqlite+aiosqlite:///{tmp_path}/s.db",
                                        stop=stop))
    base = f"http://127.0.0.1:{port}"
    printed = ""
    try:
        for _ in range(200):
            printed += capsys.readouterr().out
            if "Managers' dashboard" in printed or task.done():
                break
            await asyncio.sleep(0.05)
        found = re.search(r"Managers' dashboard: (http://127\.0\.0\.1:\d+)/", printed)
        assert found, printed
        dashboard = found.group(1)
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{base}/_emu/bots/{BOT_ID}/users/{MANAGER_ID}/send",
                                 json={"text": "/dashboard"}) as response:
                assert (await response.json())["ok"]
            link = await _link(http, base)  # the update waits in the emulator until the bot polls
            assert link.startswith(dashboard + "/login/")
            async with http.get(link) as page:
                html = await page.text()
                assert page.status == 200 and fa("dashboard-entry-login-button") in html
                nonce = page.cookies[PRE_SESSION_COOKIE].value  # the client's jar keeps no cookie of an IP address
            form = re.search(r'name="csrf" value="([^"]+)"', html)
            assert form, html
            async with http.post(link, data={"csrf": form.group(1)}, cookies={PRE_SESSION_COOKIE: nonce},
                                 allow_redirects=False) as opened:
                assert opened.status == 303
                cookie = opened.cookies[COOKIE].value
            async with http.get(f"{dashboard}/", cookies={COOKIE: cookie}) as overview:
                html = await overview.text()
                assert overview.status == 200
                assert fa("dashboard-overview-heading", region=fa("dashboard-scope-national")) in html
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)

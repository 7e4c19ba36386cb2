"""`python -m bot simulate`: the chat page is served and a person can talk to the bot over its JSON API."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp

from bot.simulator import SIMULATOR_TOKEN, simulate
from runtime.config import ROOT
from tests.ports import free_port

BOT_ID = int(SIMULATOR_TOKEN.split(":")[0])


async def _messages(http: aiohttp.ClientSession, base: str, since: int, fragment: str) -> dict[str, Any]:
    for _ in range(50):
        async with http.get(f"{base}/_emu/bots/{BOT_ID}/users/1001/messages",
                            params={"since": since, "timeout": 2}) as response:
            chat = await response.json()
        if any(fragment in (m.get("text") or "") for m in chat["messages"] if m["from"] == "bot"):
            return dict(chat)
        since = chat["version"]
    raise AssertionError(f"no bot message containing {fragment!r}")


async def test_simulator_serves_the_page_and_the_bot(tmp_path: Path) -> None:
    port = free_port()
    stop = asyncio.Event()
    task = asyncio.create_task(simulate("127.0.0.1", port, database_url=f"sqlite+aiosqlite:///{tmp_path}/s.db",
                                        stop=stop))
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                try:
                    async with http.get(f"{base}/") as response:
                        page = await response.text()
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            assert 'dir="rtl"' in page and 'lang="fa"' in page
            await asyncio.sleep(0.5)
            async with http.post(f"{base}/_emu/bots/{BOT_ID}/users/1001/send", json={"text": "/start"}) as response:
                assert (await response.json())["ok"]
            chat = await _messages(http, base, 0, "به همیار خوش آمدید")
            welcome = next(m for m in chat["messages"] if "خوش آمدید" in (m.get("text") or ""))
            buttons = [b for row in welcome["inline_buttons"] for b in row]
            assert [b["text"] for b in buttons] == ["فارسی", "English"]
            async with http.post(f"{base}/_emu/bots/{BOT_ID}/users/1001/press",
                                 json={"message_id": welcome["message_id"],
                                       "callback_data": buttons[0]["callback_data"]}) as response:
                assert (await response.json())["ok"]
            await _messages(http, base, chat["version"], "آیا موافقید؟")
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


def test_every_command_has_help() -> None:
    for command in ("run", "simulate", "migrate", "worker", "poster"):
        result = subprocess.run([sys.executable, "-m", "bot", command, "--help"], capture_output=True, text=True,
                                cwd=str(ROOT), timeout=60)
        assert result.returncode == 0 and "usage: python -m bot" in result.stdout, command
    result = subprocess.run([sys.executable, "-m", "worker", "--help"], capture_output=True, text=True,
                            cwd=str(ROOT), timeout=60)
    assert result.returncode == 0 and "usage: python -m worker" in result.stdout


def test_a_taken_port_is_one_line_that_says_how_to_choose_another(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "bot", "simulate", "--port", str(port),
                                 "--database-url", f"sqlite+aiosqlite:///{tmp_path}/s.db"],
                                capture_output=True, text=True, cwd=str(ROOT), timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"hamyar: port {port} on 127.0.0.1 is taken (another simulator?); choose another: "
        f"make simulate PORT={port + 1}, or python -m bot simulate --port {port + 1}"]
    assert "Traceback" not in result.stderr + result.stdout


async def test_the_simulator_says_its_quiet_hours_at_start(tmp_path: Path, capsys: Any) -> None:
    port = free_port()
    stop = asyncio.Event()
    task = asyncio.create_task(simulate("127.0.0.1", port, database_url=f"sqlite+aiosqlite:///{tmp_path}/s.db",
                                        stop=stop, quiet_hours="22:00-08:00"))
    printed = ""
    try:
        for _ in range(100):
            printed += capsys.readouterr().out
            if "Quiet hours" in printed or task.done():
                break
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
    assert "Quiet hours (Iran time): 22:00-08:00;" in printed

"""The system's headless Chromium for the webchat tests, and just enough of the Chrome DevTools Protocol to
drive one of its tabs: run JavaScript, wait for a condition, press keys, click by text, take screenshots.

Set ``WEBCHAT_SCREENSHOT_DIR`` to keep the screenshots for a look."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (apt-get install -y chromium); headless page check skipped",
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--force-prefers-reduced-motion",
]

# How many messages the chat shows, as a condition for Page.until.
MESSAGES = "document.querySelectorAll('#messages li').length"


def keep(png: Path) -> None:
    """Copy a screenshot to WEBCHAT_SCREENSHOT_DIR when it is set (for a human look)."""
    target = os.environ.get("WEBCHAT_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(target) / png.name)


def _read_port(port_file: Path) -> int | None:
    """Chromium writes its DevTools port into the profile's DevToolsActivePort."""
    try:
        first = port_file.read_text().split()
    except OSError:
        return None
    return int(first[0]) if first else None


class Page:
    """Just enough of the Chrome DevTools Protocol to drive one tab."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self._ids = itertools.count(1)

    async def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        msg_id = next(self._ids)
        await self.ws.send_json({"id": msg_id, "method": method, "params": params or {}})
        while True:
            msg = await asyncio.wait_for(self.ws.receive(), 30)
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"devtools connection closed: {msg}")
            data = json.loads(msg.data)
            if data.get("id") == msg_id:
                if "error" in data:
                    raise RuntimeError(data["error"])
                return data.get("result", {})

    async def js(self, expression: str) -> Any:
        res = await self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
        )
        if "exceptionDetails" in res:
            raise AssertionError(f"{expression!r}: {res['exceptionDetails']}")
        return res["result"].get("value")

    async def until(self, expression: str, timeout: float = 10) -> Any:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            value = await self.js(expression)
            if value:
                return value
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out waiting for {expression}")
            await asyncio.sleep(0.1)

    async def shot(self, name: str) -> None:
        """Save a screenshot when WEBCHAT_SCREENSHOT_DIR is set (for a human look)."""
        target = os.environ.get("WEBCHAT_SCREENSHOT_DIR")
        if not target:
            return
        await asyncio.sleep(0.35)  # let toasts/dialogs settle
        res = await self.send("Page.captureScreenshot", {"format": "png"})
        path = Path(target) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(res["data"]))

    async def key(self, key: str, code: int, text: str = "", modifiers: int = 0) -> None:
        base = {
            "key": key,
            "code": key,
            "windowsVirtualKeyCode": code,
            "nativeVirtualKeyCode": code,
            "modifiers": modifiers,
        }
        await self.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": text, **base})
        await self.send("Input.dispatchKeyEvent", {"type": "keyUp", **base})

    async def click_text(self, selector: str, text: str) -> None:
        clicked = await self.js(
            f"""(() => {{
                const b = [...document.querySelectorAll({json.dumps(selector)})]
                  .find(x => x.textContent.includes({json.dumps(text)}));
                if (!b) return false; b.click(); return true; }})()"""
        )
        assert clicked, f"no {selector} with text {text!r}"

    async def click(self, selector: str) -> None:
        """Click the first element that matches a CSS selector."""
        await self.js(f"document.querySelector({json.dumps(selector)}).click()")

    async def fill(self, element_id: str, value: str) -> None:
        """Set an input's value, as pasting it would (no key events)."""
        await self.js(f"document.getElementById({json.dumps(element_id)}).value = {json.dumps(value)}")

    async def shows(self, count: int, timeout: float = 10) -> None:
        """Wait until the chat shows `count` messages."""
        await self.until(f"{MESSAGES} === {count}", timeout)

    async def choose(self, select_id: str, value: str) -> None:
        """Pick an option of a <select> as a person would: set its value and fire its change event."""
        await self.js(
            f"(() => {{ const s = document.getElementById({json.dumps(select_id)});"
            f" s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change')); }})()"
        )


@contextlib.asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[Path]:
    """Headless Chromium at a phone's size with a DevTools port, killed on the way out; its
    DevToolsActivePort file (for `open_page`)."""
    assert CHROMIUM is not None
    proc = await asyncio.create_subprocess_exec(
        CHROMIUM,
        *FLAGS,
        f"--user-data-dir={profile}",
        "--window-size=420,800",
        "--remote-debugging-port=0",
        "--remote-allow-origins=*",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        yield profile / "DevToolsActivePort"
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()


async def open_page(port_file: Path, url: str, session: aiohttp.ClientSession) -> Page:
    """The browser's tab, connected over DevTools and sent to `url`."""
    port = None
    for _ in range(200):
        port = _read_port(port_file)
        if port:
            break
        await asyncio.sleep(0.05)
    assert port, "chromium did not open its DevTools port"
    for _ in range(100):
        try:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as r:
                targets = await r.json()
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                break
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.05)
    ws = await session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
    page = Page(ws)
    await page.send("Page.navigate", {"url": url})
    return page

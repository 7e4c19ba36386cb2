"""Headless Chromium checks of the webchat page against the fake ``/_emu`` API.

Skipped (with the reason) when Chromium is not installed:
``apt-get install -y chromium``. Set ``WEBCHAT_SCREENSHOT_DIR`` to keep the
screenshots for a look.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import shutil
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.webchat.webchat_fake_emu import FakeEmu, serve

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

WELCOME = "به همیار خوش آمدید"
LABELS = ["کمپین‌های فعال", "درباره ما", "وب‌سایت بهزیستی", "ارسال شماره تلفن", "راهنما", "لغو"]


async def _chromium(*args: str, timeout: float = 90) -> str:
    proc = await asyncio.create_subprocess_exec(
        CHROMIUM,
        *FLAGS,
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    return out.decode("utf-8", errors="replace")


def _keep(png: Path) -> None:
    target = os.environ.get("WEBCHAT_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(target) / png.name)


@needs_chromium
@pytest.mark.asyncio
async def test_headless_render_and_screenshot(served, tmp_path):
    served.fake.seed_welcome(123, 1001)
    common = [
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=420,800",
        # Long polls in the fake last 0.3 s, so virtual time advances and the
        # page is dumped once the first chat snapshot has been rendered.
        "--virtual-time-budget=4000",
    ]

    dom = await _chromium(*common, "--dump-dom", served.url)
    assert 'dir="rtl"' in dom
    assert WELCOME in dom.replace("<b>", "").replace("</b>", "")
    assert "<b>همیار</b>" in dom  # the bot's simple HTML is rendered, not escaped
    for label in LABELS:
        assert label in dom, label
    assert "شهروند (۱۰۰۱)" in dom  # identity selector with the default citizen

    calls = served.fake.requests
    assert ("GET", "/_emu/bots", None) in calls
    profiles = [body for method, path, body in calls if path.endswith("/users/1001/profile")]
    assert profiles and profiles[0] == {"first_name": "شهروند", "language_code": "fa"}
    assert any(path.startswith("/_emu/bots/123/users/1001/messages?since=-1") for _, path, _ in calls)

    if served.fake.minimal:
        return  # screenshots once is enough
    png = tmp_path / "webchat-phone.png"
    await _chromium(*common, f"--screenshot={png}", served.url)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _keep(png)

    png_wide = tmp_path / "webchat-desktop.png"
    await _chromium(
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,800",
        "--virtual-time-budget=4000",
        f"--screenshot={png_wide}",
        served.url,
    )
    _keep(png_wide)


# --------------------------------------------------------------- interaction
def _save_png(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


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
        _save_png(Path(target) / f"{name}.png", base64.b64decode(res["data"]))

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


async def _open_page(port_file: Path, url: str, session: aiohttp.ClientSession) -> Page:
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


def _sent(fake: FakeEmu, user_id: int, kind: str) -> list[Any]:
    return [body for method, path, body in fake.requests if path == f"/_emu/bots/123/users/{user_id}/{kind}"]


@needs_chromium
@pytest.mark.asyncio
@pytest.mark.parametrize("minimal", [False, True], ids=["full", "minimal"])
async def test_headless_interaction(tmp_path, minimal):
    fake = FakeEmu(max_wait=5, minimal=minimal)
    fake.seed_welcome(123, 1001)
    profile = tmp_path / "profile"
    async with serve(fake) as served, aiohttp.ClientSession() as session:
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
            page = await _open_page(profile / "DevToolsActivePort", served.url, session)
            await page.until("document.querySelectorAll('#messages li').length === 1")

            # Callback button with show_alert → modal dialog with the answer.
            await page.click_text(".inline-kb button", "درباره ما")
            await page.until("document.getElementById('alert-dialog').open")
            assert "دستیار مشارکت" in await page.js("document.getElementById('alert-text').textContent")
            await page.shot("webchat-alert")
            assert _sent(fake, 1001, "press")[-1] == {"message_id": 1, "callback_data": "about"}
            await page.js("document.querySelector('#alert-dialog button').click()")

            # Callback button that edits the message → toast + edited mark, no duplicate.
            await page.click_text(".inline-kb button", "کمپین‌های فعال")
            await page.until("document.getElementById('toast-area').textContent.includes('انتخاب شد: campaigns')")
            await page.until("document.querySelector('#messages li .edited') !== null")
            assert await page.js("document.querySelectorAll('#messages li').length") == 1
            assert await page.js("document.querySelector('#messages li b').textContent") == "پویش نذر مهربانی"
            assert (
                await page.js("[...document.querySelectorAll('.inline-kb button')].map(b => b.textContent).join('|')")
                == "بازگشت"
            )
            await page.shot("webchat-toast-edited")

            # Reply button with request_contact → phone prompt (default) → own contact.
            await page.click_text("#reply-kb button", "ارسال شماره تلفن")
            await page.until("document.getElementById('phone-dialog').open")
            assert await page.js("document.getElementById('phone-input').value") == "09121234567"
            await page.shot("webchat-phone-prompt")
            await page.js("document.querySelector('#phone-form button[value=ok]').click()")
            await page.until("document.querySelectorAll('#messages li').length === 3")
            assert _sent(fake, 1001, "send")[-1] == {"contact": {"phone_number": "09121234567", "own": True}}
            await page.until("document.getElementById('reply-kb').hidden")  # bot removed the keyboard
            assert await page.js("localStorage.getItem('hamyar.webchat.phone.1001')") == '"09121234567"'

            # Someone else's contact from the attach menu.
            await page.js("document.getElementById('attach-btn').click()")
            await page.until("!document.getElementById('attach-menu').hidden")
            await page.shot("webchat-attach-menu")
            await page.js("document.querySelector('[data-action=other-contact]').click()")
            await page.until("document.getElementById('phone-dialog').open")
            await page.js("document.getElementById('phone-input').value = '۰۹۳۵ ۱۱۱ ۲۲۳۳'")
            await page.js("document.querySelector('#phone-form button[value=ok]').click()")
            await page.until("document.querySelectorAll('#messages li').length === 5")
            assert _sent(fake, 1001, "send")[-1] == {"contact": {"phone_number": "09351112233", "own": False}}

            # Keyboard: Shift+Enter makes a new line, Enter sends.
            await page.js("document.getElementById('composer-input').focus()")
            await page.send("Input.insertText", {"text": "سلام"})
            await page.key("Enter", 13, "\r", modifiers=8)
            await page.send("Input.insertText", {"text": "خط دوم"})
            assert await page.js("document.getElementById('composer-input').value") == "سلام\nخط دوم"
            await page.key("Enter", 13, "\r")
            await page.until("document.querySelectorAll('#messages li').length === 7")
            assert _sent(fake, 1001, "send")[-1] == {"text": "سلام\nخط دوم"}
            assert await page.js("document.getElementById('composer-input').value") == ""
            last_user = "[...document.querySelectorAll('#messages li.from-user .text')].pop().innerText"
            assert await page.js(last_user) == "سلام\nخط دوم"

            # Sticker and photo from the attach menu.
            for action, count in (("sticker", 9), ("photo", 11)):
                await page.js("document.getElementById('attach-btn').click()")
                await page.js(f"document.querySelector('[data-action={action}]').click()")
                await page.until(f"document.querySelectorAll('#messages li').length === {count}")
            assert {"sticker": True} in _sent(fake, 1001, "send")
            assert {"photo": True} in _sent(fake, 1001, "send")
            assert await page.js("document.querySelector('#messages .media-photo .media-label').textContent") == "عکس"

            # A document from the file picker travels as base64.
            doc = tmp_path / "نمونه.csv"
            doc.write_bytes("نام,شماره\nعلی,1\n".encode())
            root = await page.send("DOM.getDocument", {})
            node = await page.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": "#file-input"})
            await page.send("DOM.setFileInputFiles", {"files": [str(doc)], "nodeId": node["nodeId"]})
            await page.until("document.querySelectorAll('#messages li').length === 13")
            sent_doc = _sent(fake, 1001, "send")[-1]["document"]
            assert sent_doc["file_name"] == "نمونه.csv"
            assert base64.b64decode(sent_doc["content_b64"]) == doc.read_bytes()
            assert "نمونه.csv" in await page.js("document.querySelector('#messages .media-document').textContent")

            # Bot HTML is rendered safely: tags outside the subset stay text.
            chat = fake.chat(123, 1001)
            chat.add_bot(
                '<b>x</b> <script>alert(1)</script> <a href="javascript:alert(1)">y</a> <img src=x onerror=alert(1)>'
            )
            await page.until("document.querySelectorAll('#messages li').length === 14")
            last = "document.querySelector('#messages li:last-child .text')"
            assert await page.js(f"{last}.querySelectorAll('script,img').length") == 0
            assert await page.js(f"{last}.querySelector('a').hasAttribute('href')") is False
            assert "<script>alert(1)</script>" in await page.js(f"{last}.textContent")

            await page.shot("webchat-many")

            # Deleted messages disappear.
            chat.messages[-1]["deleted"] = True
            chat.bump()
            await page.until("document.querySelectorAll('#messages li').length === 13")

            # Switching identity shows that person's own (empty) chat and is remembered.
            await page.js(
                "(() => { const s = document.getElementById('identity-select');"
                " s.value = '1002'; s.dispatchEvent(new Event('change')); })()"
            )
            await page.until("!document.getElementById('empty-state').hidden")
            assert await page.js("document.querySelectorAll('#messages li').length") == 0
            assert fake.profiles[(123, 1002)] == {"first_name": "شهروند دوم", "language_code": "fa"}
            await page.shot("webchat-empty")
            await page.js("document.getElementById('start-btn').click()")
            await page.until("document.querySelectorAll('#messages li').length === 2")
            assert _sent(fake, 1002, "send") == [{"text": "/start"}]

            # A free "other id".
            await page.js(
                "(() => { const s = document.getElementById('identity-select');"
                " s.value = '__other'; s.dispatchEvent(new Event('change')); })()"
            )
            await page.until("!document.getElementById('other-id-form').hidden")
            await page.shot("webchat-other-id")
            await page.js("document.getElementById('other-id').value = '4242'")
            await page.js("document.getElementById('other-name').value = 'آزمایشگر'")
            await page.js("document.getElementById('other-id-form').requestSubmit()")
            await page.until("(123 + ':' + 4242) === window.hamyarWebchat.state.chatKey")
            # The page switches chats at once; its profile request may land a moment later.
            for _ in range(100):
                if (123, 4242) in fake.profiles:
                    break
                await asyncio.sleep(0.05)
            assert fake.profiles[(123, 4242)]["first_name"] == "آزمایشگر"

            # Reload: the identity survives, and the chat comes back from the server.
            await page.js(
                "(() => { const s = document.getElementById('identity-select');"
                " s.value = '1001'; s.dispatchEvent(new Event('change')); })()"
            )
            await page.until("document.querySelectorAll('#messages li').length === 13")
            await page.send("Page.reload")
            await page.until("document.querySelectorAll('#messages li').length === 13")
            assert await page.js("document.getElementById('identity-select').value") == "1001"
            await page.ws.close()
        finally:
            if proc.returncode is None:
                proc.kill()
            await proc.wait()


@needs_chromium
@pytest.mark.asyncio
async def test_headless_reconnects_after_server_restart(tmp_path):
    """The long-poll loop survives the server going away and coming back."""
    fake = FakeEmu(max_wait=5)
    fake.seed_welcome(123, 1001)
    profile = tmp_path / "profile"
    async with aiohttp.ClientSession() as session:
        async with serve(fake) as served:
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
            page = await _open_page(profile / "DevToolsActivePort", served.url, session)
            await page.until("document.querySelectorAll('#messages li').length === 1")
            port = served.url.rsplit(":", 1)[1].strip("/")
        try:
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
        finally:
            if proc.returncode is None:
                proc.kill()
            await proc.wait()


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
    profile = tmp_path / "profile"
    async with serve(fake) as served, aiohttp.ClientSession() as session:
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
            page = await _open_page(profile / "DevToolsActivePort", served.url, session)
            await page.until("document.querySelectorAll('#messages li').length === 1")
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
            await page.js(
                "(() => { const s = document.getElementById('bot-select');"
                " s.value = '123'; s.dispatchEvent(new Event('change')); })()"
            )
            await page.until("document.querySelector('#messages').textContent.includes('خوش آمدید')")
            assert await page.js("document.body.dataset.look") == "telegram"
            assert (
                "POST",
                "/_emu/bots/456/users/1001/profile",
                {"first_name": "شهروند", "language_code": "fa"},
            ) in fake.requests
            await page.ws.close()
        finally:
            if proc.returncode is None:
                proc.kill()
            await proc.wait()

"""A person using the webchat page in headless Chromium (driven over DevTools) against the fake ``/_emu``
API: an alert and a toast from inline buttons, their own and someone else's contact, Enter and Shift+Enter,
stickers, photos and a document, the bot's HTML kept safe, deleted messages, switching identity, reload.

Skipped (with the reason) when Chromium is not installed: ``apt-get install -y chromium``."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import aiohttp
import pytest

from tests.webchat.devtools import chromium, needs_chromium, open_page
from tests.webchat.webchat_fake_emu import FakeEmu, serve


def _sent(fake: FakeEmu, user_id: int, kind: str) -> list[Any]:
    return [body for method, path, body in fake.requests if path == f"/_emu/bots/123/users/{user_id}/{kind}"]


@needs_chromium
@pytest.mark.asyncio
@pytest.mark.parametrize("minimal", [False, True], ids=["full", "minimal"])
async def test_headless_interaction(tmp_path, minimal):
    fake = FakeEmu(max_wait=5, minimal=minimal)
    fake.seed_welcome(123, 1001)
    async with serve(fake) as served, aiohttp.ClientSession() as session, chromium(tmp_path / "profile") as port:
        page = await open_page(port, served.url, session)
        await page.shows(1)

        # Callback button with show_alert → modal dialog with the answer.
        await page.click_text(".inline-kb button", "درباره ما")
        await page.until("document.getElementById('alert-dialog').open")
        assert "دستیار مشارکت" in await page.js("document.getElementById('alert-text').textContent")
        await page.shot("webchat-alert")
        assert _sent(fake, 1001, "press")[-1] == {"message_id": 1, "callback_data": "about"}
        await page.click("#alert-dialog button")

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
        await page.click("#phone-form button[value=ok]")
        await page.shows(3)
        assert _sent(fake, 1001, "send")[-1] == {"contact": {"phone_number": "09121234567", "own": True}}
        await page.until("document.getElementById('reply-kb').hidden")  # bot removed the keyboard
        assert await page.js("localStorage.getItem('hamyar.webchat.phone.1001')") == '"09121234567"'

        # Someone else's contact from the attach menu.
        await page.click("#attach-btn")
        await page.until("!document.getElementById('attach-menu').hidden")
        await page.shot("webchat-attach-menu")
        await page.click("[data-action=other-contact]")
        await page.until("document.getElementById('phone-dialog').open")
        await page.fill("phone-input", "۰۹۳۵ ۱۱۱ ۲۲۳۳")
        await page.click("#phone-form button[value=ok]")
        await page.shows(5)
        assert _sent(fake, 1001, "send")[-1] == {"contact": {"phone_number": "09351112233", "own": False}}

        # Keyboard: Shift+Enter makes a new line, Enter sends.
        await page.js("document.getElementById('composer-input').focus()")
        await page.send("Input.insertText", {"text": "سلام"})
        await page.key("Enter", 13, "\r", modifiers=8)
        await page.send("Input.insertText", {"text": "خط دوم"})
        assert await page.js("document.getElementById('composer-input').value") == "سلام\nخط دوم"
        await page.key("Enter", 13, "\r")
        await page.shows(7)
        assert _sent(fake, 1001, "send")[-1] == {"text": "سلام\nخط دوم"}
        assert await page.js("document.getElementById('composer-input').value") == ""
        last_user = "[...document.querySelectorAll('#messages li.from-user .text')].pop().innerText"
        assert await page.js(last_user) == "سلام\nخط دوم"

        # Sticker and photo from the attach menu.
        for action, count in (("sticker", 9), ("photo", 11)):
            await page.click("#attach-btn")
            await page.click(f"[data-action={action}]")
            await page.shows(count)
        assert {"sticker": True} in _sent(fake, 1001, "send")
        assert {"photo": True} in _sent(fake, 1001, "send")
        assert await page.js("document.querySelector('#messages .media-photo .media-label').textContent") == "عکس"

        # A document from the file picker travels as base64.
        doc = tmp_path / "نمونه.csv"
        doc.write_bytes("نام,شماره\nعلی,1\n".encode())
        root = await page.send("DOM.getDocument", {})
        node = await page.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": "#file-input"})
        await page.send("DOM.setFileInputFiles", {"files": [str(doc)], "nodeId": node["nodeId"]})
        await page.shows(13)
        sent_doc = _sent(fake, 1001, "send")[-1]["document"]
        assert sent_doc["file_name"] == "نمونه.csv"
        assert base64.b64decode(sent_doc["content_b64"]) == doc.read_bytes()
        assert "نمونه.csv" in await page.js("document.querySelector('#messages .media-document').textContent")

        # Bot HTML is rendered safely: tags outside the subset stay text.
        chat = fake.chat(123, 1001)
        chat.add_bot(
            '<b>x</b> <script>alert(1)</script> <a href="javascript:alert(1)">y</a> <img src=x onerror=alert(1)>'
        )
        await page.shows(14)
        last = "document.querySelector('#messages li:last-child .text')"
        assert await page.js(f"{last}.querySelectorAll('script,img').length") == 0
        assert await page.js(f"{last}.querySelector('a').hasAttribute('href')") is False
        assert "<script>alert(1)</script>" in await page.js(f"{last}.textContent")

        await page.shot("webchat-many")

        # Deleted messages disappear.
        chat.messages[-1]["deleted"] = True
        chat.bump()
        await page.shows(13)

        # Switching identity shows that person's own (empty) chat and is remembered.
        await page.choose("identity-select", "1002")
        await page.until("!document.getElementById('empty-state').hidden")
        assert await page.js("document.querySelectorAll('#messages li').length") == 0
        assert fake.profiles[(123, 1002)] == {"first_name": "شهروند دوم", "language_code": "fa"}
        await page.shot("webchat-empty")
        await page.click("#start-btn")
        await page.shows(2)
        assert _sent(fake, 1002, "send") == [{"text": "/start"}]

        # A free "other id".
        await page.choose("identity-select", "__other")
        await page.until("!document.getElementById('other-id-form').hidden")
        await page.shot("webchat-other-id")
        await page.fill("other-id", "4242")
        await page.fill("other-name", "آزمایشگر")
        await page.js("document.getElementById('other-id-form').requestSubmit()")
        await page.until("(123 + ':' + 4242) === window.hamyarWebchat.state.chatKey")
        # The page switches chats at once; its profile request may land a moment later.
        for _ in range(100):
            if (123, 4242) in fake.profiles:
                break
            await asyncio.sleep(0.05)
        assert fake.profiles[(123, 4242)]["first_name"] == "آزمایشگر"

        # Reload: the identity survives, and the chat comes back from the server.
        await page.choose("identity-select", "1001")
        await page.shows(13)
        await page.send("Page.reload")
        await page.shows(13)
        assert await page.js("document.getElementById('identity-select').value") == "1001"
        await page.ws.close()

"""The webchat page against the real emulator (``emulator.server``), if present.

The other tests use a fake of the ``/_emu`` API; this one checks the page
and the real emulator agree. A tiny "bot" drives the Bot API side over HTTP.
"""

from __future__ import annotations

import aiohttp
import pytest

from tests.webchat.devtools import chromium, needs_chromium, open_page

try:
    from emulator.server import BotApiEmulator
except ImportError as exc:  # the emulator is written in parallel
    BotApiEmulator = None
    _IMPORT_ERROR = str(exc)
else:
    _IMPORT_ERROR = ""

needs_emulator = pytest.mark.skipif(
    BotApiEmulator is None, reason=f"emulator.server is not importable: {_IMPORT_ERROR}"
)


@needs_chromium
@needs_emulator
@pytest.mark.asyncio
async def test_page_against_real_emulator(tmp_path):
    emu = BotApiEmulator()
    token = emu.add_bot("hamyar_bot", "همیار")
    await emu.start(host="127.0.0.1", port=0)
    emu.user(token, 1001, first_name="x")
    api = f"{emu.base_url}/bot{token}"
    try:
        async with aiohttp.ClientSession() as s:

            async def call(method: str, **params):
                async with s.post(f"{api}/{method}", json=params) as r:
                    data = await r.json()
                assert data.get("ok"), (method, data)
                return data["result"]

            async def next_update():
                for _ in range(50):
                    updates = await call("getUpdates", offset=state["offset"], timeout=1)
                    if updates:
                        state["offset"] = updates[0]["update_id"] + 1
                        return updates[0]
                raise AssertionError("no update from the page")

            state = {"offset": 0}
            await call(
                "sendMessage",
                chat_id=1001,
                parse_mode="HTML",
                text="سلام! به <b>همیار</b> خوش آمدید.",
                reply_markup={"inline_keyboard": [[{"text": "کمپین‌ها", "callback_data": "camp"}]]},
            )
            await call(
                "sendMessage",
                chat_id=1001,
                text="شماره‌تان را بفرستید.",
                reply_markup={
                    "keyboard": [[{"text": "ارسال شماره تلفن", "request_contact": True}]],
                    "resize_keyboard": True,
                },
            )

            async with chromium(tmp_path / "profile") as port_file:
                page = await open_page(port_file, emu.base_url + "/", s)
                await page.shows(2)
                assert await page.js("document.querySelector('#messages b').textContent") == "همیار"
                assert await page.js("document.getElementById('bot-name').textContent") == "همیار"

                # Inline button → callback_query for the bot → its answer shows as a toast.
                await page.click_text(".inline-kb button", "کمپین‌ها")
                update = await next_update()
                assert update["callback_query"]["data"] == "camp"
                await call("answerCallbackQuery", callback_query_id=update["callback_query"]["id"], text="به‌زودی")
                await page.until("document.getElementById('toast-area').textContent.includes('به‌زودی')")

                # request_contact button → the person's own contact.
                await page.click_text("#reply-kb button", "ارسال شماره تلفن")
                await page.until("document.getElementById('phone-dialog').open")
                await page.click("#phone-form button[value=ok]")
                update = await next_update()
                contact = update["message"]["contact"]
                assert contact["phone_number"] == "09121234567"
                assert contact["user_id"] == 1001
                assert update["message"]["from"]["first_name"] == "شهروند"

                # Text from the composer, and the bot's edit shows in place.
                await page.fill("composer-input", "سلام")
                await page.click("#send-btn")
                update = await next_update()
                assert update["message"]["text"] == "سلام"
                await call("editMessageText", chat_id=1001, message_id=1, text="ویرایش‌شده توسط ربات")
                await page.until("document.querySelector('#messages li .edited') !== null")
                assert await page.js("document.querySelectorAll('#messages li').length") == 4
                await page.ws.close()
    finally:
        await emu.stop()

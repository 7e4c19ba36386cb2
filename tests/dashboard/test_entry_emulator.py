"""The emulator's Mini App support: a web_app inline button passes through in both dialects (to the chat, the user
API and a pressed message's copy), an http one is refused as the platforms refuse it, and opening one hands the page
an initData that aiogram's check accepts with the bot's token only."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from aiogram.utils.web_app import check_webapp_signature, safe_parse_webapp_init_data

from emulator import BotApiEmulator

APP = "https://dashboard.example.org/app?platform=telegram"
MARKUP = {"inline_keyboard": [[{"text": "Open", "web_app": {"url": APP}}], [{"text": "Ok", "callback_data": "ok"}]]}


@pytest.fixture(params=["telegram", "bale"])
async def emu(request: pytest.FixtureRequest) -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(dialect=request.param) as emulator:
        yield emulator


async def test_a_web_app_button_passes_through_and_opens_with_signed_init_data(emu: BotApiEmulator) -> None:
    token = emu.add_bot()
    bot = emu.bot(token)
    user = emu.user(token, 1001, first_name="Sara", language_code="fa")
    status, body = await emu.call_method(bot, "sendMessage", {"chat_id": 1001, "text": "hi",
                                                              "reply_markup": json.dumps(MARKUP)})
    assert status == 200 and body["result"]["reply_markup"]["inline_keyboard"][0][0]["web_app"] == {"url": APP}
    message = user.last_message()
    assert message is not None and message.inline_buttons[0][0].web_app == APP
    await user.press("Ok")  # the pressed message's copy reaches the bot with its web_app button (below)

    async with aiohttp.ClientSession() as http:
        chat_url = f"{emu.base_url}/_emu/bots/{bot.bot_id}/users/1001"
        async with http.get(f"{chat_url}/messages") as response:
            shown = (await response.json())["messages"][-1]["inline_buttons"][0][0]
        assert shown["web_app"] == APP and shown["callback_data"] is None
        async with http.post(f"{chat_url}/web_app", json={"text": "Open"}) as response:
            launch = (await response.json())["url"]
        async with http.post(f"{chat_url}/web_app", json={"text": "Ok"}) as response:
            assert response.status == 404  # a callback button opens no Mini App
        async with http.post(f"{emu.base_url}/bot{token}/getUpdates", json={}) as response:
            updates = (await response.json())["result"]
    pressed = next(u["callback_query"]["message"] for u in updates if "callback_query" in u)
    assert pressed["reply_markup"]["inline_keyboard"][0][0]["web_app"] == {"url": APP}

    assert launch.startswith(APP + "#tgWebAppData=")
    init_data = parse_qs(urlsplit(launch).fragment)["tgWebAppData"][0]
    data = safe_parse_webapp_init_data(token, init_data)
    assert data.user is not None and data.user.id == 1001 and data.user.first_name == "Sara"
    assert not check_webapp_signature(emu.add_bot(), init_data)  # another bot's token does not match
    assert user.open_web_app("Open").startswith(APP + "#tgWebAppData=")


async def test_a_web_app_button_must_open_an_https_page(emu: BotApiEmulator) -> None:
    token = emu.add_bot()
    for web_app in ({"url": "http://dashboard.example.org/app"}, {"url": ""}, "https://x.org", {}):
        markup = {"inline_keyboard": [[{"text": "Open", "web_app": web_app}]]}
        status, body = await emu.call_method(emu.bot(token), "sendMessage",
                                             {"chat_id": 1001, "text": "hi", "reply_markup": json.dumps(markup)})
        assert status == 400 and body["ok"] is False, web_app

"""A tiny in-memory fake of the emulator's user-side ``/_emu`` JSON API.

It follows the contract the webchat page is written against, so the page
can be tested without the real emulator (``emulator/server.py``) or a bot.
A scripted "bot" answers user actions so the page has something to show.

Run it by hand to play with the page::

    .venv/bin/python tests/webchat/webchat_fake_emu.py --port 8080
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.ports import free_port

DEFAULT_BOTS = [
    {"bot_id": 123, "username": "hamyar_bot", "first_name": "همیار", "token_hint": "123:AA…"},
]


def bot_message(message_id: int, text: str | None, **extra: Any) -> dict[str, Any]:
    """A message from the bot, in the shape the /_emu API gives the page (bot HTML)."""
    return chat_message(message_id, "bot", text, **{"parse_mode": "html", **extra})


def chat_message(message_id: int, sender: str, text: str | None, **extra: Any) -> dict[str, Any]:
    """A message in a chat as the /_emu API gives it: plain text with no keyboard unless `extra` says so."""
    msg: dict[str, Any] = {
        "message_id": message_id,
        "from": sender,
        "text": text,
        "kind": "text",
        "inline_buttons": [],
        "reply_buttons": [],
        "remove_keyboard": False,
        "edited": False,
        "deleted": False,
        "date": int(time.time()),
        "file_name": None,
        "photo": False,
        "parse_mode": "plain",
    }
    msg.update(extra)
    return msg


@dataclass
class Chat:
    bot_id: int
    user_id: int
    messages: list[dict[str, Any]] = field(default_factory=list)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    version: int = 0
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def next_id(self) -> int:
        return next(self._ids)

    def bump(self) -> None:
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    def add(self, msg: dict[str, Any]) -> dict[str, Any]:
        self.messages.append(msg)
        self.bump()
        return msg

    def add_bot(self, text: str | None, **extra: Any) -> dict[str, Any]:
        return self.add(bot_message(self.next_id(), text, **extra))

    def find(self, message_id: int) -> dict[str, Any] | None:
        return next((m for m in self.messages if m["message_id"] == message_id), None)

    def reply_keyboard(self) -> list[list[dict[str, Any]]] | None:
        for m in reversed(self.messages):
            if m["from"] != "bot" or m["deleted"]:
                continue
            if m["remove_keyboard"]:
                return None
            if m["reply_buttons"]:
                return m["reply_buttons"]
        return None

    def snapshot(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "messages": [dict(m) for m in self.messages],
            "reply_keyboard": self.reply_keyboard(),
            "callback_answers": [dict(a) for a in self.callback_answers[-5:]],
        }

    async def wait_newer(self, since: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.version <= since:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                return


class FakeEmu:
    """The fake. ``requests`` records every API call as (method, path, json)."""

    def __init__(
        self,
        bots: list[dict[str, Any]] | None = None,
        *,
        max_wait: float = 25.0,
        scripted: bool = True,
        minimal: bool = False,
    ) -> None:
        """``minimal``: answer with only the fields of the written contract (no
        top-level ``reply_keyboard``, no ``parse_mode``, no answer ids), as an
        emulator that follows the brief to the letter would."""
        self.bots = bots if bots is not None else [dict(b) for b in DEFAULT_BOTS]
        self.max_wait = max_wait
        self.scripted = scripted
        self.minimal = minimal
        self.chats: dict[tuple[int, int], Chat] = {}
        self.requests: list[tuple[str, str, Any]] = []
        self.profiles: dict[tuple[int, int], dict[str, Any]] = {}
        self._cq = itertools.count(1)

    # -- helpers -------------------------------------------------------------
    def chat(self, bot_id: int, user_id: int) -> Chat:
        key = (int(bot_id), int(user_id))
        if key not in self.chats:
            self.chats[key] = Chat(*key)
        return self.chats[key]

    def seed_welcome(self, bot_id: int, user_id: int) -> Chat:
        """One bot message with an inline keyboard and a contact reply keyboard."""
        chat = self.chat(bot_id, user_id)
        chat.add_bot(
            "سلام! به <b>همیار</b> خوش آمدید.\nبرای ادامه یکی از گزینه‌ها را بزنید.",
            inline_buttons=[
                [{"text": "کمپین‌های فعال", "callback_data": "campaigns", "url": None}],
                [
                    {"text": "درباره ما", "callback_data": "about", "url": None},
                    {"text": "وب‌سایت بهزیستی", "callback_data": None, "url": "https://www.behzisti.ir/"},
                ],
            ],
            reply_buttons=[
                [{"text": "ارسال شماره تلفن", "request_contact": True, "request_location": False}],
                [
                    {"text": "راهنما", "request_contact": False, "request_location": False},
                    {"text": "لغو", "request_contact": False, "request_location": False},
                ],
            ],
        )
        return chat

    def _bot(self, request: web.Request) -> int:
        bot_id = int(request.match_info["bot_id"])
        if not any(int(b["bot_id"]) == bot_id for b in self.bots):
            raise web.HTTPNotFound(text='{"ok": false, "description": "unknown bot"}', content_type="application/json")
        return bot_id

    async def _posted(self, request: web.Request) -> tuple[int, int, dict[str, Any]]:
        """A POST for one person's chat, recorded: the bot's id, the person's id and the JSON body."""
        bot_id = self._bot(request)
        user_id = int(request.match_info["user_id"])
        body = await request.json()
        self.requests.append(("POST", request.path, body))
        return bot_id, user_id, body

    # -- handlers ------------------------------------------------------------
    async def h_bots(self, request: web.Request) -> web.Response:
        self.requests.append(("GET", request.path, None))
        return web.json_response(self.bots)

    async def h_messages(self, request: web.Request) -> web.Response:
        bot_id = self._bot(request)
        user_id = int(request.match_info["user_id"])
        since = int(request.query.get("since", "-1"))
        timeout = min(float(request.query.get("timeout", "25")), self.max_wait)
        self.requests.append(("GET", request.path_qs, None))
        chat = self.chat(bot_id, user_id)
        await chat.wait_newer(since, timeout)
        snap = chat.snapshot()
        if self.minimal:
            del snap["reply_keyboard"]
            for m in snap["messages"]:
                m.pop("parse_mode", None)
            for a in snap["callback_answers"]:
                a.pop("callback_query_id", None)
        return web.json_response(snap)

    async def h_profile(self, request: web.Request) -> web.Response:
        bot_id, user_id, body = await self._posted(request)
        self.profiles[(bot_id, user_id)] = body
        return web.json_response({"ok": True})

    async def h_send(self, request: web.Request) -> web.Response:
        bot_id, user_id, body = await self._posted(request)
        chat = self.chat(bot_id, user_id)
        msg = chat_message(chat.next_id(), "user", None)
        if "text" in body:
            msg["text"] = str(body["text"])
        elif "contact" in body:
            msg.update(kind="contact", contact=dict(body["contact"]))
        elif body.get("sticker"):
            msg["kind"] = "sticker"
        elif body.get("photo"):
            msg.update(kind="photo", photo=True)
        elif "location" in body:
            msg.update(kind="location", location=dict(body["location"]))
        elif "document" in body:
            doc = body["document"]
            base64.b64decode(doc.get("content_b64", ""), validate=True)
            msg.update(kind="document", file_name=doc.get("file_name"))
        else:
            return web.json_response({"ok": False, "description": "empty message"}, status=400)
        chat.add(msg)
        if self.scripted:
            self._reply(chat, body)
        return web.json_response({"ok": True, "message_id": msg["message_id"]})

    async def h_press(self, request: web.Request) -> web.Response:
        bot_id, user_id, body = await self._posted(request)
        chat = self.chat(bot_id, user_id)
        target = chat.find(int(body.get("message_id", 0)))
        if target is None:
            return web.json_response({"ok": False, "description": "message not found"}, status=400)
        cq_id = str(next(self._cq))
        if self.scripted:
            data = body.get("callback_data")
            if data == "about":
                answer = {"text": "همیار، دستیار مشارکت مردمی بهزیستی", "show_alert": True}
            else:
                answer = {"text": f"انتخاب شد: {data}", "show_alert": False}
            chat.callback_answers.append({"callback_query_id": cq_id, **answer})
            if data == "campaigns":
                target["text"] = "کمپین‌های فعال:\n• <b>پویش نذر مهربانی</b>\n• <i>همراهی با سالمندان</i>"
                target["inline_buttons"] = [[{"text": "بازگشت", "callback_data": "back", "url": None}]]
                target["edited"] = True
            chat.bump()
        return web.json_response({"ok": True, "callback_query_id": cq_id})

    def _reply(self, chat: Chat, body: dict[str, Any]) -> None:
        if body.get("text") == "/start":
            self.seed_welcome(chat.bot_id, chat.user_id)
        elif "contact" in body:
            if body["contact"].get("own"):
                chat.add_bot("شماره‌تان ثبت شد. سپاس!", remove_keyboard=True)
            else:
                chat.add_bot("لطفاً فقط شمارهٔ <b>خودتان</b> را با دکمهٔ «ارسال شماره تلفن» بفرستید.")
        elif "document" in body:
            chat.add_bot(f"فایل «{body['document'].get('file_name')}» دریافت شد.")
        elif "text" in body:
            chat.add_bot(f"پیام شما: {body['text']}")
        else:
            chat.add_bot("دریافت شد.")

    def setup(self, app: web.Application) -> None:
        base = "/_emu/bots/{bot_id}/users/{user_id}"
        app.router.add_get("/_emu/bots", self.h_bots)
        app.router.add_get(base + "/messages", self.h_messages)
        app.router.add_post(base + "/send", self.h_send)
        app.router.add_post(base + "/press", self.h_press)
        app.router.add_post(base + "/profile", self.h_profile)


class Served:
    def __init__(self, fake: FakeEmu, url: str) -> None:
        self.fake = fake
        self.url = url


@contextlib.asynccontextmanager
async def serve(fake: FakeEmu, port: int | None = None):
    """Serve the page and the fake API on 127.0.0.1 (a free port by default)."""
    runner = web.AppRunner(make_app(fake), shutdown_timeout=0.5)
    await runner.setup()
    port = port or free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield Served(fake, f"http://127.0.0.1:{port}/")
    finally:
        await runner.cleanup()


def make_app(fake: FakeEmu) -> web.Application:
    from emulator.webchat import setup_webchat

    app = web.Application()
    setup_webchat(app)
    fake.setup(app)
    return app


if __name__ == "__main__":  # pragma: no cover - manual use
    import argparse
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--two-bots", action="store_true", help="a Telegram and a Bale bot")
    args = parser.parse_args()
    bots = [dict(b) for b in DEFAULT_BOTS]
    if args.two_bots:
        bots.append({"bot_id": 456, "username": "hamyar_bale_bot", "first_name": "همیار (بله)", "platform": "bale"})
    web.run_app(make_app(FakeEmu(bots)), host="127.0.0.1", port=args.port)

"""The user-side JSON API under /_emu, used by the web chat page and benchmarks."""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator.errors import DIALECTS
from emulator.state import BotState, Chat
from emulator.userside import active_reply_keyboard, entry_json, press_button, user_message
from emulator.webapp import open_web_app

if TYPE_CHECKING:
    from emulator.server import BotApiEmulator

_MAX_WAIT = 60.0


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=lambda d: json.dumps(d, ensure_ascii=False))


def _fail(status: int, description: str) -> web.HTTPException:
    """Return an HTTP error with a JSON body {"ok": false, "description": ...}."""
    body = json.dumps({"ok": False, "description": description}, ensure_ascii=False)
    kind = web.HTTPNotFound if status == 404 else web.HTTPBadRequest
    return kind(text=body, content_type="application/json")


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.body_exists:
        return {}
    try:
        data = await request.json()
    except ValueError:
        raise _fail(400, "body must be a JSON object") from None
    if not isinstance(data, dict):
        raise _fail(400, "body must be a JSON object")
    return data


def add_user_routes(app: web.Application, emu: BotApiEmulator) -> None:
    """Register the /_emu routes on ``app``."""

    def bot_and_chat(request: web.Request) -> tuple[BotState, Chat]:
        try:
            bot_id = int(request.match_info["bot_id"])
            user_id = int(request.match_info["user_id"])
        except ValueError:
            raise _fail(400, "bot_id and user_id must be integers") from None
        bot = emu.bots.get(bot_id)
        if bot is None:
            raise _fail(404, f"no bot {bot_id}")
        if user_id <= 0:
            raise _fail(400, "user_id must be positive")
        return bot, bot.chat(user_id, opened=True)

    async def list_bots(request: web.Request) -> web.Response:
        return _json(
            [
                {"bot_id": b.bot_id, "username": b.username, "first_name": b.first_name, "token_hint": b.token_hint}
                for b in emu.bots.values()
            ]
        )

    async def send(request: web.Request) -> web.Response:
        bot, chat = bot_and_chat(request)
        body = await _body(request)
        try:
            message = _send_from_body(emu, bot, chat, body)
        except (ValueError, TypeError, KeyError, binascii.Error) as exc:
            raise _fail(400, str(exc)) from None
        return _json({"ok": True, "message_id": message["message_id"], "version": chat.version})

    async def press(request: web.Request) -> web.Response:
        bot, chat = bot_and_chat(request)
        body = await _body(request)
        wanted = body.get("callback_data") or body.get("text")
        if not isinstance(wanted, str):
            raise _fail(400, "callback_data is required")
        message_id = body.get("message_id")
        try:
            # The chat page presses buttons on older messages on purpose: no staleness check here.
            query_id = press_button(emu, bot, chat, wanted, int(message_id) if message_id is not None else None,
                                    stale_ok=True)
        except (LookupError, ValueError) as exc:
            raise _fail(404, str(exc).splitlines()[0]) from None
        return _json({"ok": True, "callback_query_id": query_id})

    async def web_app(request: web.Request) -> web.Response:
        bot, chat = bot_and_chat(request)
        body = await _body(request)
        wanted = body.get("text")
        if not isinstance(wanted, str):
            raise _fail(400, "text (the button's words) is required")
        message_id = body.get("message_id")
        try:
            url = open_web_app(bot, chat, wanted, int(message_id) if message_id is not None else None)
        except (LookupError, ValueError) as exc:
            raise _fail(404, str(exc).splitlines()[0]) from None
        return _json({"ok": True, "url": url})

    async def messages(request: web.Request) -> web.Response:
        _, chat = bot_and_chat(request)
        try:
            since = int(request.query.get("since", "-1"))
            timeout = min(_MAX_WAIT, max(0.0, float(request.query.get("timeout", "0"))))
        except ValueError:
            raise _fail(400, "since and timeout must be numbers") from None
        if chat.version <= since and timeout > 0:
            await chat.wait_change(timeout)
        return _json(
            {
                "version": chat.version,
                "messages": [entry_json(entry) for entry in chat.history.values()],
                "reply_keyboard": active_reply_keyboard(chat),
                "callback_answers": [
                    {
                        "callback_query_id": a.callback_query_id,
                        "text": a.text,
                        "show_alert": a.show_alert,
                        "url": a.url,
                        "date": a.date,
                    }
                    for a in (chat.answers or [])[-5:]
                ],
                "profile": chat.user_dict(),
            }
        )

    async def profile(request: web.Request) -> web.Response:
        _, chat = bot_and_chat(request)
        body = await _body(request)
        for name in ("first_name", "last_name", "username", "language_code"):
            if name in body:
                value = body[name]
                if value is not None and not isinstance(value, str):
                    raise _fail(400, f"{name} must be a string")
                if name == "first_name" and not value:
                    raise _fail(400, "first_name must not be empty")
                setattr(chat, name, value or None)
        return _json({"ok": True, "profile": chat.user_dict()})

    async def get_faults(request: web.Request) -> web.Response:
        return _json(emu.faults.to_json())

    async def set_faults(request: web.Request) -> web.Response:
        try:
            emu.faults.update(await _body(request))
        except (ValueError, TypeError) as exc:
            raise _fail(400, str(exc)) from None
        return _json(emu.faults.to_json())

    async def get_stats(request: web.Request) -> web.Response:
        return _json(
            emu.stats.to_json(
                include_times=request.query.get("times") in ("1", "true"),
                include_chats=request.query.get("chats", "1") not in ("0", "false"),
            )
        )

    async def reset_stats(request: web.Request) -> web.Response:
        emu.reset_stats()
        return _json({"ok": True})

    async def set_dialect(request: web.Request) -> web.Response:
        dialect = (await _body(request)).get("dialect")
        if dialect not in DIALECTS:
            raise _fail(400, f"dialect must be one of {', '.join(DIALECTS)}")
        emu.dialect = dialect
        return _json({"ok": True, "dialect": emu.dialect})

    async def get_dialect(request: web.Request) -> web.Response:
        return _json({"dialect": emu.dialect})

    chat_path = "/_emu/bots/{bot_id}/users/{user_id}"
    app.router.add_get("/_emu/bots", list_bots)
    app.router.add_post(f"{chat_path}/send", send)
    app.router.add_post(f"{chat_path}/press", press)
    app.router.add_post(f"{chat_path}/web_app", web_app)
    app.router.add_get(f"{chat_path}/messages", messages)
    app.router.add_post(f"{chat_path}/profile", profile)
    app.router.add_get("/_emu/faults", get_faults)
    app.router.add_post("/_emu/faults", set_faults)
    app.router.add_get("/_emu/stats", get_stats)
    app.router.add_post("/_emu/stats/reset", reset_stats)
    app.router.add_get("/_emu/dialect", get_dialect)
    app.router.add_post("/_emu/dialect", set_dialect)


def _send_from_body(emu: BotApiEmulator, bot: BotState, chat: Chat, body: dict[str, Any]) -> dict[str, Any]:
    """Turn a user-side send request into a message update."""
    if "text" in body:
        text = body["text"]
        if not isinstance(text, str) or not text:
            raise ValueError("text must be a non-empty string")
        return user_message(emu, bot, chat, "text", text=text)
    if "contact" in body:
        contact = body["contact"] or {}
        own = bool(contact.get("own", True))
        shared: dict[str, Any] = {
            "phone_number": str(contact.get("phone_number", "")),
            "first_name": contact.get("first_name") or (chat.first_name if own else "Other"),
            "user_id": chat.chat_id if own else int(contact.get("user_id") or chat.chat_id + 1_000_000_000),
        }
        if not shared["phone_number"]:
            raise ValueError("contact.phone_number is required")
        return user_message(emu, bot, chat, "contact", contact=shared)
    if body.get("sticker"):
        return user_message(emu, bot, chat, "sticker")
    if body.get("photo"):
        return user_message(emu, bot, chat, "photo", text=body.get("caption"))
    if "location" in body:
        location = body["location"] or {}
        point = {"latitude": float(location["latitude"]), "longitude": float(location["longitude"])}
        return user_message(emu, bot, chat, "location", location=point)
    if "document" in body:
        document = body["document"] or {}
        content = base64.b64decode(document.get("content_b64", ""), validate=True)
        return user_message(
            emu,
            bot,
            chat,
            "document",
            text=body.get("caption"),
            file_name=str(document.get("file_name") or "file.bin"),
            content=content,
        )
    raise ValueError("nothing to send: give text, contact, sticker, photo, location or document")

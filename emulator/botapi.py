"""HTTP routes of the bot side: /bot<token>/<method> and /file/bot<token>/<path>."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web
from multidict import MultiDictProxy

from emulator import admin, methods, payments  # noqa: F401  (importing registers the methods)
from emulator.errors import ApiError, bad_request, method_not_found, unauthorized
from emulator.methods import Upload
from emulator.params import METHODS, Call
from emulator.state import BotState

if TYPE_CHECKING:
    from emulator.server import BotApiEmulator

_JSON = "application/json"


def envelope_response(status: int, body: dict[str, Any]) -> web.Response:
    """Return a JSON response in the Bot API envelope."""
    return web.Response(
        body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        status=status,
        content_type=_JSON,
    )


async def dispatch(emu: BotApiEmulator, bot: BotState, name: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Run one Bot API method and return (HTTP status, envelope)."""
    entry = METHODS.get(name.lower())
    try:
        if entry is None:
            raise method_not_found()
        handler, is_send = entry
        if name.lower() in emu.faults.not_implemented:
            raise ApiError(501, "Not Implemented")
        if is_send:
            emu.stats.send_calls += 1
        result = await handler(Call(emu, bot, params))
    except ApiError as exc:
        emu.stats.count_error(exc.code, params.get("chat_id"))
        return exc.code, exc.envelope()
    return 200, {"ok": True, "result": result}


async def read_params(request: web.Request) -> dict[str, Any]:
    """Merge query parameters and a JSON, urlencoded or multipart body."""
    params: dict[str, Any] = dict(request.query) if request.query_string else {}
    if request.method != "POST" or not request.body_exists:
        return params
    if request.content_type == _JSON:
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON object")
        params.update(body)
        return params
    form: MultiDictProxy[Any] = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = Upload(value.filename, value.file.read(), value.content_type)
        else:
            params[key] = value
    return params


def add_bot_routes(app: web.Application, emu: BotApiEmulator) -> None:
    """Register the Bot API and file download routes on ``app``."""

    async def handle_method(request: web.Request) -> web.StreamResponse:
        bot = emu.bot_by_token(request.match_info["token"])
        method = request.match_info["method"]
        if emu.faults.delay_ms and method.lower() != "getupdates":
            await asyncio.sleep(emu.faults.delay_ms / 1000)
        if bot is None:
            return envelope_response(401, unauthorized().envelope())
        try:
            params = await read_params(request)
        except ApiError as exc:
            return envelope_response(exc.code, exc.envelope())
        status, body = await dispatch(emu, bot, method, params)
        return envelope_response(status, body)

    async def handle_file(request: web.Request) -> web.StreamResponse:
        bot = emu.bot_by_token(request.match_info["token"])
        if bot is None:
            return envelope_response(401, unauthorized().envelope())
        stored = emu.files.by_path(request.match_info["path"])
        if stored is None or stored.content is None:
            return envelope_response(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        return web.Response(
            body=stored.content,
            content_type=stored.mime_type or "application/octet-stream",
        )

    app.router.add_route("*", "/bot{token}/{method}", handle_method)
    app.router.add_get("/file/bot{token}/{path:.+}", handle_file)

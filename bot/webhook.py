"""Webhook mode: an aiohttp server taking updates for each bot, with its secret checked, and /healthz."""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any

from aiogram import Bot
from aiohttp import web
from sqlalchemy import text

from bot.factory import App

log = logging.getLogger(__name__)


def webhook_path(platform: str, secret: str) -> str:
    """Telegram checks a secret header; Bale sends no header, so its secret is in the path."""
    return f"/webhook/{platform}/{secret}" if platform == "bale" else f"/webhook/{platform}"


def create_webhook_app(app: App, secret: str) -> web.Application:
    """The aiohttp application: one webhook route per bot and a health endpoint."""
    web_app = web.Application(client_max_size=2 * 1024 * 1024)
    tasks: set[asyncio.Task[Any]] = set()

    def handler_for(bot: Bot, platform: str) -> Any:
        async def handle(request: web.Request) -> web.Response:
            if platform != "bale":
                given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
                if not hmac.compare_digest(given, secret):
                    log.warning("webhook call with a wrong secret refused", extra={"bot_id": bot.id})
                    return web.Response(status=401, text="unauthorized")
            try:
                payload = await request.json()
            except ValueError:
                return web.Response(status=400, text="bad json")
            # Answer at once; the update is handled in the background (Telegram retries slow answers).
            task = asyncio.create_task(app.dispatcher.feed_raw_update(bot, payload))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            return web.Response(text="ok")

        return handle

    for bot in app.bots:
        platform = app.platforms[bot.id]
        web_app.router.add_post(webhook_path(platform, secret), handler_for(bot, platform))

    async def wrong_secret(request: web.Request) -> web.Response:
        log.warning("webhook call with a wrong secret path refused")
        return web.Response(status=401, text="unauthorized")

    web_app.router.add_post("/webhook/{tail:.*}", wrong_secret)

    async def health(request: web.Request) -> web.Response:
        checks: dict[str, str] = {}
        try:
            async with app.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"error: {type(exc).__name__}"
        storage = app.dispatcher.storage
        redis = getattr(storage, "redis", None)
        if redis is not None:
            try:
                await redis.ping()
                checks["redis"] = "ok"
            except Exception as exc:
                checks["redis"] = f"error: {type(exc).__name__}"
        healthy = all(value == "ok" for value in checks.values())
        return web.json_response({"status": "ok" if healthy else "degraded", **checks,
                                  "in_flight": app.in_flight.count}, status=200 if healthy else 503)

    web_app.router.add_get("/healthz", health)

    async def drain(_: web.Application) -> None:
        if tasks:
            await asyncio.wait(tasks, timeout=30)

    web_app.on_shutdown.append(drain)
    return web_app

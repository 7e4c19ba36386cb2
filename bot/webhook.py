"""Webhook mode: an aiohttp server taking updates for each bot, with its secret checked, and /healthz."""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any

from aiogram.types import Update
from aiohttp import web

from bot.factory import App
from bot.platform_bot import PlatformBot, log_fields
from bot.updates import validate_update
from storage.db import ping

log = logging.getLogger(__name__)

# How long the platform's request is held while its update is handled. Answering after the update is
# handled keeps each chat's updates in order (Telegram sends a chat's next update only once the last one
# is answered) and holds the platform back while this process is busy; an update slower than this is
# answered anyway and finishes in the background (Telegram resends what is unanswered after 60 s).
ANSWER_WITHIN = 5.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_path(platform: str, secret: str) -> str:
    """Telegram checks a secret header; Bale sends no header, so its secret is in the path."""
    return f"/webhook/{platform}/{secret}" if platform == "bale" else f"/webhook/{platform}"


def _same_secret(given: str, secret: str) -> bool:
    # Bytes, not str: compare_digest refuses non-ASCII strings, and a header may hold anything.
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), secret.encode("utf-8"))


def create_webhook_app(app: App, secret: str, concurrency: int = 64) -> web.Application:
    """The aiohttp application: one webhook route per bot, a health endpoint, at most `concurrency`
    updates handled at once (further requests wait, which holds the platform back)."""
    web_app = web.Application(client_max_size=2 * 1024 * 1024)
    tasks: set[asyncio.Task[Any]] = set()
    slots = asyncio.Semaphore(concurrency)

    async def handle_update(bot: PlatformBot, update: Update) -> None:
        try:
            await app.dispatcher.feed_update(bot, update)
        except Exception:
            # The error handler answers handler failures; this is only what escaped it.
            log.exception("update failed", extra={**log_fields(bot), "update_id": update.update_id})
        finally:
            slots.release()

    def handler_for(bot: PlatformBot) -> Any:
        async def handle(request: web.Request) -> web.Response:
            if bot.platform != "bale" and not _same_secret(request.headers.get(SECRET_HEADER, ""), secret):
                log.warning("webhook call with a wrong secret refused", extra=log_fields(bot))
                return web.Response(status=401, text="unauthorized")
            try:
                payload = await request.json()
            except ValueError:
                # Acknowledged all the same: the platform would resend it forever.
                log.warning("webhook body is not JSON; skipped", extra=log_fields(bot))
                return web.Response(text="ok")
            update = validate_update(payload, bot, "webhook")
            if update is None:
                return web.Response(text="ok")
            await slots.acquire()
            task = asyncio.create_task(handle_update(bot, update))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            await asyncio.wait({task}, timeout=ANSWER_WITHIN)
            return web.Response(text="ok")

        return handle

    for bot in app.bots:
        web_app.router.add_post(webhook_path(bot.platform, secret), handler_for(bot))

    async def wrong_secret(request: web.Request) -> web.Response:
        # Only the first part of the path is logged: the rest may be a (wrong or old) secret.
        log.warning("webhook call to an unknown bot or with a wrong secret path refused",
                    extra={"path_start": request.match_info.get("tail", "").split("/", 1)[0][:20]})
        return web.Response(status=401, text="unauthorized")

    web_app.router.add_post("/webhook/{tail:.*}", wrong_secret)

    async def health(request: web.Request) -> web.Response:
        checks: dict[str, str] = {}
        try:
            await ping(app.engine)
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

"""Webhook delivery (secret header per dialect, concurrency up to max_connections, each chat in order),
getUpdates conflicts, and several servers (or bot processes) sharing one port."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramConflictError
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from emulator import BotApiEmulator
from tests.ports import free_port

pytestmark = pytest.mark.asyncio
ROOT = Path(__file__).resolve().parents[2]


class Receiver:
    """A tiny webhook endpoint recording what it gets."""

    def __init__(self) -> None:
        self.received: asyncio.Queue[tuple[dict[str, Any], str | None]] = asyncio.Queue()
        self.fail_next = 0
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=500)
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        await self.received.put((await request.json(), secret))
        return web.json_response({})


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator[Receiver]:
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/hook", rec.handle)
    runner, base = await serve(app)
    rec.url = f"{base}/hook"
    yield rec
    await runner.cleanup()


async def test_webhook_with_secret_header(emu: BotApiEmulator, token: str, bot: Bot, receiver: Receiver) -> None:
    assert await bot.set_webhook(receiver.url, secret_token="s3cret")
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    user = emu.user(token, user_id=1001)
    await user.send_text("to the hook")
    update, secret = await asyncio.wait_for(receiver.received.get(), 5)
    assert update["message"]["text"] == "to the hook" and secret == "s3cret"
    info = await bot.get_webhook_info()
    assert info.url == receiver.url and info.pending_update_count == 0


async def test_bale_webhook_has_no_secret_header(emu: BotApiEmulator, token: str, bot: Bot, receiver: Receiver) -> None:
    emu.dialect = "bale"
    await bot.set_webhook(receiver.url, secret_token="s3cret")
    await emu.user(token, user_id=1001).send_text("bale")
    update, secret = await asyncio.wait_for(receiver.received.get(), 5)
    assert update["message"]["text"] == "bale" and secret is None


async def test_webhook_retries_in_order_then_delete(
    emu: BotApiEmulator, token: str, bot: Bot, receiver: Receiver
) -> None:
    receiver.fail_next = 2
    await bot.set_webhook(receiver.url)
    user = emu.user(token, user_id=1001)
    await user.send_text("one")
    await user.send_text("two")
    first, _ = await asyncio.wait_for(receiver.received.get(), 5)
    second, _ = await asyncio.wait_for(receiver.received.get(), 5)
    assert [first["message"]["text"], second["message"]["text"]] == ["one", "two"]
    info = await bot.get_webhook_info()
    assert info.last_error_message and "500" in info.last_error_message
    await bot.delete_webhook()
    await user.send_text("queued")
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == []


async def test_aiogram_webhook_reply_method_is_executed(emu: BotApiEmulator, token: str, bot: Bot) -> None:
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> Any:
        return message.answer(f"reply {message.text}")

    app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot, handle_in_background=False).register(app, path="/wh")
    runner, base = await serve(app)
    try:
        await bot.set_webhook(f"{base}/wh")
        user = emu.user(token, user_id=1001)
        await user.send_text("ping")
        assert (await user.wait_for_message()).text == "reply ping"
    finally:
        await runner.cleanup()


# -- concurrent delivery, as Telegram does ------------------------------------------------------------


class SlowReceiver:
    """A webhook endpoint that holds every request until released, counting those held at once."""

    def __init__(self) -> None:
        self.held = 0
        self.most_held = 0
        self.arrived: list[str] = []
        self.release = asyncio.Event()
        self.changed = asyncio.Event()
        self.hold_only: set[str] | None = None  # hold only these texts (None: hold all)

    async def handle(self, request: web.Request) -> web.Response:
        update = await request.json()
        text = update["message"]["text"]
        self.arrived.append(text)
        self.changed.set()
        if self.hold_only is None or text in self.hold_only:
            self.held += 1
            self.most_held = max(self.most_held, self.held)
            try:
                await self.release.wait()
            finally:
                self.held -= 1
        return web.json_response({})

    async def wait_for(self, condition: Any, timeout: float = 5) -> None:
        async def loop() -> None:
            while not condition():
                self.changed.clear()
                await self.changed.wait()
        await asyncio.wait_for(loop(), timeout)


@pytest_asyncio.fixture
async def slow() -> AsyncIterator[tuple[SlowReceiver, str]]:
    rec = SlowReceiver()
    app = web.Application()
    app.router.add_post("/hook", rec.handle)
    runner, base = await serve(app)
    yield rec, f"{base}/hook"
    rec.release.set()
    await runner.cleanup()


@pytest_asyncio.fixture
async def holding_a1(bot: Bot, slow: tuple[SlowReceiver, str]) -> SlowReceiver:
    """The bot's webhook set to a receiver that holds the update "a1" until released and takes the rest at once."""
    receiver, url = slow
    receiver.hold_only = {"a1"}
    await bot.set_webhook(url)
    return receiver


async def test_delivery_uses_up_to_max_connections_at_once(
    emu: BotApiEmulator, token: str, bot: Bot, slow: tuple[SlowReceiver, str]
) -> None:
    receiver, url = slow
    await bot.set_webhook(url, max_connections=3)
    info = await bot.get_webhook_info()
    assert info.max_connections == 3
    for user_id in range(1001, 1006):
        await emu.user(token, user_id=user_id).send_text(f"from {user_id}")
    await receiver.wait_for(lambda: receiver.held == 3)
    await asyncio.sleep(0.2)  # room for a fourth request, were the limit not kept
    assert receiver.held == 3 and emu.webhooks.in_flight(emu.bot(token)) == 3
    assert (await bot.get_webhook_info()).pending_update_count == 5
    receiver.release.set()
    await receiver.wait_for(lambda: len(receiver.arrived) == 5)
    assert sorted(receiver.arrived) == [f"from {user_id}" for user_id in range(1001, 1006)]
    assert receiver.most_held == 3
    for _ in range(100):
        if (await bot.get_webhook_info()).pending_update_count == 0:
            break
        await asyncio.sleep(0.02)
    assert (await bot.get_webhook_info()).pending_update_count == 0


async def test_max_connections_defaults_to_40_and_is_clamped(
    emu: BotApiEmulator, token: str, bot: Bot, receiver: Receiver
) -> None:
    await bot.set_webhook(receiver.url)
    assert (await bot.get_webhook_info()).max_connections == 40
    await bot.set_webhook(receiver.url, max_connections=1000)
    assert (await bot.get_webhook_info()).max_connections == 100


async def test_a_chat_waits_for_its_previous_update_while_other_chats_go_on(
    emu: BotApiEmulator, token: str, holding_a1: SlowReceiver
) -> None:
    receiver = holding_a1
    sara, ali = emu.user(token, user_id=1001), emu.user(token, user_id=1002)
    await sara.send_text("a1")
    await receiver.wait_for(lambda: receiver.held == 1)
    await sara.send_text("a2")
    await sara.send_text("a3")
    await ali.send_text("b1")
    await ali.send_text("b2")
    await receiver.wait_for(lambda: "b2" in receiver.arrived)
    await asyncio.sleep(0.2)  # room for a2, were the chat's order not kept
    assert receiver.arrived == ["a1", "b1", "b2"]
    receiver.release.set()
    await receiver.wait_for(lambda: len(receiver.arrived) == 5)
    assert [text for text in receiver.arrived if text.startswith("a")] == ["a1", "a2", "a3"]


async def test_setting_the_same_webhook_again_keeps_deliveries_going(
    emu: BotApiEmulator, token: str, bot: Bot, slow: tuple[SlowReceiver, str]
) -> None:
    receiver, url = slow
    await bot.set_webhook(url, secret_token="s3cret")
    await emu.user(token, user_id=1001).send_text("held")
    await receiver.wait_for(lambda: receiver.held == 1)
    assert await bot.set_webhook(url, secret_token="s3cret")  # a second bot process starting
    receiver.release.set()
    await asyncio.sleep(0.2)
    assert receiver.arrived == ["held"]  # delivered once: the request in flight was not cut and resent


async def test_updates_delivered_out_of_order_are_not_delivered_again(
    emu: BotApiEmulator, token: str, bot: Bot, holding_a1: SlowReceiver
) -> None:
    receiver = holding_a1
    await emu.user(token, user_id=1001).send_text("a1")
    await receiver.wait_for(lambda: receiver.held == 1)
    await emu.user(token, user_id=1002).send_text("b1")
    await receiver.wait_for(lambda: "b1" in receiver.arrived)
    for _ in range(100):
        if (await bot.get_webhook_info()).pending_update_count == 1:
            break
        await asyncio.sleep(0.02)
    assert (await bot.get_webhook_info()).pending_update_count == 1  # a1, still unanswered
    await bot.delete_webhook()
    assert [update.message.text for update in await bot.get_updates() if update.message] == ["a1"]


# -- several servers on one port ------------------------------------------------------------------------


async def test_two_servers_sharing_a_port_with_reuse_port_both_receive_updates(
    emu: BotApiEmulator, token: str, bot: Bot
) -> None:
    port = free_port()
    got: list[list[int]] = [[], []]
    runners = []
    for index in range(2):
        async def handle(request: web.Request, index: int = index) -> web.Response:
            update = await request.json()
            await asyncio.sleep(0.05)  # a little work, so deliveries overlap and open several connections
            got[index].append(update["message"]["from"]["id"])
            return web.json_response({})

        app = web.Application()
        app.router.add_post("/hook", handle)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port, reuse_port=True).start()
        runners.append(runner)
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook")
        users = range(2001, 2021)
        for user_id in users:
            await emu.user(token, user_id=user_id).send_text("hello")
        for _ in range(250):
            if len(got[0]) + len(got[1]) == len(users):
                break
            await asyncio.sleep(0.02)
        assert sorted(got[0] + got[1]) == list(users)
        assert got[0] and got[1], f"one server got everything: {len(got[0])} and {len(got[1])}"
    finally:
        for runner in runners:
            await runner.cleanup()


async def test_two_bot_processes_on_one_port_share_the_updates(
    emu: BotApiEmulator, token: str, db_url: str, redis_url: str | None, tmp_path: Path
) -> None:
    if db_url.startswith("sqlite") or redis_url is None:
        pytest.skip("several bot processes need PostgreSQL and Redis (SQLite is one process's database)")
    port = free_port()
    env = {**os.environ, "TELEGRAM_TOKEN": token, "TELEGRAM_API_BASE": emu.base_url, "DATABASE_URL": db_url,
           "REDIS_URL": redis_url, "MODE": "webhook", "WEBHOOK_BASE_URL": f"http://127.0.0.1:{port}",
           "WEBHOOK_SECRET": "two-processes-secret", "WEBHOOK_HOST": "127.0.0.1", "WEBHOOK_PORT": str(port),
           "LOG_FORMAT": "json", "LOG_LEVEL": "INFO", "DB_POOL_SIZE": "5"}
    logs = [tmp_path / f"bot{index}.log" for index in range(2)]
    processes = []
    for log_path in logs:
        with log_path.open("wb") as err:
            processes.append(await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", env=env, cwd=ROOT,
                stdout=asyncio.subprocess.DEVNULL, stderr=err))
    try:
        for _ in range(600):
            if all("webhook server listening" in path.read_text() for path in logs):
                break
            for process in processes:
                assert process.returncode is None, "a bot process ended: " + " ".join(p.read_text() for p in logs)
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the bot processes did not start: " + " ".join(p.read_text() for p in logs))
        users = [emu.user(token, user_id=user_id, first_name="Sara") for user_id in range(4001, 4021)]
        for user in users:
            await user.send_text("/start")
        for user in users:
            await user.wait_for_message(lambda message: "زبان" in (message.text or ""), timeout=20)
    finally:
        for process in processes:
            if process.returncode is None:
                process.terminate()
        for process in processes:
            await asyncio.wait_for(process.wait(), 45)
    handled = [_handled_updates(path) for path in logs]
    assert sum(handled) == len(users), handled
    assert all(count > 0 for count in handled), f"one process handled everything: {handled}"
    for path in logs:
        assert '"level": "error"' not in path.read_text()


def _handled_updates(path: Path) -> int:
    """Updates a bot process handled, from its log (one "update" line each)."""
    count = 0
    for line in path.read_text().splitlines():
        with contextlib.suppress(ValueError):
            record = json.loads(line)
            count += record.get("logger") == "hamyar.updates" and record.get("event") == "update"
    return count

"""Fixtures: a running emulator, a registered bot and a real aiogram Bot pointed at it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest_asyncio
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from emulator import BotApiEmulator


@pytest_asyncio.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator()
    await emulator.start(host="127.0.0.1", port=0)
    try:
        yield emulator
    finally:
        await emulator.stop()


@pytest_asyncio.fixture
async def token(emu: BotApiEmulator) -> str:
    return emu.add_bot(username="hamyar_bot", first_name="Hamyar")


BotFactory = Callable[..., Bot]


@pytest_asyncio.fixture
async def make_bot(emu: BotApiEmulator) -> AsyncIterator[BotFactory]:
    """Return a factory of aiogram Bots talking to the emulator over HTTP (closed at teardown)."""
    made: list[Bot] = []

    def factory(token: str, timeout: float = 10) -> Bot:
        session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url), timeout=timeout)
        made.append(Bot(token, session=session))
        return made[-1]

    yield factory
    for client in made:
        await client.session.close()


@pytest_asyncio.fixture
async def bot(make_bot: BotFactory, token: str) -> Bot:
    return make_bot(token)


Runner = Callable[[Dispatcher], Awaitable[None]]


@pytest_asyncio.fixture
async def polling(bot: Bot) -> AsyncIterator[Runner]:
    """Start a dispatcher polling the emulator; stopped at teardown."""
    started: list[tuple[Dispatcher, asyncio.Task[None]]] = []

    async def start(dispatcher: Dispatcher) -> None:
        task = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, polling_timeout=2))
        started.append((dispatcher, task))
        await asyncio.sleep(0.05)

    yield start
    for dispatcher, task in started:
        with contextlib.suppress(RuntimeError):
            await dispatcher.stop_polling()
        await asyncio.wait_for(task, 10)

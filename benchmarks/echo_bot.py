"""The floor: a bare aiogram bot that echoes text, measured the same way as Hamyar.

Run: TELEGRAM_TOKEN=... TELEGRAM_API_BASE=... python benchmarks/echo_bot.py. It runs on the event loop Hamyar's
programs run on (EVENT_LOOP, uvloop unless set to asyncio: runtime/loop.py), so the floor is measured as the bot is."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from runtime import loop  # the project's root is on the path first


async def main() -> None:
    """Echo every text message until SIGTERM."""
    bot = Bot(os.environ["TELEGRAM_TOKEN"],
              session=AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"])))
    dispatcher = Dispatcher()

    @dispatcher.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    await dispatcher.start_polling(bot, polling_timeout=25, tasks_concurrency_limit=256)


if __name__ == "__main__":
    loop.run(main(), loop.from_environment())

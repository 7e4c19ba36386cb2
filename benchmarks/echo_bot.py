"""The floor: a bare aiogram bot that echoes text, measured the same way as Hamyar.

Run: TELEGRAM_TOKEN=... TELEGRAM_API_BASE=... python benchmarks/echo_bot.py"""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message


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
    asyncio.run(main())

"""SIGTERM while an update is being handled: it finishes, and a restart neither loses nor repeats it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from emulator import BotApiEmulator
from runtime.config import ROOT
from tests.e2e.harness import expect


async def _start_bot(emu: BotApiEmulator, token: str, db_url: str, event_loop: str = "uvloop"
                     ) -> asyncio.subprocess.Process:
    env = {**os.environ, "TELEGRAM_TOKEN": token, "TELEGRAM_API_BASE": emu.base_url, "DATABASE_URL": db_url,
           "LOG_FORMAT": "text", "EVENT_LOOP": event_loop}
    env.pop("REDIS_URL", None)
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=str(ROOT), env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def _ready(emu: BotApiEmulator, token: str, process: asyncio.subprocess.Process) -> None:
    # Up to a minute to start: a loaded two-core CI machine took over 20 s to import and connect.
    for _ in range(1200):
        bot = emu.bot(token)
        if bot.commands and bot.updates.polled:
            return
        if process.returncode is not None:
            break
        await asyncio.sleep(0.05)
    if process.returncode is None:
        process.kill()
    _, stderr = await process.communicate()
    raise TimeoutError(f"bot did not start: {stderr.decode()[-3000:]}")


async def test_sigterm_finishes_updates_in_flight(db_url: str) -> None:
    emu = BotApiEmulator()
    await emu.start()
    token = emu.add_bot()
    process = await _start_bot(emu, token, db_url)
    try:
        await _ready(emu, token, process)
        user = emu.user(token, user_id=4001, first_name="Sara")
        emu.faults.delay_ms = 1500  # the bot's answer is slow: SIGTERM arrives while it is in flight
        await user.send_text("/start")
        await asyncio.sleep(0.7)
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, stderr.decode()[-2000:]
        # The bot runs in its own process, out of the error guard's reach: its log is read here instead.
        assert "Traceback" not in stderr.decode() and " ERROR " not in stderr.decode(), stderr.decode()[-2000:]
        assert "bot ready" in stderr.decode() and "event_loop=uvloop" in stderr.decode()  # the programs' default
        welcome = await expect(user, "به همیار خوش آمدید", timeout=1)
        assert welcome.button_texts() == ["فارسی", "English"]

        emu.faults.delay_ms = 0
        emu.bot(token).updates.polled = False
        process = await _start_bot(emu, token, db_url, event_loop="asyncio")  # restarted on Python's own loop
        await _ready(emu, token, process)
        await asyncio.sleep(1.0)
        welcomes = [m for m in user.messages() if "به همیار خوش آمدید" in (m.text or "")]
        assert len(welcomes) == 1  # the /start handled before SIGTERM was not handled again
        await user.send_text("/help")
        await expect(user, "/start", timeout=10)
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0 and "event_loop=asyncio" in stderr.decode(), stderr.decode()[-2000:]
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.communicate(), 30)
        await emu.stop()

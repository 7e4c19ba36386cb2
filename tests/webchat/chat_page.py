"""Acting on the simulator's chat page as a person does (Playwright): type and send, press an inline button,
wait for the bot's words."""

from __future__ import annotations

from typing import Any


async def say(page: Any, text: str) -> None:
    """Type `text` in the composer and send it with Enter."""
    await page.fill("#composer-input", text)
    await page.press("#composer-input", "Enter")


async def press(page: Any, text: str) -> None:
    """Press the newest inline button with this text."""
    await page.locator("#messages .inline-kb button", has_text=text).last.click()


async def see(page: Any, fragment: str, timeout: float = 20_000) -> None:
    """Wait until the bot's newest message holding `fragment` is on the page."""
    await page.locator("#messages li.from-bot .text", has_text=fragment).last.wait_for(timeout=timeout)

"""The system Chromium for the browser tests, driven by Playwright by its executable path (Playwright's own browser
download cannot work here), and axe-core from the vendored copy. Import `needs_chromium` as a module's pytestmark
and `launched()` in its `browser` fixture."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="chromium is not installed (apt-get install -y chromium)")
AXE = Path(__file__).parent / "webchat" / "vendor" / "axe-core" / "axe.min.js"
# Without the background-networking flags Chromium tries (and fails) to reach Google at every start.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--force-prefers-reduced-motion"]


@contextlib.asynccontextmanager
async def launched() -> AsyncIterator[Any]:
    """Headless Chromium from the system, launched by Playwright (skips the test without Playwright)."""
    playwright_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")
    async with playwright_api.async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()

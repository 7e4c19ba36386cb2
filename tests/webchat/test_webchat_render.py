"""The webchat page rendered by headless Chromium from the command line (no DevTools): the DOM it dumps once
the first chat snapshot is shown, the requests it made, and screenshots at phone and desktop sizes.

Skipped (with the reason) when Chromium is not installed: ``apt-get install -y chromium``. Set
``WEBCHAT_SCREENSHOT_DIR`` to keep the screenshots for a look."""

from __future__ import annotations

import asyncio

import pytest

from tests.webchat.devtools import CHROMIUM, FLAGS, keep, needs_chromium

WELCOME = "به همیار خوش آمدید"
LABELS = ["کمپین‌های فعال", "درباره ما", "وب‌سایت بهزیستی", "ارسال شماره تلفن", "راهنما", "لغو"]


async def _chromium(*args: str, timeout: float = 90) -> str:
    """Run Chromium headless with `args` to its end; what it printed."""
    assert CHROMIUM is not None
    proc = await asyncio.create_subprocess_exec(
        CHROMIUM,
        *FLAGS,
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    return out.decode("utf-8", errors="replace")


@needs_chromium
@pytest.mark.asyncio
async def test_headless_render_and_screenshot(served, tmp_path):
    served.fake.seed_welcome(123, 1001)
    common = [
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=420,800",
        # Long polls in the fake last 0.3 s, so virtual time advances and the
        # page is dumped once the first chat snapshot has been rendered.
        "--virtual-time-budget=4000",
    ]

    dom = await _chromium(*common, "--dump-dom", served.url)
    assert 'dir="rtl"' in dom
    assert WELCOME in dom.replace("<b>", "").replace("</b>", "")
    assert "<b>همیار</b>" in dom  # the bot's simple HTML is rendered, not escaped
    for label in LABELS:
        assert label in dom, label
    assert "شهروند (۱۰۰۱)" in dom  # identity selector with the default citizen

    calls = served.fake.requests
    assert ("GET", "/_emu/bots", None) in calls
    profiles = [body for method, path, body in calls if path.endswith("/users/1001/profile")]
    assert profiles and profiles[0] == {"first_name": "شهروند", "language_code": "fa"}
    assert any(path.startswith("/_emu/bots/123/users/1001/messages?since=-1") for _, path, _ in calls)

    if served.fake.minimal:
        return  # screenshots once is enough
    png = tmp_path / "webchat-phone.png"
    await _chromium(*common, f"--screenshot={png}", served.url)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    keep(png)

    png_wide = tmp_path / "webchat-desktop.png"
    await _chromium(
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,800",
        "--virtual-time-budget=4000",
        f"--screenshot={png_wide}",
        served.url,
    )
    keep(png_wide)

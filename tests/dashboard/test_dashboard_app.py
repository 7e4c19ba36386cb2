"""The dashboard's server: Persian right to left, its font and stylesheet from itself, a CSP with no inline
scripts, a Persian 404 page, settings and the entry point, and no aiogram in the package."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from bot.__main__ import main
from i18n import translator

ROOT = Path(__file__).resolve().parents[2]


async def test_home_is_persian_right_to_left_with_a_strict_csp(client: TestClient) -> None:
    response = await client.get("/")
    assert response.status == 200
    html = await response.text()
    assert '<html lang="fa" dir="rtl">' in html
    assert translator("fa")("dashboard-welcome-heading") in html
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert response.headers["Referrer-Policy"] == "same-origin"  # the link's token goes to no other site
    assert response.headers["Cache-Control"] == "no-store"
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline scripts"
    assert " style=" not in html, "no inline styles"


async def test_the_font_is_the_web_chats_vendored_vazirmatn(client: TestClient) -> None:
    served = await client.get("/static/fonts/Vazirmatn-Regular.woff2")
    assert served.status == 200 and served.headers["Content-Type"] == "font/woff2"
    vendored = ROOT / "emulator" / "webchat" / "static" / "fonts" / "vazirmatn" / "Vazirmatn-Regular.woff2"
    assert await served.read() == vendored.read_bytes()
    css = await client.get("/static/dashboard.css")
    assert css.status == 200 and "Vazirmatn" in await css.text()
    assert (await client.get("/static/fonts/LICENSE")).status == 404
    assert (await client.get("/static/..%2Fapp.py")).status == 404


async def test_a_missing_page_is_a_persian_404(client: TestClient) -> None:
    response = await client.get("/no-such-page")
    assert response.status == 404
    assert translator("fa")("dashboard-not-found-heading") in await response.text()
    assert "Content-Security-Policy" in response.headers


def test_entry_point_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["dashboard", "--help"])
    assert exited.value.code == 0
    assert "DASHBOARD_SECRET" in capsys.readouterr().out


def test_entry_point_without_a_secret_says_what_to_set(capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_SECRET", "")
    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:///:memory:")
    assert main(["dashboard"]) == 2
    assert "DASHBOARD_SECRET" in capsys.readouterr().err


def test_the_dashboard_package_does_not_import_aiogram() -> None:
    code = ("import sys, dashboard.app, dashboard.server; "
            "sys.exit(1 if any(m.split('.')[0] == 'aiogram' for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0

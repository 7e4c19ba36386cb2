"""The webchat page is served by ``setup_webchat`` with the right types."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import aiohttp
import pytest
from aiohttp import web

from emulator.webchat import STATIC_DIR, setup_webchat


async def _get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as s, s.get(url) as r:
        return r.status, r.headers.get("Content-Type", ""), await r.text()


@pytest.mark.asyncio
async def test_index_is_rtl_persian_html(served):
    status, ctype, body = await _get(served.url)
    assert status == 200
    assert ctype.startswith("text/html")
    assert "charset=utf-8" in ctype.lower()
    assert 'dir="rtl"' in body
    assert 'lang="fa"' in body
    assert 'src="/static/chat.js"' in body
    assert 'href="/static/chat.css"' in body


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("name", "ctype"),
    [
        ("chat.js", "text/javascript"),
        ("chat.css", "text/css"),
        ("index.html", "text/html"),
        ("icon.svg", "image/svg+xml"),
    ],
)
async def test_static_files_have_content_types(served, name, ctype):
    status, got, body = await _get(served.url + "static/" + name)
    assert status == 200
    assert got.split(";")[0].strip() == ctype
    assert body == (STATIC_DIR / name).read_text(encoding="utf-8")


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    ["static/nope.js", "static/../__init__.py", "static/%2e%2e/__init__.py", "static/..%2f__init__.py"],
)
async def test_static_rejects_missing_and_escaping_paths(served, path):
    async with aiohttp.ClientSession() as s, s.get(aiohttp.client.URL(served.url + path, encoded=True)) as r:
        assert r.status == 404


@pytest.mark.asyncio
async def test_setup_on_a_bare_app_returns_it():
    app = web.Application()
    assert setup_webchat(app) is app
    paths = {getattr(r.resource, "canonical", None) for r in app.router.routes()}
    assert "/" in paths
    assert "/static/{path}" in paths


def test_assets_are_local_only():
    """No CDN: every reference stays on this origin (the font too: served from static/fonts)."""
    external = re.compile(
        r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import"""
    )
    for path in STATIC_DIR.iterdir():
        if path.suffix in {".html", ".css", ".js"}:
            text = path.read_text(encoding="utf-8")
            assert not external.search(text), f"{path.name} references an external resource"
    assert "fetch(API" in (STATIC_DIR / "chat.js").read_text(encoding="utf-8")


class _Controls(HTMLParser):
    """Collects buttons/inputs and whether each has a Persian label."""

    def __init__(self) -> None:
        super().__init__()
        self.labels_for: set[str] = set()
        self.controls: list[dict] = []
        self._button: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label" and a.get("for"):
            self.labels_for.add(a["for"])
        if tag in {"input", "select", "textarea"}:
            self.controls.append({"tag": tag, **a, "text": ""})
        if tag == "button":
            self._button = {"tag": tag, **a, "text": ""}
            self.controls.append(self._button)

    def handle_endtag(self, tag):
        if tag == "button":
            self._button = None

    def handle_data(self, data):
        if self._button is not None:
            self._button["text"] += data


def test_every_control_has_a_persian_label():
    parser = _Controls()
    parser.feed((STATIC_DIR / "index.html").read_text(encoding="utf-8"))
    persian = re.compile(r"[\u0600-\u06FF]")
    assert parser.controls
    for c in parser.controls:
        name = c.get("aria-label") or c["text"].strip()
        if c.get("id") in parser.labels_for:
            continue
        assert name and persian.search(name), f"unlabelled control: {c}"
        if c["tag"] == "button":
            assert c.get("type") in {"button", "submit"}, c


@pytest.mark.asyncio
async def test_message_list_is_a_polite_live_region(served):
    _, _, body = await _get(served.url)
    m = re.search(r'<ol[^>]*id="messages"[^>]*>', body)
    assert m and 'aria-live="polite"' in m.group(0)


@pytest.mark.asyncio
async def test_fake_emulator_follows_the_contract(served):
    """Sanity check of the test double the browser tests rely on."""
    base = served.url + "_emu/bots/123/users/1001/"
    async with aiohttp.ClientSession() as s:
        async with s.get(served.url + "_emu/bots") as r:
            bots = await r.json()
        assert bots[0]["bot_id"] == 123
        async with s.post(base + "send", json={"text": "/start"}) as r:
            sent = await r.json()
        assert sent["ok"] and sent["message_id"] == 1
        async with s.get(base + "messages", params={"since": 0, "timeout": 1}) as r:
            chat = await r.json()
        assert chat["version"] >= 1
        assert [m["from"] for m in chat["messages"]] == ["user", "bot"]
        bot_msg = chat["messages"][1]
        async with s.post(
            base + "press", json={"message_id": bot_msg["message_id"], "callback_data": "campaigns"}
        ) as r:
            assert (await r.json())["callback_query_id"]
        async with s.get(base + "messages", params={"since": chat["version"], "timeout": 1}) as r:
            chat2 = await r.json()
        assert chat2["version"] > chat["version"]
        assert chat2["messages"][1]["edited"] is True
        assert chat2["callback_answers"][-1]["text"].startswith("انتخاب شد")


@pytest.mark.asyncio
async def test_the_persian_font_is_served_with_its_licence_and_version(served):
    """Vazirmatn (OFL) comes from the page's own folder, pinned: its version and licence lie beside it."""
    css = (STATIC_DIR / "chat.css").read_text(encoding="utf-8")
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert urls and all(u.startswith("/static/fonts/vazirmatn/Vazirmatn-") for u in urls)
    async with aiohttp.ClientSession() as http:
        for url in urls:
            async with http.get(served.url + url.lstrip("/")) as r:
                assert r.status == 200 and r.headers["Content-Type"] == "font/woff2", url
                assert (await r.read())[:4] == b"wOF2", url
    folder = STATIC_DIR / "fonts" / "vazirmatn"
    assert "SIL Open Font License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "Vazirmatn 33.0.3" in (folder / "VERSION").read_text(encoding="utf-8")
    assert '"Vazirmatn"' in css.split("--font:")[1].split(";")[0]

"""The dashboard's own stylesheet and the Vazirmatn font the simulator's web chat already vendors (one copy)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC_DIR = Path(__file__).resolve().parent / "static"
# The same files the web chat serves (OFL licence beside them); not copied twice into the project.
FONT_DIR = Path(__file__).resolve().parent.parent / "emulator" / "webchat" / "static" / "fonts" / "vazirmatn"

_TYPES = {".css": "text/css; charset=utf-8", ".woff2": "font/woff2", ".js": "text/javascript; charset=utf-8",
          ".svg": "image/svg+xml"}


def _served(folder: Path, name: str) -> web.Response:
    """One file of a folder by its plain name (no paths), with its type; 404 for anything else."""
    path = folder / name
    content_type = _TYPES.get(path.suffix.lower())
    if "/" in name or name.startswith(".") or content_type is None or not path.is_file():
        raise web.HTTPNotFound()
    return web.Response(body=path.read_bytes(), headers={
        "Content-Type": content_type, "Cache-Control": "public, max-age=3600"})


async def asset(request: web.Request) -> web.Response:
    """GET /static/{name}: the stylesheet (and scripts, never inline)."""
    return _served(STATIC_DIR, request.match_info["name"])


async def font(request: web.Request) -> web.Response:
    """GET /static/fonts/{name}: Vazirmatn."""
    return _served(FONT_DIR, request.match_info["name"])


def setup_static(app: web.Application) -> None:
    """Register the static routes."""
    app.router.add_get("/static/fonts/{name}", font, name="font")
    app.router.add_get("/static/{name}", asset, name="asset")

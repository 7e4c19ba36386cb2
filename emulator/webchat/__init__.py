"""Browser chat page for the Bot API emulator ("webchat").

``setup_webchat(app)`` adds two routes to an ``aiohttp.web.Application``:

* ``GET /``               – the chat page (``static/index.html``)
* ``GET /static/{path}``  – the page's own assets (JS, CSS, icons)

The page is plain HTML/CSS/JS with no build step and no external
resources (its Persian font, Vazirmatn, is served from ``static/fonts``);
it talks to the emulator's user-side JSON API under ``/_emu`` on the same
origin (see ``static/chat.js`` for the exact calls).
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

__all__ = ["STATIC_DIR", "setup_webchat"]

STATIC_DIR = Path(__file__).resolve().parent / "static"

# Explicit types (with charset) instead of the platform's mimetypes table,
# which differs between systems (e.g. .js as text/javascript vs
# application/javascript) and omits the charset.
_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
}

_HEADERS = {
    # The page is a development tool: always revalidate so edits show up.
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
}


def _file_response(path: Path) -> web.Response:
    content_type = _CONTENT_TYPES.get(path.suffix.lower())
    if content_type is None or not path.is_file():
        raise web.HTTPNotFound()
    headers = dict(_HEADERS)
    headers["Content-Type"] = content_type
    return web.Response(body=path.read_bytes(), headers=headers)


async def _index(request: web.Request) -> web.Response:
    return _file_response(STATIC_DIR / "index.html")


async def _static(request: web.Request) -> web.Response:
    rel = request.match_info.get("path", "")
    if not rel or "\x00" in rel:
        raise web.HTTPNotFound()
    try:
        target = (STATIC_DIR / rel).resolve()
    except (OSError, RuntimeError, ValueError):
        raise web.HTTPNotFound() from None
    if STATIC_DIR not in target.parents:
        raise web.HTTPNotFound()
    return _file_response(target)


def setup_webchat(app: web.Application) -> web.Application:
    """Register ``GET /`` and ``GET /static/{path}`` on *app*; return *app*."""
    app.router.add_get("/", _index, name="webchat-index")
    app.router.add_get("/static/{path:.+}", _static, name="webchat-static")
    return app

"""Headers every dashboard answer carries: a Content-Security-Policy with no inline scripts, and no caching of pages.
No page may be framed, except the Mini App's (`allow_messenger_frames`), which the messengers' web clients frame."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

# Everything comes from the dashboard itself; no script runs inline, no page frames it, forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Telegram Web and Bale's web client open a Mini App in an iframe of their own page: only they may frame it.
MESSENGER_WEB_CLIENTS = ("https://web.telegram.org", "https://web.bale.ai")
_FRAMED_BY = web.RequestKey("framed_by", str)

_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # A login link's token is in its URL: never hand it on to another site. Not "no-referrer", under which a
    # browser sends `Origin: null` on the dashboard's own forms, and a browser without Sec-Fetch-Site could then not
    # tell dashboard.login_csrf where a sign-in came from.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def allow_messenger_frames(request: web.Request) -> None:
    """Let the messengers' web clients, and no other site, frame the answer to this request (the Mini App's pages)."""
    request[_FRAMED_BY] = " ".join(MESSENGER_WEB_CLIENTS)


def headers_for(request: web.Request) -> dict[str, str]:
    """The security headers of this request's answer: no framing at all, unless its handler allowed the
    messengers' (then no X-Frame-Options either, which can name no origin)."""
    framed_by = request.get(_FRAMED_BY)
    if framed_by is None:
        return _HEADERS
    headers = {name: value for name, value in _HEADERS.items() if name != "X-Frame-Options"}
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", f"frame-ancestors {framed_by}")
    return headers


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Add the security headers to every answer, errors included."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update(headers_for(request))
        raise
    response.headers.update(headers_for(request))
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response

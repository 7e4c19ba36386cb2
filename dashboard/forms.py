"""CSRF on every form and htmx request: the session's token (dashboard.login.csrf_token, as the logout form posts
it) goes in a hidden field of each form and in an `X-CSRF-Token` header of each htmx request; a state change
reads its form through `posted()`, which answers None when the token is missing or not this session's.

In templates: `{{ csrf_field(manager) }}` inside a form, `hx-headers='{{ csrf_headers(manager) }}'` on an element
that makes htmx requests (htmx sends the header with every request from it and its children)."""

from __future__ import annotations

import json

import aiohttp_jinja2
from aiohttp import web
from markupsafe import Markup, escape
from multidict import MultiDictProxy

from dashboard.auth import Manager
from dashboard.login import csrf_ok
from dashboard.rendering import CONFIG, refusal

FIELD = "csrf"
HEADER = "X-CSRF-Token"


def csrf_field(manager: Manager) -> Markup:
    """The hidden input every form of the dashboard carries."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, manager.csrf)


def csrf_headers(manager: Manager) -> Markup:
    """The JSON of an `hx-headers` attribute carrying the token (escaped for a single-quoted attribute)."""
    return escape(json.dumps({HEADER: manager.csrf}))


Form = MultiDictProxy[str | bytes | bytearray | web.FileField]


async def posted(request: web.Request, manager: Manager) -> Form | None:
    """The posted form when it carries this session's CSRF token (in the form or the htmx header); None when not."""
    form = await request.post()
    token = request.headers.get(HEADER) or form.get(FIELD)
    # compare_digest refuses non-ASCII text: a forged token of any characters is simply not this session's.
    if not isinstance(token, str) or not token.isascii():
        return None
    return form if csrf_ok(request.app[CONFIG].secret, manager.session, token) else None


def csrf_refused(request: web.Request) -> web.Response:
    """The 403 page for a form or htmx request without this session's token (nothing was changed)."""
    return refusal(request, 403, "dashboard-refused-csrf-heading", "dashboard-refused-csrf")


def setup_forms(app: web.Application) -> None:
    """Make `csrf_field` and `csrf_headers` available to every template."""
    aiohttp_jinja2.get_env(app).globals.update(csrf_field=csrf_field, csrf_headers=csrf_headers)

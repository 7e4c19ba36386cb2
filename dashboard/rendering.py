"""What every dashboard page shares: its settings and unit of work on the application, texts, and rendering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from i18n import Translator, translator
from storage.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class DashboardConfig:
    """What the dashboard needs from the settings: its public address, the signing key and the idle time."""

    base_url: str
    secret: bytes
    idle: timedelta

    @property
    def secure(self) -> bool:
        """True when managers reach the dashboard over HTTPS (the session cookie is then Secure)."""
        return self.base_url.startswith("https://")


CONFIG = web.AppKey("config", DashboardConfig)
UOWS = web.AppKey("uows", UnitOfWorkFactory)


def texts(request: web.Request) -> Translator:
    """The reader's translator: Persian (English later, from the manager's own language)."""
    return translator("fa")


def render(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    """A page from a template, with the texts (`t`) and the manager (if any) in its context."""
    context.setdefault("t", texts(request))
    context.setdefault("manager", None)
    return aiohttp_jinja2.render_template(template, request, context, status=status)


def refusal(request: web.Request, status: int, heading_id: str, reason_id: str) -> web.Response:
    """A clear Persian page saying why, with the right 4xx status."""
    t = texts(request)
    return render(request, "refused.html", status=status, heading=t(heading_id), reason=t(reason_id))

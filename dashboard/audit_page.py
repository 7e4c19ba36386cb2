"""The audit log, read-only: the entries concerning the manager's region, newest first, a page at a time."""

from __future__ import annotations

from aiohttp import web

from campaigns import audit
from dashboard.access import page, signed_in
from dashboard.auth import Manager
from dashboard.rendering import UOWS, place_name, refusal, texts

PAGE_SIZE = 25
MAX_PAGE = 100_000


async def audit_page(request: web.Request) -> web.Response:
    """GET /audit[?page=N]: one page of the region's audit log."""
    number = request.query.get("page", "0")
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if not isinstance(manager, Manager):
            return manager
        if not number.isdigit() or int(number) > MAX_PAGE:
            return refusal(request, 400, "live-bad-filter-heading", "live-bad-page")
        entries, total = await audit.page(uow, manager.actor, int(number), PAGE_SIZE)
    t = texts(request)

    def place(province_code: str | None, county_code: str | None) -> str:
        return place_name(province_code, county_code, t.language) or t("dashboard-scope-national")

    current = int(number)
    return page(request, manager, "audit.html", entries=entries, total=total, place=place,
                action=lambda code: t(f"live-audit-{code}") if t.has(f"live-audit-{code}") else code,
                previous=f"/audit?page={current - 1}" if current else None,
                following=f"/audit?page={current + 1}" if (current + 1) * PAGE_SIZE < total else None)


def setup_audit_page(app: web.Application) -> None:
    """Register the audit log's page."""
    app.router.add_get("/audit", audit_page, name="audit")

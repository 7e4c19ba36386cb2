"""Exports from the page: participants, pledges and volunteers inside the manager's region as CSV (UTF-8 with BOM)
or XLSX, streamed to the browser as the rows come from the database's cursor (never all rows in memory), with the
bot's own row generator (campaigns/exports.py): formula-like cells neutralised, no phone numbers or national IDs.
A download is a POST with the session's CSRF token (it writes the audit log)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import Any

from aiohttp import web

from campaigns import exports, spreadsheets
from campaigns.catalogue import today_in_iran
from campaigns.jalali import to_jalali
from dashboard.access import missing, page, signed_in
from dashboard.forms import csrf_refused, posted
from dashboard.rendering import UOWS, texts

KINDS = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


async def exports_page(request: web.Request) -> web.Response:
    """GET /exports: a download button per table and format."""
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if isinstance(manager, web.Response):
            return manager
        return page(request, manager, "exports.html", tables=list(exports.TABLES), kinds=list(KINDS))


async def _counted(rows: AsyncIterator[tuple[Any, ...]], tally: list[int]) -> AsyncGenerator[tuple[Any, ...], None]:
    async for row in rows:
        tally[0] += 1
        yield row


def filename(table: str, kind: str) -> str:
    """The file's name: the table and today's Jalali date (ASCII, so every browser keeps it)."""
    day = to_jalali(today_in_iran())
    return f"hamyar-{table}-{day.year:04d}-{day.month:02d}-{day.day:02d}.{kind}"


async def download(request: web.Request) -> web.StreamResponse:
    """POST /exports/{table}.{kind}: the table inside the manager's region, streamed; audited with the rows sent."""
    table, kind = request.match_info["table"], request.match_info["kind"]
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if isinstance(manager, web.Response):
            return manager
        if await posted(request, manager) is None:
            return csrf_refused(request)
        if table not in exports.TABLES or kind not in KINDS:
            return await missing(request, uow, manager, export=f"{table[:32]}.{kind[:8]}")
        t = texts(request)
        headers = [t(f"export-col-{column}") for column in exports.TABLES[table]]
        limit = spreadsheets.MAX_ROWS if kind == "xlsx" else None
        tally = [0]
        response = web.StreamResponse(headers={
            "Content-Type": KINDS[kind], "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f'attachment; filename="{filename(table, kind)}"'})
        try:
            async with aclosing(exports.rows_of(uow, table, manager.scope, t.language, limit)) as rows, \
                    aclosing(_counted(rows, tally)) as counted, \
                    aclosing(exports.csv_stream(headers, counted) if kind == "csv"
                             else spreadsheets.xlsx_stream(table, headers, counted)) as chunks:
                await response.prepare(request)
                async for chunk in chunks:
                    await response.write(chunk)
        finally:  # a download cut short is written to the log too, with the rows that left
            exports.record_export(uow, manager.actor, table, kind, tally[0])
            await uow.commit()
        await response.write_eof()
        return response


def setup_exports(app: web.Application) -> None:
    """Register the exports page and its downloads."""
    app.router.add_get("/exports", exports_page, name="exports")
    app.router.add_post(r"/exports/{table:[a-z]+}.{kind:[a-z]+}", download, name="export")

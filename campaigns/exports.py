"""Exports inside a manager's region, as CSV (UTF-8 with BOM, so Excel shows Persian) and XLSX.

Privacy: exports never carry national IDs or phone numbers, for any manager. A person appears by
their referral code (enough to match a payment, useless to call them); the bot is how managers
reach people, so the audience stays opted-in and audited.

Formula injection: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return (a first name
typed by anyone) would run as a formula in a spreadsheet. CSV cells get a leading `'` (OWASP's rule); XLSX
cells holding text are written as string cells, never formulas. Numbers are left as they are."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from campaigns.audit import Actor, record
from campaigns.jalali import to_jalali
from campaigns.regions import load_regions
from campaigns.roles import Scope, scope_of_actor
from storage.unit_of_work import UnitOfWork

MAX_ROWS = 100_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_ROWS_PER_CHUNK = 500


def neutralised(value: Any) -> Any:
    """A cell's value safe to open in a spreadsheet: text that a spreadsheet would read as a formula gets a
    leading `'`; anything else (numbers included, negative ones too) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Table:
    """Rows to export; `columns` are ids the bot turns into headers in the reader's language."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def _jalali(value: Any) -> str:
    if value is None:
        return ""
    jd = to_jalali(value)
    return f"{jd.year:04d}/{jd.month:02d}/{jd.day:02d}"


def _place(code: str | None, county: bool, language: str) -> str:
    regions = load_regions()
    place = regions.county(code) if county else regions.province(code)
    return place.name(language) if place is not None else ""


async def pledges(uow: UnitOfWork, scope: Scope, language: str, campaign_id: int | None = None) -> Table:
    """Pledges to places inside the scope, oldest first."""
    found = await uow.pledges.export_rows_within(*scope.area(), campaign_id, MAX_ROWS)
    rows = [(p.id, slug, code or "", p.kind, p.amount, p.item or "", p.quantity, p.recurrence, p.period or "",
             _place(p.province_code, False, language), _place(p.county_code, True, language), p.status,
             _jalali(p.due_on), _jalali(p.created_at), _jalali(p.fulfilled_at))
            for p, slug, code in found]
    return Table("pledges", ("pledge_id", "campaign", "referral_code", "kind", "amount", "item", "quantity",
                             "recurrence", "period", "province", "county", "status", "due_on", "created_at",
                             "fulfilled_at"), rows)


async def volunteers(uow: UnitOfWork, scope: Scope, language: str) -> Table:
    """Volunteers serving inside the scope, by registration."""
    found = await uow.volunteers.export_rows_within(*scope.area(), MAX_ROWS)
    rows = [(code, name or "", " ".join(v.axes or []), v.specialty, " ".join(v.days or []), v.hours,
             "yes" if v.on_call else "no", _place(v.province_code, False, language),
             _place(v.county_code, True, language), _jalali(v.registered_at))
            for v, code, name in found]
    return Table("volunteers", ("referral_code", "first_name", "axes", "specialty", "days", "hours", "on_call",
                                "province", "county", "registered_at"), rows)


async def export(uow: UnitOfWork, actor: Actor, name: str, kind: str, language: str) -> Table:
    """The pledges or volunteers table a manager exports (as `kind`, csv or xlsx) inside their region; audited;
    commits."""
    scope = scope_of_actor(actor)
    table = await (pledges(uow, scope, language) if name == "pledges" else volunteers(uow, scope, language))
    record(uow, actor, "export", {"table": name, "format": kind}, count=len(table.rows),
           province_code=scope.province_code, county_code=scope.county_code)
    await uow.commit()
    return table


def csv_chunks(headers: list[str], table: Table) -> Iterator[bytes]:
    """The table as CSV, a few hundred rows at a time: UTF-8 with a BOM, comma separated, a header row first,
    every cell neutralised; the whole file is never built in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([neutralised(header) for header in headers])
    for start in range(0, len(table.rows), CSV_ROWS_PER_CHUNK):
        writer.writerows([["" if value is None else neutralised(value) for value in row]
                          for row in table.rows[start:start + CSV_ROWS_PER_CHUNK]])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def to_csv(headers: list[str], table: Table) -> bytes:
    """The table as CSV bytes, as `csv_chunks` yields them."""
    return b"".join(csv_chunks(headers, table))


def to_xlsx(headers: list[str], table: Table) -> bytes:
    """The table as an XLSX workbook with one sheet, a header row first, right to left."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.name
    sheet.sheet_view.rightToLeft = True
    for row in [headers, *table.rows]:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl makes "=..." a formula and "#N/A" an error; text stays text
                if cell.value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

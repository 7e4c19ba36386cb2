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
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from contextlib import aclosing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook

from campaigns.audit import Actor, record
from campaigns.jalali import IRAN_TZ, to_jalali
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


class _JalaliDays:
    """Jalali dates of moments and days as exports write them (1405/09/14), converted once per day: the
    conversion is most of a row's cost, and a large export repeats the same few hundred days."""

    def __init__(self) -> None:
        self.days: dict[date, str] = {}

    def __call__(self, value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.astimezone(IRAN_TZ).date() if value.tzinfo else value.date()
        if value not in self.days:
            self.days[value] = _jalali(value)
        return self.days[value]


class _Places:
    """Province and county names by code in one language, looked up once per code (exports repeat them)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.regions = load_regions()
        self.names: dict[tuple[bool, str | None], str] = {}

    def __call__(self, code: str | None, county: bool) -> str:
        key = (county, code)
        if key not in self.names:
            place = self.regions.county(code) if county else self.regions.province(code)
            self.names[key] = place.name(self.language) if place is not None else ""
        return self.names[key]


PLEDGE_COLUMNS = ("pledge_id", "campaign", "referral_code", "kind", "amount", "item", "quantity", "recurrence",
                  "period", "province", "county", "status", "due_on", "created_at", "fulfilled_at")
VOLUNTEER_COLUMNS = ("referral_code", "first_name", "axes", "specialty", "days", "hours", "on_call", "province",
                     "county", "registered_at")
PARTICIPANT_COLUMNS = ("campaign", "referral_code", "first_name", "province", "county", "joined_at")
# The tables a manager may export, by name, with their columns (ids the reader's language turns into headers).
TABLES: dict[str, tuple[str, ...]] = {"participants": PARTICIPANT_COLUMNS, "pledges": PLEDGE_COLUMNS,
                                      "volunteers": VOLUNTEER_COLUMNS}


async def pledge_rows(uow: UnitOfWork, scope: Scope, language: str, campaign_id: int | None = None,
                      limit: int | None = None) -> AsyncGenerator[tuple[Any, ...], None]:
    """Pledges to places inside the scope, oldest first, as export rows (PLEDGE_COLUMNS), streamed."""
    place, jalali = _Places(language), _JalaliDays()
    async with aclosing(uow.reports.pledge_rows(*scope.area(), campaign_id, limit)) as found:
        async for (pledge_id, slug, code, kind, amount, item, quantity, recurrence, period, province, county, status,
                   due_on, created_at, fulfilled_at) in found:
                yield (pledge_id, slug, code or "", kind, amount, item or "", quantity, recurrence, period or "",
                   place(province, False), place(county, True), status, jalali(due_on), jalali(created_at),
                   jalali(fulfilled_at))


async def volunteer_rows(uow: UnitOfWork, scope: Scope, language: str, limit: int | None = None
                         ) -> AsyncGenerator[tuple[Any, ...], None]:
    """Volunteers serving inside the scope, by registration, as export rows (VOLUNTEER_COLUMNS), streamed."""
    place, jalali = _Places(language), _JalaliDays()
    async with aclosing(uow.reports.volunteer_rows(*scope.area(), limit)) as found:
        async for code, name, axes, specialty, days, hours, on_call, province, county, registered_at in found:
            yield (code, name or "", " ".join(axes or []), specialty, " ".join(days or []), hours,
                   "yes" if on_call else "no", place(province, False), place(county, True), jalali(registered_at))


async def participant_rows(uow: UnitOfWork, scope: Scope, language: str, limit: int | None = None
                           ) -> AsyncGenerator[tuple[Any, ...], None]:
    """Campaign members living inside the scope, by joining, as export rows (PARTICIPANT_COLUMNS), streamed."""
    place, jalali = _Places(language), _JalaliDays()
    async with aclosing(uow.reports.participant_rows(*scope.area(), limit)) as found:
        async for slug, code, name, province, county, joined_at in found:
            yield slug, code, name or "", place(province, False), place(county, True), jalali(joined_at)


def rows_of(uow: UnitOfWork, name: str, scope: Scope, language: str, limit: int | None = None
            ) -> AsyncGenerator[tuple[Any, ...], None]:
    """One of TABLES' rows inside the scope, streamed: what the bot's files and the dashboard's downloads share."""
    if name == "pledges":
        return pledge_rows(uow, scope, language, limit=limit)
    if name == "volunteers":
        return volunteer_rows(uow, scope, language, limit)
    return participant_rows(uow, scope, language, limit)


async def pledges(uow: UnitOfWork, scope: Scope, language: str, campaign_id: int | None = None) -> Table:
    """Pledges to places inside the scope, oldest first (at most MAX_ROWS, for a file sent in the chat)."""
    rows = [row async for row in pledge_rows(uow, scope, language, campaign_id, MAX_ROWS)]
    return Table("pledges", PLEDGE_COLUMNS, rows)


async def volunteers(uow: UnitOfWork, scope: Scope, language: str) -> Table:
    """Volunteers serving inside the scope, by registration (at most MAX_ROWS, for a file sent in the chat)."""
    return Table("volunteers", VOLUNTEER_COLUMNS, [row async for row in volunteer_rows(uow, scope, language, MAX_ROWS)])


async def export(uow: UnitOfWork, actor: Actor, name: str, kind: str, language: str) -> Table:
    """The pledges or volunteers table a manager exports (as `kind`, csv or xlsx) inside their region; audited;
    commits."""
    scope = scope_of_actor(actor)
    table = await (pledges(uow, scope, language) if name == "pledges" else volunteers(uow, scope, language))
    record_export(uow, actor, name, kind, len(table.rows))
    await uow.commit()
    return table


def record_export(uow: UnitOfWork, actor: Actor, name: str, kind: str, count: int) -> None:
    """Write an export to the audit log (the caller commits)."""
    scope = scope_of_actor(actor)
    record(uow, actor, "export", {"table": name, "format": kind}, count=count,
           province_code=scope.province_code, county_code=scope.county_code)


class _CsvText:
    """CSV text built a few hundred rows at a time: UTF-8 with a BOM, comma separated, every cell neutralised."""

    def __init__(self, headers: list[str]) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")
        self.buffer.write("\ufeff")
        self.writer.writerow([neutralised(header) for header in headers])

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        self.writer.writerows([["" if value is None else neutralised(value) for value in row] for row in rows])

    def take(self) -> bytes:
        """What was written since the last take, as UTF-8."""
        data = self.buffer.getvalue().encode("utf-8")
        self.buffer.seek(0)
        self.buffer.truncate()
        return data


async def csv_stream(headers: list[str], rows: AsyncIterator[tuple[Any, ...]]) -> AsyncGenerator[bytes, None]:
    """Streamed rows as CSV bytes, CSV_ROWS_PER_CHUNK rows at a time (the header and BOM in the first chunk)."""
    text = _CsvText(headers)
    chunk: list[tuple[Any, ...]] = []
    async for row in rows:
        chunk.append(row)
        if len(chunk) == CSV_ROWS_PER_CHUNK:
            text.add(chunk)
            chunk.clear()
            yield text.take()
    text.add(chunk)
    if last := text.take():
        yield last


def csv_chunks(headers: list[str], table: Table) -> Iterator[bytes]:
    """The table as CSV, a few hundred rows at a time: UTF-8 with a BOM, comma separated, a header row first,
    every cell neutralised; the whole file is never built in memory."""
    text = _CsvText(headers)
    for start in range(0, len(table.rows), CSV_ROWS_PER_CHUNK):
        text.add(table.rows[start:start + CSV_ROWS_PER_CHUNK])
        yield text.take()
    if last := text.take():
        yield last


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

"""Pledge follow-up inside a manager's region: mark fulfilled one by one or from a CSV of confirmed
payments (all or nothing), and list overdue pledges."""

from __future__ import annotations

import csv
import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from campaigns.audit import Actor, record
from campaigns.jalali import IRAN_TZ
from campaigns.numerals import MAX_ID, parse_int
from campaigns.roles import Scope, scope_of_actor
from i18n import words
from storage.models import utcnow
from storage.models.pledges import OPEN_STATUSES, PledgeStatus
from storage.unit_of_work import UnitOfWork

MAX_ROWS = 10_000


@dataclass(frozen=True)
class PaymentColumns:
    """The header names a payments CSV may give each column (matched in any case, half-spaces as spaces).

    The defaults are the English names; the bot passes its locale's words too (answers-csv-*)."""

    pledge_id: tuple[str, ...] = ("pledge_id", "pledge", "id")
    referral_code: tuple[str, ...] = ("referral_code", "referral", "code")
    amount: tuple[str, ...] = ("amount",)


ENGLISH_COLUMNS = PaymentColumns()


def locale_columns() -> PaymentColumns:
    """The header names a payments CSV may use, in both languages (answers-csv-* in answers.ftl): what the bot and
    the dashboard accept."""
    return PaymentColumns(pledge_id=tuple(words("answers-csv-pledge-id")),
                          referral_code=tuple(words("answers-csv-referral-code")),
                          amount=tuple(words("answers-csv-amount")))


class Fulfil(enum.StrEnum):
    """The outcome of marking one pledge fulfilled (locale id: followup-<code>)."""

    DONE = "done"
    NOT_FOUND = "not-found"
    OUT_OF_SCOPE = "out-of-scope"
    NOT_OPEN = "not-open"


class RowProblem(enum.StrEnum):
    """Why a CSV row is bad (nothing is imported) or unmatched (it alone is skipped)."""

    NO_COLUMNS = "no-columns"  # the header names neither pledge_id nor referral_code
    BAD_ID = "bad-id"
    BAD_AMOUNT = "bad-amount"
    NO_KEY = "no-key"  # neither a pledge id nor a referral code with an amount
    DUPLICATE = "duplicate"
    OUT_OF_SCOPE = "out-of-scope"
    TOO_MANY = "too-many"
    NOT_TEXT = "not-text"
    # Unmatched (well-formed) rows:
    NO_PLEDGE = "no-pledge"
    NOT_OPEN = "not-open"
    AMOUNT_DIFFERS = "amount-differs"


@dataclass
class ImportReport:
    """What a CSV import found: bad rows (then nothing was imported), matched and unmatched rows."""

    bad: list[tuple[int, RowProblem]] = field(default_factory=list)
    matched: list[tuple[int, int]] = field(default_factory=list)  # (line, pledge id)
    unmatched: list[tuple[int, RowProblem]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        """Pledges marked fulfilled (zero when any row was bad)."""
        return 0 if self.bad else len(self.matched)


@dataclass(frozen=True)
class OverdueView:
    """An open pledge past its due date."""

    id: int
    campaign_id: int
    referral_code: str | None
    amount: int | None
    item: str | None
    quantity: int | None
    due_on: date
    province_code: str | None
    county_code: str | None


def today_in_iran(now: datetime | None = None) -> date:
    """Today's date in Iran."""
    return (now or utcnow()).astimezone(IRAN_TZ).date()


async def fulfil_one(uow: UnitOfWork, actor: Actor, pledge_id: int) -> Fulfil:
    """Mark one open pledge inside the actor's region as fulfilled; audited; commits only on success."""
    pledge = await uow.pledges.by_id(pledge_id) if 1 <= pledge_id <= MAX_ID else None
    if pledge is None:
        return Fulfil.NOT_FOUND
    if not scope_of_actor(actor).covers(pledge.province_code, pledge.county_code):
        return Fulfil.OUT_OF_SCOPE
    if await uow.pledges.update_open(pledge_id, status=PledgeStatus.FULFILLED.value, fulfilled_at=utcnow()) != 1:
        await uow.rollback()
        return Fulfil.NOT_OPEN
    record(uow, actor, "pledge_fulfil", {"pledge_id": pledge_id, "campaign_id": pledge.campaign_id},
           count=1, province_code=pledge.province_code, county_code=pledge.county_code)
    await uow.commit()
    return Fulfil.DONE


@dataclass(frozen=True)
class _Row:
    line: int
    pledge_id: int | None
    code: str | None
    amount: int | None


def _header_name(text: str) -> str:
    return text.strip().lower().replace("\u200c", " ")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    wanted = {_header_name(name) for name in names}
    return next((i for i, h in enumerate(header) if _header_name(h) in wanted), None)


def parse_csv(content: bytes, report: ImportReport, columns: PaymentColumns = ENGLISH_COLUMNS) -> list[_Row]:
    """Rows of a payments CSV (comma, semicolon or tab separated); problems go to report.bad."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.bad.append((0, RowProblem.NOT_TEXT))
        return []
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        report.bad.append((1, RowProblem.NO_COLUMNS))
        return []
    delimiter = max((",", ";", "\t"), key=lines[0].count)
    records = list(csv.reader(text.splitlines(), delimiter=delimiter))
    header = records[0] if records else []
    id_col, code_col, amount_col = (_column(header, names) for names in (columns.pledge_id, columns.referral_code,
                                                                           columns.amount))
    if id_col is None and code_col is None:
        report.bad.append((1, RowProblem.NO_COLUMNS))
        return []
    if len(records) - 1 > MAX_ROWS:
        report.bad.append((MAX_ROWS + 2, RowProblem.TOO_MANY))
        return []
    rows: list[_Row] = []
    seen: set[int] = set()
    for number, values in enumerate(records[1:], start=2):
        if not any(v.strip() for v in values):
            continue

        def cell(index: int | None, values: list[str] = values) -> str:
            return values[index].strip() if index is not None and index < len(values) else ""

        raw_id, code, raw_amount = cell(id_col), cell(code_col), cell(amount_col)
        pledge_id = parse_int(raw_id) if raw_id else None
        amount = parse_int(raw_amount) if raw_amount else None
        if raw_id and not (pledge_id and pledge_id <= MAX_ID):  # ids are integer columns
            report.bad.append((number, RowProblem.BAD_ID))
        elif raw_amount and not amount:
            report.bad.append((number, RowProblem.BAD_AMOUNT))
        elif pledge_id is None and not (code and amount):
            report.bad.append((number, RowProblem.NO_KEY))
        elif pledge_id is not None and pledge_id in seen:
            report.bad.append((number, RowProblem.DUPLICATE))
        else:
            if pledge_id is not None:
                seen.add(pledge_id)
            rows.append(_Row(number, pledge_id, code.lower() or None, amount))
    return rows


async def _match(uow: UnitOfWork, scope: Scope, row: _Row, taken: set[int],
                 report: ImportReport) -> None:
    if row.pledge_id is not None:
        pledge = await uow.pledges.by_id(row.pledge_id)
        if pledge is None:
            report.unmatched.append((row.line, RowProblem.NO_PLEDGE))
        elif not scope.covers(pledge.province_code, pledge.county_code):
            report.bad.append((row.line, RowProblem.OUT_OF_SCOPE))
        elif pledge.status not in OPEN_STATUSES:
            report.unmatched.append((row.line, RowProblem.NOT_OPEN))
        elif row.amount is not None and pledge.amount != row.amount:
            report.unmatched.append((row.line, RowProblem.AMOUNT_DIFFERS))
        else:
            taken.add(pledge.id)
            report.matched.append((row.line, pledge.id))
        return
    candidates = await uow.pledges.open_ids_of_referral(row.code or "", row.amount, *scope.area())
    free = [pledge_id for pledge_id in candidates if pledge_id not in taken]
    if not free:
        report.unmatched.append((row.line, RowProblem.NO_PLEDGE))
        return
    taken.add(free[0])
    report.matched.append((row.line, free[0]))


async def import_payments(uow: UnitOfWork, actor: Actor, content: bytes,
                          columns: PaymentColumns = ENGLISH_COLUMNS) -> ImportReport:
    """Match confirmed payments to open pledges; with any bad row nothing is imported; one transaction."""
    report = ImportReport()
    rows = parse_csv(content, report, columns)
    scope = scope_of_actor(actor)
    taken: set[int] = set()
    for row in rows:
        await _match(uow, scope, row, taken, report)
    if report.bad or not report.matched:
        report.bad.sort()
        await uow.rollback()
        return report
    ids = [pledge_id for _, pledge_id in report.matched]
    await uow.pledges.fulfil_open(ids, utcnow())
    record(uow, actor, "pledge_import", {"pledge_ids": ids, "unmatched": len(report.unmatched)},
           count=len(ids), province_code=actor.province_code, county_code=actor.county_code)
    await uow.commit()
    return report


async def overdue(uow: UnitOfWork, scope: Scope, today: date | None = None, limit: int = 20
                  ) -> tuple[list[OverdueView], int]:
    """Open pledges past their due date inside the scope, most overdue first, and how many in all."""
    today = today or today_in_iran()
    rows = await uow.pledges.overdue_with_codes(today, *scope.area())
    views = [OverdueView(p.id, p.campaign_id, code, p.amount, p.item, p.quantity, p.due_on, p.province_code,
                         p.county_code) for p, code in rows[:limit] if p.due_on is not None]
    return views, len(rows)


__all__ = ["Fulfil", "ImportReport", "OverdueView", "PaymentColumns", "RowProblem", "fulfil_one", "import_payments",
           "locale_columns", "overdue"]

"""Exports inside a manager's region, as CSV (UTF-8 with BOM, so Excel shows Persian) and XLSX.

Privacy: exports never carry national IDs or phone numbers, for any manager. A person appears by
their referral code (enough to match a payment, useless to call them); the bot is how managers
reach people, so the audience stays opted-in and audited."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns.jalali import to_jalali
from campaigns.regions import load_regions
from campaigns.roles import Scope
from storage.models import Campaign, Person, Pledge, Volunteer

MAX_ROWS = 100_000


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


async def pledges(session: AsyncSession, scope: Scope, language: str, campaign_id: int | None = None) -> Table:
    """Pledges to places inside the scope, oldest first."""
    query = (select(Pledge, Campaign.slug, Person.referral_code)
             .join(Campaign, Campaign.id == Pledge.campaign_id).outerjoin(Person, Person.id == Pledge.person_id)
             .where(*scope.where(Pledge.province_code, Pledge.county_code)).order_by(Pledge.id).limit(MAX_ROWS))
    if campaign_id is not None:
        query = query.where(Pledge.campaign_id == campaign_id)
    rows = [(p.id, slug, code or "", p.kind, p.amount, p.item or "", p.quantity, p.recurrence, p.period or "",
             _place(p.province_code, False, language), _place(p.county_code, True, language), p.status,
             _jalali(p.due_on), _jalali(p.created_at), _jalali(p.fulfilled_at))
            for p, slug, code in (await session.execute(query)).all()]
    return Table("pledges", ("pledge_id", "campaign", "referral_code", "kind", "amount", "item", "quantity",
                             "recurrence", "period", "province", "county", "status", "due_on", "created_at",
                             "fulfilled_at"), rows)


async def volunteers(session: AsyncSession, scope: Scope, language: str) -> Table:
    """Volunteers serving inside the scope, by registration."""
    query = (select(Volunteer, Person.referral_code, Person.first_name).join(Person, Person.id == Volunteer.person_id)
             .where(Person.forgotten_at.is_(None), *scope.where(Volunteer.province_code, Volunteer.county_code))
             .order_by(Volunteer.id).limit(MAX_ROWS))
    rows = [(code, name or "", " ".join(v.axes or []), v.specialty, " ".join(v.days or []), v.hours,
             "yes" if v.on_call else "no", _place(v.province_code, False, language),
             _place(v.county_code, True, language), _jalali(v.registered_at))
            for v, code, name in (await session.execute(query)).all()]
    return Table("volunteers", ("referral_code", "first_name", "axes", "specialty", "days", "hours", "on_call",
                                "province", "county", "registered_at"), rows)


def to_csv(headers: list[str], table: Table) -> bytes:
    """The table as CSV bytes: UTF-8 with a BOM, comma separated, a header row first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in table.rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(headers: list[str], table: Table) -> bytes:
    """The table as an XLSX workbook with one sheet, a header row first, right to left."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.name
    sheet.sheet_view.rightToLeft = True
    sheet.append(headers)
    for row in table.rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""Pledges: reading an amount, making a pledge exactly once, its lifecycle, and what it adds up to."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import jdatetime
from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from campaigns.jalali import period_of, to_jalali
from campaigns.kinds import PledgeKind, PledgeRules, Recurrence
from campaigns.numerals import DECIMAL_MARKS, is_long_number, parse_int, to_latin_digits
from storage.models import Campaign, Person, Pledge, utcnow
from storage.repositories.pledges import PledgeRepository

ONE_OFF_DAYS = 7
OPEN_STATUSES = ("pledged", "overdue")


class PledgeStatus(enum.StrEnum):
    """Where a pledge is in its life."""

    PLEDGED = "pledged"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"


class AmountError(enum.StrEnum):
    """Why a typed amount was refused."""

    NOT_A_NUMBER = "not_a_number"
    TOO_SMALL = "too_small"
    TOO_LARGE = "too_large"


@dataclass(frozen=True)
class PledgeDraft:
    """A pledge being put together in a conversation, before it is confirmed."""

    campaign_id: int
    kind: PledgeKind
    amount: int | None = None
    item: str | None = None
    quantity: int | None = None
    province_code: str | None = None
    county_code: str | None = None
    recurrence: Recurrence = Recurrence.ONCE
    agency: str | None = None
    answers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PledgeView:
    """A saved pledge as handlers see it."""

    id: int
    campaign_id: int
    kind: PledgeKind
    amount: int | None
    item: str | None
    quantity: int | None
    province_code: str | None
    county_code: str | None
    recurrence: Recurrence
    period: str | None
    status: PledgeStatus
    due_on: date | None
    created_at: datetime
    agency: str | None
    answers: dict[str, Any]


def view(row: Pledge) -> PledgeView:
    """The DTO of a pledge row."""
    return PledgeView(id=row.id, campaign_id=row.campaign_id, kind=PledgeKind(row.kind), amount=row.amount,
                      item=row.item, quantity=row.quantity, province_code=row.province_code,
                      county_code=row.county_code, recurrence=Recurrence(row.recurrence), period=row.period,
                      status=PledgeStatus(row.status), due_on=row.due_on, created_at=row.created_at,
                      agency=row.agency, answers=dict(row.answers or {}))


@dataclass(frozen=True)
class AmountWords:
    """Words people type around an amount; the bot passes its locale's lists (answers.ftl)."""

    units: tuple[str, ...] = ("tomans", "toman")
    thousand: tuple[str, ...] = ("thousand", "k")
    million: tuple[str, ...] = ("million", "m")
    billion: tuple[str, ...] = ("billion",)


def _number_and_scale(text: str, words: AmountWords) -> tuple[str, int]:
    """The number part of a typed amount and what its scale word multiplies it by."""
    cleaned = to_latin_digits(text.strip().lower())
    for unit in sorted(words.units, key=len, reverse=True):
        if cleaned.endswith(unit.lower()):
            cleaned = cleaned[: -len(unit)].strip()
            break
    scales = [(word, 1_000) for word in words.thousand] + [(word, 1_000_000) for word in words.million] + [
        (word, 1_000_000_000) for word in words.billion]
    for word, scale in sorted(scales, key=lambda pair: len(pair[0]), reverse=True):
        if cleaned.endswith(word.lower()):
            return cleaned[: -len(word)].strip(), scale
    return cleaned, 1


def parse_tomans(text: str, words: AmountWords = AmountWords()) -> int | None:
    """An amount typed as "500,000" in any digits, or "500 thousand" / "2.5 million tomans" in words."""
    head, scale = _number_and_scale(text, words)
    number = parse_int(head) if head else None
    if number is not None:
        return number * scale
    return _fraction_of_scale(head, scale) if head and scale > 1 else None


def _fraction_of_scale(head: str, scale: int) -> int | None:
    """"2.5" or «۲٫۵» before a scale word: a whole number of tomans, else None (a decimal without a scale
    word is not a whole amount and is refused, as is 1.5 tomans)."""
    for mark in DECIMAL_MARKS:
        if head.count(mark) != 1:
            continue
        whole_text, _, fraction = head.partition(mark)
        whole = parse_int(whole_text) if whole_text.strip() else 0
        fraction = fraction.strip()
        if whole is None or not fraction.isascii() or not fraction.isdigit() or len(fraction) > 9:
            return None
        part, rest = divmod(int(fraction) * scale, 10 ** len(fraction))
        return whole * scale + part if rest == 0 else None
    return None


def check_amount(text: str, rules: PledgeRules,
                 words: AmountWords = AmountWords()) -> int | AmountError:
    """The amount in tomans if it is a number within the campaign's limits, else why not."""
    amount = parse_tomans(text, words)
    if amount is None:
        # A number too long to read is too large, not "not a number".
        too_long = is_long_number(_number_and_scale(text, words)[0])
        return AmountError.TOO_LARGE if too_long else AmountError.NOT_A_NUMBER
    if amount < max(rules.min_tomans, 1):
        return AmountError.TOO_SMALL
    if amount > rules.max_tomans:
        return AmountError.TOO_LARGE
    return amount


def end_of_jalali_month(day: date) -> date:
    """The last Gregorian day of the Jalali month a day falls in."""
    jd = to_jalali(day)
    first_next = jdatetime.date(jd.year + 1, 1, 1) if jd.month == 12 else jdatetime.date(jd.year, jd.month + 1, 1)
    return first_next.togregorian() - timedelta(days=1)


def due_on(recurrence: Recurrence, today: date) -> date:
    """When a pledge falls due: a week for a one-off, the end of the Jalali month for a monthly one."""
    return end_of_jalali_month(today) if recurrence == Recurrence.MONTHLY else today + timedelta(days=ONE_OFF_DAYS)


def idempotency_key(person_id: int, campaign_id: int, nonce: str) -> str:
    """The key that makes one confirmation one pledge, however often it is tapped."""
    return f"p:{person_id}:{campaign_id}:{nonce}"[:64]


async def already_made(session: AsyncSession, key: str) -> PledgeView | None:
    """The pledge an idempotency key already made, if any."""
    row = await PledgeRepository(session).by_key(key)
    return view(row) if row else None


async def create(session: AsyncSession, person_id: int, draft: PledgeDraft, key: str,
                 today: date) -> tuple[PledgeView, bool]:
    """Save a confirmed pledge once; a repeat with the same key returns the first (and False)."""
    repo = PledgeRepository(session)
    existing = await repo.by_key(key)
    if existing is not None:
        return view(existing), False
    row = Pledge(person_id=person_id, campaign_id=draft.campaign_id, kind=draft.kind.value, amount=draft.amount,
                 item=draft.item, quantity=draft.quantity, province_code=draft.province_code,
                 county_code=draft.county_code, agency=draft.agency, answers=dict(draft.answers),
                 recurrence=draft.recurrence.value, status=PledgeStatus.PLEDGED.value,
                 period=period_of(today) if draft.recurrence == Recurrence.MONTHLY else None,
                 due_on=due_on(draft.recurrence, today), idempotency_key=key, created_at=utcnow())
    repo.add(row)
    try:
        await session.commit()
    except IntegrityError:
        # The same confirmation arrived twice at once; the other update saved it.
        await session.rollback()
        existing = await repo.by_key(key)
        if existing is None:
            raise
        return view(existing), False
    return view(row), True


async def of_person(session: AsyncSession, person_id: int) -> list[PledgeView]:
    """A person's pledges, newest first."""
    return [view(row) for row in await PledgeRepository(session).of_person(person_id)]


async def get(session: AsyncSession, person_id: int, pledge_id: int) -> PledgeView | None:
    """One of a person's pledges (None if it is not theirs)."""
    row = await PledgeRepository(session).by_id(pledge_id)
    return view(row) if row is not None and row.person_id == person_id else None


class CancelScope(enum.StrEnum):
    """What cancelling a monthly pledge ends: only this month's row, or the whole monthly series."""

    MONTH = "month"
    SERIES = "series"


def _series_rows(row: Pledge) -> ColumnElement[bool]:
    """The rows of a monthly pledge's series: a cash or in-kind series by its first row, a payroll one by
    person and campaign (each payroll month is a pledge of its own)."""
    if row.kind == PledgeKind.PAYROLL:
        return and_(Pledge.person_id == row.person_id, Pledge.campaign_id == row.campaign_id,
                    Pledge.kind == PledgeKind.PAYROLL.value, Pledge.recurrence == Recurrence.MONTHLY.value)
    root = row.series_id or row.id
    return or_(Pledge.id == root, Pledge.series_id == root)


async def cancel(session: AsyncSession, person_id: int, pledge_id: int,
                 scope: CancelScope = CancelScope.SERIES) -> bool:
    """Cancel one of a person's open pledges; False if it is not theirs or no longer open.

    A monthly pledge is stopped as a whole (no more months, no more reminders) unless only this month is
    cancelled (scope MONTH): then the series goes on next month."""
    repo = PledgeRepository(session)
    row = await repo.by_id(pledge_id)
    if row is None or row.person_id != person_id:
        return False
    now = utcnow()
    changed = await repo.set_status(pledge_id, PledgeStatus.CANCELLED.value, cancelled_at=now)
    if row.recurrence == Recurrence.MONTHLY and scope is CancelScope.SERIES and changed:
        series = _series_rows(row)
        await session.execute(update(Pledge).where(series, Pledge.stopped_at.is_(None)).values(stopped_at=now)
                              .execution_options(synchronize_session=False))
        # Months already made ahead of this one (none, usually) go with the series.
        await session.execute(update(Pledge).where(series, Pledge.status.in_(OPEN_STATUSES),
                                                   Pledge.period > (row.period or ""))
                              .values(status=PledgeStatus.CANCELLED.value, cancelled_at=now)
                              .execution_options(synchronize_session=False))
    await session.commit()
    return changed > 0


async def fulfil(session: AsyncSession, pledge_id: int) -> bool:
    """Mark an open pledge as fulfilled (a manager confirms the payment or delivery)."""
    changed = await PledgeRepository(session).set_status(pledge_id, PledgeStatus.FULFILLED.value,
                                                         fulfilled_at=utcnow())
    await session.commit()
    return changed > 0


async def mark_overdue(session: AsyncSession, today: date) -> int:
    """Flip open pledges past their due date to overdue; how many changed."""
    changed = await PledgeRepository(session).flip_overdue(today)
    await session.commit()
    return changed


ROLLED_KINDS = (PledgeKind.CASH.value, PledgeKind.IN_KIND.value)
ROLL_BATCH = 500


def rollover_key(first_pledge_id: int, period: str) -> str:
    """One row per monthly series and Jalali month, however often and by however many workers it runs."""
    return f"roll:{first_pledge_id}:{period}"


async def roll_monthly_pledges(session: AsyncSession, today: date) -> int:
    """Make this Jalali month's pledge of every live monthly cash or in-kind series; how many were made.

    A series lives while it is not stopped, its donor not forgotten and its campaign active and not over;
    a month cancelled alone, paid, or overdue does not end it. Payroll pledges are not rolled: each month's
    amount is new, and the monthly reminder asks for it. Each month's row has the key of its series and
    period, inserted with ON CONFLICT DO NOTHING: runs at once or again make it once. Commits per batch."""
    period = period_of(today)
    due = end_of_jalali_month(today)
    now = utcnow()
    made = 0
    last = 0
    while True:
        roots = (await session.execute(
            select(Pledge).join(Person, Person.id == Pledge.person_id).join(Campaign, Campaign.id == Pledge.campaign_id)
            .where(Pledge.id > last, Pledge.recurrence == Recurrence.MONTHLY.value, Pledge.kind.in_(ROLLED_KINDS),
                   Pledge.series_id.is_(None), Pledge.stopped_at.is_(None), Pledge.period < period,
                   Person.forgotten_at.is_(None), Campaign.status == "active",
                   or_(Campaign.ends_on.is_(None), Campaign.ends_on >= today))
            .order_by(Pledge.id).limit(ROLL_BATCH))).scalars().all()
        if not roots:
            return made
        last = roots[-1].id
        rows = [{"person_id": root.person_id, "campaign_id": root.campaign_id, "kind": root.kind,
                 "amount": root.amount, "item": root.item, "quantity": root.quantity,
                 "province_code": root.province_code, "county_code": root.county_code, "agency": root.agency,
                 "answers": dict(root.answers or {}), "recurrence": Recurrence.MONTHLY.value, "period": period,
                 "status": PledgeStatus.PLEDGED.value, "due_on": due, "series_id": root.id,
                 "idempotency_key": rollover_key(root.id, period), "created_at": now} for root in roots]
        insert = pg_insert(Pledge) if session.get_bind().dialect.name == "postgresql" else sqlite_insert(Pledge)
        result = await session.execute(insert.values(rows).on_conflict_do_nothing(
            index_elements=[Pledge.idempotency_key]).returning(Pledge.id))
        made += len(result.all())
        await session.commit()


async def tomans_pledged(session: AsyncSession, campaign_id: int) -> int:
    """Tomans pledged to a campaign (cancelled pledges do not count)."""
    return await PledgeRepository(session).tomans(campaign_id)


async def items_pledged(session: AsyncSession, campaign_id: int) -> int:
    """Items pledged in kind to a campaign (cancelled pledges do not count)."""
    return await PledgeRepository(session).items(campaign_id)

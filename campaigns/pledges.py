"""Pledges: reading an amount, making a pledge exactly once, its lifecycle, and what it adds up to."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from campaigns import catalogue
from campaigns.jalali import end_of_jalali_month, period_of
from campaigns.kinds import PledgeKind, PledgeRules, Recurrence
from campaigns.numerals import DECIMAL_MARKS, is_long_number, parse_int, to_latin_digits
from storage.models import Pledge, utcnow
from storage.models.pledges import PledgeStatus  # defined once, beside its column; handlers import it from here
from storage.unit_of_work import UnitOfWork

ONE_OFF_DAYS = 7


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


def due_on(recurrence: Recurrence, today: date) -> date:
    """When a pledge falls due: a week for a one-off, the end of the Jalali month for a monthly one."""
    return end_of_jalali_month(today) if recurrence == Recurrence.MONTHLY else today + timedelta(days=ONE_OFF_DAYS)


def idempotency_key(person_id: int, campaign_id: int, nonce: str) -> str:
    """The key that makes one confirmation one pledge, however often it is tapped."""
    return f"p:{person_id}:{campaign_id}:{nonce}"[:64]


async def already_made(uow: UnitOfWork, key: str) -> PledgeView | None:
    """The pledge an idempotency key already made, if any."""
    row = await uow.pledges.by_key(key)
    return view(row) if row else None


async def save(uow: UnitOfWork, person_id: int, draft: PledgeDraft, key: str,
               today: date) -> tuple[PledgeView, bool]:
    """Stage a confirmed pledge once, and make the person a member of its campaign; a repeat with the same
    key returns the first (and False). Part of the caller's action: it does not commit.

    The key is looked up first (a repeated tap costs one read), then inserted with ON CONFLICT DO NOTHING:
    when taps arrive at once, the unique index lets one in and the others find it."""
    existing = await uow.pledges.by_key(key)
    if existing is None:
        values = dict(person_id=person_id, campaign_id=draft.campaign_id, kind=draft.kind.value,
                      amount=draft.amount, item=draft.item, quantity=draft.quantity,
                      province_code=draft.province_code, county_code=draft.county_code, agency=draft.agency,
                      answers=dict(draft.answers), recurrence=draft.recurrence.value,
                      status=PledgeStatus.PLEDGED.value,
                      period=period_of(today) if draft.recurrence == Recurrence.MONTHLY else None,
                      due_on=due_on(draft.recurrence, today), idempotency_key=key, created_at=utcnow())
        pledge_id = await uow.pledges.insert_once(values)
        if pledge_id is not None:
            await catalogue.enrol(uow, person_id, draft.campaign_id)
            return view(Pledge(id=pledge_id, **values)), True
        # The same confirmation arrived twice at once; the other update saved it.
        existing = await uow.pledges.by_key(key)
        if existing is None:
            raise LookupError(f"pledge key {key} conflicted but is not found")
    await catalogue.enrol(uow, person_id, existing.campaign_id)
    return view(existing), False


async def create(uow: UnitOfWork, person_id: int, draft: PledgeDraft, key: str,
                 today: date) -> tuple[PledgeView, bool]:
    """Save a confirmed pledge once (its maker joins the campaign), in one commit; a repeat with the same key
    returns the first (and False)."""
    made = await save(uow, person_id, draft, key, today)
    await uow.commit()
    return made


async def of_person(uow: UnitOfWork, person_id: int) -> list[PledgeView]:
    """A person's pledges, newest first."""
    return [view(row) for row in await uow.pledges.of_person(person_id)]


async def get(uow: UnitOfWork, person_id: int, pledge_id: int) -> PledgeView | None:
    """One of a person's pledges (None if it is not theirs)."""
    row = await uow.pledges.by_id(pledge_id)
    return view(row) if row is not None and row.person_id == person_id else None


class CancelScope(enum.StrEnum):
    """What cancelling a monthly pledge ends: only this month's row, or the whole monthly series."""

    MONTH = "month"
    SERIES = "series"


async def cancel(uow: UnitOfWork, person_id: int, pledge_id: int,
                 scope: CancelScope = CancelScope.SERIES) -> bool:
    """Cancel one of a person's open pledges; False if it is not theirs or no longer open.

    A monthly pledge is stopped as a whole (no more months, no more reminders) unless only this month is
    cancelled (scope MONTH): then the series goes on next month."""
    row = await uow.pledges.by_id(pledge_id)
    if row is None or row.person_id != person_id:
        return False
    now = utcnow()
    changed = await uow.pledges.set_status(pledge_id, PledgeStatus.CANCELLED.value, cancelled_at=now)
    if row.recurrence == Recurrence.MONTHLY and scope is CancelScope.SERIES and changed:
        # The whole series stops; months already made ahead of this one (none, usually) go with it.
        await uow.pledges.stop_series(row, now)
    await uow.commit()
    return changed > 0


async def fulfil(uow: UnitOfWork, pledge_id: int) -> bool:
    """Mark an open pledge as fulfilled (a manager confirms the payment or delivery)."""
    changed = await uow.pledges.set_status(pledge_id, PledgeStatus.FULFILLED.value, fulfilled_at=utcnow())
    await uow.commit()
    return changed > 0


async def mark_overdue(uow: UnitOfWork, today: date) -> int:
    """Flip open pledges past their due date to overdue; how many changed."""
    changed = await uow.pledges.flip_overdue(today)
    await uow.commit()
    return changed


ROLLED_KINDS = (PledgeKind.CASH.value, PledgeKind.IN_KIND.value)
ROLL_BATCH = 500


def rollover_key(first_pledge_id: int, period: str) -> str:
    """One row per monthly series and Jalali month, however often and by however many workers it runs."""
    return f"roll:{first_pledge_id}:{period}"


async def roll_monthly_pledges(uow: UnitOfWork, today: date) -> int:
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
        roots = await uow.pledges.series_to_roll(last, period, today, ROLLED_KINDS, ROLL_BATCH)
        if not roots:
            return made
        last = roots[-1].id
        rows = [{"person_id": root.person_id, "campaign_id": root.campaign_id, "kind": root.kind,
                 "amount": root.amount, "item": root.item, "quantity": root.quantity,
                 "province_code": root.province_code, "county_code": root.county_code, "agency": root.agency,
                 "answers": dict(root.answers or {}), "recurrence": Recurrence.MONTHLY.value, "period": period,
                 "status": PledgeStatus.PLEDGED.value, "due_on": due, "series_id": root.id,
                 "idempotency_key": rollover_key(root.id, period), "created_at": now} for root in roots]
        made += await uow.pledges.insert_new(rows)
        await uow.commit()


async def tomans_pledged(uow: UnitOfWork, campaign_id: int) -> int:
    """Tomans pledged to a campaign (cancelled pledges do not count)."""
    return await uow.pledges.tomans(campaign_id)


async def items_pledged(uow: UnitOfWork, campaign_id: int) -> int:
    """Items pledged in kind to a campaign (cancelled pledges do not count)."""
    return await uow.pledges.items(campaign_id)

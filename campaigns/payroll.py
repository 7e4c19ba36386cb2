"""The health-gratitude payroll pledge (Shokraneh-ye Salamat): the last four digits of each month's net pay."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from campaigns import catalogue, numerals
from campaigns.jalali import end_of_jalali_month, period_of
from campaigns.kinds import PledgeKind, Recurrence
from campaigns.numerals import to_latin_digits
from campaigns.pledges import PledgeDraft, PledgeView, save, view
from storage.models.pledges import OPEN_STATUSES
from storage.unit_of_work import UnitOfWork

MAX_DIGITS = 9_999
# A whole net pay is millions of rials; five or six digits are neither the last four nor a net pay.
MIN_NET_PAY_DIGITS = 7


class DigitsError(enum.StrEnum):
    """Why a payslip answer was refused."""

    NOT_DIGITS = "not_digits"
    AMBIGUOUS = "ambiguous"


def payslip_digits(text: str, units: Sequence[str] = ("rials", "rial")) -> int | DigitsError:
    """The month's pledge in rials: the four digits typed, or the last four of a whole net pay."""
    cleaned = to_latin_digits(text.strip())
    for separator in (",", "\u066c", "\u060c", " ", "_", "."):
        cleaned = cleaned.replace(separator, "")
    for unit in sorted(units, key=len, reverse=True):
        cleaned = cleaned.removesuffix(unit)
    if not cleaned or not cleaned.isascii() or not cleaned.isdigit():
        return DigitsError.NOT_DIGITS
    if len(cleaned) <= 4:
        return int(cleaned)
    if not MIN_NET_PAY_DIGITS <= len(cleaned) <= numerals.MAX_DIGITS:  # no net pay runs to a hundred digits
        return DigitsError.AMBIGUOUS
    return int(cleaned[-4:])


def payroll_key(person_id: int, campaign_id: int, period: str) -> str:
    """One payroll pledge per person, campaign and Jalali month."""
    return f"payroll:{person_id}:{campaign_id}:{period}"


async def pledge_month(uow: UnitOfWork, person_id: int, campaign_id: int, agency: str, rials: int,
                       province_code: str | None, county_code: str | None,
                       today: date) -> tuple[PledgeView, bool]:
    """Record this month's payroll pledge (its maker joins the campaign), in one commit; a second answer in
    the same month replaces the amount."""
    period = period_of(today)
    key = payroll_key(person_id, campaign_id, period)
    existing = await uow.pledges.by_key(key)
    if existing is not None and existing.status in OPEN_STATUSES:
        due = end_of_jalali_month(today)
        await uow.pledges.update_open(existing.id, amount=rials, agency=agency, due_on=due)
        await catalogue.enrol(uow, person_id, campaign_id)
        await uow.commit()
        return replace(view(existing), amount=rials, agency=agency, due_on=due), False
    draft = PledgeDraft(campaign_id=campaign_id, kind=PledgeKind.PAYROLL, amount=rials, agency=agency,
                        province_code=province_code, county_code=county_code, recurrence=Recurrence.MONTHLY)
    made = await save(uow, person_id, draft, key, today)
    await uow.commit()
    return made


@dataclass(frozen=True)
class PayrollTotal:
    """Rials pledged and how many people pledged, for one agency or province."""

    key: str | None
    rials: int
    people: int


@dataclass(frozen=True)
class PayrollTotals:
    """A payroll campaign's totals per agency and per province."""

    by_agency: list[PayrollTotal]
    by_province: list[PayrollTotal]


async def totals(uow: UnitOfWork, campaign_id: int) -> PayrollTotals:
    """Payroll pledges summed per agency and per province."""
    agencies = [PayrollTotal(*row) for row in await uow.pledges.payroll_sums(campaign_id, "agency")]
    provinces = [PayrollTotal(*row) for row in await uow.pledges.payroll_sums(campaign_id, "province_code")]
    return PayrollTotals(by_agency=agencies, by_province=provinces)

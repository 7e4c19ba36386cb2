"""Teens of the MANA programme (مانا): a declared year of birth, a guardian's consent, and the protections that follow.

A person under 18 takes the teen path: their volunteer registration waits as "awaiting guardian" until an
onboarded adult opens the teen's one-time code, sees what the teen will do and what is stored, and accepts or
refuses. Refused, withdrawn or unanswered within CONSENT_DAYS, the teen's personal data is erased as /forget
does, and the teen is told. Teens never receive call-outs, only assignments a manager marked suitable for
teens, and no message from 21:00 to 08:00 (storage/repositories/audience.py). Messages to a teen go through the
outbox, so the worker keeps the teens' quiet window for them too."""

from __future__ import annotations

import enum
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import jdatetime

from campaigns import volunteers
from campaigns.broadcasts import service
from campaigns.catalogue import LINK_BASES
from campaigns.jalali import IRAN_TZ, to_jalali
from campaigns.kinds import Audience, CampaignDefinition
from campaigns.numerals import to_latin_digits
from campaigns.people import PersonView
from campaigns.volunteers import VolunteerForm
from storage.models import utcnow
from storage.models.guardians import ConsentStatus, GuardianConsent
from storage.repositories.audience import TEEN_QUIET, in_teen_quiet_hours
from storage.unit_of_work import UnitOfWork

ADULT_AGE = 18
MAX_AGE = 120
CONSENT_DAYS = 14
CODE_LENGTH = 8
MAX_CODE_TEXT = 64  # a typed code longer than this is not read at all
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or copied by hand
__all__ = ["TEEN_QUIET", "in_teen_quiet_hours"]


class YearProblem(enum.StrEnum):
    """Why a typed year of birth is refused."""

    NOT_A_YEAR = "not_a_year"
    FUTURE = "future"
    TOO_OLD = "too_old"
    TEEN_CANNOT_AGE = "teen_cannot_age"  # a teen declaring an earlier year: only a manager may correct it


@dataclass(frozen=True)
class YearAnswer:
    """A typed year of birth read: the year, or why it is refused."""

    year: int | None = None
    problem: YearProblem | None = None


@dataclass(frozen=True)
class Declared:
    """A year of birth recorded, and whether it makes its owner a teen now."""

    year: int
    teen: bool


def jalali_year(now: datetime) -> int:
    """The Jalali year it is in Iran at `now`."""
    return int(to_jalali(now).year)


def read_year(text: str, now: datetime | None = None) -> YearAnswer:
    """A Jalali year of birth typed in any digits: not in the future, not more than MAX_AGE years ago."""
    now = now or utcnow()
    digits = to_latin_digits(text[:MAX_CODE_TEXT]).strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 4:
        return YearAnswer(problem=YearProblem.NOT_A_YEAR)
    year, this_year = int(digits), jalali_year(now)
    if year > this_year:
        return YearAnswer(problem=YearProblem.FUTURE)
    if year < this_year - MAX_AGE:
        return YearAnswer(problem=YearProblem.TOO_OLD)
    return YearAnswer(year=year)


def adult_from(year: int) -> datetime:
    """When someone born in Jalali `year` counts as an adult: Nowruz after the year they turn 18 (the year alone
    cannot say whether the birthday has passed, so the protection lasts a little long rather than too short)."""
    nowruz: date = jdatetime.date(year + ADULT_AGE + 1, 1, 1).togregorian()
    return datetime(nowruz.year, nowruz.month, nowruz.day, tzinfo=IRAN_TZ)


def is_teen_year(year: int, now: datetime | None = None) -> bool:
    """True when someone born in Jalali `year` is a teen at `now`."""
    return adult_from(year) > (now or utcnow())


async def birth_year(uow: UnitOfWork, person_id: int) -> int | None:
    """A person's declared year of birth, if they gave one."""
    row = await uow.teens.birth_year(person_id)
    return row.year if row is not None else None


async def is_teen(uow: UnitOfWork, person_id: int, now: datetime | None = None) -> bool:
    """True when the person's declared year makes them a teen now."""
    return await uow.teens.is_teen(person_id, now or utcnow())


async def declare(uow: UnitOfWork, person_id: int, year: int, now: datetime | None = None) -> Declared | YearProblem:
    """Record a person's year of birth; commits. A teen's phone number is dropped (it is asked again only if their
    guardian allows it). A teen may not declare an earlier year (that takes a manager): the refusal, nothing saved."""
    now = now or utcnow()
    known = await uow.teens.birth_year(person_id)
    if known is not None and known.adult_from > now and year < known.year:
        return YearProblem.TEEN_CANNOT_AGE
    await uow.teens.set_birth_year(person_id, year, adult_from(year), now)
    teen = is_teen_year(year, now)
    if teen:
        await uow.people.update_fields(person_id, phone=None)
    await uow.commit()
    return Declared(year, teen)


async def correct_year(uow: UnitOfWork, manager_id: int, person_id: int, year: int,
                       now: datetime | None = None) -> bool:
    """A manager corrects a person's year of birth (older or younger); commits; False when no such person."""
    now = now or utcnow()
    if await uow.people.by_id(person_id) is None:
        return False
    await uow.teens.set_birth_year(person_id, year, adult_from(year), now, corrected_by_id=manager_id)
    await uow.commit()
    return True


# -- the request and the guardian's answer ------------------------------------------------------------------

class ConsentState(enum.StrEnum):
    """What a teen's registration is waiting for, as the teen sees it."""

    NONE = "none"
    AWAITING = "awaiting"
    CONFIRMED = "confirmed"


@dataclass(frozen=True)
class ConsentRequest:
    """The code a teen passes on to a guardian, and until when it is valid."""

    code: str
    expires_at: datetime
    new: bool


def new_code() -> str:
    """A fresh one-time code (CODE_LENGTH letters and digits that cannot be mistaken for one another)."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def read_code(text: str) -> str | None:
    """A typed code (any case, spaces or dashes, any digits), or the payload of a guardian link (g_CODE)."""
    cleaned = to_latin_digits(text[:MAX_CODE_TEXT]).strip().upper().replace(" ", "").replace("-", "")
    cleaned = cleaned.removeprefix("G_")
    if len(cleaned) != CODE_LENGTH or any(char not in _CODE_ALPHABET for char in cleaned):
        return None
    return cleaned


def guardian_link(platform: str, bot_username: str, code: str) -> str:
    """The deep link a guardian opens: it starts the bot with the teen's code."""
    return f"{LINK_BASES.get(platform, LINK_BASES['telegram'])}/{bot_username.lstrip('@')}?start=g_{code}"


def draft_of(form: VolunteerForm) -> dict[str, object]:
    """A volunteer registration as the request keeps it until the guardian answers (never a call-out: not on call)."""
    return {"axes": [a.value for a in form.axes], "specialty": form.specialty.value,
            "days": [d.value for d in form.days], "hours": form.hours.value, "province_code": form.province_code,
            "county_code": form.county_code, "skills": form.skills}


def form_of(draft: dict[str, object]) -> VolunteerForm:
    """The registration a request kept, to save once the guardian accepted (not on call, no national ID)."""
    def texts(key: str) -> list[str]:
        value = draft.get(key)
        return [str(item) for item in value] if isinstance(value, list) else []

    def text(key: str) -> str | None:
        value = draft.get(key)
        return str(value) if value is not None else None

    return VolunteerForm(
        axes=tuple(volunteers.Axis(a) for a in texts("axes") if a in volunteers.Axis._value2member_map_),
        specialty=volunteers.Specialty(text("specialty") or volunteers.Specialty.OTHER.value),
        days=tuple(volunteers.Day(d) for d in texts("days") if d in volunteers.Day._value2member_map_),
        hours=volunteers.Hours(text("hours") or volunteers.Hours.ANY.value), on_call=False,
        province_code=text("province_code"), county_code=text("county_code"), skills=text("skills"))


async def consent_state(uow: UnitOfWork, teen_id: int) -> ConsentState:
    """Whether the teen's guardian has confirmed, is awaited, or was never asked."""
    consent = await uow.teens.consent_of_teen(teen_id)
    if consent is None:
        return ConsentState.NONE
    if consent.status == ConsentStatus.CONFIRMED.value:
        return ConsentState.CONFIRMED
    return ConsentState.AWAITING


async def request_consent(uow: UnitOfWork, teen: PersonView, form: VolunteerForm,
                          now: datetime | None = None) -> ConsentRequest:
    """The teen's registration waits for a guardian: a new request with a one-time code, or the waiting one with
    this registration in place of the last; commits. The 14 days run from the first request."""
    now = now or utcnow()
    consent = await uow.teens.consent_of_teen(teen.id)
    if consent is not None and consent.status == ConsentStatus.AWAITING.value:
        consent.draft = draft_of(form)
        consent.province_code, consent.county_code = form.province_code, form.county_code
        request = ConsentRequest(consent.code, consent.requested_at + timedelta(days=CONSENT_DAYS), new=False)
    else:
        code = new_code()
        await uow.teens.add_consent(GuardianConsent(
            teen_id=teen.id, code=code, status=ConsentStatus.AWAITING.value, draft=draft_of(form),
            province_code=form.province_code, county_code=form.county_code, requested_at=now))
        request = ConsentRequest(code, now + timedelta(days=CONSENT_DAYS), new=True)
    await uow.commit()
    return request


async def register_confirmed(uow: UnitOfWork, teen_id: int, form: VolunteerForm) -> None:
    """A teen whose guardian confirmed saves (or edits) a registration at once, never on call; commits."""
    await volunteers.register(uow, teen_id, replace(form, on_call=False, national_id=None))


async def notify(uow: UnitOfWork, person_ids: Sequence[int], text_key: str, now: datetime,
                 **text_args: object) -> int:
    """A service notice about a guardian's consent to these teens (staged in the caller's transaction), at any hour
    outside the teens' quiet window: one written in it waits for the morning, even if the teen is erased meanwhile.
    How many it reaches."""
    not_before = _teen_morning(now) if in_teen_quiet_hours(now) else None
    return await service.notify(uow, person_ids, text_key, now, any_hour=True, not_before=not_before, **text_args)


def _teen_morning(now: datetime) -> datetime:
    """The end of the teens' quiet window that `now` falls in."""
    local = now.astimezone(IRAN_TZ)
    morning = local.replace(hour=TEEN_QUIET[1], minute=0, second=0, microsecond=0)
    return morning if morning > local else morning + timedelta(days=1)


async def erase_teen(uow: UnitOfWork, teen_id: int, status: ConsentStatus, now: datetime) -> None:
    """Erase a teen's personal data as /forget does, and detach them from their request (staged; the caller
    commits)."""
    await uow.teens.close_for_erasure(teen_id, status, now)
    await uow.people.erase(teen_id, now)


async def forget(uow: UnitOfWork, person_id: int) -> None:
    """/forget: the year of birth and a teen's request go with the rest of their personal data (staged: people.forget
    erases the rest and commits)."""
    await uow.teens.close_for_erasure(person_id, ConsentStatus.FORGOTTEN, utcnow())


async def expire_unconfirmed(uow: UnitOfWork, day: date) -> int:
    """The daily job: a teen whose request has waited CONSENT_DAYS days (counted from the start of `day` in Iran)
    is told, then their personal data is erased; commits; returns how many."""
    start_of_day = datetime(day.year, day.month, day.day, tzinfo=IRAN_TZ)
    now = utcnow()
    teen_ids = list(await uow.teens.awaiting_since_before(start_of_day - timedelta(days=CONSENT_DAYS)))
    if not teen_ids:
        return 0
    await notify(uow, teen_ids, "teen-expired-notice", now, days=CONSENT_DAYS)
    for teen_id in teen_ids:
        await erase_teen(uow, teen_id, ConsentStatus.EXPIRED, now)
    await uow.commit()
    return len(teen_ids)


# -- assignments and teens ---------------------------------------------------------------------------------

async def assignment_place(uow: UnitOfWork, assignment_id: int) -> tuple[str, str | None, bool] | None:
    """(province, county, is a call-out) of an assignment, or None when there is none."""
    return await uow.teens.assignment_in(assignment_id)


async def mark_assignment(uow: UnitOfWork, assignment_id: int, manager_id: int | None) -> bool:
    """Mark an ordinary assignment suitable for teens; commits; False when it was marked already (or is a call-out)."""
    marked = await uow.teens.mark_assignment(assignment_id, manager_id, utcnow())
    await uow.commit()
    return marked


# -- joining a campaign that says who it is for --------------------------------------------------------------

class JoinCheck(enum.StrEnum):
    """Whether a person may join a campaign that asks the year of birth, or what comes first."""

    OK = "ok"
    ASK_YEAR = "ask_year"  # the year is not known yet: ask it, then check again
    FOR_TEENS = "for_teens"  # an adult and a campaign for teens
    FOR_ADULTS = "for_adults"  # a teen and a campaign for adults
    NEEDS_GUARDIAN = "needs_guardian"  # a teen whose guardian has not confirmed yet


async def may_join(uow: UnitOfWork, person_id: int, definition: CampaignDefinition) -> JoinCheck:
    """Whether a person may join a campaign, by who it is for (everyone's campaigns never ask)."""
    if not definition.asks_birth_year:
        return JoinCheck.OK
    known = await uow.teens.birth_year(person_id)
    if known is None:
        return JoinCheck.ASK_YEAR
    teen = known.adult_from > utcnow()
    if definition.audience is Audience.TEENS and not teen:
        return JoinCheck.FOR_TEENS
    if definition.audience is Audience.ADULTS and teen:
        return JoinCheck.FOR_ADULTS
    if teen and await consent_state(uow, person_id) is not ConsentState.CONFIRMED:
        return JoinCheck.NEEDS_GUARDIAN
    return JoinCheck.OK


# -- figures -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TeenCount:
    """Teens' consent requests in one province and county: awaiting a guardian, confirmed, and closed (refused,
    expired, withdrawn or erased). Counts only: nothing that names a teen."""

    province_code: str | None
    county_code: str | None
    awaiting: int
    confirmed: int
    closed: int


async def counts(uow: UnitOfWork, province_code: str | None, county_code: str | None) -> list[TeenCount]:
    """Teens by province and county inside a manager's region (None: the whole country)."""
    found: dict[tuple[str | None, str | None], dict[str, int]] = {}
    for province, county, status, number in await uow.teens.counts_by_region(province_code, county_code):
        found.setdefault((province, county), {})[status] = number
    closed = {ConsentStatus.REFUSED.value, ConsentStatus.EXPIRED.value, ConsentStatus.WITHDRAWN.value,
              ConsentStatus.FORGOTTEN.value}
    return [TeenCount(province, county, by.get(ConsentStatus.AWAITING.value, 0),
                      by.get(ConsentStatus.CONFIRMED.value, 0), sum(n for status, n in by.items() if status in closed))
            for (province, county), by in found.items()]


async def count_in_export(uow: UnitOfWork, province_code: str | None, county_code: str | None) -> int:
    """How many teens (with a guardian's consent) live in a region: exports show them only as this count."""
    return await uow.teens.confirmed_within(province_code, county_code, utcnow())


async def phone_allowed(uow: UnitOfWork, person_id: int) -> bool:
    """Whether a person may give a phone number: anyone but a teen whose guardian did not allow it."""
    if not await uow.teens.is_teen(person_id, utcnow()):
        return True
    consent = await uow.teens.consent_of_teen(person_id)
    return consent is not None and consent.status == ConsentStatus.CONFIRMED.value and consent.phone_allowed

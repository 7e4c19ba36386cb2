"""The referral system (نظام ارجاع): a MOHEB volunteer on an accepted call-out refers a person to a specialised
service; the provincial manager in scope assigns a provider and moves it open → assigned → contacted → closed.

Privacy: the person's name and phone are stored only with their consent and shown only to the managers the
referral goes to (campaigns/referral_manage.py's card); no message to the volunteer, no notification and no
log line carries them. A note with a phone number in it is refused (the phone has its own consented step),
and the log says only that, with the number masked. Every message goes through the outbox (the worker
sends it): a "today" referral reaches the managers at once, quiet hours or not; a volunteer's updates and a
"this week" referral wait for the end of quiet hours."""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from campaigns import roles
from campaigns.audit import Actor, record
from campaigns.broadcasts import outbox
from campaigns.broadcasts.dto import BroadcastKind, ButtonKind, ButtonSpec, MessageSpec, Segment
from campaigns.broadcasts.service import BroadcastPlan, Manager, prepare_broadcast
from campaigns.callbacks import ReferralAction, ReferralButton
from campaigns.errors import Refused
from campaigns.numerals import normalize_phone, to_latin_digits
from campaigns.regions import Regions, load_regions
from i18n import LANGUAGES, translator
from storage.models import utcnow
from storage.models.referrals import Referral, ReferralOutcome, ReferralStatus, ServiceKind, Urgency
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

MAX_NOTE = 300
MAX_NAME = 80
OVERDUE_AFTER = {Urgency.TODAY: timedelta(hours=48), Urgency.WEEK: timedelta(days=7)}
CALLOUT_DAYS = 14  # /referral offers the call-outs a volunteer accepted that started in the last two weeks
# Seven or more digits in a row (spaces, dashes, dots or a leading + between them): a phone number, or near
# enough that a note should not carry it. Checked on Latin digits, so ۰۹۱۲… and ٠٩١٢… count too.
_PHONE_LIKE = re.compile(r"\+?\d(?:[\s\-.()]*\d){6,}")


class Refusal(enum.StrEnum):
    """Why a referral or a move was refused (locale id: referral-refused-<code>); nothing was written."""

    NOT_ON_CALLOUT = "not-on-callout"
    OTHER_PROVINCE = "other-province"
    NOTE_TOO_LONG = "note-too-long"
    NOTE_HAS_PHONE = "note-has-phone"
    BAD_NAME = "bad-name"
    BAD_PHONE = "bad-phone"
    UNKNOWN_REGION = "unknown-region"
    OUT_OF_SCOPE = "out-of-scope"
    NOT_FOUND = "not-found"
    NO_PROVIDER = "no-provider"


class ReferralRefused(Refused[Refusal]):
    """A referral, or a move of one, refused as asked."""

    @property
    def locale_key(self) -> str:
        """The locale id that explains this refusal."""
        return f"referral-refused-{self.code.value}"


@dataclass(frozen=True)
class ReferralForm:
    """What the volunteer entered; `nonce` is the Send button's (a double tap saves one referral)."""

    assignment_id: int
    need: ServiceKind
    urgency: Urgency
    province_code: str
    county_code: str | None
    note: str | None
    consent: bool
    name: str | None
    phone: str | None
    nonce: str


@dataclass(frozen=True)
class ReferralView:
    """A referral without the person's name or phone (those are `Contact`, for the receiving managers)."""

    id: int
    need: ServiceKind
    urgency: Urgency
    province_code: str
    county_code: str | None
    note: str | None
    consent: bool
    status: ReferralStatus
    outcome: ReferralOutcome | None
    provider_id: int | None
    created_at: datetime
    contacted_at: datetime | None
    overdue: bool


@dataclass(frozen=True)
class Contact:
    """The referred person's name and phone, given with their consent."""

    name: str | None
    phone: str | None


@dataclass(frozen=True)
class Moved:
    """A manager's move: the referral as it is now, and whether this press moved it (False: it had moved
    already, a double tap or another manager)."""

    referral: ReferralView
    changed: bool


def holds_phone(text: str) -> bool:
    """True when a text holds something that reads as a phone number, in any digit script."""
    return _PHONE_LIKE.search(to_latin_digits(text)) is not None


def mask_phones(text: str) -> str:
    """The text with every phone-like run of digits replaced by ***, for a log line."""
    return _PHONE_LIKE.sub("***", to_latin_digits(text))


def clean_note(text: str) -> str | None:
    """A note as it is stored (spaces collapsed; None when empty); ReferralRefused when too long or it holds a
    phone number (logged with the number masked)."""
    note = " ".join(text.split())
    if len(note) > MAX_NOTE:
        raise ReferralRefused(Refusal.NOTE_TOO_LONG)
    if holds_phone(note):
        log.info("referral note with a phone number refused", extra={"note": mask_phones(note)})
        raise ReferralRefused(Refusal.NOTE_HAS_PHONE)
    return note or None


def clean_name(text: str) -> str:
    """The referred person's name; ReferralRefused when empty, too long or made of digits."""
    name = " ".join(text.split())
    if not name or len(name) > MAX_NAME or holds_phone(name) or not any(c.isalpha() for c in name):
        raise ReferralRefused(Refusal.BAD_NAME)
    return name


def clean_phone(text: str) -> str:
    """The referred person's mobile number as 09xxxxxxxxx; ReferralRefused when it is not one."""
    phone = normalize_phone(text)
    if phone is None:
        raise ReferralRefused(Refusal.BAD_PHONE)
    return phone


def is_overdue(row: Referral, now: datetime) -> bool:
    """Not contacted within 48 hours ("today") or 7 days ("this week")."""
    return (row.contacted_at is None and row.status in (ReferralStatus.OPEN, ReferralStatus.ASSIGNED)
            and row.created_at + OVERDUE_AFTER[Urgency(row.urgency)] <= now)


def view(row: Referral, now: datetime | None = None) -> ReferralView:
    """The DTO of a referral row (never its name or phone)."""
    return ReferralView(
        id=row.id, need=ServiceKind(row.need), urgency=Urgency(row.urgency), province_code=row.province_code,
        county_code=row.county_code, note=row.note, consent=row.consent, status=ReferralStatus(row.status),
        outcome=ReferralOutcome(row.outcome) if row.outcome else None, provider_id=row.provider_id,
        created_at=row.created_at, contacted_at=row.contacted_at, overdue=is_overdue(row, now or utcnow()))


# -- the volunteer ----------------------------------------------------------------------------------------

async def callout_province(uow: UnitOfWork, assignment_id: int, person_id: int) -> str | None:
    """The province of a call-out this person accepted; None when they are not on it."""
    return await uow.referrals.callout_province(assignment_id, person_id)


async def my_callouts(uow: UnitOfWork, person_id: int, now: datetime | None = None) -> list[tuple[int, str]]:
    """(id, title) of the call-outs a volunteer accepted lately (the ones they may refer people from)."""
    return list(await uow.referrals.callouts_of(person_id, (now or utcnow()) - timedelta(days=CALLOUT_DAYS)))


async def submit(uow: UnitOfWork, person_id: int, form: ReferralForm, now: datetime | None = None,
                 regions: Regions | None = None) -> tuple[ReferralView, bool]:
    """Save a referral and tell the managers of its province; commits. (The referral, True) when saved now;
    (the first one, False) for a double tap of Send. ReferralRefused, with nothing written, when the volunteer
    is not on that call-out, the region is outside the call-out's province, or a field is wrong."""
    now = now or utcnow()
    regions = regions or load_regions()
    known = await uow.referrals.by_nonce(form.nonce)
    if known is not None:
        return view(known, now), False
    province = await uow.referrals.callout_province(form.assignment_id, person_id)
    if province is None:
        raise ReferralRefused(Refusal.NOT_ON_CALLOUT)
    if not regions.holds(form.province_code, form.county_code):
        raise ReferralRefused(Refusal.UNKNOWN_REGION)
    if form.province_code != province:
        raise ReferralRefused(Refusal.OTHER_PROVINCE)
    note = clean_note(form.note) if form.note else None
    # Without consent nothing that names the person is kept, whatever the form carried.
    name = clean_name(form.name) if form.consent and form.name else None
    phone = clean_phone(form.phone) if form.consent and form.phone else None
    row = Referral(nonce=form.nonce, assignment_id=form.assignment_id, referrer_id=person_id, need=form.need.value,
                   urgency=form.urgency.value, province_code=form.province_code, county_code=form.county_code,
                   note=note, consent=form.consent, person_name=name, person_phone=phone,
                   status=ReferralStatus.OPEN.value, created_at=now)
    await uow.referrals.add(row)
    managers = await uow.referrals.managers_of_province(form.province_code)
    await _notify(uow, managers, "referral-new", row, regions, now, urgent=row.urgency == Urgency.TODAY,
                  button="referral-button-open")
    await uow.commit()
    return view(row, now), True


# -- what is sent (through the outbox) --------------------------------------------------------------------

def _both(key: str) -> dict[str, str]:
    """A text in every language, for a message the worker renders in each reader's own."""
    return {language: translator(language)(key) for language in LANGUAGES}


def _region(regions: Regions, province_code: str, county_code: str | None) -> dict[str, str]:
    province, county = regions.province(province_code), regions.county(county_code)
    names = {}
    for language in LANGUAGES:
        parts = [p.name(language) for p in (county, province) if p is not None]
        names[language] = "، ".join(parts) if language == "fa" else ", ".join(parts)
    return names


def message_args(row: Referral, regions: Regions) -> dict[str, Any]:
    """What every referral message may say: its number, need, urgency, region and status; never the person."""
    return {"id": row.id, "need": _both(f"referral-need-{row.need}"),
            "urgency": _both(f"referral-urgency-{row.urgency}"),
            "region": _region(regions, row.province_code, row.county_code),
            "status": _both(f"referral-status-{row.outcome or row.status}")}


async def _notify(uow: UnitOfWork, people: list[int], key: str, row: Referral, regions: Regions, now: datetime,
                  *, urgent: bool, button: str | None = None) -> int:
    """Stage one message to these people (the managers, or the referrer) in the outbox; `urgent` bypasses
    quiet hours. Started in the caller's transaction: nothing is sent for an action that is rolled back."""
    if not people:
        return 0
    buttons = (ButtonSpec(ButtonKind.ACTION, button, ReferralButton(action=ReferralAction.OPEN, arg=row.id).pack()),
               ) if button else ()
    message = MessageSpec(text_key=key, text_args=message_args(row, regions), buttons=buttons)
    plan = BroadcastPlan(emergency=urgent, kind=BroadcastKind.SERVICE)  # to named people: no stop button
    broadcast_id = await prepare_broadcast(uow, Segment(), message, plan, Manager(None),
                                           now=now, allow_empty=True)
    total = await uow.broadcasts.deliver_to(broadcast_id, people)
    await outbox.start(uow, broadcast_id, total)
    return total


# -- the managers -----------------------------------------------------------------------------------------

async def _in_scope(uow: UnitOfWork, actor: Actor, referral_id: int) -> Referral:
    row = await uow.referrals.by_id(referral_id)
    if row is None:
        raise ReferralRefused(Refusal.NOT_FOUND)
    if not roles.scope_of_actor(actor).covers(row.province_code, row.county_code):
        raise ReferralRefused(Refusal.OUT_OF_SCOPE)
    return row


async def card(uow: UnitOfWork, actor: Actor, referral_id: int, now: datetime | None = None
               ) -> tuple[ReferralView, Contact | None]:
    """A referral for a manager in its scope, with the person's contact when they consented to it."""
    row = await _in_scope(uow, actor, referral_id)
    contact = Contact(row.person_name, row.person_phone) if row.consent else None
    return view(row, now), contact


async def listing(uow: UnitOfWork, actor: Actor, *, overdue_only: bool = False, now: datetime | None = None
                  ) -> list[ReferralView]:
    """A manager's referrals not closed yet (or only the overdue ones), the oldest waiting first."""
    now = now or utcnow()
    province, county = roles.scope_of_actor(actor).area()
    if overdue_only:
        rows = await uow.referrals.overdue(province, county, now - OVERDUE_AFTER[Urgency.TODAY],
                                           now - OVERDUE_AFTER[Urgency.WEEK])
    else:
        rows = await uow.referrals.within(province, county)
    return [view(row, now) for row in rows]


_MOVES: dict[ReferralStatus, tuple[ReferralStatus, ...]] = {
    ReferralStatus.ASSIGNED: (ReferralStatus.OPEN, ReferralStatus.ASSIGNED),  # a provider may be changed
    ReferralStatus.CONTACTED: (ReferralStatus.ASSIGNED,),
    ReferralStatus.CLOSED: (ReferralStatus.CONTACTED,),
}


async def _move(uow: UnitOfWork, actor: Actor, referral_id: int, to: ReferralStatus, now: datetime,
                regions: Regions, **values: Any) -> Moved:
    row = await _in_scope(uow, actor, referral_id)
    was = _MOVES[to]
    if row.status not in was or (to is ReferralStatus.ASSIGNED and row.provider_id == values.get("provider_id")):
        return Moved(view(row, now), False)  # moved before: a double tap or another manager's press
    before = view(row, now)
    # The conditional UPDATE also refreshes `row` in the session (its status and the values set here).
    if not await uow.referrals.move(referral_id, [s.value for s in was], status=to.value,
                                    handled_by_id=actor.person_id, **values):
        return Moved(before, False)  # another manager moved it between the read and the write
    record(uow, actor, f"referral_{to.value}", {"referral": referral_id, **{
        k: v for k, v in values.items() if k in ("provider_id", "outcome")}}, province_code=row.province_code,
        county_code=row.county_code)
    if row.referrer_id is not None:
        await _notify(uow, [row.referrer_id], "referral-update", row, regions, now, urgent=False)
    await uow.commit()
    return Moved(view(row, now), True)


async def assign(uow: UnitOfWork, actor: Actor, referral_id: int, provider_id: int, now: datetime | None = None,
                 regions: Regions | None = None) -> Moved:
    """Give a referral to a provider of the manager's region (again, to change it before contact); commits."""
    now = now or utcnow()
    provider = await uow.referrals.provider(provider_id)
    row = await _in_scope(uow, actor, referral_id)
    if provider is None or not provider.active or provider.province_code != row.province_code:
        raise ReferralRefused(Refusal.NO_PROVIDER)
    return await _move(uow, actor, referral_id, ReferralStatus.ASSIGNED, now, regions or load_regions(),
                       provider_id=provider_id, assigned_at=now)


async def contacted(uow: UnitOfWork, actor: Actor, referral_id: int, now: datetime | None = None,
                    regions: Regions | None = None) -> Moved:
    """The provider reached the person; commits."""
    now = now or utcnow()
    return await _move(uow, actor, referral_id, ReferralStatus.CONTACTED, now, regions or load_regions(),
                       contacted_at=now)


async def close(uow: UnitOfWork, actor: Actor, referral_id: int, outcome: ReferralOutcome,
                now: datetime | None = None, regions: Regions | None = None) -> Moved:
    """Close a contacted referral as served, declined or unreachable; commits."""
    now = now or utcnow()
    return await _move(uow, actor, referral_id, ReferralStatus.CLOSED, now, regions or load_regions(),
                       outcome=outcome.value, closed_at=now)


async def remind_overdue(uow: UnitOfWork, now: datetime, regions: Regions | None = None) -> int:
    """The worker's job (the clock passed in): remind the managers of each referral gone overdue, once each;
    commits; how many referrals were reminded."""
    regions = regions or load_regions()
    reminded = 0
    for row in await uow.referrals.overdue_unreminded(now - OVERDUE_AFTER[Urgency.TODAY],
                                                      now - OVERDUE_AFTER[Urgency.WEEK]):
        if not await uow.referrals.claim_reminder(row.id, now):
            continue  # another worker took it
        managers = await uow.referrals.managers_of_province(row.province_code)
        await _notify(uow, managers, "referral-overdue-reminder", row, regions, now,
                      urgent=row.urgency == Urgency.TODAY, button="referral-button-open")
        reminded += 1
    await uow.commit()
    return reminded


async def sent_before(uow: UnitOfWork, nonce: str) -> ReferralView | None:
    """The referral a Send button's nonce saved, if it was pressed before."""
    row = await uow.referrals.by_nonce(nonce)
    return view(row) if row is not None else None


async def forget_referrer(uow: UnitOfWork, person_id: int) -> int:
    """/forget: the person's referrals stay, without them as the referrer; the caller commits."""
    return await uow.referrals.forget_referrer(person_id)

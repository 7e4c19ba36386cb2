"""A guardian's side of a teen's consent: open the teen's code, see what the teen will do and what is stored, accept
or refuse once; later see the consent and withdraw it (which erases the teen's data as /forget does).

Every answer is one conditional UPDATE from "awaiting guardian": a code used a second time, or by another
guardian, changes nothing and gets its own refusal."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from campaigns import teens, volunteers
from campaigns.people import PersonView
from campaigns.volunteers import VolunteerForm
from storage.models import utcnow
from storage.models.guardians import ConsentStatus, GuardianConsent
from storage.unit_of_work import UnitOfWork


class Refusal(enum.StrEnum):
    """Why a guardian's code or answer is refused (nothing is changed)."""

    NOT_FOUND = "not_found"
    OWN_CODE = "own_code"  # the teen opened their own code
    NOT_ONBOARDED = "not_onboarded"  # the guardian has not finished registering with the bot
    GUARDIAN_IS_TEEN = "guardian_is_teen"
    ANSWERED_BY_YOU = "answered_by_you"
    ANSWERED_BY_OTHER = "answered_by_other"
    CLOSED = "closed"  # refused, expired, withdrawn or erased: the teen's data is gone


@dataclass(frozen=True)
class GuardianView:
    """What a guardian sees before answering: who asks, what they will do, until when the code is valid."""

    consent_id: int
    teen_name: str | None
    registration: VolunteerForm
    expires_at: datetime


@dataclass(frozen=True)
class Answered:
    """A guardian's answer, recorded."""

    accepted: bool
    phone_allowed: bool
    teen_name: str | None


@dataclass(frozen=True)
class GuardedTeen:
    """A consent a guardian gave and may withdraw."""

    consent_id: int
    teen_name: str | None
    decided_at: datetime | None
    phone_allowed: bool
    registration: VolunteerForm | None


async def _refusal(uow: UnitOfWork, consent: GuardianConsent | None, guardian: PersonView,
                   now: datetime) -> Refusal | None:
    """Why this guardian may not answer this request now (None: they may)."""
    if consent is None:
        return Refusal.NOT_FOUND
    if consent.teen_id == guardian.id:
        return Refusal.OWN_CODE
    if consent.status != ConsentStatus.AWAITING.value or consent.teen_id is None:
        if consent.status == ConsentStatus.CONFIRMED.value:
            return Refusal.ANSWERED_BY_YOU if consent.guardian_id == guardian.id else Refusal.ANSWERED_BY_OTHER
        if consent.status == ConsentStatus.REFUSED.value and consent.guardian_id == guardian.id:
            return Refusal.ANSWERED_BY_YOU
        return Refusal.CLOSED
    if not guardian.onboarded:
        return Refusal.NOT_ONBOARDED
    if await uow.teens.is_teen(guardian.id, now):
        return Refusal.GUARDIAN_IS_TEEN
    return None


async def open_code(uow: UnitOfWork, code: str, guardian: PersonView,
                    now: datetime | None = None) -> GuardianView | Refusal:
    """What a guardian sees on opening a teen's code, or why they may not answer it."""
    now = now or utcnow()
    consent = await uow.teens.consent_by_code(code)
    refusal = await _refusal(uow, consent, guardian, now)
    if refusal is not None or consent is None or consent.teen_id is None:
        return refusal or Refusal.NOT_FOUND
    teen = await uow.people.by_id(consent.teen_id)
    return GuardianView(consent.id, teen.first_name if teen is not None else None, teens.form_of(consent.draft or {}),
                        consent.requested_at + timedelta(days=teens.CONSENT_DAYS))


async def answer(uow: UnitOfWork, consent_id: int, guardian: PersonView, accept: bool, phone_allowed: bool = False,
                 now: datetime | None = None) -> Answered | Refusal:
    """Accept (the teen's registration is saved) or refuse (the teen's data is erased); the teen is told either way;
    one commit. A second answer, or another guardian's, changes nothing."""
    now = now or utcnow()
    consent = await uow.teens.consent_by_id(consent_id)
    refusal = await _refusal(uow, consent, guardian, now)
    if refusal is not None or consent is None or consent.teen_id is None:
        return refusal or Refusal.NOT_FOUND
    teen_id, draft = consent.teen_id, dict(consent.draft or {})
    teen = await uow.people.by_id(teen_id)
    teen_name = teen.first_name if teen is not None else None
    status = ConsentStatus.CONFIRMED if accept else ConsentStatus.REFUSED
    if not await uow.teens.decide(consent_id, status, guardian.id, accept and phone_allowed, now):
        await uow.rollback()
        return await _refusal(uow, await uow.teens.consent_by_id(consent_id), guardian, now) or Refusal.CLOSED
    if accept:
        await uow.teens.drop_draft(consent_id)
        await teens.notify(uow, [teen_id], "teen-accepted-phone" if phone_allowed else "teen-accepted-notice", now)
        await teens.register_confirmed(uow, teen_id, teens.form_of(draft))  # commits the whole answer
    else:
        await teens.notify(uow, [teen_id], "teen-refused-notice", now)
        await teens.erase_teen(uow, teen_id, ConsentStatus.REFUSED, now)
        await uow.commit()
    return Answered(accept, accept and phone_allowed, teen_name)


async def of_guardian(uow: UnitOfWork, guardian_id: int) -> list[GuardedTeen]:
    """The consents a guardian gave and has not withdrawn, with what each teen registered for."""
    found = []
    for consent, name in await uow.teens.of_guardian(guardian_id):
        registration = await volunteers.get(uow, consent.teen_id) if consent.teen_id is not None else None
        form = None if registration is None else VolunteerForm(
            axes=registration.axes, specialty=registration.specialty, days=registration.days,
            hours=registration.hours, on_call=False, province_code=registration.province_code,
            county_code=registration.county_code, skills=registration.skills)
        found.append(GuardedTeen(consent.id, name, consent.decided_at, consent.phone_allowed, form))
    return found


async def withdraw(uow: UnitOfWork, consent_id: int, guardian: PersonView, now: datetime | None = None) -> bool:
    """The guardian withdraws their consent: the teen is told and their data erased as /forget does; one commit.
    False (nothing changed) when it is not this guardian's consent or it was already withdrawn."""
    now = now or utcnow()
    consent = await uow.teens.consent_by_id(consent_id)
    if consent is None or consent.teen_id is None:
        return False
    teen_id = consent.teen_id
    if not await uow.teens.withdraw(consent_id, guardian.id, now):
        await uow.rollback()
        return False
    await teens.notify(uow, [teen_id], "teen-withdrawn-notice", now)
    await teens.erase_teen(uow, teen_id, ConsentStatus.WITHDRAWN, now)
    await uow.commit()
    return True

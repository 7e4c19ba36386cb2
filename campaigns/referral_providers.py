"""Service providers of the referral system, as data: YAML files in campaigns/providers/ loaded at start (like
campaign definitions), or entered in the bot by a manager, always inside the manager's region.

A provider has a name, a kind (psychology, psychiatry, social work, rehabilitation, legal, housing), a region
and a contact; the contact is shown to managers only. A file's entry is keyed "<file>#<key>": loading the
same files again updates them and never doubles a row. A wrong entry is skipped with one log line."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from campaigns import roles
from campaigns.audit import Actor, record
from campaigns.referrals import ReferralRefused, Refusal
from campaigns.regions import Regions, load_regions
from storage.models import utcnow
from storage.models.referrals import ServiceKind, ServiceProvider
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

PROVIDERS_DIR = Path(__file__).resolve().parent / "providers"
MAX_NAME = 120
MAX_CONTACT = 200


class ProviderEntry(BaseModel):
    """One provider in a YAML file."""

    model_config = ConfigDict(extra="forbid")
    key: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=1, max_length=MAX_NAME)
    kind: ServiceKind
    province: str
    county: str | None = None
    contact: str | None = Field(default=None, max_length=MAX_CONTACT)


class ProviderFile(BaseModel):
    """A providers file: a list of entries."""

    model_config = ConfigDict(extra="forbid")
    providers: list[ProviderEntry]


@dataclass(frozen=True)
class ProviderView:
    """A provider as managers see it (the contact is for managers only)."""

    id: int
    name: str
    kind: ServiceKind
    province_code: str
    county_code: str | None
    contact: str | None


def view(row: ServiceProvider) -> ProviderView:
    """The DTO of a provider row."""
    return ProviderView(row.id, row.name, ServiceKind(row.kind), row.province_code, row.county_code, row.contact)


def read_files(folder: Path) -> list[tuple[str, list[ProviderEntry]]]:
    """Each valid providers file of a folder: its name without .yaml, and its entries (a wrong file is skipped
    with one log line saying what is wrong)."""
    files = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            entries = ProviderFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).providers
        except (ValidationError, ValueError, yaml.YAMLError) as exc:
            log.warning("providers file skipped", extra={"file": path.name, "problem": str(exc).splitlines()[0]})
            continue
        files.append((path.stem, entries))
    return files


async def load_providers(uow: UnitOfWork, folder: Path = PROVIDERS_DIR, regions: Regions | None = None) -> int:
    """Load (or reload) every providers file in a folder; commits; how many entries were written or updated."""
    regions = regions or load_regions()
    written = 0
    for stem, entries in read_files(folder):
        for entry in entries:
            if not regions.holds(entry.province, entry.county):
                log.warning("provider skipped: unknown region", extra={"file": stem, "key": entry.key})
                continue
            source = f"{stem}#{entry.key}"[:96]
            values: dict[str, Any] = {"name": entry.name, "kind": entry.kind.value, "province_code": entry.province,
                                      "county_code": entry.county, "contact": entry.contact, "active": True}
            row = await uow.referrals.provider_by_source(source)
            if row is None:
                await uow.referrals.add_provider(ServiceProvider(source=source, created_at=utcnow(), **values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)
            written += 1
    await uow.commit()
    return written


async def add(uow: UnitOfWork, actor: Actor, name: str, kind: ServiceKind, province_code: str,
              county_code: str | None, contact: str | None, regions: Regions | None = None) -> ProviderView:
    """A manager enters a provider in their own region; commits."""
    regions = regions or load_regions()
    name, contact = " ".join(name.split()), " ".join((contact or "").split()) or None
    if not name or len(name) > MAX_NAME or (contact is not None and len(contact) > MAX_CONTACT):
        raise ReferralRefused(Refusal.BAD_NAME)
    if not regions.holds(province_code, county_code):
        raise ReferralRefused(Refusal.UNKNOWN_REGION)
    if not roles.scope_of_actor(actor).covers(province_code, county_code):
        raise ReferralRefused(Refusal.OUT_OF_SCOPE)
    row = ServiceProvider(name=name, kind=kind.value, province_code=province_code, county_code=county_code,
                          contact=contact, created_by_id=actor.person_id, created_at=utcnow())
    await uow.referrals.add_provider(row)
    record(uow, actor, "provider_added", {"provider": row.id}, province_code=province_code, county_code=county_code)
    await uow.commit()
    return view(row)


async def within(uow: UnitOfWork, actor: Actor) -> list[ProviderView]:
    """The providers in a manager's region."""
    province, county = roles.scope_of_actor(actor).area()
    if county is not None and actor.province_code:
        province = actor.province_code
    return [view(row) for row in await uow.referrals.providers_within(province, county)]


async def for_referral(uow: UnitOfWork, province_code: str, county_code: str | None, need: ServiceKind
                       ) -> list[ProviderView]:
    """The providers a referral may go to: its province's, those of its need first."""
    rows = await uow.referrals.providers_within(province_code, None)
    ranked = sorted(rows, key=lambda r: (r.kind != need.value, r.county_code not in (None, county_code), r.name))
    return [view(row) for row in ranked]


async def name_of(uow: UnitOfWork, provider_id: int) -> str | None:
    """A provider's name (None when it is gone)."""
    row = await uow.referrals.provider(provider_id)
    return row.name if row is not None else None

"""Campaign definitions from YAML files into the `campaigns` table: validate, then upsert by slug.

A bad file is reported in one log line and skipped; the others still load. Loading the same files
twice changes nothing (each row keeps the checksum of the definition it holds). A definition's `events:`
become schedules (campaigns/broadcasts/events.py), synced on every load, also idempotently."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from campaigns.broadcasts.events import EventReport, sync_events
from campaigns.jalali import IRAN_TZ
from campaigns.kinds import CampaignDefinition
from storage.models import Campaign, utcnow
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass
class LoadReport:
    """What a load did: slugs created, updated, unchanged, and files skipped with the reason."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    events: EventReport = field(default_factory=EventReport)


class LoadConflict(Exception):
    """Another process wrote the same campaign or event at the same moment: roll back and load again."""


def problem_of(exc: Exception) -> str:
    """One line saying what is wrong with a campaign file (the first validation error, with where it is)."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "file"
        return f"{where}: {str(first.get('msg', 'invalid')).removeprefix('Value error, ')}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def parse_file(path: Path) -> CampaignDefinition:
    """Read and validate one definition file (raises ValueError or ValidationError)."""
    raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError("the file is not a YAML mapping")
    definition = CampaignDefinition.model_validate(raw)
    if definition.slug != path.stem:
        raise ValueError(f"slug {definition.slug!r} differs from the file name {path.stem!r}")
    return definition


def read_definitions(folder: Path, report: LoadReport | None = None) -> list[CampaignDefinition]:
    """Every valid definition in a folder (*.yaml, *.yml), sorted by file name; bad ones are logged."""
    report = report if report is not None else LoadReport()
    definitions: list[CampaignDefinition] = []
    paths = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []
    if not folder.is_dir():
        log.warning("campaigns folder not found: %s", folder)
    for path in paths:
        try:
            definitions.append(parse_file(path))
        except (ValueError, ValidationError, yaml.YAMLError, OSError) as exc:
            reason = problem_of(exc)
            report.skipped[path.name] = reason
            log.error("campaign file skipped: %s: %s", path.name, reason)
    return definitions


def checksum(definition: CampaignDefinition) -> str:
    """A stable hash of a definition's content (comments and key order do not count)."""
    canonical = json.dumps(definition.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def upsert(uow: UnitOfWork, definition: CampaignDefinition, report: LoadReport) -> Campaign:
    """Insert or update one campaign row from its definition, then its events (no commit); LoadConflict when
    another process inserted the same campaign meanwhile."""
    digest = checksum(definition)
    row = await uow.campaigns.by_slug(definition.slug)
    now = utcnow()
    if row is not None and row.checksum == digest:
        report.unchanged.append(definition.slug)
    else:
        (report.created if row is None else report.updated).append(definition.slug)
        values = {"kind": definition.kind.value, "status": definition.status.value,
                  "starts_on": definition.starts_on, "ends_on": definition.ends_on,
                  "regions": list(definition.regions), "definition": definition.model_dump(mode="json"),
                  "checksum": digest, "loaded_at": utcnow()}
        written = await uow.campaigns.put(row, definition.slug, values)  # a new campaign's id, for its events
        if written is None:
            raise LoadConflict(definition.slug)
        row = written
    await sync_events(uow, row.id, definition, now, now.astimezone(IRAN_TZ).date(), report.events)
    return row


async def load_campaigns(uow: UnitOfWork, folder: Path | str | object) -> LoadReport:
    """Load (or reload) every campaign definition in a folder into the database, and commit.

    Two processes starting together may insert the same campaign or event at once: the loser of the
    unique key rolls back and loads again, finding the winner's rows."""
    for attempt in range(3):
        report = LoadReport()
        try:
            for definition in read_definitions(Path(str(folder)), report):
                await upsert(uow, definition, report)
            # The events' schedules are written here, so that their unique key is met before the commit.
            if not await uow.campaigns.write_staged():
                raise LoadConflict("events")
        except LoadConflict:
            await uow.rollback()
            if attempt == 2:
                raise
            continue
        await uow.commit()
        break
    log.info("campaigns loaded: %d new, %d updated, %d unchanged, %d skipped; events: %d new, %d updated, "
             "%d disabled", len(report.created), len(report.updated), len(report.unchanged), len(report.skipped),
             len(report.events.created), len(report.events.updated), len(report.events.disabled))
    return report

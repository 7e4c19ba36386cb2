"""Campaign administration by national managers: activate, close, and load a definition sent as a file."""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from campaigns.audit import Actor, record
from campaigns.kinds import CampaignDefinition, CampaignStatus
from campaigns.loader import LoadReport, upsert
from storage.models import Campaign
from storage.models.roles import RoleLevel

MAX_FILE = 256 * 1024


class CampaignFileError(ValueError):
    """A campaign file that cannot be loaded; the message says where and why."""


@dataclass(frozen=True)
class Loaded:
    """A campaign loaded from a file: its slug and whether it is new, changed or unchanged."""

    slug: str
    outcome: str  # created | updated | unchanged


def may_administer(actor: Actor) -> bool:
    """Only super admins and national managers change campaigns (they are national in reach)."""
    return actor.level in (RoleLevel.SUPER_ADMIN, RoleLevel.NATIONAL)


async def set_status(session: AsyncSession, actor: Actor, campaign_id: int, status: CampaignStatus) -> bool:
    """Activate, pause or close a campaign; audited; False when not allowed or unknown. Commits."""
    row = await session.get(Campaign, campaign_id)
    if row is None or not may_administer(actor):
        return False
    # The definition's status is what pages read; the file's checksum is kept, so a restart keeps it.
    row.definition = {**row.definition, "status": status.value}
    row.status = status.value
    record(session, actor, "campaign_status", {"campaign_id": campaign_id, "slug": row.slug, "status": status.value})
    await session.commit()
    return True


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "file"
        return f"{where}: {str(first.get('msg', 'invalid')).removeprefix('Value error, ')}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def parse_definition(content: bytes) -> CampaignDefinition:
    """Validate a YAML campaign definition with the loader's models; CampaignFileError on a problem."""
    if len(content) > MAX_FILE:
        raise CampaignFileError(f"the file is larger than {MAX_FILE // 1024} KB")
    try:
        raw = yaml.safe_load(content.decode("utf-8-sig"))
        if not isinstance(raw, dict):
            raise CampaignFileError("the file is not a YAML mapping")
        return CampaignDefinition.model_validate(raw)
    except (UnicodeDecodeError, yaml.YAMLError, ValidationError, ValueError) as exc:
        if isinstance(exc, CampaignFileError):
            raise
        raise CampaignFileError(_reason(exc)) from None


async def load_file(session: AsyncSession, actor: Actor, content: bytes) -> Loaded:
    """Validate and upsert a campaign from a file's bytes (by slug); audited; commits."""
    if not may_administer(actor):
        raise CampaignFileError("only national managers load campaigns")
    definition = parse_definition(content)
    report = LoadReport()
    await upsert(session, definition, report)
    outcome = "created" if report.created else "updated" if report.updated else "unchanged"
    record(session, actor, "campaign_load", {"slug": definition.slug, "outcome": outcome})
    await session.commit()
    return Loaded(definition.slug, outcome)

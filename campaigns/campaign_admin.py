"""Campaign administration by national managers: activate, close, and load a definition sent as a file."""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from pydantic import ValidationError

from campaigns.audit import Actor, record
from campaigns.catalogue import CampaignView, view
from campaigns.kinds import CampaignDefinition, CampaignStatus
from campaigns.loader import LoadReport, problem_of, upsert
from storage.models.roles import RoleLevel
from storage.unit_of_work import UnitOfWork

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


async def listing(uow: UnitOfWork) -> list[tuple[CampaignView, CampaignStatus]]:
    """Every campaign, by id, with the status its row holds (what Activate or Close changes)."""
    return [(view(row), CampaignStatus(row.status)) for row in await uow.campaigns.all()]


async def set_status(uow: UnitOfWork, actor: Actor, campaign_id: int, status: CampaignStatus) -> bool:
    """Activate, pause or close a campaign; audited; False when not allowed or unknown. Commits."""
    row = await uow.campaigns.by_id(campaign_id)
    if row is None or not may_administer(actor):
        return False
    # The definition's status is what pages read; the file's checksum is kept, so a restart keeps it.
    uow.campaigns.set_status(row, status.value)
    record(uow, actor, "campaign_status",
           {"campaign_id": campaign_id, "slug": row.slug, "status": status.value})
    await uow.commit()
    return True


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
        raise CampaignFileError(problem_of(exc)) from None


async def load_file(uow: UnitOfWork, actor: Actor, content: bytes) -> Loaded:
    """Validate and upsert a campaign from a file's bytes (by slug); audited; commits."""
    if not may_administer(actor):
        raise CampaignFileError("only national managers load campaigns")
    definition = parse_definition(content)
    report = LoadReport()
    await upsert(uow, definition, report)
    outcome = "created" if report.created else "updated" if report.updated else "unchanged"
    record(uow, actor, "campaign_load", {"slug": definition.slug, "outcome": outcome})
    await uow.commit()
    return Loaded(definition.slug, outcome)

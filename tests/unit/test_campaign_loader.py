"""Campaign definitions: validation, loading into the database, reloading, and adding one by a file."""

from __future__ import annotations

import logging
import shutil
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns import catalogue
from campaigns.kinds import Audience, CampaignDefinition, parse_date
from campaigns.loader import load_campaigns, read_definitions
from storage.models import Campaign
from storage.unit_of_work import UnitOfWork

SHIPPED = Path(__file__).resolve().parents[2] / "campaigns" / "definitions"

NEW_CAMPAIGN = """
slug: school-heaters
kind: in_kind
title: {fa: بخاری برای مدرسه‌ها, en: Heaters for schools}
summary: {fa: بخاری برای مدرسه‌های روستایی, en: Heaters for village schools}
goal: {kind: items, target: 300, unit: {fa: بخاری, en: heaters}}
starts_on: 1405/08/01
ends_on: 2027-03-20
regions: [lorestan]
pledge: {kinds: [in_kind]}
in_kind:
  items:
    - {code: gas-heater, name: {fa: بخاری گازی, en: Gas heater}}
"""


def test_shipped_definitions_are_all_valid() -> None:
    slugs = {d.slug for d in read_definitions(SHIPPED)}
    assert slugs == {"energy-wheelchairs", "shokraneh-salamat", "low-consumption-heaters", "dowry-sets",
                     "volunteer-network", "moheb-teams", "mana-teens"}


def test_dates_in_jalali_or_gregorian() -> None:
    assert parse_date("1405/09/01") == date(2026, 11, 22)
    assert parse_date("۱۴۰۵/۰۹/۰۱") == date(2026, 11, 22)
    assert parse_date("2026-11-22") == date(2026, 11, 22)
    with pytest.raises(ValueError):
        parse_date("1405/13/01")


def _raw(**changes: object) -> dict[str, object]:
    import yaml

    raw: dict[str, object] = yaml.safe_load(NEW_CAMPAIGN)
    raw.update(changes)
    return raw


@pytest.mark.parametrize("changes, fragment", [
    ({"kind": "lottery"}, "kind"),
    ({"ends_on": "1405/01/01"}, "ends_on is before starts_on"),
    ({"in_kind": None}, "in_kind"),
    ({"slug": "Bad Slug"}, "slug"),
    ({"pledge": {"kinds": ["cash"], "min_tomans": 10, "max_tomans": 5}}, "min_tomans"),
    ({"colour": "red"}, "colour"),
])
def test_bad_definitions_are_refused(changes: dict[str, object], fragment: str) -> None:
    with pytest.raises(ValidationError) as error:
        CampaignDefinition.model_validate(_raw(**changes))
    assert fragment in str(error.value)


async def test_bad_file_is_skipped_with_one_log_line(tmp_path: Path, session_pool: async_sessionmaker[AsyncSession],
                                                      caplog: pytest.LogCaptureFixture) -> None:
    shutil.copy(SHIPPED / "dowry-sets.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text("slug: broken\nkind: energy_saving\n", encoding="utf-8")
    (tmp_path / "garbage.yaml").write_text(": : :\n  - [", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="campaigns.loader"):
        async with session_pool() as session:
            report = await load_campaigns(UnitOfWork(session), tmp_path)
    assert report.created == ["dowry-sets"]
    assert set(report.skipped) == {"broken.yaml", "garbage.yaml"}
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2 and all("\n" not in line and "campaign file skipped" in line for line in lines)


async def test_reload_is_idempotent_and_updates_changed_files(
        tmp_path: Path, session_pool: async_sessionmaker[AsyncSession]) -> None:
    for path in SHIPPED.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    async with session_pool() as session:
        first = await load_campaigns(UnitOfWork(session), tmp_path)
        again = await load_campaigns(UnitOfWork(session), tmp_path)
    assert len(first.created) == 7 and again.created == [] and again.updated == [] and len(again.unchanged) == 7

    text = (tmp_path / "moheb-teams.yaml").read_text(encoding="utf-8").replace("target: 4000", "target: 5000")
    (tmp_path / "moheb-teams.yaml").write_text(text, encoding="utf-8")
    async with session_pool() as session:
        report = await load_campaigns(UnitOfWork(session), tmp_path)
        rows = (await session.execute(select(Campaign))).scalars().all()
    assert report.updated == ["moheb-teams"]
    assert len(rows) == 7
    moheb = next(row for row in rows if row.slug == "moheb-teams")
    assert moheb.definition["goal"]["target"] == 5000


async def test_a_new_campaign_of_an_existing_kind_is_a_file_and_a_reload(
        tmp_path: Path, session_pool: async_sessionmaker[AsyncSession]) -> None:
    shutil.copy(SHIPPED / "low-consumption-heaters.yaml", tmp_path)
    async with session_pool() as session:
        await load_campaigns(UnitOfWork(session), tmp_path)
    (tmp_path / "school-heaters.yaml").write_text(NEW_CAMPAIGN, encoding="utf-8")
    async with session_pool() as session:
        report = await load_campaigns(UnitOfWork(session), tmp_path)
        assert report.created == ["school-heaters"]
        campaign = await catalogue.by_slug(UnitOfWork(session), "school-heaters")
        assert campaign is not None and campaign.definition.starts_on == date(2026, 10, 23)
        for_lorestan = await catalogue.listing(UnitOfWork(session), "lorestan", date(2026, 12, 1))
        for_tehran = await catalogue.listing(UnitOfWork(session), "tehran", date(2026, 12, 1))
    assert [c.slug for c in for_lorestan] == ["school-heaters", "low-consumption-heaters"]
    assert [c.slug for c in for_tehran] == ["low-consumption-heaters"]


def test_a_campaign_says_who_it_is_for() -> None:
    mana = next(d for d in read_definitions(SHIPPED) if d.slug == "mana-teens")
    assert mana.audience is Audience.TEENS and mana.asks_birth_year and mana.volunteer_entry == "/volunteer"
    moheb = next(d for d in read_definitions(SHIPPED) if d.slug == "moheb-teams")
    assert moheb.audience is Audience.EVERYONE and not moheb.asks_birth_year
    with pytest.raises(ValidationError):
        CampaignDefinition.model_validate({**mana.model_dump(mode="json"), "audience": "children"})

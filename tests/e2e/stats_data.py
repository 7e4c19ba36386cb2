"""Pledges and volunteers inserted straight into the database, for the stats, export and follow-up tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from storage.models import Campaign, Pledge, Volunteer, utcnow
from tests.e2e.harness import Harness


async def campaign_id(hamyar: Harness, slug: str = "dowry-sets") -> int:
    """A shipped campaign's id."""
    async with hamyar.session() as session:
        return int((await session.execute(select(Campaign.id).where(Campaign.slug == slug))).scalar_one())


async def add_pledge(hamyar: Harness, person: int | None, campaign: int, amount: int, province: str | None,
                     county: str | None = None, status: str = "pledged", due_on: date | None = None,
                     **fields: Any) -> int:
    """One cash pledge; its id."""
    async with hamyar.session() as session:
        pledge = Pledge(person_id=person, campaign_id=campaign, kind="cash", amount=amount, province_code=province,
                        county_code=county, status=status, due_on=due_on, created_at=utcnow(),
                        idempotency_key=f"k{person}-{amount}-{province}-{county}-{status}-{due_on}", **fields)
        session.add(pledge)
        await session.commit()
        return pledge.id


async def add_volunteer(hamyar: Harness, person: int, province: str, county: str, axes: list[str],
                        specialty: str = "nurse") -> None:
    """One volunteer registration."""
    async with hamyar.session() as session:
        session.add(Volunteer(person_id=person, axes=axes, specialty=specialty, days=["sat"], hours="any",
                              on_call=False, province_code=province, county_code=county))
        await session.commit()

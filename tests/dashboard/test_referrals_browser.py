"""The referrals page and the overview's teen counts in the system Chromium: axe-core finds no serious or critical
violation at phone and desktop sizes, in Persian and English, with referrals and teens on the page.

Skipped (with the reason) when Chromium or Playwright is missing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import utcnow
from storage.models.guardians import ConsentStatus, GuardianConsent
from storage.models.referrals import Referral
from storage.models.roles import RoleLevel
from tests.browser import needs_chromium
from tests.dashboard.campaign_data import manager_cookie
from tests.dashboard.test_campaign_browser import serious_violations
from tests.dashboard.test_dashboard_browser import DESKTOP, PHONE

pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")
pytestmark = needs_chromium


async def test_the_referrals_page_has_no_serious_accessibility_violation(
        session_pool: async_sessionmaker[AsyncSession], base: str, browser: Any) -> None:
    async with session_pool() as session:
        await session.execute(insert(Referral), [
            {"nonce": f"n{i}", "need": need, "urgency": "today", "province_code": "isfahan",
             "county_code": "isfahan-isfahan", "status": "open", "created_at": utcnow()}
            for i, need in enumerate(("psychology", "legal"))])
        await session.execute(insert(GuardianConsent), [{"code": "c1", "status": ConsentStatus.AWAITING.value,
                                                         "province_code": "isfahan", "county_code": "isfahan-isfahan"}])
        await session.commit()
    _, persian = await manager_cookie(session_pool, 900101, RoleLevel.NATIONAL)
    _, english = await manager_cookie(session_pool, 900102, RoleLevel.PROVINCIAL, province="isfahan", language="en")
    for cookie in (persian, english):
        for url in ("/referrals", "/referrals/province/isfahan", "/"):
            for viewport in (PHONE, DESKTOP):
                assert await serious_violations(browser, base, cookie, url, viewport=viewport) == [], url

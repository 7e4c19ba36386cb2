"""A campaign's page in the system Chromium (Playwright, by its executable path): htmx loads under the strict CSP
(no console CSP error, no page error), a province tapped on the map opens its county map in place (no page load; the
address follows), a column heading sorts the table in place, the fairness list follows the database, the same
clicks work as plain links with JavaScript off, an English manager's page reads left to right, a provincial manager
gets 403 on another province, and axe-core (tests/assets/axe.min.js) finds no serious or critical violation on the
overview and the campaign page. Screenshots go to HAMYAR_TEST_ARTIFACTS when it is set.

Skipped (with the reason) when Chromium or Playwright is missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campaigns.regions import load_regions
from dashboard.geo import county_map
from dashboard.login import COOKIE
from storage.models.roles import RoleLevel
from tests.browser import needs_chromium
from tests.dashboard.campaign_data import manager_cookie, populate
from tests.dashboard.test_campaign import members_by_county
from tests.dashboard.test_dashboard_browser import DESKTOP, PHONE, artifacts

playwright_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")

pytestmark = needs_chromium
AXE = Path(__file__).resolve().parents[1] / "assets" / "axe.min.js"
Pool = async_sessionmaker[AsyncSession]


async def signed_in_page(browser: Any, base: str, cookie: str, **options: Any) -> tuple[Any, list[str]]:
    """A page of a new browser context holding the manager's session cookie, and the CSP or script errors it meets."""
    context = await browser.new_context(**{"viewport": DESKTOP, **options})
    await context.add_cookies([{"name": COOKIE, "value": cookie, "url": base}])
    page = await context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    # Chromium asks every site for /favicon.ico; a missing one is not the page's problem.
    page.on("console", lambda message: problems.append(message.text)
            if "Content Security Policy" in message.text
            or (message.type == "error" and "favicon" not in str(message.location.get("url", ""))) else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page, problems


async def serious_violations(browser: Any, base: str, cookie: str, url: str, **options: Any) -> list[Any]:
    """axe-core's serious and critical violations on a page, injected with add_script_tag in a context that lets the
    test's own script in (the dashboard's CSP rightly refuses any script it did not serve)."""
    page, _ = await signed_in_page(browser, base, cookie, bypass_csp=True, **options)
    await page.goto(base + url)
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    await page.context.close()
    assert result["testEngine"]["name"] == "axe-core" and result["passes"], "axe did not run"
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


async def rows(page: Any, selector: str, attribute: str = "data-code") -> list[str]:
    return list(await page.eval_on_selector_all(selector, f"rows => rows.map(r => r.getAttribute('{attribute}'))"))


async def test_a_province_opens_its_counties_and_the_table_sorts_in_place(session_pool: Pool, base: str,
                                                                          browser: Any, tmp_path: Path) -> None:
    campaign_id = await populate(session_pool)
    _, cookie = await manager_cookie(session_pool, 900101, RoleLevel.NATIONAL)
    page, problems = await signed_in_page(browser, base, cookie)
    opened = await page.goto(f"{base}/campaign/{campaign_id}")
    assert opened is not None and opened.status == 200
    await page.wait_for_function("window.htmx !== undefined")
    assert await page.locator("svg path.province").count() == 31
    assert await page.locator("#county-panel svg").count() == 0
    await page.evaluate("window.stayed = true")  # gone if the browser loaded a new page

    await page.click(f'svg a[href^="/campaign/{campaign_id}/province/isfahan?"]')
    await page.wait_for_selector("#county-panel svg path.county")
    assert page.url.startswith(f"{base}/campaign/{campaign_id}/province/isfahan")
    assert await page.evaluate("window.stayed === true")
    assert f"next=/campaign/{campaign_id}/province/isfahan" in str(await page.get_attribute("a.language", "href"))
    await page.wait_for_function("document.activeElement && document.activeElement.id === 'county-panel-heading'")
    isfahan = county_map("isfahan")
    assert isfahan is not None
    assert await page.locator("#county-panel svg a path.county").count() == len(isfahan.paths)
    assert (await rows(page, "#county-panel tbody tr"))[-1] == "isfahan-kashan"  # the highest rate last
    await page.screenshot(path=str(artifacts(tmp_path) / "dashboard-campaign-county-map.png"), full_page=True)

    await page.click("#figures thead th:nth-child(4) a")  # the rate per 1,000 column
    await page.wait_for_selector('#figures th[aria-sort="descending"]')
    assert (await rows(page, "#figures tbody tr"))[:2] == ["isfahan", "tehran"]
    assert "sort=rate&order=desc" in page.url and await page.evaluate("window.stayed === true")
    await page.wait_for_function("document.activeElement.closest('th[aria-sort]') !== null")  # focus stays
    await page.keyboard.press("Enter")  # the same heading again, from the keyboard
    await page.wait_for_selector('#figures th[aria-sort="ascending"]')
    await page.click("#figures thead th:nth-child(4) a")
    await page.wait_for_selector('#figures th[aria-sort="descending"]')
    await page.click("#figures thead th:nth-child(4) a")
    await page.wait_for_selector('#figures th[aria-sort="ascending"]')
    assert (await rows(page, "#figures tbody tr"))[-2:] == ["tehran", "isfahan"]

    counts = await members_by_county(session_pool, campaign_id)
    every = [c for p in load_regions().provinces for c in p.counties if c.population > 0]
    expected = sorted(every, key=lambda c: (counts[c.code] * 1000 / c.population, -c.population))[:25]
    assert await rows(page, "table.fairness tbody tr", "data-county") == [c.code for c in expected]
    assert problems == []
    await page.context.close()


async def test_the_maps_province_links_follow_a_re_sorted_table(session_pool: Pool, base: str, browser: Any) -> None:
    campaign_id = await populate(session_pool)
    _, cookie = await manager_cookie(session_pool, 900101, RoleLevel.NATIONAL)
    page, problems = await signed_in_page(browser, base, cookie)
    await page.goto(f"{base}/campaign/{campaign_id}")
    await page.wait_for_function("window.htmx !== undefined")
    isfahan = f'svg a[href^="/campaign/{campaign_id}/province/isfahan?"]'
    assert await page.get_attribute(isfahan, "href") == f"/campaign/{campaign_id}/province/isfahan?sort=name&order=asc"
    await page.evaluate("window.stayed = true")

    await page.click("#figures thead th:nth-child(4) a")  # the rate per 1,000, the highest first
    await page.wait_for_selector('#figures th[aria-sort="descending"]')
    await page.wait_for_selector(f'svg a[href="/campaign/{campaign_id}/province/isfahan?sort=rate&order=desc"]')
    hrefs = await page.eval_on_selector_all("#province-map svg a", "links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) == 31 and all(h.endswith("?sort=rate&order=desc") for h in hrefs)
    assert await page.locator("#province-map").count() == 1 and await page.locator("svg path.province").count() == 31
    assert await page.evaluate("window.stayed === true")  # swapped in place, not a page load

    await page.click(isfahan)  # the county panel opens, and the address keeps the table's order
    await page.wait_for_selector("#county-panel svg path.county")
    assert page.url.endswith(f"/campaign/{campaign_id}/province/isfahan?sort=rate&order=desc")
    assert (await rows(page, "#figures tbody tr"))[:2] == ["isfahan", "tehran"]
    assert problems == []
    await page.context.close()


async def test_without_javascript_the_same_links_load_whole_pages(session_pool: Pool, base: str,
                                                                 browser: Any) -> None:
    campaign_id = await populate(session_pool)
    _, cookie = await manager_cookie(session_pool, 900101, RoleLevel.NATIONAL)
    page, _ = await signed_in_page(browser, base, cookie, java_script_enabled=False)
    await page.goto(f"{base}/campaign/{campaign_id}")
    await page.click(f'svg a[href^="/campaign/{campaign_id}/province/tehran?"]')
    await page.wait_for_url(f"{base}/campaign/{campaign_id}/province/tehran**")
    assert await page.locator("#county-panel svg path.county").count() > 10
    await page.click("#figures thead th:nth-child(2) a")  # participants, the most first
    await page.wait_for_url("**sort=participants&order=desc")
    assert (await rows(page, "#figures tbody tr"))[:2] == ["isfahan", "tehran"]
    await page.context.close()


async def test_english_pages_a_refusal_and_no_serious_accessibility_violation(session_pool: Pool, base: str,
                                                                               browser: Any, tmp_path: Path) -> None:
    campaign_id = await populate(session_pool)
    _, english = await manager_cookie(session_pool, 900101, RoleLevel.NATIONAL, language="en")
    page, problems = await signed_in_page(browser, base, english, viewport=PHONE)
    await page.goto(f"{base}/campaign/{campaign_id}/province/isfahan")
    assert await page.get_attribute("html", "dir") == "ltr" and await page.get_attribute("html", "lang") == "en"
    assert await page.locator("#county-panel h2", has_text="Isfahan").count() == 1
    await page.screenshot(path=str(artifacts(tmp_path) / "dashboard-campaign-english-phone.png"), full_page=True)
    await page.click("a.language")
    await page.wait_for_selector('html[dir="rtl"]')
    assert await page.locator("#county-panel h2", has_text="اصفهان").count() == 1
    assert problems == []
    await page.context.close()

    _, provincial = await manager_cookie(session_pool, 900102, RoleLevel.PROVINCIAL, province="isfahan")
    page, _ = await signed_in_page(browser, base, provincial)
    refused = await page.goto(f"{base}/campaign/{campaign_id}/province/tehran")
    assert refused is not None and refused.status == 403
    assert await page.locator("svg a path.province").count() == 0
    await page.goto(f"{base}/campaign/{campaign_id}")
    assert await page.locator("svg a path.province").count() == 1
    await page.context.close()

    for cookie in (english, provincial):
        for url in ("/", f"/campaign/{campaign_id}", f"/campaign/{campaign_id}/province/isfahan"):
            for viewport in (PHONE, DESKTOP):
                assert await serious_violations(browser, base, cookie, url, viewport=viewport) == [], url

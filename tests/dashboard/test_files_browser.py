"""The dashboard's files and reports in the system Chromium (Playwright, by its executable path): each export
downloaded from its button and its bytes checked (BOM, neutralised cells, no phone number or national ID); the
payments upload with a bad row (the page names it, the database is unchanged) and then a good file (the pledges
fulfilled); the council report printed to PDF by Chromium is one A4 page; axe-core finds no serious or critical
violation on these pages.

Skipped (with the reason) when Chromium or Playwright is missing."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from campaigns import council
from campaigns.catalogue import today_in_iran
from dashboard.login import COOKIE, new_session
from tests.browser import needs_chromium
from tests.dashboard.conftest import SECRET, fa
from tests.dashboard.test_dashboard_browser import DESKTOP, PHONE, artifacts, serious_violations
from tests.dashboard.test_files import FORMULA_NAME, Pool, no_personal_numbers, payments, seed, statuses

pytest.importorskip("playwright.async_api", reason="playwright is not installed (make setup)")
pypdfium2 = pytest.importorskip("pypdfium2", reason="pypdfium2 is not installed (make setup)")

pytestmark = needs_chromium
A4_POINTS = (595.28, 841.89)


def contents(path: Path | str) -> bytes:
    """A downloaded file's bytes."""
    return Path(path).read_bytes()


async def signed_in_page(browser: Any, base: str, person_id: int, viewport: dict[str, int] = DESKTOP) -> Any:
    """A page of a browser context holding the manager's session cookie (as the login link would set it)."""
    context = await browser.new_context(viewport=viewport, accept_downloads=True)
    await context.add_cookies([{"name": COOKIE, "value": new_session(SECRET, person_id, datetime.now(UTC)),
                                "url": base, "httpOnly": True, "sameSite": "Lax"}])
    return await context.new_page()


async def test_each_export_downloads_from_its_button(base: str, browser: Any, session_pool: Pool,
                                                     tmp_path: Path) -> None:
    seeded = await seed(session_pool)
    page = await signed_in_page(browser, base, seeded.manager)
    await page.goto(base + "/exports")
    assert await serious_violations(page) == []
    await page.screenshot(path=str(artifacts(tmp_path) / "dashboard-exports.png"), full_page=True)
    for table in ("participants", "pledges", "volunteers"):
        name = fa(f"files-table-{table}")
        async with page.expect_download() as csv_download:
            await page.get_by_role("button", name=fa("files-download-csv", table=name)).click()
        download = await csv_download.value
        assert download.suggested_filename.startswith(f"hamyar-{table}-")
        data = contents(await download.path())
        assert data.startswith(b"\xef\xbb\xbf")
        no_personal_numbers(data)
        if table != "pledges":
            assert f'"\'{FORMULA_NAME.replace(chr(34), chr(34) * 2)}"'.encode() in data
        else:
            assert b",'-1+1," in data

        async with page.expect_download() as xlsx_download:
            await page.get_by_role("button", name=fa("files-download-xlsx", table=name)).click()
        data = contents(await (await xlsx_download.value).path())
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            no_personal_numbers(b"".join(book.read(part) for part in book.namelist()))
        sheet = load_workbook(io.BytesIO(data)).active
        assert sheet is not None
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)
        formula_like = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "-", "@", "+"))]
        assert formula_like and all(c.quotePrefix and c.data_type == "s" for c in formula_like)
    await page.context.close()


async def submit(page: Any, name: str, content: bytes) -> int:
    """Choose a payments file on the follow-up page and upload it as a person does; the answer's status."""
    await page.get_by_label(fa("files-upload-label")).set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content})
    async with page.expect_navigation() as navigation:
        await page.get_by_role("button", name=fa("files-upload-button")).click()
    return int((await navigation.value).status)


async def test_the_payments_upload_is_all_or_nothing_in_the_browser(base: str, browser: Any, session_pool: Pool,
                                                                    tmp_path: Path) -> None:
    seeded = await seed(session_pool)
    page = await signed_in_page(browser, base, seeded.manager, PHONE)
    await page.goto(base + "/followup")
    assert await serious_violations(page) == []
    before = await statuses(session_pool)
    status = await submit(page, "bad.csv",
                          payments(f"{seeded.pledges['kashan-1']},50000", f"{seeded.pledges['kashan-2']},هفتاد"))
    assert status == 400
    alert = page.get_by_role("alert")
    assert fa("files-upload-bad-heading") in await alert.inner_text()
    assert fa("manage-import-row", line=3, problem=fa("manage-row-bad-amount")) in await alert.inner_text()
    assert await serious_violations(page) == []
    await page.screenshot(path=str(artifacts(tmp_path) / "dashboard-upload-bad-phone.png"), full_page=True)
    assert await statuses(session_pool) == before

    await page.goto(base + "/followup")
    status = await submit(page, "good.csv",
                          payments(f"{seeded.pledges['kashan-1']},50000", f"{seeded.pledges['kashan-2']},70000"))
    assert status == 200
    assert fa("files-upload-done", matched=2, unmatched=0) in await page.get_by_role("status").inner_text()
    assert await statuses(session_pool) == {"kashan-1": "fulfilled", "kashan-2": "fulfilled", "tehran": "overdue"}
    await page.context.close()


async def test_the_council_report_prints_on_one_a4_page(base: str, browser: Any, session_pool: Pool,
                                                        tmp_path: Path) -> None:
    seeded = await seed(session_pool)
    page = await signed_in_page(browser, base, seeded.manager)
    year, number = council.quarter_of(today_in_iran())
    await page.goto(base + "/report")
    await page.get_by_role("link", name=fa("files-report-link", province="اصفهان", quarter=fa(
        "files-quarter-name", quarter=number, year=str(year).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))
    )).click()
    assert page.url == f"{base}/report/isfahan/{year}/{number}"
    assert await page.locator("svg path.area").count() >= 20
    assert await serious_violations(page) == []
    folder = artifacts(tmp_path)
    await page.screenshot(path=str(folder / "dashboard-report.png"), full_page=True)

    await page.emulate_media(media="print")
    assert await page.locator("header.top").is_hidden() and await page.locator("nav").first.is_hidden()
    pdf = await page.pdf(prefer_css_page_size=True, print_background=True)
    (folder / "dashboard-report.pdf").write_bytes(pdf)
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == 1
    width, height = document[0].get_size()
    assert abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1
    text = document[0].get_textpage().get_text_range()
    assert "OpenStreetMap" in text
    document.close()
    await page.context.close()

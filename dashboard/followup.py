"""Pledge follow-up on the page: the overdue pledges inside the manager's region, and the upload of a CSV of confirmed
payments through the bot's own service (campaigns/followup.py): one bad row and nothing is saved, with a Persian
message naming each bad row; otherwise the matched pledges are marked fulfilled in one transaction."""

from __future__ import annotations

from aiohttp import web

from campaigns import followup
from campaigns.jalali import format_date
from campaigns.regions import load_regions
from dashboard.access import page, signed_in
from dashboard.forms import csrf_refused, posted
from dashboard.rendering import UOWS, refusal, texts
from i18n import Translator

OVERDUE_SHOWN = 100
MAX_UPLOAD = 1024 * 1024  # aiohttp's own limit on a request body; 10,000 payment rows fit in far less
FIELD = "payments"


def _place(province_code: str | None, county_code: str | None, language: str) -> str:
    regions = load_regions()
    place = regions.county(county_code) if county_code else regions.province(province_code)
    return place.name(language) if place is not None else "—"


def problems(t: Translator, rows: list[tuple[int, followup.RowProblem]]) -> list[str]:
    """Each problem row as the bot says it: «سطر ۳: …»."""
    return [t("manage-import-row", line=line, problem=t(f"manage-row-{problem.value}")) for line, problem in rows]


def _bad_request(response: web.Response) -> web.Response:
    """The page, answered with 400: what was sent cannot be used as it is."""
    response.set_status(400)
    return response


async def followup_page(request: web.Request) -> web.Response:
    """GET /followup: the overdue pledges (most overdue first) and the payments upload form."""
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if isinstance(manager, web.Response):
            return manager
        t = texts(request)  # once the manager is known: their own language
        views, total = await followup.overdue(uow, manager.scope, limit=OVERDUE_SHOWN)
        rows = [(v.id, v.referral_code or "—", v.amount, format_date(v.due_on, t.language),
                 _place(v.province_code, v.county_code, t.language)) for v in views]
        return page(request, manager, "followup.html", overdue=rows, total=total)


async def upload(request: web.Request) -> web.Response:
    """POST /followup/payments: import the uploaded CSV (all or nothing); the outcome page says what happened."""
    async with request.app[UOWS]() as uow:
        manager = await signed_in(request, uow)
        if isinstance(manager, web.Response):
            return manager
        t = texts(request)  # once the manager is known: their own language
        if request.content_length is not None and request.content_length > MAX_UPLOAD:
            return refusal(request, 413, "files-upload-too-large-heading", "files-upload-too-large")
        try:
            form = await posted(request, manager)
        except web.HTTPRequestEntityTooLarge:
            return refusal(request, 413, "files-upload-too-large-heading", "files-upload-too-large")
        if form is None:
            return csrf_refused(request)
        field = form.get(FIELD)
        content = field.file.read() if isinstance(field, web.FileField) else b""
        if not content:
            return _bad_request(page(request, manager, "followup_result.html", bad=[],
                                     heading=t("files-upload-missing-heading"), message=t("files-upload-missing")))
        report = await followup.import_payments(uow, manager.actor, content, followup.locale_columns())
        if report.bad:
            return _bad_request(page(request, manager, "followup_result.html", bad=problems(t, report.bad),
                                     heading=t("files-upload-bad-heading"),
                                     message=t("files-upload-bad", count=len(report.bad))))
        return page(request, manager, "followup_result.html", bad=[], unmatched=problems(t, report.unmatched),
                    heading=t("files-upload-done-heading"),
                    message=t("files-upload-done", matched=len(report.matched), unmatched=len(report.unmatched)))


def setup_followup(app: web.Application) -> None:
    """Register the follow-up page and the payments upload."""
    app.router.add_get("/followup", followup_page, name="followup")
    app.router.add_post("/followup/payments", upload, name="followup-payments")

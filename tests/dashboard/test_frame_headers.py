"""Who may frame a dashboard page: the Mini App's page and its sign-in answers (which Telegram Web and Bale's web client
open in an iframe of their own page) may be framed by exactly https://web.telegram.org and https://web.bale.ai; every
other answer — pages, refusals, errors, files — by no one (CSP frame-ancestors 'none' and X-Frame-Options DENY). The
rest of the policy is the same everywhere."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

MESSENGERS = "https://web.telegram.org https://web.bale.ai"
FRAMED = [("GET", "/app?platform=telegram", 200), ("GET", "/app?platform=bale", 200), ("GET", "/app", 200),
          ("POST", "/app/session", 403)]  # no bot configured here: the Mini App's refusal page, still in its frame
NOT_FRAMED = [("GET", "/", 200), ("GET", "/healthz", 200), ("GET", "/login/nonsense", 403),
              ("POST", "/login/nonsense", 403), ("POST", "/logout", 403), ("GET", "/no-such-page", 404),
              ("GET", "/app/", 404), ("GET", "/app/session", 405), ("GET", "/static/miniapp.js", 200),
              ("GET", "/overview", 404), ("GET", "/language/en?next=/app", 303)]


def directives(policy: str) -> dict[str, str]:
    """A Content-Security-Policy by directive name."""
    parts = [part.strip().split(" ", 1) for part in policy.split(";") if part.strip()]
    return {name: value for name, value in parts}


async def answer(client: TestClient, method: str, path: str) -> tuple[int, dict[str, str], str | None]:
    response = await client.request(method, path, allow_redirects=False)
    csp = directives(response.headers["Content-Security-Policy"])
    return response.status, csp, response.headers.get("X-Frame-Options")


@pytest.mark.parametrize(("method", "path", "status"), FRAMED, ids=[f"{m} {p}" for m, p, _ in FRAMED])
async def test_the_mini_app_may_be_framed_by_the_messengers_web_clients_only(
        client: TestClient, method: str, path: str, status: int) -> None:
    got, csp, frame_options = await answer(client, method, path)
    assert got == status
    assert csp["frame-ancestors"] == MESSENGERS
    assert frame_options is None  # it can name no origin; the CSP directive decides
    _, everywhere, _ = await answer(client, "GET", "/")
    assert {**csp, "frame-ancestors": "'none'"} == everywhere  # nothing else is loosened


@pytest.mark.parametrize(("method", "path", "status"), NOT_FRAMED, ids=[f"{m} {p}" for m, p, _ in NOT_FRAMED])
async def test_every_other_answer_may_be_framed_by_no_one(client: TestClient, method: str, path: str,
                                                          status: int) -> None:
    got, csp, frame_options = await answer(client, method, path)
    assert got == status
    assert csp["frame-ancestors"] == "'none'"
    assert frame_options == "DENY"

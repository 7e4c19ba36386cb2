"""The dashboard's own initData check (dashboard/miniapp.py; the dashboard's process loads no aiogram) gives the same
answers as aiogram's `safe_parse_webapp_init_data` on genuine, forged, re-keyed, tampered, duplicated and malformed
initData, and reads the same person and time from the genuine ones; an old or future auth_date is stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from aiogram.utils.web_app import safe_parse_webapp_init_data

from dashboard.miniapp import AppRefusal, platform_user, signed_fields
from emulator.webapp import sign_init_data

TOKEN = "7000000001:simulator-telegram"
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
AT = int(NOW.timestamp()) - 60
GENUINE = sign_init_data(TOKEN, {"id": 900101, "first_name": "مدیر", "language_code": "fa"}, auth_date=AT)
MAC = GENUINE.rsplit("hash=", 1)[1]


def aiogram_accepts(init_data: str) -> bool:
    try:
        safe_parse_webapp_init_data(TOKEN, init_data)
    except ValueError:
        return False
    return True


CASES = [
    GENUINE,
    GENUINE.replace(MAC, MAC[::-1]),  # another hash
    sign_init_data("7000000002:another-bot", {"id": 900101, "first_name": "x"}, auth_date=AT),  # another bot's
    GENUINE.replace("900101", "900102"),  # another person, same hash
    GENUINE.replace(f"auth_date={AT}", f"auth_date={AT + 1}"),  # another time, same hash
    GENUINE + "&extra=1",  # a field added after signing
    f"auth_date={AT}&{GENUINE}",  # a field repeated (the last one counts, in both)
    GENUINE.replace("hash=", "hash=0"),
    GENUINE.split("&hash=")[0],  # no hash
    "", "hash=", "nonsense", "a=b&&hash=1", quote(GENUINE), sign_init_data(TOKEN, None, auth_date=AT),
]


@pytest.mark.parametrize("init_data", CASES)
def test_the_dashboards_check_agrees_with_aiogram(init_data: str) -> None:
    assert (signed_fields(TOKEN, init_data) is not None) == aiogram_accepts(init_data)


def test_a_genuine_init_data_names_the_same_person_and_time() -> None:
    parsed = safe_parse_webapp_init_data(TOKEN, GENUINE)
    assert parsed.user is not None
    assert platform_user(TOKEN, GENUINE, NOW) == parsed.user.id == 900101
    assert parsed.auth_date == datetime.fromtimestamp(AT, UTC)


def test_an_hour_old_or_future_init_data_is_stale() -> None:
    for moment, expected in [(NOW - timedelta(minutes=59), 900101), (NOW - timedelta(hours=1), AppRefusal.STALE),
                             (NOW + timedelta(seconds=30), 900101), (NOW + timedelta(minutes=2), AppRefusal.STALE)]:
        init_data = sign_init_data(TOKEN, {"id": 900101, "first_name": "x"}, auth_date=int(moment.timestamp()))
        assert platform_user(TOKEN, init_data, NOW) == expected, moment
    assert platform_user(None, GENUINE, NOW) is AppRefusal.UNAVAILABLE
    signed_without_user = sign_init_data(TOKEN, None, auth_date=AT)
    assert signed_fields(TOKEN, signed_without_user) is not None and aiogram_accepts(signed_without_user)
    assert platform_user(TOKEN, signed_without_user, NOW) is AppRefusal.FORGED  # no person to sign in

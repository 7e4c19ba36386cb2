"""Bad configuration is one clear line; logs never carry phone numbers or national IDs."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import SendMessage

from bot.platforms import classify
from campaigns.errors import Ambiguous, BadRequest, Blocked, RateLimited, Transient
from runtime.config import ROOT, ConfigError, load_settings
from runtime.logs import JsonFormatter, redact


@pytest.mark.parametrize("env,fragment", [
    ({"TELEGRAM_TOKEN": "nonsense"}, "TELEGRAM_TOKEN does not look like a bot token"),
    ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL must start with"),
    ({"REDIS_URL": "localhost"}, "REDIS_URL must start with"),
    ({"MODE": "webhook", "TELEGRAM_TOKEN": "1:a"}, "WEBHOOK_BASE_URL"),
    ({"WEBHOOK_PORT": "abc"}, "WEBHOOK_PORT"),
    ({"MODE": "carrier-pigeon"}, "MODE"),
])
def test_bad_configuration_is_one_line(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                       fragment: str) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_no_token_points_to_the_simulator() -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    result = subprocess.run([sys.executable, "-m", "bot", "run"], capture_output=True, text=True, env=env,
                            cwd=str(ROOT), timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "BotFather" in result.stderr and "python -m bot simulate" in result.stderr


def test_redaction() -> None:
    assert "09121234567" not in redact("phone 09121234567 saved")
    assert "۰۹۱۲۱۲۳۴۵۶۷" not in redact("phone ۰۹۱۲۱۲۳۴۵۶۷")
    assert "0499370899" not in redact("nid=0499370899")
    assert "+98 912 123 4567" not in redact("contact +98 912 123 4567")
    assert redact("update 12345 took 17 ms") == "update 12345 took 17 ms"


def test_json_log_line_masks_extras() -> None:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "contact shared", (), None)
    record.phone = "09121234567"
    line = JsonFormatter().format(record)
    payload = json.loads(line)
    assert payload["event"] == "contact shared" and "09121234567" not in line


def _api_error(cls: type[Exception], text: str) -> Exception:
    return cls(method=SendMessage(chat_id=1, text="x"), message=text)  # type: ignore[call-arg]


def test_both_dialects_map_to_domain_errors() -> None:
    assert isinstance(classify(_api_error(TelegramForbiddenError, "Forbidden: bot was blocked by the user")),
                      Blocked)
    assert isinstance(classify(_api_error(TelegramForbiddenError, "Forbidden: permission_denied")), Blocked)
    assert isinstance(classify(_api_error(TelegramBadRequest, "Bad Request: no such group or user")), Blocked)
    limited = classify(TelegramRetryAfter(method=SendMessage(chat_id=1, text="x"), message="Too Many Requests",
                                          retry_after=7))
    assert isinstance(limited, RateLimited) and limited.retry_after == 7
    bale_limited = classify(_api_error(TelegramBadRequest, "bot limit exceed"))
    assert isinstance(bale_limited, RateLimited) and bale_limited.retry_after is None
    assert isinstance(classify(_api_error(TelegramBadRequest, "Bad Request: message is too long")), BadRequest)
    assert isinstance(classify(TimeoutError()), Ambiguous)
    assert isinstance(classify(ConnectionResetError()), Transient)


def test_ids_stay_readable_while_phones_are_masked() -> None:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "update from 09121234567", (), None)
    record.bot_id = 7000000001
    record.update_id = 12
    payload = json.loads(JsonFormatter().format(record))
    assert payload["bot_id"] == 7000000001 and payload["update_id"] == 12
    assert "09121234567" not in payload["event"]


def test_super_admins_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPER_ADMINS", "")
    assert load_settings().super_admins == []
    monkeypatch.setenv("SUPER_ADMINS", "telegram:12, bale:34")
    assert load_settings().super_admins == ["telegram:12", "bale:34"]
    monkeypatch.setenv("SUPER_ADMINS", '["telegram:5"]')
    assert load_settings().super_admins == ["telegram:5"]
    monkeypatch.setenv("SUPER_ADMINS", "[]")
    assert load_settings().super_admins == []
    monkeypatch.setenv("SUPER_ADMINS", "whatsapp:1")
    with pytest.raises(ConfigError, match="SUPER_ADMINS"):
        load_settings()

"""Structured logs: one JSON line per event; phone numbers and national IDs are masked."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from i18n.digits import to_latin_digits

# Any run of 10 or more digits (phones, national IDs, card numbers) in any digit script.
_SENSITIVE = re.compile(r"\+?[0-9۰-۹٠-٩][0-9۰-۹٠-٩\s\-]{8,}[0-9۰-۹٠-٩]")
# Technical ids that are neither phone numbers nor national IDs: logged as they are, for correlation.
SAFE_IDS = frozenset({"bot_id", "update_id", "person_id", "broadcast_id", "delivery_id", "campaign_id"})
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime",
                                                                            "taskName"}


def redact(text: str) -> str:
    """Mask every long digit run, keeping its last two digits for correlation."""

    def _mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", to_latin_digits(match.group()))
        if len(digits) < 10:
            return match.group()
        return "*" * (len(digits) - 2) + digits[-2:]

    return _SENSITIVE.sub(_mask, text)


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object per line, extras included, sensitive digits masked."""

    def format(self, record: logging.LogRecord) -> str:
        safe: dict[str, Any] = {}
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key in SAFE_IDS and isinstance(value, int):
                safe[key] = value
            elif key not in _STANDARD and not key.startswith("_"):
                payload[key] = value if isinstance(value, int | float | bool) or value is None else str(value)
        if record.exc_info:
            payload["error"] = self.formatException(record.exc_info)
        line = redact(json.dumps(payload, ensure_ascii=False))
        if safe:
            line = line[:-1] + ", " + json.dumps(safe)[1:]
        return line


class TextFormatter(logging.Formatter):
    """Human-readable lines for a terminal, with the same masking."""

    def format(self, record: logging.LogRecord) -> str:
        extras = " ".join(
            f"{key}={value}" for key, value in record.__dict__.items()
            if key not in _STANDARD and key not in SAFE_IDS and not key.startswith("_")
        )
        ids = " ".join(f"{key}={record.__dict__[key]}" for key in sorted(SAFE_IDS & set(record.__dict__)))
        line = redact(f"{super().format(record)} {extras}".rstrip())
        return f"{line} {ids}".rstrip()


def setup_logging(level: str = "INFO", fmt: str = "json") -> None:
    """Route all logs to stderr in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

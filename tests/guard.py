"""The error guard: a test fails when the product failed during it, even if every assertion passed.

During each end-to-end, integration and emulator test the guard notes
- every log record at ERROR or above (a handler that raised is logged by bot/errors.py as
  "hamyar.errors: handler failed", so the error handler having run is one of them), and
- every generic apology (`error-unexpected`, fa or en) the bot sent to a person, as a message or as a
  callback alert, in any emulator started during the test.
Any of these fails the test, with the records and the chat transcripts in the failure message, unless
the test declares it expected: `@pytest.mark.expect_errors(r"regex", ..., apology=True)` for the whole
test, or `with allow_errors(r"regex", ..., apology=True):` around the steps that fail on purpose. A
pattern is searched in "<logger>: <message>" followed by the exception's "<Type>: <text>" lines.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from emulator import BotApiEmulator
from emulator.userside import dump_chat
from i18n import translator

APOLOGIES = tuple(translator(language)("error-unexpected") for language in ("fa", "en"))

_current: ErrorGuard | None = None


def is_apology(text: str | None) -> bool:
    """True when a text is the error handler's generic apology, in either language."""
    return bool(text) and any(apology in str(text) for apology in APOLOGIES)


def record_text(record: logging.LogRecord) -> str:
    """What an expected-error pattern is searched in: logger, message, and the exception chain."""
    lines = [f"{record.name}: {record.getMessage()}"]
    error = record.exc_info[1] if record.exc_info else None
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        lines.append(f"{type(error).__name__}: {error}")
        error = error.__cause__ or error.__context__
    return "\n".join(lines)


@dataclass
class _Scope:
    patterns: list[re.Pattern[str]]
    apology: bool
    before: set[tuple[int, int, int, str]] = field(default_factory=set)


class ErrorGuard(logging.Handler):
    """A root-logger handler that keeps ERROR records, and a watcher of the emulators' chats."""

    def __init__(self, patterns: list[str], apology: bool) -> None:
        super().__init__(logging.ERROR)
        self.patterns = [re.compile(p) for p in patterns]
        self.apology_expected = apology
        self.records: list[tuple[logging.LogRecord, bool]] = []
        self.emulators: list[BotApiEmulator] = []
        self.scopes: list[_Scope] = []
        self.allowed_apologies: set[tuple[int, int, int, str]] = set()
        self.reported_records = 0
        self.reported_apologies: set[tuple[int, int, int, str]] = set()

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record, noting whether the test declared it expected at the time it was written."""
        text = record_text(record)
        patterns = self.patterns + [p for scope in self.scopes for p in scope.patterns]
        self.records.append((record, any(p.search(text) for p in patterns)))

    def apologies(self) -> dict[tuple[int, int, int, str], tuple[BotApiEmulator, Any, Any]]:
        """Every apology the bot sent so far: key (emulator, bot, chat, message/answer) -> where."""
        found: dict[tuple[int, int, int, str], tuple[BotApiEmulator, Any, Any]] = {}
        for emu in self.emulators:
            for bot in list(emu.bots.values()):
                for chat in list(bot.chats.values()):
                    for message in chat.bot_messages():
                        if is_apology(message.text):
                            found[(id(emu), bot.bot_id, chat.chat_id, f"m{message.message_id}")] = (emu, bot, chat)
                    for answer in chat.answers or []:
                        if is_apology(answer.text):
                            key = (id(emu), bot.bot_id, chat.chat_id, f"a{answer.callback_query_id}")
                            found[key] = (emu, bot, chat)
        return found

    def findings(self) -> str | None:
        """What went wrong since the last report, as a failure message (None when nothing did)."""
        records = [record for record, allowed in self.records[self.reported_records:] if not allowed]
        self.reported_records = len(self.records)
        apologies = {key: where for key, where in self.apologies().items()
                     if key not in self.reported_apologies and key not in self.allowed_apologies}
        self.reported_apologies.update(apologies)
        if self.apology_expected:
            apologies = {}
        if not records and not apologies:
            return None
        lines = ["the product failed during this test (tests/guard.py; declare expected failures with "
                 "@pytest.mark.expect_errors(r'regex', apology=True) or `with allow_errors(...)`)"]
        handler_failures = sum(1 for r in records if r.name == "hamyar.errors" and r.getMessage() == "handler failed")
        if handler_failures:
            lines.append(f"the error handler ran {handler_failures} time(s): a handler raised")
        if records:
            lines.append(f"{len(records)} unexpected log record(s) at ERROR or above:")
            for record in records:
                lines.append(f"  {record.levelname} {record.name}: {record.getMessage()}")
                if record.exc_info and record.exc_info[1] is not None:
                    lines += ["    " + line for line in _short_traceback(record.exc_info[1])]
        if apologies:
            lines.append(f"{len(apologies)} generic apolog(y/ies) ('error-unexpected') sent to people:")
            chats = {id(chat): chat for _, _, chat in apologies.values()}
            for chat in chats.values():
                lines += ["  " + line for line in dump_chat(chat).splitlines()]
        return "\n".join(lines)


def _short_traceback(error: BaseException) -> list[str]:
    """The exception's frames in the project's own code (not the libraries'), then the exception itself."""
    lines = []
    for frame in traceback.extract_tb(error.__traceback__):
        if "site-packages" not in frame.filename and "/lib/python" not in frame.filename:
            lines.append(f"{frame.filename}:{frame.lineno} in {frame.name}: {frame.line}")
    return lines + traceback.format_exception_only(error)[-1].rstrip().splitlines()[:8]


def start(patterns: list[str], apology: bool) -> ErrorGuard:
    """Install a guard on the root logger for one test."""
    global _current
    guard = ErrorGuard(patterns, apology)
    logging.getLogger().addHandler(guard)
    _current = guard
    return guard


def stop(guard: ErrorGuard) -> None:
    """Remove the guard from the root logger."""
    global _current
    logging.getLogger().removeHandler(guard)
    if _current is guard:
        _current = None


def track(emu: BotApiEmulator) -> None:
    """Watch an emulator's chats for apologies (called for every emulator built during a test)."""
    if _current is not None:
        _current.emulators.append(emu)


@contextmanager
def allow_errors(*patterns: str, apology: bool = False) -> Iterator[None]:
    """Inside the block, ERROR records matching a pattern (re.search) and, with apology=True, apologies
    sent to people are expected (use it around the steps of a failure-path test that fail on purpose)."""
    guard = _current
    if guard is None:
        yield
        return
    scope = _Scope([re.compile(p) for p in patterns], apology)
    if apology:
        scope.before = set(guard.apologies())
    guard.scopes.append(scope)
    try:
        yield
    finally:
        guard.scopes.remove(scope)
        if apology:
            guard.allowed_apologies.update(set(guard.apologies()) - scope.before)

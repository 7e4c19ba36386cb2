"""The programs' event loop (runtime/loop.py): uvloop by default, Python's own when EVENT_LOOP says so."""

from __future__ import annotations

import asyncio
import os

import pytest

from runtime import loop
from runtime.config import Settings


async def _kind_and_sum(a: int, b: int) -> tuple[str, int]:
    await asyncio.sleep(0)
    return loop.name(), a + b


def test_run_uses_the_chosen_loop_and_returns_the_result() -> None:
    assert loop.run(_kind_and_sum(2, 3)) == ("uvloop", 5)
    assert loop.run(_kind_and_sum(2, 3), "asyncio") == ("asyncio", 5)


def test_the_setting_defaults_to_uvloop_and_takes_only_known_loops(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENT_LOOP", raising=False)
    assert Settings(_env_file=None).event_loop == "uvloop"
    monkeypatch.setenv("EVENT_LOOP", "asyncio")
    assert Settings(_env_file=None).event_loop == "asyncio"
    monkeypatch.setenv("EVENT_LOOP", "tokio")
    with pytest.raises(ValueError, match="event_loop"):
        Settings(_env_file=None)


async def test_the_suite_runs_on_the_loop_it_was_asked_for() -> None:
    assert loop.name() == os.environ.get("HAMYAR_TEST_EVENT_LOOP", "asyncio")


def test_a_program_without_settings_reads_the_loop_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENT_LOOP", raising=False)
    assert loop.from_environment() == "uvloop"
    monkeypatch.setenv("EVENT_LOOP", " AsyncIO ")
    assert loop.from_environment() == "asyncio"
    monkeypatch.setenv("EVENT_LOOP", "tokio")
    assert loop.from_environment() == "uvloop"

"""The event loop the programs run on: uvloop (libuv under asyncio's own interface) by default, Python's loop
with ``EVENT_LOOP=asyncio``.

Every update costs the bot a few network round trips (the Bot API, Redis, the database) and the work in Python
around each: the loop's share of that is smaller on uvloop. Measured with benchmarks/conversations.py, two webhook
processes on PostgreSQL + Redis, runs alternated on the same machine: the bot's CPU per update about an eighth
lower (3.2-3.4 ms against 3.7-3.8). The code is the same on both loops (only asyncio's interface is used), the
tests run on both (`.ci/run`: uvloop on PostgreSQL + Redis, Python's loop on the embedded default), and where
uvloop has no build (Windows) the programs fall back to Python's loop with a log line.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Coroutine
from typing import Any, Literal, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
EventLoop = Literal["uvloop", "asyncio"]


def from_environment() -> EventLoop:
    """The loop EVENT_LOOP names, for a program without the project's settings (the benchmarks' echo bot and their
    own process): uvloop unless it says asyncio. The programs read it through Settings.event_loop."""
    return "asyncio" if os.environ.get("EVENT_LOOP", "").strip().lower() == "asyncio" else "uvloop"


def run(main: Coroutine[Any, Any, T], choice: EventLoop = "uvloop") -> T:
    """Run `main` to completion on the chosen event loop, as `asyncio.run` does, and return its result."""
    if choice == "uvloop":
        try:
            import uvloop
        except ImportError:
            log.warning("uvloop is not installed here; running on Python's event loop")
        else:
            return uvloop.run(main)
    return asyncio.run(main)


def name() -> str:
    """The running loop's kind, for the start-up log line: "uvloop" or "asyncio"."""
    return "uvloop" if type(asyncio.get_running_loop()).__module__.startswith("uvloop") else "asyncio"

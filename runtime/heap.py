"""The garbage collector's settings for a long-running program with a large, settled heap.

After start-up the bot holds a few hundred thousand long-lived objects (aiogram's and pydantic's classes,
SQLAlchemy's mappings, the locale files, the regions). CPython's cyclic collector walks every object of a
generation it collects, and with its defaults (a young collection every 700 allocations) an update's
short-lived objects (aiogram's models of the update and of every answer) set one off several times per
update, each now and then promoted into walking the whole old heap: the conversations benchmark measured the
bot's CPU per update about a tenth lower, and the slowest replies at half load much steadier, with the heap
frozen and young collections ten times rarer. Reference counting still frees almost everything at once;
only objects in reference cycles wait for a collection, and a full one still runs every million or so
allocations."""

from __future__ import annotations

import gc

YOUNG_EVERY = 10_000  # allocations between young collections (CPython's default: 700)


def settle() -> None:
    """Collect once, then keep everything alive now out of every later collection, and collect less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_EVERY, 10, 10)

"""runtime/heap.settle: the bot's collector settings, checked in a fresh interpreter (not this test process)."""

from __future__ import annotations

import subprocess
import sys


def test_settle_freezes_the_heap_and_collects_young_objects_less_often() -> None:
    code = ("import gc, runtime.heap as h; before = gc.get_freeze_count(); h.settle(); "
            "print(before, gc.get_freeze_count() > 1000, gc.get_threshold())")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    out = run.stdout.split(maxsplit=1)
    assert out == ["0", "True (10000, 10, 10)\n"]

"""The worker's buttons speak the same callback language as the bot's handlers, without aiogram."""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from campaigns.broadcasts.dto import BroadcastKind, ButtonKind, ButtonSpec, Outgoing
from campaigns.callbacks import (
    AssignmentAction,
    AssignmentButton,
    CampaignAction,
    CampaignButton,
    StopMessagesButton,
)
from i18n import translator
from runtime.config import ROOT
from worker.callouts import roster_markup
from worker.loop import keyboard


def test_callbacks_match_the_handlers() -> None:
    t = translator("fa")
    roster = roster_markup(42, t)["inline_keyboard"]
    roster_data = AssignmentButton(action=AssignmentAction.ROSTER, id=42).pack()
    assert roster[0][0]["callback_data"] == roster_data  # type: ignore[index]
    message = Outgoing(delivery_id=1, broadcast_id=2, campaign_id=7, platform="telegram", chat_id=3, language="fa",
                       text="x", text_key=None, text_args={}, photo=None, buttons=(ButtonSpec(kind=ButtonKind.JOIN),))
    markup = keyboard(message, t)
    assert markup is not None
    rows = markup["inline_keyboard"]
    assert rows[0][0]["callback_data"] == CampaignButton(action=CampaignAction.JOIN, id=7).pack()
    assert rows[-1][0]["text"] == t("broadcast-button-stop")


def test_a_service_notice_without_buttons_sends_no_keyboard() -> None:
    # No stop button on a notice to named people, and no empty keyboard either (not every platform takes one).
    t = translator("fa")
    notice = Outgoing(delivery_id=1, broadcast_id=2, campaign_id=None, platform="bale", chat_id=3, language="fa",
                      text="x", text_key=None, text_args={}, photo=None, buttons=(), kind=BroadcastKind.SERVICE)
    assert keyboard(notice, t) is None
    ordinary = replace(notice, kind=BroadcastKind.ORDINARY)
    assert keyboard(ordinary, t) == {"inline_keyboard": [[{
        "text": t("broadcast-button-stop"), "callback_data": StopMessagesButton(campaign=0).pack()}]]}


def test_worker_does_not_import_aiogram() -> None:
    code = "import sys, worker.loop; sys.exit(1 if any(m.startswith('aiogram') for m in sys.modules) else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=str(ROOT), timeout=60).returncode == 0


def test_worker_modules_import_no_sqlalchemy() -> None:
    # The worker reaches the database only through storage's unit of work (storage itself loads sqlalchemy,
    # so the check reads the worker's own imports rather than sys.modules).
    offenders = []
    for path in sorted((Path(ROOT) / "worker").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0] in ("sqlalchemy", "aiogram")]
    assert offenders == []

"""The worker's buttons speak the same callback language as the bot's handlers, without aiogram."""

from __future__ import annotations

import subprocess
import sys

from handlers.campaign_buttons import CampaignCb

from campaigns.broadcasts.dto import ButtonKind, ButtonSpec, Outgoing
from handlers.assignments import AsgCb
from i18n import translator
from runtime.config import ROOT
from worker.callouts import roster_markup
from worker.loop import keyboard


def test_callbacks_match_the_handlers() -> None:
    t = translator("fa")
    roster = roster_markup(42, t)["inline_keyboard"]
    assert roster[0][0]["callback_data"] == AsgCb(action="r", id=42).pack()  # type: ignore[index]
    message = Outgoing(delivery_id=1, broadcast_id=2, campaign_id=7, platform="telegram", chat_id=3, language="fa",
                       text="x", text_key=None, text_args={}, photo=None, buttons=(ButtonSpec(kind=ButtonKind.JOIN),))
    rows = keyboard(message, t)["inline_keyboard"]
    assert rows[0][0]["callback_data"] == CampaignCb(action="join", id=7).pack()
    assert rows[-1][0]["text"] == t("broadcast-button-stop")


def test_worker_does_not_import_aiogram() -> None:
    code = "import sys, worker.loop; sys.exit(1 if any(m.startswith('aiogram') for m in sys.modules) else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=str(ROOT), timeout=60).returncode == 0

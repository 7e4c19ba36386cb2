"""Callback data of the campaign pages, pledges and energy reports.

Buttons that open or act on a campaign carry its id, so they keep working on old messages; buttons
that answer a question carry only the answer and expire with the conversation."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class CampaignCb(CallbackData, prefix="cmp"):
    """A campaign action: open, join, leave, share, list (a page of the catalogue), vol, mine."""

    action: str
    id: int = 0
    page: int = 0


class PledgeStart(CallbackData, prefix="pls"):
    """Start a pledge of a kind (cash, in_kind, payroll) to a campaign."""

    campaign: int
    kind: str


class PledgeAns(CallbackData, prefix="pla"):
    """An answer to the pending pledge question: a field and a value (an index or a word)."""

    field: str
    value: str


class PledgeConfirm(CallbackData, prefix="plc"):
    """Confirm a pledge summary; the nonce names this one confirmation."""

    campaign: int
    nonce: str


class PledgeManage(CallbackData, prefix="plm"):
    """Act on a saved pledge from "my pledges": cancel, cancel_yes, keep."""

    action: str
    id: int


class EnergyCb(CallbackData, prefix="eng"):
    """Energy drive: report use, see totals, or choose the reporting unit."""

    action: str
    campaign: int
    unit: str = ""

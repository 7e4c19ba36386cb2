"""Callback data of the campaign pages, pledges and energy reports.

Buttons that open or act on a campaign carry its id, so they keep working on old messages; buttons
that answer a question carry only the answer and expire with the conversation. Every field is bounded
(handlers/guards.py): data that does not fit is a stale or forged button and unpacks to nothing."""

from __future__ import annotations

from typing import Literal

from aiogram.filters.callback_data import CallbackData
from pydantic import Field, model_validator

from handlers.guards import Code, Index, RowId, RowIdOrZero


class CampaignCb(CallbackData, prefix="cmp"):
    """A campaign action: open, join, leave, share, vol, or list (a page of the catalogue, id 0)."""

    action: Literal["open", "join", "leave", "share", "list", "vol"]
    id: RowIdOrZero = 0
    page: Index = 0

    @model_validator(mode="after")
    def _names_a_campaign(self) -> CampaignCb:
        if self.action != "list" and self.id == 0:
            raise ValueError("a campaign action needs a campaign")
        return self


class PledgeStart(CallbackData, prefix="pls"):
    """Start a pledge of a kind (cash, in_kind, payroll) to a campaign, or see a payroll drive's totals."""

    campaign: RowId
    kind: Literal["cash", "in_kind", "payroll", "totals"]


class PledgeAns(CallbackData, prefix="pla"):
    """An answer to the pending pledge question: a field and a value (an index or a word)."""

    field: Literal["item", "agency", "rg", "wp", "rec"]
    value: Code

    @model_validator(mode="after")
    def _value_fits_field(self) -> PledgeAns:
        allowed = {"rg": ("county", "province", "other", "any"), "wp": ("1",), "rec": ("once", "monthly")}
        if self.field in allowed:
            fits = self.value in allowed[self.field]
        else:  # an item or an agency: its index in the list, or "other"
            fits = self.value == "other" or (self.value.isdigit() and len(self.value) <= 4)
        if not fits:
            raise ValueError("no such answer")
        return self


class PledgeConfirm(CallbackData, prefix="plc"):
    """Confirm a pledge summary; the nonce names this one confirmation."""

    campaign: RowId
    nonce: str = Field(pattern=r"^[0-9a-f]{1,32}$")


class PledgeManage(CallbackData, prefix="plm"):
    """Act on a saved pledge from "my pledges": cancel (asks first), yes, month (this month only), keep."""

    action: Literal["cancel", "yes", "month", "keep"]
    id: RowId


class EnergyCb(CallbackData, prefix="eng"):
    """Energy drive: report use, see totals, or choose the reporting unit."""

    action: Literal["start", "unit", "totals"]
    campaign: RowId
    unit: Literal["", "kwh", "rial"] = ""

    @model_validator(mode="after")
    def _unit_chosen(self) -> EnergyCb:
        if self.action == "unit" and not self.unit:
            raise ValueError("the unit button names a unit")
        return self

"""Buttons of the campaign pages, pledges, energy reports, and of the broadcasts people receive."""

from __future__ import annotations

import enum
from typing import Literal, Self

from pydantic import Field, model_validator

from campaigns.callbacks.base import ButtonData, Code, Index, RowId, RowIdOrZero


class CampaignAction(enum.StrEnum):
    OPEN = "open"
    JOIN = "join"
    LEAVE = "leave"
    SHARE = "share"
    LIST = "list"
    VOLUNTEER = "vol"


class CampaignButton(ButtonData, prefix="cmp"):
    """A campaign action, or a page of the catalogue (LIST, id 0). Carries the id: works on old messages."""

    action: CampaignAction
    id: RowIdOrZero = 0
    page: Index = 0

    @model_validator(mode="after")
    def _names_a_campaign(self) -> Self:
        if self.action is not CampaignAction.LIST and self.id == 0:
            raise ValueError("a campaign action needs a campaign")
        return self


class PledgeStartAction(enum.StrEnum):
    CASH = "cash"
    IN_KIND = "in_kind"
    PAYROLL = "payroll"
    TOTALS = "totals"  # a payroll drive's totals


class PledgeStartButton(ButtonData, prefix="pls"):
    """Start a pledge of a kind to a campaign (campaign pages, campaign-event broadcasts), or see totals."""

    campaign: RowId
    kind: PledgeStartAction


class PledgeAnswerField(enum.StrEnum):
    ITEM = "item"
    AGENCY = "agency"
    REGION = "rg"
    WHOLE_PROVINCE = "wp"
    RECURRENCE = "rec"


_PLEDGE_ANSWERS = {PledgeAnswerField.REGION: ("county", "province", "other", "any"),
                   PledgeAnswerField.WHOLE_PROVINCE: ("1",), PledgeAnswerField.RECURRENCE: ("once", "monthly")}


class PledgeAnswerButton(ButtonData, prefix="pla"):
    """An answer to the pending pledge question: a field and a value (an index or a word). Carries no
    campaign: it expires with the conversation."""

    field: PledgeAnswerField
    value: Code

    @model_validator(mode="after")
    def _value_fits_field(self) -> Self:
        allowed = _PLEDGE_ANSWERS.get(self.field)
        if allowed is not None:
            fits = self.value in allowed
        else:  # an item or an agency: its index in the list, or "other"
            fits = self.value == "other" or (self.value.isdigit() and len(self.value) <= 4)
        if not fits:
            raise ValueError("no such answer")
        return self


class PledgeConfirmButton(ButtonData, prefix="plc"):
    """Confirm a pledge summary; the nonce names this one confirmation."""

    campaign: RowId
    nonce: str = Field(pattern=r"^[0-9a-f]{1,32}$")


class MyPledgeAction(enum.StrEnum):
    CANCEL = "cancel"  # asks first
    CANCEL_YES = "yes"
    SKIP_MONTH = "month"  # this month only
    KEEP = "keep"


class MyPledgeButton(ButtonData, prefix="plm"):
    """An action on a saved pledge from "my pledges"."""

    action: MyPledgeAction
    id: RowId


class EnergyAction(enum.StrEnum):
    START = "start"
    UNIT = "unit"
    TOTALS = "totals"


class EnergyButton(ButtonData, prefix="eng"):
    """Energy drive: report use, choose the reporting unit (campaigns.energy.EnergyUnit), see totals."""

    action: EnergyAction
    campaign: RowId
    unit: Literal["", "kwh", "rial"] = ""

    @model_validator(mode="after")
    def _unit_chosen(self) -> Self:
        if self.action is EnergyAction.UNIT and not self.unit:
            raise ValueError("the unit button names a unit")
        return self


class StopMessagesButton(ButtonData, prefix="bcs"):
    """"Stop these messages" under a broadcast: the campaign's id, 0 for every campaign."""

    campaign: RowIdOrZero


class BroadcastReplyButton(ButtonData, prefix="bcr"):
    """A reply choice under a broadcast: the broadcast's id and the choice's index."""

    broadcast: RowId
    choice: Index


class AreaFeedbackAction(enum.StrEnum):
    OPT_OUT = "o"  # no more monthly messages on what the area achieved
    OPT_IN = "i"  # receive them again


class AreaFeedbackButton(ButtonData, prefix="afb"):
    """A button under the monthly message on what a person's area achieved."""

    action: AreaFeedbackAction

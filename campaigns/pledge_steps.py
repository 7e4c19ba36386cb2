"""The questions a pledge asks, and in what order: a rule of the campaign and the answers so far.

The conversation (handlers/pledges.py) keeps one state per step; a campaign's own questions share one
state, told apart by their index."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from campaigns.kinds import CampaignDefinition, PledgeKind


class PledgeStep(enum.StrEnum):
    """A question of a pledge (the value names its conversation state)."""

    AMOUNT = "amount"  # a cash pledge's amount
    ITEM = "item"  # what an in-kind pledge gives, from the campaign's list
    ITEM_TEXT = "item_text"  # ... or in the giver's words
    QUANTITY = "quantity"
    AGENCY = "agency"  # a payroll pledge's employer, from the campaign's list
    AGENCY_TEXT = "agency_text"  # ... or in the giver's words
    DIGITS = "digits"  # a payroll pledge's four digits from the payslip
    QUESTION = "question"  # one of the campaign's own questions (Step.question says which)
    REGION = "region"  # where the help goes: the giver's county or province, another region, anywhere
    REGION_PROVINCE = "region_province"  # another region: its province ...
    REGION_COUNTY = "region_county"  # ... and county
    RECURRENCE = "recurrence"  # once or monthly
    CONFIRM = "confirm"  # the summary


@dataclass(frozen=True)
class Step:
    """One question to ask: its kind and, for a campaign's own question, its index among them."""

    kind: PledgeStep
    question: int = 0


def pledge_steps(definition: CampaignDefinition, kind: PledgeKind, *, other_item: bool, other_agency: bool,
                 region: str | None) -> list[Step]:
    """The questions of a pledge of `kind` to a campaign, in order; some depend on earlier answers (goods
    or an employer not on the list, another region)."""
    if kind == PledgeKind.PAYROLL:
        payroll = [PledgeStep.AGENCY, *([PledgeStep.AGENCY_TEXT] if other_agency else []), PledgeStep.DIGITS]
        return [Step(s) for s in (*payroll, PledgeStep.CONFIRM)]
    what = ([PledgeStep.AMOUNT] if kind == PledgeKind.CASH
            else [PledgeStep.ITEM, *([PledgeStep.ITEM_TEXT] if other_item else []), PledgeStep.QUANTITY])
    where = [PledgeStep.REGION, *([PledgeStep.REGION_PROVINCE, PledgeStep.REGION_COUNTY] if region == "other" else [])]
    how_often = [PledgeStep.RECURRENCE] if len(definition.pledge.recurrence) > 1 else []
    return [*(Step(s) for s in what), *(Step(PledgeStep.QUESTION, i) for i in range(len(definition.questions))),
            *(Step(s) for s in (*where, *how_often, PledgeStep.CONFIRM))]

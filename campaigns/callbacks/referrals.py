"""Buttons of the referral system: the volunteer's steps of «ارجاع جدید», and the managers' referral cards,
lists and providers."""

from __future__ import annotations

import enum
from typing import ClassVar

from campaigns.callbacks.base import ActsOnRows, ButtonData, Code, Index, RowId, RowIdOrZero


class ReferralAction(enum.StrEnum):
    NEW = "n"  # a volunteer starts a referral from a call-out (id: the call-out)
    OPEN = "o"  # a manager opens a referral's card
    PROVIDERS = "p"  # the providers a referral may be assigned to
    CONTACTED = "c"
    SERVED = "s"
    DECLINED = "d"
    UNREACHABLE = "u"
    LIST = "l"  # the referrals in the manager's scope (arg 0)
    OVERDUE = "od"  # the overdue ones (arg 0)
    PROVIDER_LIST = "pl"  # the providers in the manager's scope (arg 0)
    PROVIDER_ADD = "pa"  # enter a provider in the bot (arg 0)
    STATS = "st"  # the referral figures of the manager's region (arg 0)


class ReferralButton(ButtonData, ActsOnRows, prefix="rf"):
    """A referral button: an action and a referral's (or a call-out's) id, 0 for the lists."""

    action: ReferralAction
    arg: RowIdOrZero = 0
    ON_A_ROW: ClassVar[frozenset[enum.Enum]] = frozenset({
        ReferralAction.NEW, ReferralAction.OPEN, ReferralAction.PROVIDERS, ReferralAction.CONTACTED,
        ReferralAction.SERVED, ReferralAction.DECLINED, ReferralAction.UNREACHABLE})
    NO_ROW: ClassVar[str] = "this action acts on a referral or a call-out"


class ReferralAssignButton(ButtonData, prefix="rfa"):
    """Assign a referral to a provider."""

    referral: RowId
    provider: RowId


class ReferralChoiceField(enum.StrEnum):
    NEED = "k"  # index into ServiceKind
    URGENCY = "u"  # index into Urgency
    CONSENT = "c"  # 1 agrees to be contacted, 0 does not


class ReferralChoiceButton(ButtonData, prefix="rfq"):
    """An answer to one of the volunteer's questions: which question and the option's index."""

    field: ReferralChoiceField
    index: Index


class ReferralSendButton(ButtonData, prefix="rfs"):
    """Send the referral under its summary; the nonce makes a double tap save one referral."""

    nonce: Code

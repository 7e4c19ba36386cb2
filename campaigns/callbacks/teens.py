"""Buttons of the teens' path (MANA): a guardian's answer to a teen's request, and withdrawing a consent."""

from __future__ import annotations

import enum

from campaigns.callbacks.base import ButtonData, RowId


class GuardianAction(enum.StrEnum):
    ACCEPT = "a"  # accept; the teen's phone number stays unasked
    ACCEPT_PHONE = "p"  # accept, and allow the teen to give a phone number
    REFUSE = "r"
    WITHDRAW = "w"  # ask before withdrawing an accepted consent
    WITHDRAW_YES = "y"  # withdraw it: the teen's data is erased
    KEEP = "k"  # keep the consent after all


class GuardianButton(ButtonData, prefix="gdn"):
    """A guardian's press on a teen's consent request (by its id)."""

    action: GuardianAction
    id: RowId

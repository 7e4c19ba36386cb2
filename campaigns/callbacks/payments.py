"""Buttons that pay a pledge inside the chat: one pledge (after Confirm, in «تعهدهای من»), or this month's
pledge to a campaign (under the monthly reminder, which goes to every pledger with the same buttons)."""

from __future__ import annotations

import enum

from campaigns.callbacks.base import ButtonData, RowId


class PayAction(enum.StrEnum):
    PLEDGE = "p"  # `id` is a pledge of the person's
    MONTH = "m"  # `id` is a campaign: the person's newest unpaid cash pledge to it


class PayButton(ButtonData, prefix="pay"):
    """Pay a pledge in the chat: the bot sends an invoice (or, with no payment provider, how to pay)."""

    action: PayAction
    id: RowId

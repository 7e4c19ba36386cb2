"""Buttons of assignments and call-outs: a volunteer's answers, a manager's roster and creation steps."""

from __future__ import annotations

import enum

from campaigns.callbacks.base import ButtonData, Index, RowId


class AssignmentAction(enum.StrEnum):
    ACCEPT = "a"
    DECLINE = "d"  # also "withdraw" after accepting
    CHECK_IN = "i"
    CHECK_OUT = "o"
    ROSTER = "r"  # a manager's "who is coming"


class AssignmentButton(ButtonData, prefix="asg"):
    """A volunteer's answer to an invitation or reminder, or a manager's roster button."""

    action: AssignmentAction
    id: RowId


class AssignmentNeedButton(ButtonData, prefix="asn"):
    """The need chosen when a manager creates an assignment, by index into its list."""

    index: Index


class AssignmentCreateButton(ButtonData, prefix="asc"):
    """Create and send the assignment under the summary."""


class ShiftAction(enum.StrEnum):
    COMING = "c"  # «می‌آیم»
    CANNOT = "x"  # «نمی‌توانم بیایم»: frees the place


class ShiftButton(ButtonData, prefix="shf"):
    """An accepted volunteer's answer to a shift reminder (24 or 1 hours before the start)."""

    action: ShiftAction
    id: RowId

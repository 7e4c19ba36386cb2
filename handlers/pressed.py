"""The aiogram side of campaigns/callbacks/: a filter that matches a press of one kind of button.

`Pressed(ManagerMenuButton, F.action == ManagerAction.ROLES)` passes a callback query whose data parses
as that class and satisfies the magic rule, and hands the handler the parsed button as `callback_data`
(as aiogram's own CallbackData filters do, so handlers read `callback_data.action`)."""

from __future__ import annotations

from typing import Any, Literal

from aiogram.types import CallbackQuery
from magic_filter import MagicFilter

from campaigns.callbacks import ButtonData


class Pressed:
    """A filter for presses of `kind` whose fields pass `rule` (any press of that kind without one).

    Synchronous, so it runs inline (bot/inline_filters.py); a press is parsed once per kind of button
    whatever the number of handlers that look at it (ButtonData.parse keeps the result)."""

    __slots__ = ("kind", "rule")

    def __init__(self, kind: type[ButtonData], rule: MagicFilter | None = None) -> None:
        self.kind = kind
        self.rule = rule

    def __call__(self, query: CallbackQuery) -> Literal[False] | dict[str, Any]:
        data = query.data
        if not data:
            return False
        button = self.kind.parse(data)
        if button is None or (self.rule is not None and not self.rule.resolve(button)):
            return False
        return {"callback_data": button}

    def __str__(self) -> str:
        return f"Pressed({self.kind.__name__}, {self.rule!r})"

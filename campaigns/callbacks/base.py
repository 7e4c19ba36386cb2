"""The base of every button's callback data, and the bounded types its fields use (campaigns/callbacks/).

Callback data comes back from the platform as text: from an old message, a restarted step, or forged.
So the prefixes and packed values never change once shipped (old buttons in chats keep working), and
every field is bounded by the types below: a number outside what the database and the keyboards hold
fails to parse, no handler matches, and the press gets the stale-button answer before any query runs.
Handlers that act on a row still check it exists (and is the person's) before writing."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from campaigns.numerals import MAX_ID

MAX_CALLBACK_BYTES = 64  # Telegram's (and Bale's) limit on a button's callback data
MAX_INDEX = 9_999  # list indexes and pages: every list a keyboard shows is far shorter

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""The id of a row: a campaign, pledge, assignment, broadcast, approval or role grant."""

RowIdOrZero = Annotated[int, Field(ge=0, le=MAX_ID)]
"""A row id, or 0 for none (every campaign, the manager menu's buttons without an argument)."""

Index = Annotated[int, Field(ge=0, le=MAX_INDEX)]
"""An index into a list a keyboard showed, or a page of it."""

IndexOrNone = Annotated[int, Field(ge=-1, le=MAX_INDEX)]
"""An index, or -1 for none of them (Any, Continue)."""

Code = Annotated[str, StringConstraints(max_length=16, pattern=r"^[a-z0-9_]*$")]
"""A short code word: an option's key or an index written as text."""

_SEPARATOR = ":"
_PARSED: dict[type[ButtonData], dict[str, Any]] = {}
_PARSED_KEPT = 512


class ButtonData(BaseModel):
    """The base of every button's data: a prefix naming the kind of button, then its fields in order.

    The format is aiogram's CallbackData format (bool as 1/0, an enum as its value, None as empty), so
    the buttons sent before this module existed still parse."""

    model_config = ConfigDict(frozen=True)
    prefix: ClassVar[str]

    def __init_subclass__(cls, prefix: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not prefix or _SEPARATOR in prefix:
            raise ValueError(f"{cls.__name__} needs a prefix without {_SEPARATOR!r}")
        cls.prefix = prefix
        _PARSED[cls] = {}

    def pack(self) -> str:
        """The callback data to put on a button."""
        parts = [self.prefix]
        for name in type(self).model_fields:
            value = getattr(self, name)
            text = ("" if value is None else str(value.value) if isinstance(value, enum.Enum)
                    else str(int(value)) if isinstance(value, bool) else str(value))
            if _SEPARATOR in text:
                raise ValueError(f"{name}={text!r} holds the separator {_SEPARATOR!r}")
            parts.append(text)
        data = _SEPARATOR.join(parts)
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def unpack(cls, data: str) -> Self:
        """Read packed data; ValueError when it is not this kind of button or a field is out of bounds."""
        prefix, *parts = data.split(_SEPARATOR)
        names = cls.model_fields.keys()
        if prefix != cls.prefix or len(parts) != len(names):
            raise ValueError(f"not a {cls.__name__}: {data!r}")
        return cls(**dict(zip(names, parts, strict=True)))

    @classmethod
    def parse(cls, data: str) -> Self | None:
        """`unpack`, or None for data of another kind or out of bounds.

        Many handlers' filters look at the same press, so the result is kept for the next one to ask;
        instances are frozen, hence safe to share."""
        if not data.startswith(cls.prefix) or data[len(cls.prefix):len(cls.prefix) + 1] not in (_SEPARATOR, ""):
            return None
        parsed = _PARSED[cls]
        if data in parsed:
            return parsed[data]
        try:
            button: Self | None = cls.unpack(data)
        except (ValueError, ValidationError):
            button = None
        if len(parsed) >= _PARSED_KEPT:
            parsed.clear()
        parsed[data] = button
        return button


class ActsOnRows:
    """For a button of an action and one number (`action`, `arg`): the actions in ON_A_ROW act on a row,
    so their number must be its id, not 0. A mixin, so every kind of button stays a direct ButtonData."""

    if TYPE_CHECKING:  # the button's own fields, declared there in their packed order
        action: enum.Enum
        arg: int
    ON_A_ROW: ClassVar[frozenset[enum.Enum]] = frozenset()
    NO_ROW: ClassVar[str] = "this action acts on a row"

    @model_validator(mode="after")
    def _names_a_row(self) -> Self:
        if self.action in self.ON_A_ROW and self.arg == 0:
            raise ValueError(self.NO_ROW)
        return self

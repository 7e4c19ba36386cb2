"""Typed access to Bot API call parameters and the method registry."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from emulator import errors
from emulator.state import BotState, Chat

if TYPE_CHECKING:
    from emulator.server import BotApiEmulator


@dataclass(slots=True)
class Call:
    """One Bot API call: the emulator, the calling bot and its parameters."""

    emu: BotApiEmulator
    bot: BotState
    params: dict[str, Any]

    def has(self, name: str) -> bool:
        """Return True if the parameter was given and is not empty."""
        return self.params.get(name) not in (None, "")

    def opt_str(self, name: str, default: str | None = None) -> str | None:
        """Return a string parameter."""
        value = self.params.get(name)
        if value is None or value == "":
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def need_str(self, name: str) -> str:
        """Return a required string parameter or fail with "<name> is empty"."""
        value = self.opt_str(name)
        if value is None:
            raise errors.bad_request(f"{name} is empty")
        return value

    def opt_int(self, name: str, default: int | None = None) -> int | None:
        """Return an integer parameter."""
        value = self.params.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            raise errors.bad_request(f"invalid {name} specified")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise errors.bad_request(f"invalid {name} specified") from None

    def need_int(self, name: str) -> int:
        """Return a required integer parameter."""
        value = self.opt_int(name)
        if value is None:
            raise errors.bad_request(f"{name} is empty")
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        """Return a boolean parameter ("true"/"1" in forms)."""
        value = self.params.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)

    def json_value(self, name: str) -> Any:
        """Return a parameter that may arrive JSON-encoded inside a form field."""
        value = self.params.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise errors.bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat(self, name: str = "chat_id") -> Chat:
        """Resolve a chat parameter to a chat: private ones are created on first use, groups must exist."""
        dialect = self.emu.dialect
        raw = self.params.get(name)
        if raw is None or raw == "":
            raise errors.bad_request(f"{name} is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            for chat in self.bot.chats.values():
                if chat.username and chat.username.lower() == raw[1:].lower():
                    return chat
            raise errors.chat_not_found(dialect)
        chat_id = self.opt_int(name)
        if chat_id is None or chat_id == 0 or chat_id in self.emu.faults.unknown:
            raise errors.chat_not_found(dialect)
        if chat_id < 0 and chat_id not in self.bot.chats:  # a group or channel exists once a test made it
            raise errors.chat_not_found(dialect)
        return self.bot.chat(chat_id)


Handler = Callable[[Call], Awaitable[Any]]
METHODS: dict[str, tuple[Handler, bool]] = {}


def method(name: str, *, send: bool = False) -> Callable[[Handler], Handler]:
    """Register a Bot API method; ``send`` marks calls counted as sends."""

    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = (handler, send)
        return handler

    return register

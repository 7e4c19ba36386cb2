"""A Telegram/Bale Bot API emulator for tests, benchmarks and the local simulator."""

from emulator.client import UserClient
from emulator.faults import Faults, Stats, text_hash
from emulator.models import BotMessage, Button, CallbackAnswer, ReplyButton, UserMessage
from emulator.server import BotApiEmulator

__all__ = [
    "BotApiEmulator",
    "BotMessage",
    "Button",
    "CallbackAnswer",
    "Faults",
    "ReplyButton",
    "Stats",
    "UserClient",
    "UserMessage",
    "text_hash",
]

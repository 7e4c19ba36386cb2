"""Records of chat messages as the emulator stores them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Button:
    """One inline keyboard button."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    web_app: str | None = None  # the address a web_app button opens (a Mini App)


@dataclass(frozen=True, slots=True)
class ReplyButton:
    """One reply keyboard button."""

    text: str
    request_contact: bool = False
    request_location: bool = False


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    """One answerCallbackQuery call made by the bot."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None = None
    date: int = 0


@dataclass(slots=True)
class BotMessage:
    """A message the bot sent to a chat, with edits applied in place.

    ``text`` holds the caption for photos and documents. In chats that no
    person has opened (synthetic benchmark recipients) ``text`` may be None
    when the emulator chose not to keep it, see README. ``html`` keeps the
    source of texts sent with parse_mode=HTML in opened chats, for display.
    """

    message_id: int
    chat_id: int
    text: str | None
    kind: str = "text"
    reply_markup: dict[str, Any] | None = None
    date: int = 0
    file_name: str | None = None
    file_id: str | None = None
    edits: int = 0
    deleted: bool = False
    version: int = 0
    digest: int = 0
    html: str | None = None
    invoice: dict[str, Any] | None = None  # an invoice's title, description, currency, total_amount, payload

    @property
    def invoice_json(self) -> dict[str, Any]:
        """The Invoice object as the Bot API shows it: the payload and provider token stay with the platform."""
        return {key: value for key, value in (self.invoice or {}).items() if key not in _PRIVATE_INVOICE_KEYS}

    @property
    def inline_buttons(self) -> list[list[Button]]:
        """Return the inline keyboard rows (empty when there is none)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [[Button(b.get("text", ""), b.get("callback_data"), b.get("url"), _web_app_url(b)) for b in row]
                 for row in rows]

    @property
    def reply_buttons(self) -> list[list[ReplyButton]]:
        """Return the reply keyboard rows (empty when there is none)."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [[_reply_button(b) for b in row] for row in rows]

    @property
    def remove_keyboard(self) -> bool:
        """Return True when the message removes the reply keyboard."""
        return bool((self.reply_markup or {}).get("remove_keyboard"))

    @property
    def caption(self) -> str | None:
        """Return the caption of a photo or document message."""
        return self.text if self.kind != "text" else None

    def button_texts(self) -> list[str]:
        """Return all button texts, inline first, then reply keyboard."""
        texts = [b.text for row in self.inline_buttons for b in row]
        texts += [b.text for row in self.reply_buttons for b in row]
        return texts

    def find_button(self, wanted: str) -> Button | None:
        """Return the inline button whose text or callback_data equals ``wanted``."""
        for row in self.inline_buttons:
            for button in row:
                if wanted in (button.text, button.callback_data):
                    return button
        return None

    def describe(self) -> str:
        """Return a one-line human readable summary for failure dumps."""
        flags = []
        if self.deleted:
            flags.append("deleted")
        if self.edits:
            flags.append(f"edited x{self.edits}")
        buttons = self.button_texts()
        extra = f" buttons={buttons}" if buttons else ""
        if self.remove_keyboard:
            extra += " remove_keyboard"
        state = f" ({', '.join(flags)})" if flags else ""
        return f"#{self.message_id} v{self.version} bot {self.kind}{state}: {self.text!r}{extra}"


_PRIVATE_INVOICE_KEYS = frozenset({"payload", "provider_token"})


def _web_app_url(raw: dict[str, Any]) -> str | None:
    web_app = raw.get("web_app")
    return str(web_app.get("url")) if isinstance(web_app, dict) and web_app.get("url") else None


def _reply_button(raw: Any) -> ReplyButton:
    if isinstance(raw, str):
        return ReplyButton(raw)
    return ReplyButton(
        raw.get("text", ""),
        bool(raw.get("request_contact")),
        bool(raw.get("request_location")),
    )


@dataclass(slots=True)
class UserMessage:
    """A message the person sent to the bot."""

    message_id: int
    chat_id: int
    kind: str
    text: str | None = None
    date: int = 0
    file_name: str | None = None
    file_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    version: int = 0
    deleted: bool = False

    def describe(self) -> str:
        """Return a one-line human readable summary for failure dumps."""
        return f"#{self.message_id} v{self.version} user {self.kind}: {self.text!r}"


ChatEntry = BotMessage | UserMessage

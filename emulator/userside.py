"""What a person does in a chat: send messages and press buttons, as updates for the bot."""

from __future__ import annotations

import mimetypes
from typing import TYPE_CHECKING, Any

from emulator.markup import utf16_len
from emulator.methods import file_json, message_json
from emulator.models import BotMessage, ChatEntry, UserMessage
from emulator.state import BotState, Chat, new_callback_id, now

if TYPE_CHECKING:
    from emulator.server import BotApiEmulator

_CALLBACKS_KEPT = 10_000
_STICKER_EMOJI = "\U0001f642"
_FAKE_JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60 + b"\xff\xd9"


def _base(chat: Chat, message_id: int) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "from": chat.user_dict(),
        "chat": chat.chat_dict(),
        "date": now(),
    }


def _command_entities(text: str) -> list[dict[str, Any]]:
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


def user_message(
    emu: BotApiEmulator,
    bot: BotState,
    chat: Chat,
    kind: str,
    *,
    text: str | None = None,
    file_name: str | None = None,
    content: bytes | None = None,
    contact: dict[str, Any] | None = None,
    location: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Store a message from the person and queue it as an update; return the Message dict."""
    chat.opened = True
    record = UserMessage(message_id=chat.new_message_id(), chat_id=chat.chat_id, kind=kind, text=text)
    data = _base(chat, record.message_id)
    record.date = data["date"]
    if kind == "text":
        data["text"] = text or ""
        entities = _command_entities(text or "")
        if entities:
            data["entities"] = entities
    elif kind == "sticker":
        data["sticker"] = {
            "file_id": "CAACAgIAAxkBAAEstickerfileid",
            "file_unique_id": "AgADsticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": _STICKER_EMOJI,
        }
    elif kind in ("photo", "document"):
        mime = mimetypes.guess_type(file_name)[0] if file_name else None
        if kind == "photo":
            mime = "image/jpeg"
        stored = emu.files.add(kind, content if content is not None else _FAKE_JPEG, file_name, mime)
        data.update(file_json(stored))
        record.file_id, record.file_name = stored.file_id, stored.file_name
        if text:
            data["caption"] = text
    elif kind == "contact":
        data["contact"] = record.extra["contact"] = contact or {}
    elif kind == "location":
        data["location"] = record.extra["location"] = location or {}
    else:
        raise ValueError(f"unknown message kind {kind!r}")
    chat.add(record)
    bot.updates.push({"message": data})
    return data


def find_pressable(chat: Chat, wanted: str, message_id: int | None, *, stale_ok: bool = False) -> BotMessage:
    """Return the bot message holding an inline button with this text or callback_data.

    With ``message_id`` that message is pressed. Otherwise the latest message (sent or edited last)
    with the button is, and it must still be current: a message the bot sent or edited after it
    means a test would press an old button by mistake (say, when the bot failed to send a new
    keyboard), so that raises LookupError unless ``stale_ok`` says an old button is meant.
    """
    if message_id is not None:
        entry = chat.history.get(message_id)
        if isinstance(entry, BotMessage) and not entry.deleted and entry.find_button(wanted) is not None:
            return entry
        raise LookupError(f"no inline button {wanted!r} in message {message_id}\n{dump_chat(chat)}")
    shown = [m for m in chat.bot_messages() if not m.deleted]
    holding = [m for m in shown if m.find_button(wanted) is not None]
    if not holding:
        raise LookupError(f"no inline button {wanted!r} in any bot message\n{dump_chat(chat)}")
    msg = max(holding, key=lambda m: m.version)
    newest = shown[-1]
    if stale_ok or msg is newest or msg.version > newest.version:
        return msg
    raise LookupError(
        f"inline button {wanted!r} is only on message #{msg.message_id}, older than the bot's latest "
        f"message #{newest.message_id} (pass message_id=... or stale_ok=True to press an old button)"
        f"\n{dump_chat(chat)}"
    )


def press_button(
    emu: BotApiEmulator,
    bot: BotState,
    chat: Chat,
    wanted: str,
    message_id: int | None = None,
    *,
    stale_ok: bool = False,
) -> str:
    """Queue a callback_query for an inline button; return the callback_query id (see find_pressable)."""
    chat.opened = True
    msg = find_pressable(chat, wanted, message_id, stale_ok=stale_ok)
    button = msg.find_button(wanted)
    if button is None or button.callback_data is None:
        opens = button and (button.url or button.web_app)
        raise ValueError(f"button {wanted!r} has no callback_data (it opens {opens!r})")
    query_id = new_callback_id(bot.bot_id)
    bot.callbacks[query_id] = chat.chat_id
    if len(bot.callbacks) > _CALLBACKS_KEPT:
        del bot.callbacks[next(iter(bot.callbacks))]
    bot.updates.push(
        {
            "callback_query": {
                "id": query_id,
                "from": chat.user_dict(),
                "message": message_json(bot, chat, msg, msg.text, emu.files),
                "chat_instance": str(bot.bot_id * 31 + chat.chat_id),
                "data": button.callback_data,
            }
        }
    )
    return query_id


def entry_json(entry: ChatEntry) -> dict[str, Any]:
    """Return a chat entry as the user-side API shows it."""
    data: dict[str, Any] = {
        "message_id": entry.message_id,
        "from": "bot" if isinstance(entry, BotMessage) else "user",
        "text": entry.text,
        "kind": entry.kind,
        "date": entry.date,
        "file_name": entry.file_name,
        "photo": entry.kind == "photo",
        "deleted": entry.deleted,
        "version": entry.version,
    }
    data["parse_mode"] = "plain"
    if isinstance(entry, BotMessage):
        if entry.html is not None:
            data["text"], data["parse_mode"] = entry.html, "html"
        data["edited"] = entry.edits > 0
        data["edits"] = entry.edits
        data["inline_buttons"] = [
            [{"text": b.text, "callback_data": b.callback_data, "url": b.url, "web_app": b.web_app} for b in row]
            for row in entry.inline_buttons
        ]
        data["reply_buttons"] = _reply_rows(entry)
        data["remove_keyboard"] = entry.remove_keyboard
        if entry.invoice is not None:
            data["invoice"] = entry.invoice_json
    else:
        data["edited"] = False
        data["inline_buttons"] = []
        data["reply_buttons"] = []
        data["remove_keyboard"] = False
        data.update(entry.extra)
    return data


def _reply_rows(msg: BotMessage) -> list[list[dict[str, Any]]]:
    return [
        [{"text": b.text, "request_contact": b.request_contact, "request_location": b.request_location} for b in row]
        for row in msg.reply_buttons
    ]


def active_reply_keyboard(chat: Chat) -> list[list[dict[str, Any]]] | None:
    """Return the reply keyboard the person currently sees, or None."""
    for msg in reversed(chat.bot_messages()):
        if msg.deleted:
            continue
        if msg.remove_keyboard:
            return None
        if msg.reply_buttons:
            return _reply_rows(msg)
    return None


def dump_chat(chat: Chat, last: int = 20) -> str:
    """Return the last messages of a chat as text, for failure messages."""
    entries = list(chat.history.values())[-last:]
    lines = [f"chat {chat.chat_id} (version {chat.version}), last {len(entries)} messages:"]
    lines += ["  " + entry.describe() for entry in entries]
    if chat.answers:
        lines.append(f"  callback answers: {[(a.text, a.show_alert) for a in chat.answers[-5:]]}")
    return "\n".join(lines)

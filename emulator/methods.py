"""Bot API methods that send, edit and delete messages."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from emulator import errors
from emulator.markup import check_text, parse_markup
from emulator.models import BotMessage, CallbackAnswer, UserMessage
from emulator.params import Call, method
from emulator.state import BotState, Chat, StoredFile, content_digest, now

_MARKUP_CACHE: dict[str, dict[str, Any] | None] = {}
_MARKUP_CACHE_LIMIT = 4096
_ANSWERS_KEPT = 50


@dataclass(frozen=True, slots=True)
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content: bytes
    content_type: str | None


def markup_param(call: Call) -> dict[str, Any] | None:
    """Return the validated reply_markup, reusing parses of identical JSON strings."""
    raw = call.params.get("reply_markup")
    if not isinstance(raw, str):
        return parse_markup(raw)
    cached = _MARKUP_CACHE.get(raw, False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    markup = parse_markup(raw)
    if len(_MARKUP_CACHE) < _MARKUP_CACHE_LIMIT:
        _MARKUP_CACHE[raw] = markup
    return markup


def _digest(text: str | None, file_id: str | None) -> int:
    return content_digest(text, file_id)


def message_json(bot: BotState, chat: Chat, msg: BotMessage, text: str | None, files: Any) -> dict[str, Any]:
    """Return a bot message as a Bot API Message object."""
    data: dict[str, Any] = {
        "message_id": msg.message_id,
        "from": bot.user_dict(),
        "chat": chat.chat_dict(),
        "date": msg.date,
    }
    if msg.edits:
        data["edit_date"] = now()
    if msg.kind == "text":
        data["text"] = text or ""
    elif msg.kind == "invoice":  # the payload stays with the platform (emulator/payments.py)
        data["invoice"] = msg.invoice_json
    else:
        if text:
            data["caption"] = text
        stored: StoredFile | None = files.get(msg.file_id) if msg.file_id else None
        if stored is not None:
            data.update(file_json(stored))
    markup = msg.reply_markup
    if markup and "inline_keyboard" in markup:
        data["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
    return data


def file_json(stored: StoredFile) -> dict[str, Any]:
    """Return the message fields describing a photo or a document."""
    ids = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.kind == "photo":
        return {"photo": [{**ids, "width": 800, "height": 600, "file_size": stored.size}]}
    document: dict[str, Any] = {**ids, "file_size": stored.size}
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return {"document": document}


def _guard(call: Call, chat: Chat, *, send: bool, counted: bool = True) -> None:
    """Apply injected faults in a fixed order: 5xx, rate limits, blocked users."""
    faults = call.emu.faults
    dialect = call.emu.dialect
    if send and faults.fail_5xx_next > 0:
        faults.fail_5xx_next -= 1
        raise errors.bad_gateway()
    if send and faults.fail_5xx_rate and random.random() < faults.fail_5xx_rate:
        raise errors.bad_gateway()
    if counted and (faults.global_rate is not None or faults.per_chat_rate is not None):
        wait = call.bot.limiter.check(faults, chat.chat_id)
        if wait:
            raise errors.too_many_requests(wait, dialect, faults.bale_retry_after)
    if send and faults.refuse_web_app and "web_app" in str(call.params.get("reply_markup") or ""):
        raise errors.bad_request("BUTTON_TYPE_INVALID")
    if chat.chat_id in faults.blocked:
        raise errors.blocked(dialect)
    if chat.chat_id in faults.deactivated:
        raise errors.deactivated(dialect)


async def _deliver(call: Call, chat: Chat, msg: BotMessage, text: str | None) -> dict[str, Any]:
    """Store a new bot message, count it and build the answer (maybe never sent)."""
    emu = call.emu
    if msg.text is None:
        msg.digest = _digest(text, msg.file_id)
    chat.add(msg)
    emu.stats.record_delivery(chat.chat_id, text, emu.record_texts)
    result = message_json(call.bot, chat, msg, text, emu.files)
    if emu.faults.timeout_next > 0:
        emu.faults.timeout_next -= 1
        emu.stats.timeouts += 1
        await emu.hang()
    return result


def _new_message(
    call: Call, chat: Chat, text: str, kind: str, markup: dict[str, Any] | None, stored: StoredFile | None = None
) -> BotMessage:
    return BotMessage(
        message_id=chat.new_message_id(),
        chat_id=chat.chat_id,
        text=call.bot.keep_text(chat, text),
        kind=kind,
        reply_markup=markup,
        date=now(),
        file_name=stored.file_name if stored else None,
        file_id=stored.file_id if stored else None,
    )


def _html(call: Call, chat: Chat, name: str) -> str | None:
    """Return the raw HTML of a text or caption sent with parse_mode=HTML to an opened chat."""
    mode = call.opt_str("parse_mode")
    if chat.opened and mode is not None and mode.lower() == "html":
        return call.opt_str(name)
    return None


@method("sendMessage", send=True)
async def send_message(call: Call) -> dict[str, Any]:
    """Send a text message."""
    chat = call.chat()
    text = check_text(call.opt_str("text") or "", call.opt_str("parse_mode"))
    markup = markup_param(call)
    _guard(call, chat, send=True)
    msg = _new_message(call, chat, text, "text", markup)
    msg.html = _html(call, chat, "text")
    return await _deliver(call, chat, msg, text)


def input_file(call: Call, name: str, kind: str) -> StoredFile:
    """Resolve an uploaded file, an attach:// reference, a file_id or a URL."""
    value = call.params.get(name)
    if isinstance(value, str) and value.startswith("attach://"):
        value = call.params.get(value[len("attach://") :])
    files = call.emu.files
    if isinstance(value, Upload):
        return files.add(kind, value.content, value.filename, value.content_type)
    if isinstance(value, str) and value:
        if value.startswith(("http://", "https://")):
            return files.external(value, kind, None)
        stored = files.get(value)
        if stored is None:
            raise errors.bad_request("wrong file identifier/HTTP URL specified")
        return stored
    raise errors.bad_request(f"there is no {name} in the request")


async def _send_file(call: Call, name: str, kind: str) -> dict[str, Any]:
    chat = call.chat()
    caption = check_text(call.opt_str("caption") or "", call.opt_str("parse_mode"), caption=True)
    markup = markup_param(call)
    stored = input_file(call, name, kind)
    _guard(call, chat, send=True)
    msg = _new_message(call, chat, caption, kind, markup, stored)
    msg.html = _html(call, chat, "caption")
    return await _deliver(call, chat, msg, caption)


@method("sendPhoto", send=True)
async def send_photo(call: Call) -> dict[str, Any]:
    """Send a photo (upload, file_id or URL) with an optional caption."""
    return await _send_file(call, "photo", "photo")


@method("sendDocument", send=True)
async def send_document(call: Call) -> dict[str, Any]:
    """Send a document (upload, file_id or URL) with an optional caption."""
    return await _send_file(call, "document", "document")


@method("copyMessage", send=True)
async def copy_message(call: Call) -> dict[str, Any]:
    """Copy a stored message (the bot's or a person's) to a chat."""
    chat = call.chat()
    source_chat = call.bot.chats.get(call.need_int("from_chat_id"))
    source = source_chat.history.get(call.need_int("message_id")) if source_chat else None
    if source is None or source.deleted or source.kind not in ("text", "photo", "document"):
        raise errors.bad_request("message to copy not found")
    if source.text is None:
        raise errors.bad_request("message to copy not found")
    text = source.text
    if call.has("caption") and source.kind != "text":
        text = check_text(call.opt_str("caption") or "", call.opt_str("parse_mode"), caption=True)
    markup = (
        markup_param(call)
        if call.has("reply_markup")
        else (source.reply_markup if isinstance(source, BotMessage) else None)
    )
    stored = call.emu.files.get(source.file_id) if source.file_id else None
    _guard(call, chat, send=True)
    msg = _new_message(call, chat, text, source.kind, markup, stored)
    if isinstance(source, BotMessage) and not call.has("caption") and chat.opened:
        msg.html = source.html
    await _deliver(call, chat, msg, text)
    return {"message_id": msg.message_id}


def _target(call: Call, verb: str) -> tuple[Chat, BotMessage]:
    if call.has("inline_message_id"):
        raise errors.bad_request("MESSAGE_ID_INVALID")
    chat = call.chat()
    msg = chat.history.get(call.need_int("message_id"))
    if isinstance(msg, UserMessage) and not msg.deleted and verb == "edit":
        raise errors.bad_request("message can't be edited")
    if not isinstance(msg, BotMessage) or msg.deleted:
        raise errors.bad_request(f"message to {verb} not found")
    return chat, msg


def _same(msg: BotMessage, text: str | None, markup: dict[str, Any] | None) -> bool:
    same_text = msg.digest == _digest(text, msg.file_id) if msg.text is None else msg.text == text
    return same_text and (msg.reply_markup or None) == (markup or None)


def _not_modified() -> errors.ApiError:
    return errors.bad_request(
        "message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )


def _apply_edit(
    call: Call, chat: Chat, msg: BotMessage, text: str | None, markup: dict[str, Any] | None
) -> dict[str, Any]:
    if text is not None:
        msg.text = call.bot.keep_text(chat, text)
        if msg.text is None:
            msg.digest = _digest(text, msg.file_id)
    msg.reply_markup = markup
    msg.edits += 1
    chat.bump(msg)
    return message_json(call.bot, chat, msg, text, call.emu.files)


@method("editMessageText")
async def edit_message_text(call: Call) -> dict[str, Any]:
    """Replace the text (and the inline keyboard) of a bot message."""
    return _edit_words(call, "text")


@method("editMessageCaption")
async def edit_message_caption(call: Call) -> dict[str, Any]:
    """Replace the caption (and the inline keyboard) of a photo or document."""
    return _edit_words(call, "caption")


def _edit_words(call: Call, field: str) -> dict[str, Any]:
    """An edit of a text message's text, or of a photo's or document's caption ("text" or "caption")."""
    chat, msg = _target(call, "edit")
    caption = field == "caption"
    words = check_text(call.opt_str(field) or "", call.opt_str("parse_mode"), caption=caption)
    markup = markup_param(call)
    if (msg.kind == "text") == caption:
        raise errors.bad_request(f"there is no {field} in the message to edit")
    if _same(msg, words, markup):
        raise _not_modified()
    _guard(call, chat, send=False)
    msg.html = _html(call, chat, field)
    return _apply_edit(call, chat, msg, words, markup)


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(call: Call) -> dict[str, Any]:
    """Replace or remove the inline keyboard of a bot message."""
    chat, msg = _target(call, "edit")
    markup = markup_param(call)
    if (msg.reply_markup or None) == (markup or None):
        raise _not_modified()
    _guard(call, chat, send=False)
    return _apply_edit(call, chat, msg, None, markup)


@method("deleteMessage")
async def delete_message(call: Call) -> bool:
    """Mark a message of the chat (the bot's or the person's) as deleted."""
    chat = call.chat()
    msg = chat.history.get(call.need_int("message_id"))
    if msg is None or msg.deleted:
        raise errors.bad_request("message to delete not found")
    msg.deleted = True
    chat.bump(msg)
    return True


@method("answerCallbackQuery")
async def answer_callback_query(call: Call) -> bool:
    """Record the bot's answer to a button press."""
    query_id = call.need_str("callback_query_id")
    chat_id = call.bot.callbacks.pop(query_id, None)
    if chat_id is None:
        raise errors.bad_request("query is too old and response timeout expired or query ID is invalid")
    text = call.opt_str("text")
    if text is not None and len(text) > 200:
        raise errors.bad_request("MESSAGE_TOO_LONG")
    chat = call.bot.chat(chat_id)
    answer = CallbackAnswer(query_id, text, call.flag("show_alert"), call.opt_str("url"), now())
    if chat.answers is None:
        chat.answers = []
    chat.answers.append(answer)
    del chat.answers[:-_ANSWERS_KEPT]
    chat.touch()
    return True


@method("sendChatAction")
async def send_chat_action(call: Call) -> bool:
    """Accept a chat action such as "typing"."""
    chat = call.chat()
    call.need_str("action")
    _guard(call, chat, send=False, counted=False)
    return True


@method("getFile")
async def get_file(call: Call) -> dict[str, Any]:
    """Return a File object whose file_path can be downloaded from /file/bot<token>/."""
    stored = call.emu.files.get(call.need_str("file_id"))
    if stored is None:
        raise errors.bad_request("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": stored.file_path,
    }

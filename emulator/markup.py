"""Validation of reply markup and message text the way Telegram does it."""

from __future__ import annotations

import json
from html import unescape
from html.parser import HTMLParser
from typing import Any

from emulator.errors import bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

_INLINE_KINDS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)


def utf16_len(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def parse_markup(raw: Any) -> dict[str, Any] | None:
    """Decode and validate a reply_markup value; raise ApiError like Telegram."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise bad_request("can't parse reply keyboard markup JSON object") from None
    if not isinstance(raw, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in raw:
        _check_inline(raw["inline_keyboard"])
    elif "keyboard" in raw:
        _check_reply(raw["keyboard"])
    elif not (raw.get("remove_keyboard") or raw.get("force_reply")):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return raw


def _rows(rows: Any, what: str) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(f'field "{what}" of the reply markup must be an Array of Arrays')
    return rows


def _check_inline(rows: Any) -> None:
    for row in _rows(rows, "inline_keyboard"):
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
            kinds = [k for k in _INLINE_KINDS if k in button]
            if not kinds:
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                )
            if not button["text"]:
                raise bad_request("BUTTON_TEXT_EMPTY")
            data = button.get("callback_data")
            if data is not None:
                size = len(str(data).encode("utf-8"))
                if size == 0 or size > MAX_CALLBACK_DATA:
                    raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not _valid_url(str(url)):
                raise bad_request("BUTTON_URL_INVALID")
            if "web_app" in button:
                _check_web_app(button["web_app"])


def _check_web_app(web_app: Any) -> None:
    """A Mini App button opens an https page only (both platforms load nothing else in a Mini App)."""
    if not isinstance(web_app, dict) or not isinstance(web_app.get("url"), str):
        raise bad_request('can\'t parse inline keyboard button: Field "url" must be of type String')
    if not web_app["url"].lower().startswith("https://") or not _valid_url(web_app["url"]):
        raise bad_request("BUTTON_URL_INVALID")


def _check_reply(rows: Any) -> None:
    for row in _rows(rows, "keyboard"):
        for button in row:
            text = button if isinstance(button, str) else (button.get("text") if isinstance(button, dict) else None)
            if not isinstance(text, str):
                raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')


def _valid_url(url: str) -> bool:
    scheme, sep, rest = url.partition("://")
    if not sep:
        return False
    return scheme.lower() in ("http", "https", "tg") and bool(rest)


class _HtmlText(HTMLParser):
    """Collects the visible text of Telegram-flavoured HTML and checks its tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_TAGS:
            raise bad_request(f'can\'t parse entities: Unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise bad_request(f"can't parse entities: Can't find end tag corresponding to start tag \"{tag}\"")
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(text: str, parse_mode: str | None) -> str:
    """Return the text as Telegram stores it after applying ``parse_mode``."""
    if not parse_mode:
        return text
    mode = parse_mode.lower()
    if mode == "html":
        if "<" not in text and "&" not in text:
            return text
        parser = _HtmlText()
        parser.feed(text)
        parser.close()
        if parser.stack:
            raise bad_request(
                f"can't parse entities: Can't find end tag corresponding to start tag \"{parser.stack[-1]}\""
            )
        return unescape("".join(parser.parts))
    if mode == "markdownv2":
        out: list[str] = []
        escaped = False
        for ch in text:
            if escaped:
                out.append(ch)
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch not in "*_~|`":
                out.append(ch)
        return "".join(out)
    if mode == "markdown":
        return "".join(ch for ch in text if ch not in "*_`")
    raise bad_request(f'unsupported parse_mode "{parse_mode}"')


def check_text(text: str, parse_mode: str | None, *, caption: bool = False) -> str:
    """Validate a message text or caption and return it as stored."""
    visible = plain_text(text, parse_mode).strip()
    limit = MAX_CAPTION if caption else MAX_TEXT
    if not caption and not visible:
        raise bad_request("message text is empty")
    if len(visible) > limit // 2 and utf16_len(visible) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    return visible

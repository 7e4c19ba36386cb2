"""In-memory state: bots, their chats, stored files."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from emulator.faults import RateLimiter
from emulator.models import BotMessage, CallbackAnswer, ChatEntry
from emulator.updates import UpdateQueue

INTERN_LIMIT = 4096
FILE_BYTES_LIMIT = 64 * 1024 * 1024


def now() -> int:
    """Return the current unix time in whole seconds."""
    return int(time.time())


class Chat:
    """A private chat between one bot and one person; kept small for 100k chats."""

    __slots__ = (
        "_waiters",
        "answers",
        "chat_id",
        "first_name",
        "history",
        "language_code",
        "last_name",
        "next_message_id",
        "opened",
        "username",
        "version",
    )

    def __init__(self, chat_id: int, first_name: str, opened: bool = False) -> None:
        self.chat_id = chat_id
        self.first_name = first_name
        self.last_name: str | None = None
        self.username: str | None = None
        self.language_code: str | None = None
        self.opened = opened
        self.next_message_id = 1
        self.version = 0
        self.history: dict[int, ChatEntry] = {}
        self.answers: list[CallbackAnswer] | None = None
        self._waiters: list[asyncio.Future[None]] | None = None

    def new_message_id(self) -> int:
        """Return the next message id of this chat."""
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def bump(self, entry: ChatEntry) -> None:
        """Give ``entry`` a new chat version and wake waiters."""
        self.touch()
        entry.version = self.version

    def touch(self) -> None:
        """Increase the chat version and wake waiters."""
        self.version += 1
        if self._waiters:
            waiters, self._waiters = self._waiters, None
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)

    def add(self, entry: ChatEntry) -> None:
        """Append a message to the history."""
        self.history[entry.message_id] = entry
        self.bump(entry)

    async def wait_change(self, timeout: float) -> None:
        """Wait until the version changes or the timeout passes."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self._waiters is None:
            self._waiters = []
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), timeout)
        except TimeoutError:
            pass
        finally:
            if self._waiters and waiter in self._waiters:
                self._waiters.remove(waiter)

    def bot_messages(self) -> list[BotMessage]:
        """Return what the bot sent, in order."""
        return [m for m in self.history.values() if isinstance(m, BotMessage)]

    def user_dict(self) -> dict[str, Any]:
        """Return this person as a Bot API User object."""
        user: dict[str, Any] = {"id": self.chat_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def chat_dict(self) -> dict[str, Any]:
        """Return this chat as a Bot API Chat object."""
        chat: dict[str, Any] = {"id": self.chat_id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass
class StoredFile:
    """A file known to the emulator, uploaded by the bot or by a person."""

    file_id: str
    file_unique_id: str
    kind: str
    size: int
    file_name: str | None = None
    mime_type: str | None = None
    content: bytes | None = None

    @property
    def file_path(self) -> str:
        """Return the path used by getFile and file downloads."""
        folder = "photos" if self.kind == "photo" else "documents"
        return f"{folder}/{self.file_unique_id}_{self.file_name or 'file'}"


class FileStore:
    """Files by file_id; contents are kept while they fit a memory budget."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._bytes = 0

    def add(
        self,
        kind: str,
        content: bytes | None,
        file_name: str | None = None,
        mime_type: str | None = None,
        size: int | None = None,
    ) -> StoredFile:
        """Store a new file and return its record."""
        unique = secrets.token_hex(8)
        prefix = "AgAC" if kind == "photo" else "BQAC"
        kept = content if content is not None and self._bytes + len(content) <= FILE_BYTES_LIMIT else None
        if kept is not None:
            self._bytes += len(kept)
        record = StoredFile(
            file_id=f"{prefix}{unique}{secrets.token_hex(8)}",
            file_unique_id=unique,
            kind=kind,
            size=size if size is not None else len(content or b""),
            file_name=file_name,
            mime_type=mime_type,
            content=kept,
        )
        self._by_id[record.file_id] = record
        self._by_path[record.file_path] = record
        return record

    def get(self, file_id: str) -> StoredFile | None:
        """Return the file with this id, if any."""
        return self._by_id.get(file_id)

    def by_path(self, path: str) -> StoredFile | None:
        """Return the file with this download path, if any."""
        return self._by_path.get(path)

    def external(self, reference: str, kind: str, file_name: str | None) -> StoredFile:
        """Return a record for a URL or a file_id the emulator did not issue."""
        existing = self._by_id.get(reference)
        if existing is not None:
            return existing
        name = file_name or reference.rsplit("/", 1)[-1][:64] or None
        return self.add(kind, None, file_name=name, size=0)


_callback_ids = itertools.count(1)


def new_callback_id(bot_id: int) -> str:
    """Return a fresh callback_query id, a big decimal number as Telegram's."""
    return str(bot_id * 10**9 + next(_callback_ids))


@dataclass
class BotState:
    """One bot account known to the emulator."""

    bot_id: int
    secret: str
    username: str
    first_name: str
    chats: dict[int, Chat] = field(default_factory=dict)
    updates: UpdateQueue = field(default_factory=UpdateQueue)
    limiter: RateLimiter = field(default_factory=RateLimiter)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # setMyDescription / setMyShortDescription, by language code ("" for the default).
    descriptions: dict[str, str] = field(default_factory=dict)
    short_descriptions: dict[str, str] = field(default_factory=dict)
    callbacks: dict[str, int] = field(default_factory=dict)
    webhook_url: str = ""
    webhook_secret: str | None = None
    webhook_error_date: int | None = None
    webhook_error_message: str | None = None
    webhook_max_connections: int = 40
    _texts: dict[str, str] = field(default_factory=dict)

    @property
    def token(self) -> str:
        """Return the bot token "<bot_id>:<secret>"."""
        return f"{self.bot_id}:{self.secret}"

    @property
    def token_hint(self) -> str:
        """Return the token with the secret mostly hidden."""
        return f"{self.bot_id}:{self.secret[:3]}..."

    def user_dict(self) -> dict[str, Any]:
        """Return the bot as a Bot API User object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def chat(self, chat_id: int, opened: bool = False) -> Chat:
        """Return the chat with ``chat_id``, creating a synthetic one if needed."""
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = self.chats[chat_id] = Chat(chat_id, f"User{chat_id}", opened)
        elif opened:
            chat.opened = True
        return chat

    def keep_text(self, chat: Chat, text: str) -> str | None:
        """Return the text to store; unopened chats share interned texts or keep none."""
        if chat.opened:
            return text
        shared = self._texts.get(text)
        if shared is not None:
            return shared
        if len(self._texts) < INTERN_LIMIT:
            self._texts[text] = text
            return text
        return None


def content_digest(text: str | None, file_id: str | None = None) -> int:
    """Return a small digest of a message's content for "not modified" checks."""
    blob = f"{text}\x00{file_id}".encode()
    return int.from_bytes(hashlib.blake2b(blob, digest_size=8).digest(), "big")

"""UserClient: one person in a private chat with one bot, for in-process tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from emulator.models import BotMessage, CallbackAnswer
from emulator.payments import PaymentOutcome, abandon, deliver_successful_payment, pay
from emulator.state import BotState, Chat
from emulator.userside import dump_chat, press_button, user_message
from emulator.webapp import open_web_app

if TYPE_CHECKING:
    from emulator.server import BotApiEmulator

Predicate = Callable[[BotMessage], bool]


class UserClient:
    """Acts as a person: sends updates to the bot and reads what the bot sent back."""

    def __init__(self, emu: BotApiEmulator, bot: BotState, chat: Chat) -> None:
        self._emu = emu
        self._bot = bot
        self.chat = chat
        self._cursor = chat.version
        self._seen: set[int] = set()

    @property
    def user_id(self) -> int:
        """Return the person's user id (also the private chat id)."""
        return self.chat.chat_id

    def _mark(self) -> None:
        # What the person has seen when acting: the messages sent after it are the replies.
        self._cursor = self.chat.version
        self._seen = {m.message_id for m in self.chat.bot_messages()}

    async def _send(self, kind: str, **fields: Any) -> dict[str, Any]:
        self._mark()
        message = user_message(self._emu, self._bot, self.chat, kind, **fields)
        self._mark()
        await asyncio.sleep(0)
        return message

    async def send_text(self, text: str) -> dict[str, Any]:
        """Send a text message; return the update's Message dict."""
        return await self._send("text", text=text)

    async def send_sticker(self) -> dict[str, Any]:
        """Send a sticker."""
        return await self._send("sticker")

    async def send_photo(self, caption: str | None = None, content: bytes | None = None) -> dict[str, Any]:
        """Send a photo with an optional caption."""
        return await self._send("photo", text=caption, content=content)

    async def send_document(
        self, file_name: str = "file.txt", content: bytes = b"", caption: str | None = None
    ) -> dict[str, Any]:
        """Send a document the bot can download with getFile."""
        return await self._send("document", text=caption, file_name=file_name, content=content)

    async def share_contact(
        self, phone_number: str = "+989121234567", own: bool = True, user_id: int | None = None
    ) -> dict[str, Any]:
        """Share a contact; ``own=False`` shares somebody else's contact."""
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": self.chat.first_name}
        if own:
            contact["user_id"] = self.user_id
        else:
            contact["first_name"] = "Other"
            contact["user_id"] = user_id if user_id is not None else self.user_id + 1_000_000_000
        return await self._send("contact", contact=contact)

    async def send_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        """Share a location."""
        return await self._send("location", location={"latitude": latitude, "longitude": longitude})

    async def press(self, button: str, message_id: int | None = None, *, stale_ok: bool = False) -> str:
        """Press the inline button with this text or callback_data; return the callback_query id.

        Without ``message_id`` the button must be on the bot's latest message (or one edited since):
        LookupError otherwise, unless ``stale_ok=True`` (a test pressing an old button on purpose)."""
        self._mark()
        query_id = press_button(self._emu, self._bot, self.chat, button, message_id, stale_ok=stale_ok)
        await asyncio.sleep(0)
        return query_id

    def open_web_app(self, button: str, message_id: int | None = None, *, auth_date: int | None = None) -> str:
        """Open the web_app button with this text (on any message): the address the messenger loads, its fragment
        holding an initData signed with the bot's token (`auth_date`, a Unix time, to make it old)."""
        return open_web_app(self._bot, self.chat, button, message_id, auth_date=auth_date)

    async def pay(self, message_id: int | None = None, *, total_amount: int | None = None) -> PaymentOutcome:
        """Pay an invoice (the latest, or `message_id`): the bot gets a pre_checkout_query and, when it answers
        ok within the platform's ten seconds, a successful_payment; the outcome ("paid", "refused" with the
        bot's error_message, or "timeout"). `total_amount` makes the query carry another amount (forged)."""
        self._mark()
        outcome = await pay(self._emu, self._bot, self.chat, message_id, total_amount=total_amount)
        self._mark()
        return outcome

    def abandon_payment(self, message_id: int | None = None) -> PaymentOutcome:
        """Open an invoice and close it without paying: the bot hears nothing."""
        return abandon(self.chat, message_id)

    async def repeat_successful_payment(self, outcome: PaymentOutcome) -> None:
        """The platform delivers a payment's successful_payment message once more (the same charge ids)."""
        assert outcome.successful_payment is not None, "only a paid outcome has a successful_payment"
        self._mark()
        deliver_successful_payment(self._bot, self.chat, outcome.successful_payment)
        self._mark()
        await asyncio.sleep(0)

    def messages(self) -> list[BotMessage]:
        """Return what the bot sent to this chat, in order (edits applied, deletions flagged)."""
        return self.chat.bot_messages()

    def last_message(self) -> BotMessage | None:
        """Return the latest message the bot sent that is not deleted."""
        for msg in reversed(self.chat.bot_messages()):
            if not msg.deleted:
                return msg
        return None

    def callback_answers(self) -> list[CallbackAnswer]:
        """Return the bot's answerCallbackQuery calls for this person."""
        return list(self.chat.answers or [])

    def dump(self) -> str:
        """Return the recent chat as text."""
        return dump_chat(self.chat)

    async def wait_for_message(
        self,
        predicate: Predicate | None = None,
        timeout: float = 5.0,
        after: int | BotMessage | None = None,
        *,
        only: bool = False,
    ) -> BotMessage:
        """Wait for the next new or edited bot message (since the last action) matching ``predicate``.

        With ``only=True`` it must be the very next reply: a new message that does not match, arriving
        before it, raises AssertionError. Edits of the messages already shown (a pressed question
        showing the answer chosen, its buttons removed) are not replies and are skipped."""
        threshold = after.version if isinstance(after, BotMessage) else after
        if threshold is None:
            threshold = self._cursor
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            fresh = sorted(
                (m for m in self.chat.bot_messages() if m.version > threshold),
                key=lambda m: m.version,
            )
            for msg in fresh:
                if predicate is None and msg.deleted:
                    continue
                if predicate is None or predicate(msg):
                    self._cursor = max(self._cursor, msg.version)
                    return msg
                if only and self._is_reply(msg):
                    raise AssertionError(
                        f"expected reply did not come first: #{msg.message_id} came before it\n{self.dump()}"
                    )
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"no matching bot message after version {threshold} within {timeout}s\n{self.dump()}"
                )
            await self.chat.wait_change(remaining)

    def _is_reply(self, msg: BotMessage) -> bool:
        """A message the bot sent since the person's last action (not an edit of one shown before)."""
        return not msg.deleted and msg.message_id not in self._seen

"""The per-bot queue of pending updates, with Telegram's getUpdates semantics."""

from __future__ import annotations

import asyncio
import copy
from collections import deque
from collections.abc import Callable
from typing import Any

from emulator.errors import conflict

UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)


def update_type(update: dict[str, Any]) -> str | None:
    """Return the kind of an update (its first key besides update_id)."""
    for key in update:
        if key != "update_id":
            return key
    return None


def break_update(update: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of ``update`` with a shape the Bot API would never send."""
    broken = copy.deepcopy(update)
    kind = update_type(broken)
    payload = broken.get(kind) if kind else None
    if isinstance(payload, dict) and isinstance(payload.get("chat"), dict):
        payload["chat"].pop("id", None)
        payload["chat"].pop("type", None)
    elif isinstance(payload, dict):
        payload.pop("from", None)
        payload.pop("id", None)
    elif kind:
        broken[kind] = "malformed"
    else:
        broken["message"] = {"malformed": True}
    return broken


class UpdateQueue:
    """Pending updates of one bot; ids are internal sequence numbers."""

    def __init__(self) -> None:
        self._items: deque[tuple[int, dict[str, Any]]] = deque()
        self._next_id = 1
        self._broken: set[int] = set()
        # Delivered out of order by the webhook sender, still behind an undelivered one in _items.
        self._done: set[int] = set()
        self._changed = asyncio.Event()
        self._poller: asyncio.Future[None] | None = None
        self.allowed: frozenset[str] | None = None
        self.polled = False

    def __len__(self) -> int:
        return len(self._items) - len(self._done)

    def push(self, update: dict[str, Any], assign_id: bool = True) -> int:
        """Append an update, giving it the next update_id unless it has an int one."""
        given = update.get("update_id")
        if isinstance(given, int) and not isinstance(given, bool) and given >= self._next_id:
            seq = given
        else:
            seq = self._next_id
            if assign_id and "update_id" not in update:
                update = {"update_id": seq, **update}
        self._next_id = seq + 1
        self._items.append((seq, update))
        self._changed.set()
        return seq

    def confirm(self, offset: int) -> None:
        """Forget updates below ``offset``; a negative offset keeps only the last -offset."""
        if offset < 0:
            while len(self._items) > -offset:
                self._pop()
            return
        while self._items and self._items[0][0] < offset:
            self._pop()

    def _pop(self) -> None:
        seq, _ = self._items.popleft()
        self._broken.discard(seq)
        self._done.discard(seq)

    def clear(self) -> None:
        """Drop every pending update."""
        self._items.clear()
        self._broken.clear()
        self._done.clear()

    def take(self, limit: int, breaker: Callable[[], bool]) -> list[tuple[int, dict[str, Any]]]:
        """Return up to ``limit`` pending (seq, update) pairs; ``breaker()`` says whether to break the next."""
        result: list[tuple[int, dict[str, Any]]] = []
        allowed = self.allowed
        if allowed:
            kept = [
                item for item in self._items if (kind := update_type(item[1])) not in UPDATE_TYPES or kind in allowed
            ]
            if len(kept) != len(self._items):
                self._items = deque(kept)
                self._done &= {seq for seq, _ in kept}
        for index, (seq, update) in enumerate(self._items):
            if len(result) >= limit:
                break
            if seq in self._done:
                continue
            if seq not in self._broken and breaker():
                update = break_update(update)
                self._items[index] = (seq, update)
                self._broken.add(seq)
            result.append((seq, update))
        return result

    def after(self, seq: int, breaker: Callable[[], bool]) -> list[tuple[int, dict[str, Any]]]:
        """Pending (seq, update) pairs above ``seq``, oldest first: what the webhook sender has not seen.

        Read from the tail, so a sender that keeps up costs O(new updates), whatever the backlog."""
        new: list[tuple[int, dict[str, Any]]] = []
        for index in range(len(self._items) - 1, -1, -1):
            item = self._items[index]
            if item[0] <= seq:
                break
            new.append(item)
        new.reverse()
        result: list[tuple[int, dict[str, Any]]] = []
        unwanted: list[int] = []
        offset = len(self._items) - len(new)
        for position, (item_seq, update) in enumerate(new):
            if item_seq in self._done:
                continue
            kind = update_type(update)
            if self.allowed and kind in UPDATE_TYPES and kind not in self.allowed:
                unwanted.append(item_seq)  # Telegram never sends a kind the bot did not ask for
                continue
            if item_seq not in self._broken and breaker():
                update = break_update(update)
                self._items[offset + position] = (item_seq, update)
                self._broken.add(item_seq)
            result.append((item_seq, update))
        for item_seq in unwanted:
            self.delivered(item_seq)
        return result

    def delivered(self, seq: int) -> None:
        """Forget one update the webhook accepted, even if older ones are still on their way."""
        if not self._items or seq < self._items[0][0]:
            return
        if self._items[0][0] == seq:
            self._pop()
            while self._items and self._items[0][0] in self._done:
                self._pop()
        else:
            self._done.add(seq)

    def preempt(self) -> None:
        """End a pending long poll with 409 Conflict because a newer getUpdates came in."""
        if self._poller is not None and not self._poller.done():
            self._poller.set_exception(
                conflict("terminated by other getUpdates request; make sure that only one bot instance is running")
            )

    async def wait(self, timeout: float) -> None:
        """Wait until an update is pushed, the timeout passes or a newer poll conflicts."""
        self.preempt()
        loop = asyncio.get_running_loop()
        poller: asyncio.Future[None] = loop.create_future()
        self._poller = poller
        self._changed.clear()
        changed: asyncio.Future[Any] = asyncio.ensure_future(self._changed.wait())
        waiting: list[asyncio.Future[Any]] = [poller, changed]
        try:
            await asyncio.wait(waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            changed.cancel()
            if self._poller is poller:
                self._poller = None
        if poller.done():
            poller.result()

    async def wait_changed(self) -> None:
        """Wait until the next push (used by the webhook sender)."""
        self._changed.clear()
        await self._changed.wait()

    def kick(self) -> None:
        """Wake every waiter, e.g. when the webhook is switched on or off."""
        self._changed.set()
        if self._poller is not None and not self._poller.done():
            self._poller.set_result(None)

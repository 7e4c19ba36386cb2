"""One person at a time across processes: the person's lease lock in Redis, taken in the same round trip
that reads their conversation state and data, and released in the one that writes them back.

See bot/turns.py for the queue every update takes a place in first; this module adds what several bot
processes need (`TurnStorage`, `RedisTurns`). A lease that is not released (the process died) expires
after `LEASE_S`; a live turn renews its lease while it runs, up to `MAX_TURN_S`. A held lock never fails
an update: the next one waits for it. The script that begins a turn also counts the update against the
flood throttle shared by every process (bot/throttle.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncGenerator, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StateType, StorageKey
from aiogram.fsm.storage.redis import RedisStorage

from bot.throttle import FLOOD_EXEMPT, SharedFlood, Throttled, Verdict
from bot.turns import REPEAT_TAP_S, MemoryTurns, Ticket
from campaigns.broadcasts.limiter import (
    PREPAID,
    REFUND_REPLY_LUA,
    RESERVE_REPLY_LUA,
    Prepaid,
    RedisLimiter,
    reply_slot,
)

log = logging.getLogger(__name__)

LEASE_S = 10.0  # a dead process holds a person's lock at most this long
MAX_TURN_S = 300.0  # a live turn renews its lease at most this long
_POLL_FIRST_S, _POLL_MAX_S = 0.005, 0.1  # waiting for another process's lease: back off to 100 ms

# KEYS: lock, state, data, last tap, flood counter, flood told, send pause, send tat, chat's send tat;
# ARGV: token, lease ms, this update's tap ('' for none), count it against the flood throttle ('1' on the
# first try, '0' when retrying), the throttle's window ms, rate and quiet ms, then the reply slot's step,
# tolerance, chat interval and chat tolerance ('' for no slot). Returns {2, verdict} when the update is over
# the throttle's rate (bot/throttle.py: 1 tell the person, 2 drop silently; the lock is not taken), {1,
# state, data, repeat, slot wait, slot taken} once the lock is taken (the turn's first reply slot reserved
# in the bot's send budget: campaigns/broadcasts/limiter.py), {0} while another process holds it. The last
# tap is kept for as long as the lease (renewed with it), and for REPEAT_TAP_S once the turn ends.
_BEGIN = RESERVE_REPLY_LUA + """
if ARGV[4] == '1' then
  local n = redis.call('INCR', KEYS[5])
  if n == 1 then redis.call('PEXPIRE', KEYS[5], ARGV[5]) end
  if n > tonumber(ARGV[6]) then
    if redis.call('SET', KEYS[6], '1', 'NX', 'PX', ARGV[7]) then return {2, 1} end
    redis.call('PEXPIRE', KEYS[6], ARGV[7])
    return {2, 2}
  end
end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
local repeat_tap = 0
if ARGV[3] == '' then
  redis.call('DEL', KEYS[4])
else
  if redis.call('GET', KEYS[4]) == ARGV[3] then repeat_tap = 1 end
  redis.call('SET', KEYS[4], ARGV[3], 'PX', ARGV[2])
end
local slot = {'', ''}
if ARGV[8] ~= '' then
  slot = reserve_reply(KEYS[7], KEYS[8], KEYS[9], tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]),
                       tonumber(ARGV[11]))
end
return {1, redis.call('GET', KEYS[2]), redis.call('GET', KEYS[3]), repeat_tap, slot[1], slot[2]}
"""

# KEYS: lock, state, data, last tap, send tat, chat's send tat; ARGV: token, state op, state, data op, data,
# state ttl ms, data ttl ms, tap op ('keep' starts its repeat window, 'drop' forgets it, '' leaves it),
# window ms, the tap, then an unused reply slot's step and chat interval to give back ('' for none).
# Writes what the turn changed, then releases the lock if this turn still holds it (1) or not (0).
_END = REFUND_REPLY_LUA + """
local function put(key, op, value, ttl)
  if op == 'del' then redis.call('DEL', key)
  elseif op == 'set' then
    if tonumber(ttl) > 0 then redis.call('SET', key, value, 'PX', ttl) else redis.call('SET', key, value) end
  end
end
put(KEYS[2], ARGV[2], ARGV[3], ARGV[6])
put(KEYS[3], ARGV[4], ARGV[5], ARGV[7])
if ARGV[8] == 'keep' then redis.call('SET', KEYS[4], ARGV[10], 'PX', ARGV[9])
elseif ARGV[8] == 'drop' then redis.call('DEL', KEYS[4]) end
if ARGV[11] ~= '' then refund_reply(KEYS[5], KEYS[6], tonumber(ARGV[11]), tonumber(ARGV[12])) end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0
"""

# KEYS: lock, last tap; ARGV: token, lease ms. Renews the lease (and the tap's mark) if this turn holds it.
_RENEW = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
"""


class Turn:
    """A person's conversation state and data as read when their turn began, and what the turn changed."""

    __slots__ = ("data", "data_changed", "prepaid", "state", "state_changed", "token")

    def __init__(self, token: str, state: str | None, data: str | None, prepaid: Prepaid | None = None) -> None:
        self.token = token
        self.state = state
        self.data = data  # JSON as stored, or None for no data
        self.state_changed = False
        self.data_changed = False
        self.prepaid = prepaid  # the turn's first reply slot, reserved as it began


def _ms(ttl: int | timedelta | None) -> int:
    if ttl is None:
        return 0
    return int(ttl.total_seconds() * 1000) if isinstance(ttl, timedelta) else int(ttl) * 1000


def _text(value: Any) -> str | None:
    return value.decode("utf-8") if isinstance(value, bytes) else value


class TurnStorage(RedisStorage):
    """Redis FSM storage that, during a person's turn, serves their state and data from the turn.

    Outside a turn (a worker, a test reading state) every call goes to Redis as RedisStorage does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.turns: dict[StorageKey, Turn] = {}
        self.flood: SharedFlood | None = None  # set by the factory when the flood throttle is on
        # Each bot's (by StorageKey.bot_id) send budget in this Redis, set by the factory: a turn reserves
        # its first reply slot as it begins, and gives it back as it ends if unused.
        self.budgets: dict[int, tuple[str, RedisLimiter]] = {}
        self._begin = self.redis.register_script(_BEGIN)
        self._end = self.redis.register_script(_END)
        self._renew = self.redis.register_script(_RENEW)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        """Set the state (kept in the turn until it ends)."""
        turn = self.turns.get(key)
        if turn is None:
            await super().set_state(key, state)
            return
        turn.state = state.state if isinstance(state, State) else state
        turn.state_changed = True

    async def get_state(self, key: StorageKey) -> str | None:
        """The current state."""
        turn = self.turns.get(key)
        return turn.state if turn is not None else await super().get_state(key)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        """Replace the data (serialised now, written when the turn ends)."""
        turn = self.turns.get(key)
        if turn is None:
            await super().set_data(key, data)
            return
        if not isinstance(data, dict):
            raise DataNotDictLikeError(f"Data must be a dict or dict-like object, got {type(data).__name__}")
        turn.data = self.json_dumps(data) if data else None
        turn.data_changed = True

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        """A fresh copy of the data."""
        turn = self.turns.get(key)
        if turn is None:
            return await super().get_data(key)
        return dict(self.json_loads(turn.data)) if turn.data else {}

    def _keys(self, key: StorageKey) -> list[str]:
        build = self.key_builder.build
        lock = build(key, "lock")
        return [lock, build(key, "state"), build(key, "data"), f"{lock.removesuffix('lock')}tap"]

    async def begin(self, key: StorageKey, tap: str | None, count: bool = False) -> tuple[Turn, bool] | None:
        """Take the person's lock and read their state and data; None while another process holds it.

        With `count` (and a flood throttle set), the update is first counted against the person's flood
        rate in the same round trip; `Throttled` is raised when it is over (the lock is not taken)."""
        token = uuid.uuid4().hex
        flood = self.flood if count else None
        keys = self._keys(key)
        if flood is None:
            keys += keys[3:4] * 2  # unused by the script, but the key count is fixed
            args: list[Any] = [token, int(LEASE_S * 1000), tap or "", "0", 0, 0, 0]
        else:
            keys += flood.keys(key.bot_id, key.user_id)
            args = [token, int(LEASE_S * 1000), tap or "", "1", *flood.args]
        budget = self.budgets.get(key.bot_id)
        if budget is None:
            keys += keys[:3]  # unused by the script, but the key count is fixed
            args += ["", 0, 0, 0]
        else:
            budget_keys, budget_args = budget[1].reply_parts(budget[0], key.chat_id)
            keys += budget_keys
            args += budget_args
        began = time.monotonic()
        reply = await self._begin(keys=keys, args=args)
        if reply and int(reply[0]) == 2:
            raise Throttled(Verdict(int(reply[1])))
        if not reply or int(reply[0]) != 1:
            return None
        prepaid = None
        if budget is not None and _text(reply[4]):
            slot = reply_slot(reply[4:6])
            prepaid = Prepaid(budget[0], key.chat_id, began + slot.wait, slot.taken)
        turn = Turn(token, _text(reply[1]), _text(reply[2]), prepaid)
        self.turns[key] = turn
        return turn, bool(int(reply[3]))

    async def end(self, key: StorageKey, turn: Turn, tap: str | None, tap_op: str) -> bool:
        """Write what the turn changed and release the lock; False if the lease had run out meanwhile."""
        if self.turns.get(key) is turn:
            del self.turns[key]
        state_op = ("set" if turn.state is not None else "del") if turn.state_changed else ""
        data_op = ("set" if turn.data is not None else "del") if turn.data_changed else ""
        keys = self._keys(key)
        args: list[Any] = [turn.token, state_op, turn.state or "", data_op, turn.data or "", _ms(self.state_ttl),
                           _ms(self.data_ttl), tap_op if tap else "", int(REPEAT_TAP_S * 1000), tap or ""]
        budget = self.budgets.get(key.bot_id)
        prepaid = turn.prepaid
        if budget is not None and prepaid is not None and not prepaid.used:
            refund_keys, refund_args = budget[1].refund_parts(budget[0], key.chat_id, prepaid.taken)
            keys += refund_keys
            args += refund_args
        else:
            keys += keys[:2]  # unused by the script, but the key count is fixed
            args += ["", 0]
        reply = await self._end(keys=keys, args=args)
        return bool(int(reply))

    async def renew(self, key: StorageKey, turn: Turn) -> bool:
        """Extend a running turn's lease (and its tap's mark); False if it is no longer held."""
        keys = self._keys(key)
        reply = await self._renew(keys=[keys[0], keys[3]], args=[turn.token, int(LEASE_S * 1000)])
        return bool(int(reply))


class RedisTurns(MemoryTurns):
    """Turns across processes: the process's queue, then the person's lease lock in Redis."""

    def __init__(self, storage: TurnStorage) -> None:
        super().__init__()
        self.storage = storage
        self._renewals: set[asyncio.Task[None]] = set()

    @asynccontextmanager
    async def turn(self, ticket: Ticket) -> AsyncGenerator[None, None]:
        """Wait for earlier updates of this person here and in other processes, then hold the turn."""
        key = ticket.key
        try:
            await ticket.wait()
            turn = await self._begin(key, ticket)
            renewal = asyncio.get_running_loop().call_later(LEASE_S / 2, self._renew_soon, key, turn,
                                                            time.monotonic() + MAX_TURN_S)
            prepaid = PREPAID.set(turn.prepaid)  # spent by the bot's session on the turn's first reply
            tap_op = "drop"
            try:
                yield None
                tap_op = "keep"
            finally:
                PREPAID.reset(prepaid)
                renewal.cancel()
                if ticket.repeat:
                    tap_op = "keep"
                if not await self.storage.end(key, turn, ticket.tap, tap_op):
                    log.warning("a turn outlived its lease; another update of this person may have run alongside",
                                extra={"bot_id": key.bot_id})
        finally:
            ticket.release()

    async def _begin(self, key: StorageKey, ticket: Ticket) -> Turn:
        delay = _POLL_FIRST_S
        count = not FLOOD_EXEMPT.get()  # count the update against the flood throttle on the first try only
        while True:
            begun = await self.storage.begin(key, ticket.tap, count)
            count = False
            if begun is not None:
                turn, ticket.repeat = begun
                return turn
            # Another process is handling this person: wait for it (never fail; its lease runs out if it died).
            await asyncio.sleep(delay)
            delay = min(delay * 2, _POLL_MAX_S)

    def _renew_soon(self, key: StorageKey, turn: Turn, until: float) -> None:
        if self.storage.turns.get(key) is not turn or time.monotonic() > until:
            return
        task = asyncio.create_task(self._renew(key, turn, until))
        self._renewals.add(task)
        task.add_done_callback(self._renewals.discard)

    async def _renew(self, key: StorageKey, turn: Turn, until: float) -> None:
        try:
            held = await self.storage.renew(key, turn)
        except Exception:
            log.warning("could not renew a turn's lease", exc_info=True, extra={"bot_id": key.bot_id})
            held = True  # try again later; the lease has LEASE_S / 2 left
        if held:
            asyncio.get_running_loop().call_later(LEASE_S / 2, self._renew_soon, key, turn, until)

    async def close(self) -> None:
        """Stop renewing leases."""
        for task in list(self._renewals):
            task.cancel()

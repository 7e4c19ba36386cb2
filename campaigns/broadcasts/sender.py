"""The send loop: claim deliveries, pace them through the limiter, send, record outcomes in batches."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from campaigns.broadcasts import outbox
from campaigns.broadcasts.buttons import buttons_for
from campaigns.broadcasts.dto import Outgoing
from campaigns.broadcasts.limiter import Limiter
from campaigns.broadcasts.outbox import BroadcastInfo, Claimed, Outcome, Result
from campaigns.errors import Ambiguous, BadRequest, Blocked, RateLimited, SendError, Transient
from storage.models import utcnow
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


class Sender(Protocol):
    """Sends one message on one platform; raises a campaigns.errors.SendError when it cannot."""

    async def send(self, message: Outgoing) -> None:
        """Deliver the message or raise SendError."""
        ...


_OUTCOMES: tuple[tuple[type[SendError], str], ...] = (
    (Blocked, "blocked"), (RateLimited, "rate_limited"), (Ambiguous, "ambiguous"))


def attempt_outcome(exc: SendError) -> str:
    """The metrics name of a failed attempt: blocked, rate_limited, ambiguous or failed."""
    return next((name for kind, name in _OUTCOMES if isinstance(exc, kind)), "failed")


class SendEvents:
    """What a send loop reports as it goes (metrics hook); this base ignores everything."""

    def attempted(self, outcome: str) -> None:
        """One send attempt ended: sent, blocked, rate_limited, ambiguous or failed."""

    def waited(self, seconds: float) -> None:
        """A message waited this long for its slot."""

    def paused(self, seconds: float) -> None:
        """A 429 paused the bot for this long."""


@dataclass
class SendConfig:
    """How one send loop behaves."""

    worker_id: str
    platform: str
    bot_key: str
    rate: float = 30.0
    paid: bool = False
    concurrency: int = 256
    max_attempts: int = 5
    backoff: float = 2.0  # seconds, doubled per attempt
    default_pause: float = 1.0  # a 429 without retry_after (Bale)
    flush_every: float = 0.1
    refresh_every: float = 1.0  # seconds between reads of the runnable broadcasts (inf: only step(force_refresh))
    lease: float = 120.0
    # Bulk slots are reserved only this far ahead, a few at a time, so a reply that comes meanwhile is
    # not queued behind them (it may go this far ahead of the bot's timeline; see limiter.REPLY_BURST).
    lookahead: float = 0.1

    @property
    def claim_size(self) -> int:
        """Deliveries claimed at once: about half a second's worth, so a kill leaves few in flight."""
        return max(5, min(500, int(self.rate * 0.5)))

    @property
    def pace_group(self) -> int:
        """Slots reserved in one call: about `lookahead` seconds' worth."""
        return max(1, int(self.rate * self.lookahead))


class SendLoop:
    """One bot's bulk sending: several loops (workers) may share the outbox and the limiter."""

    def __init__(self, uows: UnitOfWorkFactory, sender: Sender, limiter: Limiter,
                 config: SendConfig, clock: Callable[[], datetime] = utcnow, events: SendEvents | None = None) -> None:
        self.uows = uows
        self.sender = sender
        self.limiter = limiter
        self.config = config
        self.clock = clock
        self.events = events or SendEvents()
        self._queue: deque[Claimed] = deque()  # claimed, not yet given a slot
        self._pacer: asyncio.Task[None] | None = None
        self._broadcasts: dict[int, BroadcastInfo] = {}  # runnable now: claim from these
        self._refreshed: float | None = None  # when `_broadcasts` was last read; None: never yet
        self._results: list[Result] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._http = asyncio.Semaphore(config.concurrency)
        self._pause_epoch = 0
        self._pause_until = 0.0
        self._pause_streak = 0
        self.sent = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set, then let messages in flight finish and record them."""
        closing = asyncio.Event()
        flusher = asyncio.create_task(self._flush_forever(closing))
        try:
            while not stop.is_set():
                if not await self.step():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), 0.2)
        finally:
            await self.drain()
            # The flusher ends between two flushes: cancelled in the middle of one, it lost that batch (sent
            # messages stayed claimed and went again after a restart or their lease).
            closing.set()
            await flusher
            await self.flush()

    async def run_until_idle(self, timeout: float = 30.0) -> None:
        """Send until nothing is claimable and nothing is in flight (tests and one-shot runs)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            claimed = await self.step(force_refresh=True)
            if not claimed and not self._tasks:
                await self.flush()
                if not await self.step(force_refresh=True) and not self._tasks:
                    async with self.uows() as uow:
                        if await outbox.open_count(uow, list(self._broadcasts)) == 0:
                            return
            await asyncio.sleep(0.01)
            if len(self._results) >= 100:
                await self.flush()
        raise TimeoutError("outbox not drained")

    async def step(self, force_refresh: bool = False) -> bool:
        """Claim a batch when there is room and schedule its sends; False when nothing was claimable."""
        now = self.clock()
        if (force_refresh or self._refreshed is None
                or time.monotonic() - self._refreshed > self.config.refresh_every):
            # Refreshed even while busy, so a pause or cancel reaches messages already claimed.
            async with self.uows() as uow:
                self._broadcasts = {b.id: b for b in await outbox.runnable(uow, now)}
            self._refreshed = time.monotonic()
        if len(self._tasks) + len(self._queue) > self.config.claim_size:
            await asyncio.sleep(0.02)
            return True
        if not self._broadcasts:
            return False
        async with self.uows() as uow:
            claimed = await outbox.claim(uow, worker_id=self.config.worker_id, platform=self.config.platform,
                                         broadcast_ids=list(self._broadcasts), limit=self.config.claim_size,
                                         now=now)
            await uow.commit()
        if not claimed:
            return False
        self._queue.extend(claimed)
        if self._pacer is None or self._pacer.done():
            self._pacer = self._start(self._pace())
        return True

    def _start(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _pace(self) -> None:
        """Give claimed messages their slots a few at a time, just before they are due.

        Reserving a whole batch at once would fill the bot's timeline a second ahead, and a reply
        arriving meanwhile would wait behind it; a slot reserved late leaves the reply room to go first."""
        step = 1.0 / self.config.rate
        while self._queue:
            group = [self._queue.popleft() for _ in range(min(len(self._queue), self.config.pace_group))]
            waits = await self.limiter.reserve(self.config.bot_key, [c.chat_id for c in group])
            epoch = self._pause_epoch
            for delivery, wait in zip(group, waits, strict=True):
                self.events.waited(max(0.0, wait))
                self._start(self._send_one(delivery, wait, epoch))
            # Slots within one reservation are `step` apart; a busy chat may delay one message past its
            # slot, so the group's last slot is also estimated from the earliest one.
            last = min(max(waits), min(wait - i * step for i, wait in enumerate(waits)) + (len(waits) - 1) * step)
            await asyncio.sleep(max(0.0, last - self.config.lookahead))

    async def drain(self, timeout: float = 30.0) -> None:
        """Wait for messages in flight, and for those the pacer still starts meanwhile (at most `timeout` s)."""
        deadline = time.monotonic() + timeout
        while self._tasks and (left := deadline - time.monotonic()) > 0:
            await asyncio.wait(set(self._tasks), timeout=left)

    async def _send_one(self, delivery: Claimed, wait: float, epoch: int) -> None:
        while True:
            if wait > 0:
                await asyncio.sleep(wait)
            if epoch == self._pause_epoch or time.monotonic() >= self._pause_until:
                break
            # A 429 arrived after this slot was reserved: take a new slot after the pause.
            epoch = self._pause_epoch
            wait = (await self.limiter.reserve(self.config.bot_key, [delivery.chat_id], again=True))[0]
        broadcast = self._broadcasts.get(delivery.broadcast_id)
        if broadcast is None:
            # Paused, cancelled or in quiet hours since it was claimed (as of the last refresh, at most
            # a second ago): give the message back instead of sending it.
            self._results.append(Result(delivery, Outcome.RETRY))
            return
        async with self._http:
            try:
                await self.sender.send(self._outgoing(broadcast, delivery))
            except SendError as exc:
                self.events.attempted(attempt_outcome(exc))
                self._results.append(await self._on_error(delivery, exc))
                return
            except Exception as exc:  # a bug in a Sender must not kill the loop
                log.exception("sender raised a non-SendError")
                self.events.attempted("failed")
                self._results.append(await self._on_error(delivery, Transient(repr(exc))))
                return
        self._pause_streak = 0
        self.sent += 1
        self.events.attempted("sent")
        self._results.append(Result(delivery, Outcome.SENT))

    async def _on_error(self, delivery: Claimed, exc: SendError) -> Result:
        if isinstance(exc, Blocked):
            return Result(delivery, Outcome.BLOCKED, exc.reason)
        if isinstance(exc, RateLimited):
            seconds = exc.retry_after
            if seconds is None:
                self._pause_streak += 1
                seconds = min(30.0, self.config.default_pause * 2 ** (self._pause_streak - 1))
            await self._pause(seconds)
            log.warning("rate limited; bot paused", extra={"bot": self.config.bot_key, "seconds": seconds})
            return Result(delivery, Outcome.RETRY, exc.reason, self.clock() + timedelta(seconds=seconds))
        if isinstance(exc, Ambiguous):
            return Result(delivery, Outcome.AMBIGUOUS, exc.reason)
        if isinstance(exc, BadRequest):
            return Result(delivery, Outcome.FAILED, exc.reason)
        attempts = delivery.attempts + 1
        if attempts >= self.config.max_attempts:
            return Result(delivery, Outcome.FAILED, exc.reason, attempts=attempts)
        delay = self.config.backoff * 2 ** (attempts - 1)
        return Result(delivery, Outcome.RETRY, exc.reason, self.clock() + timedelta(seconds=delay), attempts)

    async def _pause(self, seconds: float) -> None:
        self.events.paused(seconds)
        self._pause_epoch += 1
        self._pause_until = max(self._pause_until, time.monotonic() + seconds)
        await self.limiter.pause(self.config.bot_key, seconds)

    def _outgoing(self, broadcast: BroadcastInfo, delivery: Claimed) -> Outgoing:
        buttons = buttons_for(broadcast.kind, broadcast.buttons, broadcast.campaign_id, broadcast.text_key)
        return Outgoing(delivery_id=delivery.id, broadcast_id=broadcast.id, campaign_id=broadcast.campaign_id,
                        platform=self.config.platform, chat_id=delivery.chat_id, language=delivery.language,
                        text=broadcast.text, text_key=broadcast.text_key, text_args=broadcast.text_args,
                        photo=broadcast.photo, buttons=buttons, paid=self.config.paid, kind=broadcast.kind)

    async def flush(self) -> None:
        """Write the outcomes gathered so far in one transaction."""
        if not self._results:
            return
        batch, self._results = self._results, []
        try:
            async with self.uows() as uow:
                await outbox.record(uow, self.config.worker_id, batch, self.clock())
                await uow.commit()
        except Exception:
            log.exception("recording outcomes failed; will retry")
            self._results = batch + self._results
            raise

    async def _flush_forever(self, closing: asyncio.Event) -> None:
        while not closing.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(closing.wait(), self.config.flush_every)
            try:
                await self.flush()
            except Exception:
                await asyncio.sleep(1.0)

"""Broadcasts as a manager's dashboard lists them: the newest a manager oversees (the composer's own, and those
whose whole audience lies inside the manager's region, as the bot's progress and control buttons allow)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from campaigns import approvals
from campaigns.approvals import ComposerError, ComposerRefusal
from campaigns.audit import Actor
from campaigns.broadcasts.control import Progress
from storage.models.broadcasts import Broadcast, BroadcastStatus
from storage.unit_of_work import UnitOfWork

PAGE_SIZE = 20
_SCAN = 200  # rows read at a time while looking for a page of broadcasts the manager oversees
_SCAN_LIMIT = 2000  # rows read at most for one page (older ones are reached with the next page's link)


@dataclass(frozen=True)
class BroadcastLine:
    """One broadcast in the list: its message (its text, or a locale id the bot renders), status and size."""

    id: int
    status: BroadcastStatus
    text: str | None
    text_key: str | None
    total: int
    emergency: bool
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    mine: bool  # composed by the reader

    @property
    def live(self) -> bool:
        """True while deliveries may still go out (its progress is worth watching)."""
        return self.status in (BroadcastStatus.PREPARING, BroadcastStatus.RUNNING, BroadcastStatus.PAUSED)


def _line(actor: Actor, row: Broadcast) -> BroadcastLine:
    return BroadcastLine(row.id, BroadcastStatus(row.status), row.text, row.text_key, row.total, row.emergency,
                         row.created_at, row.started_at, row.finished_at, row.created_by_id == actor.person_id)


async def newest(uow: UnitOfWork, actor: Actor, before_id: int | None = None, size: int = PAGE_SIZE
                 ) -> tuple[list[BroadcastLine], int | None]:
    """One page of the broadcasts a manager oversees, newest first, and the id to pass as `before_id` for the
    next page (None when there is none)."""
    lines: list[BroadcastLine] = []
    scanned = 0
    while scanned < _SCAN_LIMIT:
        rows = await uow.broadcasts.newest(before_id, _SCAN)
        for row in rows:
            before_id = row.id
            if approvals.oversees(actor, row):
                lines.append(_line(actor, row))
                if len(lines) == size:
                    return lines, before_id
        scanned += len(rows)
        if len(rows) < _SCAN:
            return lines, None
    return lines, before_id


async def one(uow: UnitOfWork, actor: Actor, broadcast_id: int) -> tuple[BroadcastLine, Progress]:
    """A broadcast the manager oversees, with its progress now (ComposerError NOT_FOUND or OUT_OF_SCOPE)."""
    row = await uow.broadcasts.by_id(broadcast_id)
    if row is None:
        raise ComposerError(ComposerRefusal.NOT_FOUND)
    line = _line(actor, row)
    return line, await approvals.watch(uow, actor, broadcast_id)

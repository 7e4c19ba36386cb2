"""QUIET_HOURS: broadcasts queued by the bot keep the deployment's quiet hours, and before the manager sends,
the composer says when sending will start."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from campaigns.jalali import IRAN_TZ
from campaigns.numerals import to_persian_digits
from storage.models import utcnow
from storage.models.broadcasts import Broadcast
from tests.e2e.harness import Harness, expect
from tests.e2e.manager_steps import compose_to_audience, preview
from tests.e2e.managers import add_people, onboard_admin, running


def _window_around_now() -> tuple[str, str]:
    """Quiet hours from an hour ago to two hours from now (Iran time), and when they end as HH:MM."""
    now = utcnow().astimezone(IRAN_TZ)
    start_, end = now - timedelta(hours=1), now + timedelta(hours=2)
    return f"{start_:%H:%M}-{end:%H:%M}", f"{end:%H:%M}"


async def _preview_then_send(hamyar: Harness) -> tuple[str, str]:
    """The admin writes to everyone, previews and sends at once; the preview's note and the queued reply."""
    await add_people(hamyar, 2, 61_000, "isfahan", "isfahan-kashan")
    manager = await onboard_admin(hamyar)
    await compose_to_audience(manager, "پویش زمستانه آغاز شد")
    note = await preview(manager, "پویش زمستانه آغاز شد")
    await manager.press("همین حالا بفرست")
    queued = await expect(manager, "در صف ارسال است")
    return note.text or "", queued.text or ""


async def _stored_quiet_hours(hamyar: Harness) -> str | None:
    """The quiet hours kept on the one broadcast queued."""
    async with hamyar.session() as session:
        return (await session.execute(select(Broadcast.quiet_hours))).scalar_one()


async def test_in_quiet_hours_the_composer_says_when_sending_starts(db_url: str, redis_url: str | None) -> None:
    spec, ends = _window_around_now()
    async with running(db_url, redis_url, quiet_hours=spec) as hamyar:
        note, queued = await _preview_then_send(hamyar)
        assert "ساعت‌های سکوت" in note and f"ساعت {to_persian_digits(ends)} به وقت ایران" in note, note
        assert to_persian_digits(ends) in queued
        assert await _stored_quiet_hours(hamyar) == spec


async def test_with_no_quiet_hours_nothing_holds_a_broadcast_back(db_url: str, redis_url: str | None) -> None:
    async with running(db_url, redis_url, quiet_hours="") as hamyar:
        note, queued = await _preview_then_send(hamyar)
        assert "سکوت" not in note
        assert "سکوت" not in queued
        assert await _stored_quiet_hours(hamyar) is None


def test_a_bad_quiet_hours_setting_is_refused_at_start() -> None:
    from pydantic import ValidationError

    from runtime.config import Settings

    with pytest.raises(ValidationError, match="22:00-08:00"):
        Settings(quiet_hours="late", telegram_token="1:x")

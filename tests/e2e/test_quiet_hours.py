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
from tests.e2e.managers import ADMIN, add_people, open_menu, start


def _window_around_now() -> tuple[str, str]:
    """Quiet hours from an hour ago to two hours from now (Iran time), and when they end as HH:MM."""
    now = utcnow().astimezone(IRAN_TZ)
    start_, end = now - timedelta(hours=1), now + timedelta(hours=2)
    return f"{start_:%H:%M}-{end:%H:%M}", f"{end:%H:%M}"


async def _compose_and_preview(hamyar: Harness) -> tuple[object, str]:
    await add_people(hamyar, 2, 61_000, "isfahan", "isfahan-kashan")
    manager = hamyar.user(ADMIN, "Admin")
    await hamyar.onboard(manager, phone="+989120000001")
    await open_menu(manager)
    await manager.press("نوشتن پیام همگانی")
    await expect(manager, "متن پیام همگانی")
    await manager.send_text("پویش زمستانه آغاز شد")
    await expect(manager, "عکس")
    await manager.press("رد شدن")
    await expect(manager, "دکمه‌های زیر پیام")
    await manager.press("ادامه: انتخاب مخاطبان")
    await expect(manager, "تعداد کسانی که")
    await manager.press("پیش‌نمایش")
    await expect(manager, "پویش زمستانه آغاز شد")
    preview = await expect(manager, "پیش‌نمایش بالا")
    return manager, preview.text or ""


async def test_in_quiet_hours_the_composer_says_when_sending_starts(db_url: str, redis_url: str | None) -> None:
    spec, ends = _window_around_now()
    hamyar = await start(db_url, redis_url, quiet_hours=spec)
    try:
        manager, preview = await _compose_and_preview(hamyar)
        assert "ساعت‌های سکوت" in preview and f"ساعت {to_persian_digits(ends)} به وقت ایران" in preview, preview
        await manager.press("همین حالا بفرست")  # type: ignore[attr-defined]
        queued = await expect(manager, "در صف ارسال است")  # type: ignore[arg-type]
        assert to_persian_digits(ends) in (queued.text or "")
        async with hamyar.session() as session:
            assert (await session.execute(select(Broadcast.quiet_hours))).scalar_one() == spec
    finally:
        await hamyar.stop()


async def test_with_no_quiet_hours_nothing_holds_a_broadcast_back(db_url: str, redis_url: str | None) -> None:
    hamyar = await start(db_url, redis_url, quiet_hours="")
    try:
        manager, preview = await _compose_and_preview(hamyar)
        assert "سکوت" not in preview
        await manager.press("همین حالا بفرست")  # type: ignore[attr-defined]
        queued = await expect(manager, "در صف ارسال است")  # type: ignore[arg-type]
        assert "سکوت" not in (queued.text or "")
        async with hamyar.session() as session:
            assert (await session.execute(select(Broadcast.quiet_hours))).scalar_one() is None
    finally:
        await hamyar.stop()


def test_a_bad_quiet_hours_setting_is_refused_at_start() -> None:
    from pydantic import ValidationError

    from runtime.config import Settings

    with pytest.raises(ValidationError, match="22:00-08:00"):
        Settings(quiet_hours="late", telegram_token="1:x")

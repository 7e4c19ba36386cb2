"""Quiet hours in Iran's clock: ordinary broadcasts wait for morning, emergencies do not."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from campaigns.jalali import IRAN_TZ

DEFAULT_QUIET_HOURS = "22:00-08:00"
# The deployment's quiet hours (QUIET_HOURS), set once at start by the bot and the worker
# (bot/factory.py create_app, worker/loop.py run_worker); a campaign's own setting wins over it.
_configured: str | None = DEFAULT_QUIET_HOURS


def configure(spec: str | None) -> None:
    """Use `spec` ('22:00-08:00'; empty or 'off' for none) for broadcasts planned from now on."""
    global _configured
    parse_quiet_hours(spec)  # a bad setting fails at start, not at the first broadcast
    _configured = spec or None


def configured() -> str | None:
    """The deployment's quiet hours (None when there are none)."""
    return _configured


def parse_quiet_hours(spec: str | None) -> tuple[time, time] | None:
    """'22:00-08:00' as (start, end); None or '' or 'off' means no quiet hours."""
    if not spec or spec.strip().lower() in ("off", "none", "-"):
        return None
    start_text, _, end_text = spec.partition("-")
    start, end = time.fromisoformat(start_text.strip()), time.fromisoformat(end_text.strip())
    return None if start == end else (start, end)


def in_quiet_hours(now: datetime, spec: str | None) -> bool:
    """True when `now` falls in the quiet window as seen in Iran."""
    window = parse_quiet_hours(spec)
    if window is None:
        return False
    start, end = window
    local = now.astimezone(IRAN_TZ).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_ends(now: datetime, spec: str | None) -> datetime:
    """The moment the current quiet window ends (now itself when not quiet)."""
    window = parse_quiet_hours(spec)
    if window is None or not in_quiet_hours(now, spec):
        return now
    local = now.astimezone(IRAN_TZ)
    end = local.replace(hour=window[1].hour, minute=window[1].minute, second=0, microsecond=0)
    if end <= local:
        end += timedelta(days=1)
    return end


def sending_starts(now: datetime, spec: str | None, at: datetime | None = None) -> datetime | None:
    """When a broadcast asked for `at` (now when None) will start because of quiet hours, or None when
    quiet hours do not hold it back."""
    start = max(now, at) if at is not None else now
    end = quiet_ends(start, spec)
    return None if end == start else end

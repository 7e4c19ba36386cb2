"""Quiet hours in Iran's clock: ordinary broadcasts wait for morning, emergencies do not."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from campaigns.jalali import IRAN_TZ

DEFAULT_QUIET_HOURS = "22:00-08:00"


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

"""Dates as operators type them: ISO dates or times, `today`, `yesterday`, `7d`, `12h`, `30m`.

Shared by the CLI's `--since/--until` and the dashboard's date filters. A bare date means the
start of that day for "since" and the end of it for "until", in the display time zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Final

_RELATIVE: Final = re.compile(r"^(\d{1,5})\s*([mhdw])$")
_UNITS: Final = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

HINT: Final = (
    "use an ISO date or time (2026-01-31, 2026-01-31T08:00), today, yesterday, or 7d / 12h"
)


def parse_moment(text: str, *, now: datetime, zone: tzinfo, end_of_day: bool = False) -> datetime:
    """An aware datetime for `text`; `ValueError` with a hint when it is not one."""
    value = text.strip().lower()
    if not value:
        raise ValueError(f"empty date; {HINT}")
    local_now = now.astimezone(zone)
    if value in ("now",):
        return local_now
    if value in ("today", "yesterday"):
        day = local_now.date() - timedelta(days=1 if value == "yesterday" else 0)
        return _day_bound(datetime.combine(day, time()), zone, end_of_day)
    relative = _RELATIVE.match(value)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        # Subtract in UTC: zoneinfo arithmetic is wall-clock, an hour off across a DST change.
        return (now.astimezone(UTC) - timedelta(**{_UNITS[unit]: amount})).astimezone(zone)
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a date: {text.strip()!r}; {HINT}") from None
    date_only = len(text.strip()) <= 10
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    if date_only:
        return _day_bound(parsed.replace(tzinfo=None), zone, end_of_day)
    return parsed


def _day_bound(midnight: datetime, zone: tzinfo, end_of_day: bool) -> datetime:
    moment = midnight.replace(hour=23, minute=59, second=59) if end_of_day else midnight
    return moment.replace(tzinfo=zone)

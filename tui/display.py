"""Turning domain values into text for people: safe strings, times, countdowns.

Shared by the dashboard and the CLI. Nothing here knows about Textual: the UI wraps these
strings in `Text`/`Content` (never markup), the CLI prints them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Final

_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0/C1 control characters (tab and newline handled separately): an ESC from a server must
never reach the terminal, or a hostile order name could recolour or retitle it."""

_INVISIBLE_FORMAT: Final = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
"""Zero-width and bidi-override characters: shown as visible marks so an RTL override cannot
reorder a row and a zero-width space cannot hide in an id."""


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures" block: ␛ for ESC
    if code == 0x7F:
        return "␡"
    return f"\\x{code:02x}"


def printable(text: str, *, single_line: bool = True) -> str:
    """`text` with every control and invisible formatting character made visible."""
    if text.isprintable():
        # No control (Cc) or format (Cf) character, newline or tab: nothing to replace. One C
        # call instead of two regex passes, for the thousands of cells a table measures.
        return text
    if single_line:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    text = _CONTROL.sub(_picture, text)
    return _INVISIBLE_FORMAT.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def cell_width(text: str) -> int:
    """Terminal cells a (printable) string takes: East Asian wide characters count twice."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def truncate(text: str, width: int) -> str:
    """Cut to `width` cells with an ellipsis."""
    if cell_width(text) <= width:
        return text
    out = []
    used = 0
    for ch in text:
        w = 2 if not ch.isascii() and unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def utc_now() -> datetime:
    """The default clock; the app and the sandbox take a clock so tests can freeze time."""
    return datetime.now(UTC)


@lru_cache(maxsize=16)
def resolve_timezone(name: str) -> tzinfo:
    """`local`, `UTC` or an IANA zone name (validated by the config already)."""
    if name == "UTC":
        return UTC
    if name == "local":
        local = datetime.now().astimezone().tzinfo
        return local or UTC
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def format_timestamp(moment: datetime | None, zone: tzinfo, *, seconds: bool = False) -> str:
    if moment is None:
        return ""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def format_duration(delta: timedelta) -> str:
    """A compact duration: `45s`, `12m 05s`, `3h 20m`, `2d 4h`."""
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {hours}h"
    if hours:
        return f"{sign}{hours}h {minutes:02d}m"
    if minutes:
        return f"{sign}{minutes}m {seconds:02d}s"
    return f"{sign}{seconds}s"


def time_left(deadline: datetime | None, now: datetime) -> str:
    """What the "expires" column shows: `12m 05s left`, or `expired 3m ago`."""
    if deadline is None:
        return ""
    remaining = deadline - now
    if remaining.total_seconds() <= 0:
        return f"expired {format_duration(-remaining)} ago"
    return f"{format_duration(remaining)} left"


def age(moment: datetime | None, now: datetime) -> str:
    """`12 s ago`, `5 min ago`, `3 h ago`, `2 d ago`."""
    if moment is None:
        return "never"
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86_400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86_400} d ago"

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

_SHOWN_AS_MARK: Final = frozenset(("Cf", "Zl", "Zp", "Cs"))
"""Unicode categories shown as `<U+XXXX>`: format characters (bidi overrides and isolates,
zero-width spaces and joiners, tag characters), line and paragraph separators, and lone
surrogates. Each can reorder, hide or break what the operator reads."""


_NOT_ASCII_TEXT: Final = re.compile(r"[^\x20-\x7e]")
"""Anything but printable ASCII: the candidates, each then judged on its own (ASCII-heavy text,
the common case, is scanned in C)."""


def _visible(char: str) -> str:
    """How one unprintable character is shown."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures" block: ␛ for ESC
    if code == 0x7F:
        return "␡"
    if code <= 0x9F:
        # C1 controls: 0x9b is a one-byte CSI to some terminals, so never raw.
        return f"\\x{code:02x}"
    if unicodedata.category(char) in _SHOWN_AS_MARK:
        return f"<U+{code:04X}>"
    return char  # non-ASCII spaces (NBSP and friends): unprintable to Python, harmless here


def printable(text: str, *, single_line: bool = True) -> str:
    """The one gate for text from outside (providers, config and draft files, exception
    messages): every control character (C0, C1, DEL) and every invisible formatting character
    (bidi, zero-width, separators) made visible, so no byte of it can steer the terminal.

    Markup is left as it is: the UI shows the result as `Text`/`Content`, never as markup.
    With `single_line=False`, newlines and tabs are kept (tracebacks, JSON, multi-line notes).
    """
    if text.isprintable():
        # No control (Cc) or format (Cf) character, newline or tab: nothing to replace. One C
        # call instead of a pass per character, for the thousands of cells a table measures.
        return text
    if single_line:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _NOT_ASCII_TEXT.sub(_shown if single_line else _shown_keeping_lines, text)


def json_safe(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with every character `printable`
    would mark escaped as `\\uXXXX` instead: still exactly the same JSON value, and nothing in
    it that a terminal acts on. The encoder already escapes C0 controls; this adds DEL, C1 and
    the invisible formatting characters (as surrogate pairs above U+FFFF, as JSON requires)."""
    return _NOT_ASCII_TEXT.sub(_json_escaped, text)


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    return char if char.isprintable() else _visible(char)


def _shown_keeping_lines(match: re.Match[str]) -> str:
    char = match.group()
    return char if char.isprintable() or char in "\n\t" else _visible(char)


def _json_escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char.isprintable() or char in "\n\t" or _visible(char) == char:
        return char
    code = ord(char)
    if code > 0xFFFF:  # JSON spells these as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def error_text(error: BaseException) -> str:
    """The single place an exception becomes text for a person: its message through the gate.
    Provider errors carry server text (codes, messages, request ids) in their message."""
    return printable(str(error) or type(error).__name__)


def cell_width(text: str) -> int:
    """Terminal cells a (printable) string takes: East Asian wide characters count twice."""
    if text.isascii():
        return len(text)
    return _wide_cell_width(text)


@lru_cache(maxsize=4_096)
def _wide_cell_width(text: str) -> int:
    # Remembered: the same few non-ASCII cells (every status badge's dot) come back on every
    # paint and every column measure, and this is a Python loop over each character.
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

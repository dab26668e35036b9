"""Hostile text: what a compromised or careless API could send to an operator's terminal.

Each string carries a visible marker (`ESC-red`, `OSC52`, ...) next to its control sequence, so
a test reading the bytes written to a terminal can tell the sequence arriving raw from the
same characters shown escaped. The `hostile` fault appends them to the string values of a real
answer; the tests put them in config files, error bodies and drafts.

The seeded ones (`CLOUDPOND_ORDER_NAMES`, ...) take the place of a few of the newest orders'
names when the sandbox is seeded with `SandboxState.hostile` on (`orderdeck sandbox --hostile`);
the demo's sandbox leaves them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

HOSTILE_TEXTS: Final = (
    "[@click=app.quit]CLICK[/] [b]bold[/b]",
    "\x1b[31mESC-red\x1b[0m",
    "\x1b]52;c;T1NDNTItY2xpcGJvYXJk\x07OSC52-clipboard",
    "\x1b]0;TITLE-SET\x07 \x1b]2;TITLE2-SET\x1b\\",
    "\x9b31mC1-CSI \x9d0;C1-OSC\x9c",
    "\u202eRTL-OVERRIDE\u202c \u2067RLI-ISOLATE\u2069 \u200fRLM",
    "zero\u200bwidth\u200djoiner\ufeffBOM\u2060WJ",
    "\x07BEL-ring \x08BS \rCR-return \x00NUL",
    "\u2028LINE-SEP\u2029PARA-SEP \U000e0041TAG",
)
"""One of each kind: markup and a click action, an SGR recolour, OSC 52 (writes the clipboard),
title sets, 8-bit C1 CSI and OSC, bidi overrides and isolates, zero-width characters, C0
controls (BEL, BS, CR, NUL), line separators and tag characters."""

CLOUDPOND_ORDER_NAMES: Final = (
    "[bold]x[/] order",
    "[@click=app.quit]click me[/]",
    "\x1b[31mred alert\x1b[0m order",
    "\u202eredro\u202c \u200bzero\u200bwidth\u200d",
    "delivery_order-" + "very-long-name-" * 20 + "end",
)
"""Delivery order names that must render literally: Rich markup, a Textual action, ANSI,
RTL/zero-width, and one far wider than any column."""

DUOPLUS_DESCRIPTIONS: Final = (
    "[bold]x[/] renewal",
    "[@click=app.quit]Pay now[/]",
    "\x1b[31mred alert\x1b[0m phone",
    "הזמנה \u202eevil\u202c RTL and zero\u200bwidth\u200d\ufeff marks",
    "Very long description " + "0123456789 " * 400,
)
"""DuoPlus order descriptions the UI must render literally (markup, actions, ANSI, bidi, huge)."""

ACEDATA_PACKAGE_TITLES: Final = (
    "[bold]x[/] credits",
    "[@click=app.quit]Pay now[/]",
    "\x1b[31mred alert\x1b[0m package",
    "حزمة \u202eevil\u202c RTL and zero\u200bwidth\u200d\ufeff marks",
    "Very long package name " + "0123456789 " * 400,
)
"""Ace Data package titles the UI must render literally (markup, actions, ANSI, bidi, huge)."""


def seeded_positions(texts: Sequence[str], first: int, stride: int = 1) -> dict[int, str]:
    """Positions in a seeder's loop kept for `texts`: `first`, `first + stride`, ...

    A seeder draws nothing from its main generator at these positions, whether it writes the
    hostile text there or an ordinary one, so one seed gives the same ids, statuses, amounts
    and dates with `SandboxState.hostile` on and off."""
    return {first + offset * stride: text for offset, text in enumerate(texts)}


def with_hostile_text(value: Any, fields: frozenset[str] | None, _counter: list[int]) -> Any:
    """`value` (decoded JSON) with a hostile string appended to each string under a key in
    `fields` (every string value when `fields` is None); the strings are taken in turn."""
    if isinstance(value, dict):
        return {
            key: _spoiled(item, _counter)
            if isinstance(item, str) and (fields is None or key in fields)
            else with_hostile_text(item, fields, _counter)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [with_hostile_text(item, fields, _counter) for item in value]
    return value


def _spoiled(text: str, counter: list[int]) -> str:
    hostile = HOSTILE_TEXTS[counter[0] % len(HOSTILE_TEXTS)]
    counter[0] += 1
    return f"{text} {hostile}"

"""Order tables as text: the cells people read and how columns share a width.

One implementation for the dashboard's order table and the CLI's `list`/`payments` tables.
Nothing here knows about Textual or the terminal: callers measure the room they have and
give the widths and strings to their own writer (Textual strips, or lines on stdout).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.display import cell_width, printable, truncate
from tui.orders import Status

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tui.orders import Money, Order


def amount_text(money: Money | None) -> str:
    """An amount as a cell (`$49.99`, `12.50 CNY`); empty when the provider gives none."""
    return str(money) if money is not None else ""


def status_text(order: Order) -> str:
    """The status in plain text: the normalized name, and the provider's own word only when
    orderdeck does not know it (`unknown (Frozen)`)."""
    if order.status is Status.UNKNOWN:
        return f"unknown ({order.status_raw})"
    return order.status.value


def status_badge(order: Order) -> str:
    """The status as the dashboard shows it: a dot the table colours, the normalized name, and
    the provider's word when it says more than the name (`● completed · Paid`)."""
    raw = printable(order.status_raw)
    if raw.lower() == order.status.value:
        return f"● {order.status.value}"
    return f"● {order.status.value} · {raw}"


def fit_cell(text: str, width: int, *, right: bool = False) -> str:
    """`text` cut to `width` cells (with an ellipsis) and padded to exactly `width`."""
    text = truncate(text, width)
    pad = " " * (width - cell_width(text))
    return pad + text if right else text + pad


def shrink_to_floors(widths: dict[str, int], room: int, floors: Iterable[tuple[str, int]]) -> None:
    """Take what overflows `room` from each column of `floors` in turn, down to its floor,
    until the columns fit. The floor is what a squeezed column still shows: one narrower than
    its floor is set to it. Columns not in `widths` are passed over."""
    for key, floor in floors:
        overflow = sum(widths.values()) - room
        if overflow <= 0:
            return
        if key in widths:
            widths[key] = max(floor, widths[key] - overflow)


def shrink_widest(widths: dict[str, int], room: int, least: int) -> None:
    """Take one cell at a time from the widest column (the first of equals) until the columns
    fit `room`, or the widest is down to `least`."""
    while sum(widths.values()) > room:
        widest = max(widths, key=widths.__getitem__)
        if widths[widest] <= least:
            return
        widths[widest] -= 1

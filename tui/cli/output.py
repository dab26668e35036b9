"""What the headless commands print: aligned tables no wider than the terminal, JSON and CSV.

Every string from outside (providers, files, exception messages) goes through the display
gate here (`printable`, `json_safe`) on its way to stdout. The cells' text and the way
columns give up width come from `tui.columns`, as in the dashboard's order table.
"""

from __future__ import annotations

import json
import shutil
import sys
from typing import TYPE_CHECKING, Any, Final, TextIO

from tui.columns import (
    amount_text,
    fit_cell,
    shrink_to_floors,
    shrink_widest,
    status_text,
)
from tui.display import cell_width, format_timestamp, json_safe, printable, time_left
from tui.export import orders_to_csv
from tui.orders import Status
from tui.providers.registry import display_name

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime, tzinfo

    from tui.orders import Order

FALLBACK_TERMINAL: Final = (100, 24)
"""Width used when stdout is not a terminal (a pipe): wide enough for id, status and a title."""

TABLE_COLUMNS: Final = ("ID", "STATUS", "KIND", "AMOUNT", "CREATED", "PAY BY", "TITLE")
ALWAYS_SHOWN: Final = frozenset({"ID", "STATUS", "TITLE"})
"""Other columns are dropped when no row has a value (CloudPond orders carry no amount)."""
TITLE_FLOOR: Final = 16
"""A title shrinks to this before any other column gives way."""
MIN_COLUMN_WIDTH: Final = 6
"""Shrinking stops here: a 6-cell id prefix still tells rows apart by eye."""
COLUMN_GAP: Final = 2
"""Spaces between two columns."""


def write_json(value: Any, out: TextIO) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    out.write(json_safe(text) + "\n")


def write_json_line(value: Any, out: TextIO) -> None:
    """One value on one line (JSON Lines), for output a script reads as it comes."""
    text = json.dumps(value, ensure_ascii=False)
    out.write(json_safe(text) + "\n")


def write_csv(orders: Sequence[Order], out: TextIO) -> None:
    # Control characters made visible: this often lands on a terminal, not in a file.
    out.write(printable(orders_to_csv(orders), single_line=False))


def order_rows(orders: Sequence[Order], zone: tzinfo, now: datetime) -> list[list[str]]:
    return [
        [
            order.id,
            status_text(order),
            order.kind.value,
            amount_text(order.amount),
            format_timestamp(order.created_at, zone),
            time_left(order.expires_at, now) if order.status is Status.PENDING else "",
            order.title,
        ]
        for order in orders
    ]


def write_order_table(
    orders: Sequence[Order], zone: tzinfo, out: TextIO, *, now: datetime, width: int | None = None
) -> None:
    if not orders:
        print("no orders match", file=sys.stderr)
        return
    rows = order_rows(orders, zone, now)
    write_table(list(TABLE_COLUMNS), rows, out, width=width, always=ALWAYS_SHOWN)


def write_table(
    header: list[str],
    rows: list[list[str]],
    out: TextIO,
    *,
    width: int | None = None,
    always: frozenset[str] = frozenset(),
) -> None:
    """Aligned plain text no wider than the terminal; every cell made safe to print."""
    rows = [[printable(cell) for cell in row] for row in rows]
    keep = [i for i, name in enumerate(header) if name in always or any(row[i] for row in rows)]
    header = [header[i] for i in keep]
    rows = [[row[i] for i in keep] for row in rows]
    widths = {
        name: max(cell_width(name), *(cell_width(row[i]) for row in rows))
        for i, name in enumerate(header)
    }
    total_width = width or shutil.get_terminal_size(FALLBACK_TERMINAL).columns
    _fit(widths, total_width - COLUMN_GAP * (len(widths) - 1))
    for row in [header, *rows]:
        cells = [fit_cell(cell, w) for cell, w in zip(row, widths.values(), strict=True)]
        out.write((" " * COLUMN_GAP).join(cells).rstrip() + "\n")


def _fit(widths: dict[str, int], room: int) -> None:
    """Shrink the title down to `TITLE_FLOOR`, then the widest columns, until the row fits:
    ids stay whole as long as possible, since `show` needs them."""
    # A title already shorter than the floor keeps its width.
    title_floor = min(widths.get("TITLE", 0), TITLE_FLOOR)
    shrink_to_floors(widths, room, [("TITLE", title_floor)])
    shrink_widest(widths, room, MIN_COLUMN_WIDTH)


def write_order_detail(order: Order, zone: tzinfo, out: TextIO, *, now: datetime) -> None:
    fields: list[tuple[str, str]] = [
        ("Provider", display_name(order.provider)),
        ("Profile", order.profile),
        ("Id", order.id),
        ("Title", order.title),
        ("Status", f"{order.status.value} ({order.status_raw})"),
        ("Kind", order.kind.value),
        ("Amount", amount_text(order.amount)),
        ("Created", format_timestamp(order.created_at, zone, seconds=True)),
        ("Updated", format_timestamp(order.updated_at, zone, seconds=True)),
    ]
    if order.expires_at:
        deadline = format_timestamp(order.expires_at, zone, seconds=True)
        fields.append(("Pay by", f"{deadline} ({time_left(order.expires_at, now)})"))
    if order.pay_url:
        fields.append(("Pay at", order.pay_url))
    fields.extend((str(label), _text(value)) for label, value in order.extra.items())
    shown = [(label, value) for label, value in fields if value]
    label_width = max(cell_width(printable(label)) for label, _ in shown)
    for label, value in shown:
        out.write(f"{fit_cell(printable(label), label_width)}  {printable(value)}\n")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)

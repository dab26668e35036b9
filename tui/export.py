"""Writing orders to CSV or JSON: the dashboard's export and the CLI's `--format csv|json`.

A CSV is made for a spreadsheet, so each cell is written the way one reads it safely: control
and invisible formatting characters made visible (`tui.display.printable`), and no cell that
a spreadsheet would run as a formula (the OWASP "CSV injection" rule: a leading `=`, `+`, `-`,
`@`, tab or carriage return gets a `'` in front; a real negative number is left alone).
Timestamps are written in one zone, the dashboard's (`timezone` in the config), with their
offset. A JSON export keeps every value exact, `raw` included: characters a terminal would act
on are written as `\\uXXXX` escapes, which parse back to the same string.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, Final, Literal

from tui.display import json_safe, printable
from tui.orders import Order

ExportFormat = Literal["csv", "json"]

CSV_COLUMNS: Final = (
    "provider",
    "profile",
    "id",
    "title",
    "status",
    "status_raw",
    "kind",
    "amount",
    "currency",
    "created_at",
    "updated_at",
    "expires_at",
    "pay_url",
)
"""The `Order.to_json()` keys that are flat values; `extra` follows as `extra.<label>` columns."""

TIME_COLUMNS: Final = ("created_at", "updated_at", "expires_at")
"""Written in the export's zone (the dashboard's), not in whatever zone the provider used."""

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP: CSV injection)."""

PLAIN_NUMBER: Final = re.compile(r"-?\d+(\.\d+)?")
"""A negative amount such as `-96.84`: data, not a formula, so it is not prefixed."""


def default_export_dir() -> Path:
    """Where an export goes unless the operator says otherwise: the user's Downloads folder,
    else Documents, else home (never the directory the app happened to start in)."""
    from platformdirs import user_documents_path, user_downloads_path

    for candidate in (user_downloads_path(), user_documents_path()):
        if candidate.is_dir():
            return candidate
    return Path.home()


def orders_to_json(orders: Iterable[Order]) -> str:
    """Every order as `Order.to_json()` gives it, exactly; `json_safe` only changes how
    characters are spelled, never a value."""
    return json_safe(
        json.dumps([order.to_json() for order in orders], ensure_ascii=False, indent=2)
    )


def orders_to_csv(orders: Iterable[Order], zone: tzinfo = UTC) -> str:
    """A header row, then one row per order; timestamps in `zone`, every cell safe to open."""
    rows = [_flat_row(order, zone) for order in orders]
    extra_labels: list[str] = []
    for row in rows:
        for label in row["extra"]:
            if label not in extra_labels:
                extra_labels.append(label)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *(csv_cell(f"extra.{label}") for label in extra_labels)])
    for row in rows:
        extra = row["extra"]
        writer.writerow(
            [
                *(csv_cell(row[column]) for column in CSV_COLUMNS),
                *(csv_cell(extra.get(label)) for label in extra_labels),
            ]
        )
    return buffer.getvalue()


def _flat_row(order: Order, zone: tzinfo) -> dict[str, Any]:
    row = order.to_json()
    for column in TIME_COLUMNS:
        moment: datetime | None = getattr(order, column)
        row[column] = moment.astimezone(zone).isoformat() if moment is not None else None
    return row


def csv_cell(value: object) -> str:
    """One value as a cell a spreadsheet shows and never runs."""
    if value is None:
        return ""
    text = str(value)
    shown = printable(text)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + shown
    return shown


def export_orders(
    orders: Iterable[Order], path: Path, fmt: ExportFormat, zone: tzinfo = UTC
) -> Path:
    """Write orders to `path` (parents created); returns the absolute path written."""
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = orders_to_csv(orders, zone) if fmt == "csv" else orders_to_json(orders)
    path.write_text(text, encoding="utf-8")
    return path

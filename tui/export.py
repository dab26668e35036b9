"""Writing orders to CSV or JSON: the dashboard's export and the CLI's `--format csv|json`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Final, Literal

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


def orders_to_json(orders: Iterable[Order]) -> str:
    return json.dumps([order.to_json() for order in orders], ensure_ascii=False, indent=2)


def orders_to_csv(orders: Iterable[Order]) -> str:
    rows = [order.to_json() for order in orders]
    extra_labels: list[str] = []
    for row in rows:
        for label in row["extra"]:
            if label not in extra_labels:
                extra_labels.append(label)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *(f"extra.{label}" for label in extra_labels)])
    for row in rows:
        extra = row["extra"]
        writer.writerow(
            [
                *(_csv_value(row[column]) for column in CSV_COLUMNS),
                *(_csv_value(extra.get(label)) for label in extra_labels),
            ]
        )
    return buffer.getvalue()


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    # A leading = + - @ makes spreadsheets run the cell as a formula: neutralise it.
    if text[:1] in ("=", "+", "@") or (text[:1] == "-" and not _is_number(text)):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def export_orders(orders: Iterable[Order], path: Path, fmt: ExportFormat) -> Path:
    """Write orders to `path` (parents created); returns the absolute path written."""
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = orders_to_csv(orders) if fmt == "csv" else orders_to_json(orders)
    path.write_text(text, encoding="utf-8")
    return path

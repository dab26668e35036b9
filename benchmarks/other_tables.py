"""The other tables, for reference: Textual's own DataTable and textual-fastdatatable (the
table harlequin switched to), fed the same orders as the order table (issue 6, target 2 asks
for both numbers).

Each gets the rows as strings (the order table's own cell text) in a bare app with nothing
else on screen, which flatters them a little. Measured: data arrives -> rows painted, and the
largest event-loop stall while loading and then paging down 200 times. Textual's DataTable
measures every cell on the UI thread, so it is measured at `DATATABLE_ROWS` and says so.

textual-fastdatatable is not a dependency: `run_all` runs this module with
`uv run --with textual-fastdatatable`, and without the package the row says "not installed".
Run: `uv run --with textual-fastdatatable python -m benchmarks.other_tables [ORDERS]`.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import UTC, datetime
from typing import Any, Final

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widget import Widget

from benchmarks._common import StallDetector, rss_mb

ORDERS: Final = 100_000
DATATABLE_ROWS: Final = 10_000
"""Textual's DataTable takes about 20 s at 100,000 rows and 11 s at 20,000 on a busy box;
10,000 shows the trend and keeps `run_all` under its 8 minutes."""
PAGE_DOWNS: Final = 200
SCREEN: Final = (160, 50)


def order_rows(count: int) -> tuple[list[str], list[tuple[str, ...]]]:
    """Column labels and `count` rows of cell text, from real parsed orders."""
    from benchmarks.big_table import real_orders
    from tui.ui.widgets.order_table import COLUMNS

    now = datetime.now(UTC)
    orders = real_orders(count)
    labels = [column.label for column in COLUMNS]
    rows = [tuple(column.cell(order, now, UTC) for column in COLUMNS) for order in orders]
    return labels, rows


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Vertical(id="slot")


async def measure_table(make_table: Any, rows_count: int) -> dict[str, float]:
    app = TableApp()
    detector = StallDetector()
    async with app.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        detector.start()
        detector.reset()
        started = time.perf_counter()
        table: Widget = await make_table(app.query_one("#slot"))
        done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        table.call_after_refresh(lambda: done.set_result(time.perf_counter()))
        usable = await done - started
        await asyncio.sleep(0.3)
        load_stall = detector.reset()
        table.focus()
        for _ in range(PAGE_DOWNS):
            await pilot.press("pagedown")
        scroll_stall = await detector.stop()
    return {
        "rows": rows_count,
        "usable": usable,
        "load_stall": load_stall,
        "scroll_stall": scroll_stall,
        "rss_mb": rss_mb(),
    }


async def datatable(labels: list[str], rows: list[tuple[str, ...]]) -> dict[str, float]:
    from textual.widgets import DataTable

    async def make(slot: Widget) -> Widget:
        table: DataTable[str] = DataTable(cursor_type="row")
        await slot.mount(table)
        table.add_columns(*labels)
        table.add_rows(rows)
        return table

    return await measure_table(make, len(rows))


async def fastdatatable(labels: list[str], rows: list[tuple[str, ...]]) -> dict[str, float]:
    from textual_fastdatatable import ArrowBackend, DataTable

    async def make(slot: Widget) -> Widget:
        backend = ArrowBackend.from_records(rows, column_names=labels)
        table = DataTable(backend=backend, cursor_type="row")
        await slot.mount(table)
        return table

    return await measure_table(make, len(rows))


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else ORDERS
    labels, rows = order_rows(count)
    results: dict[str, Any] = {}
    try:
        import textual_fastdatatable  # noqa: F401
    except ImportError:
        results["textual-fastdatatable"] = None
    else:
        results["textual-fastdatatable"] = asyncio.run(fastdatatable(labels, rows))
    small = rows[: min(count, DATATABLE_ROWS)]
    results["Textual DataTable"] = asyncio.run(datatable(labels, small))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

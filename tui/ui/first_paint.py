"""A benchmark hook, not a feature: with `ORDERDECK_BENCHMARK_FIRST_PAINT=PATH` set, the
dashboard writes the wall-clock time (`time.time()`) at which the first page of orders was
painted to PATH, then exits. `benchmarks/first_paint.py` compares that with the moment it
spawned the process, so "start-up" is measured from process start to orders on screen.
"""

from __future__ import annotations

import time
from pathlib import Path

from tui.ui.app import OrderDeckApp
from tui.ui.messages import OrdersLoaded


class FirstPaintApp(OrderDeckApp):
    """The dashboard, exiting once the first page of orders is on screen."""

    first_paint_path: Path

    def on_orders_loaded(self, message: OrdersLoaded) -> None:
        # The screen handled the message first (it bubbles up to the app), so the table
        # holds the rows; the next refresh paints them.
        if message.orders and not getattr(self, "_first_paint_seen", False):
            self._first_paint_seen = True
            self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.first_paint_path.write_text(f"{time.time():.6f}\n", encoding="ascii")
        self.exit()

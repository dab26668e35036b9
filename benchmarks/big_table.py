"""Big tables: 100,000 orders in the All-profiles view of the real dashboard (issue 6, targets 2
and 3; issue 14's same-run ratios).

The orders are real: each provider's client parses its sandbox's wire answer (a third of the
orders each). The app runs headless (`App.run_test`) against a sandbox in another process, and
the orders arrive the way "load all" delivers them: one `OrdersLoaded` message posted to the
main screen. A `StallDetector` on the app's event loop records the largest gap between ticks
in each phase, so "no stall" is measured, not asserted.

- usable: from the message being posted to the first paint with the rows (median of 5 loads);
- sort: one local sort of every row, per column, key press to paint (median of 5 columns);
- filter: the quick filter over every row, first keystroke burst included (median of 5 needles);
- scroll: 200 page-downs as fast as the app takes them, then End and Home;
- memory: the process's RSS with the orders loaded (the sandbox's own is not counted: it is
  another process, as a real provider is another machine).

Every speed target is a fraction of textual-fastdatatable's figures on the same rows, measured
in the same run (`Peer`, issue 14): a budget in milliseconds would measure the machine. The
memory budget stays in MB.

Run: `uv run python -m benchmarks.big_table [ORDERS]`.
"""

from __future__ import annotations

import asyncio
import gc
import pickle
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from typing import Final

from benchmarks._common import (
    ROOT,
    RUNS,
    Row,
    StallDetector,
    median,
    print_table,
    rss_mb,
    sandbox_process,
)
from benchmarks.parse import client_parse_time_and_orders
from tui.deck import Deck
from tui.orders import Order
from tui.sandbox.demo import demo_config, demo_secrets
from tui.ui.app import OrderDeckApp
from tui.ui.messages import OrdersLoaded
from tui.ui.widgets.order_table import OrderTable
from tui.ui.widgets.profile_list import ALL_PROFILES

ORDERS: Final = 100_000
USABLE_MAX_RATIO: Final = 0.2
"""Data arriving to rows on screen, at most this fraction of textual-fastdatatable's time on
the same rows in the same run (issue 14: five times as fast as the fastest table there is)."""
STALL_MAX_RATIO: Final = 0.5
"""Every largest event-loop stall (loading, sorting, filtering, scrolling), at most this
fraction of textual-fastdatatable's largest loading stall: twice as smooth."""
SORT_MAX_RATIO: Final = 0.5
"""A local sort, key to paint, is held to the stall target: it must not be one."""
FILTER_MAX_RATIO: Final = 1.0
"""The quick filter, typed text to paint, gets twice the stall target (a keystroke's rhythm),
as its fixed budget had twice the stalls'."""
USABLE_BUDGET: Final = 0.2
"""The old fixed budgets (seconds), used only when no peer was measured, and shown beside the
ratios for information: a fixed number measures the machine as much as the code."""
STALL_BUDGET: Final = 0.05
FILTER_BUDGET: Final = 0.1
RSS_BUDGET_MB: Final = 300.0
SCREEN: Final = (160, 50)
"""A large terminal: more visible rows is more work per paint."""
PAGE_DOWNS: Final = 200
SORT_COLUMNS: Final = ("created", "amount", "status", "expires", "title")
KEY_TIMEOUT: Final = 2.0
"""Seconds to wait for a key to move the cursor before going on."""
NEEDLES: Final = ("pending", "gpu", "ace", "no such order", "stripe")
"""Quick-filter texts: common, rare, a profile name, nothing, a payment method."""


@dataclass
class TableNumbers:
    usable: list[float] = field(default_factory=list)
    sort: list[float] = field(default_factory=list)
    filter: list[float] = field(default_factory=list)
    stalls: dict[str, float] = field(default_factory=dict)
    scroll_per_key: float = 0.0
    rss_mb: float = 0.0
    rss_before_mb: float = 0.0


def real_orders(count: int) -> list[Order]:
    """`count` orders parsed by the real clients, a third from each provider, one page-sized
    answer at a time as "load all" would. The answers are rendered in a child process, so this
    process holds what the app would hold and not the sandbox's data set."""
    each = -(-count // 3)
    rendered = subprocess.run(
        [sys.executable, "-m", "benchmarks._wire_pages", str(each)],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    pages: dict[str, list[bytes]] = pickle.loads(rendered.stdout)
    del rendered
    orders: list[Order] = []
    for provider, bodies in pages.items():
        for body in bodies:
            orders.extend(client_parse_time_and_orders(provider, body)[1])
    del pages
    gc.collect()
    return orders[:count]


async def painted(widget: OrderTable) -> float:
    """Wait for the next paint of `widget`; the moment it happened."""
    done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    widget.call_after_refresh(lambda: done.set_result(time.perf_counter()))
    return await done


async def key_painted(app: OrderDeckApp, table: OrderTable, key: str) -> None:
    """Press `key` and wait until the table's cursor moved and the move is painted: the next
    key comes as soon as the app can take it (Pilot's `press` also waits for the process to
    go idle, which the stall detector's ticks never let it)."""
    before = table.cursor_row
    app.simulate_key(key)
    deadline = time.perf_counter() + KEY_TIMEOUT  # a key at the last row moves nothing
    while table.cursor_row == before and time.perf_counter() < deadline:
        await asyncio.sleep(0)
    await painted(table)


async def measure_app(
    orders: list[Order], url: str, runs: int = RUNS, page_downs: int = PAGE_DOWNS
) -> TableNumbers:
    numbers = TableNumbers()
    deck = Deck(demo_config(url, refresh_seconds=0), demo_secrets())
    app = OrderDeckApp(deck, initial_view=ALL_PROFILES)
    detector = StallDetector()
    async with app.run_test(size=SCREEN) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.main_screen
        assert screen is not None
        table = screen.query_one(OrderTable)
        numbers.rss_before_mb = rss_mb()
        detector.start()
        detector.reset()

        # Loading: what a finished "load all" posts. A new generation each time, as the
        # worker's would be; the table starts from the small first page each time.
        load_stalls = []
        for _ in range(runs):
            generation = screen.views.start_load()  # the screen ignores older answers
            started = time.perf_counter()
            screen.post_message(
                OrdersLoaded(ALL_PROFILES, generation, orders, None, len(orders), {})
            )
            while len(table.rows) != len(orders):
                await asyncio.sleep(0)
            numbers.usable.append(await painted(table) - started)
            # What the load left running (the table's filter and sort index) counts too.
            await app.workers.wait_for_complete()
            await asyncio.sleep(0.1)
            load_stalls.append(detector.reset())
        numbers.stalls["load"] = max(load_stalls)
        numbers.rss_mb = rss_mb()

        for column in SORT_COLUMNS:
            started = time.perf_counter()
            table.set_sort(column, descending=True)
            numbers.sort.append(await painted(table) - started)
        await asyncio.sleep(0.1)
        numbers.stalls["sort"] = detector.reset()
        table.set_sort(None)

        for needle in NEEDLES:
            started = time.perf_counter()
            table.set_quick_filter(needle)
            numbers.filter.append(await painted(table) - started)
            table.set_quick_filter("")
            await painted(table)
        await asyncio.sleep(0.1)
        numbers.stalls["filter"] = detector.reset()

        table.focus()
        await pilot.pause()
        detector.reset()
        started = time.perf_counter()
        for key in ["pagedown"] * page_downs + ["end", "home"]:
            await key_painted(app, table, key)
        numbers.scroll_per_key = (time.perf_counter() - started) / (page_downs + 2)
        numbers.stalls["scroll"] = await detector.stop()
    return numbers


@dataclass(frozen=True, slots=True)
class Peer:
    """textual-fastdatatable on the same rows in the same run (`other_tables.py`): the table
    every speed target here is a fraction of."""

    usable: float
    """Seconds from its data to its rows painted."""
    load_stall: float
    """Its largest event-loop stall while loading."""


def _target(
    what: str, measured: float, peer: Peer | None, of: str, limit: float, budget: float
) -> Row:
    """A row against a fraction of the peer's `of` figure, or, with no peer measured (the
    package could not be installed), against the old fixed budget."""
    if peer is None:
        return Row(what, measured, budget, "s", 1.0, "fixed budget (no peer measured)")
    reference = getattr(peer, of)
    label = "rows usable" if of == "usable" else "largest loading stall"
    return Row(
        what,
        measured,
        reference,
        "s",
        limit,
        f"textual-fastdatatable's {label} ({reference * 1000:.0f} ms); {what_was(budget)}",
    )


def what_was(budget: float) -> str:
    return f"fixed budget was {budget * 1000:.0f} ms"


def rows_for(
    numbers: TableNumbers, count: int, label: str = "order table", peer: Peer | None = None
) -> list[Row]:
    n = f"{count:,}"
    stalls = [
        _target(
            f"2 largest stall {phase} {n}",
            numbers.stalls[key],
            peer,
            "load_stall",
            STALL_MAX_RATIO,
            STALL_BUDGET,
        )
        for phase, key in (
            ("loading", "load"),
            ("sorting", "sort"),
            ("filtering", "filter"),
            ("scrolling", "scroll"),
        )
    ]
    stalls[-1] = replace(
        stalls[-1],
        what_compared=f"{stalls[-1].what_compared}; "
        f"{numbers.scroll_per_key * 1000:.1f} ms per page-down",
    )
    return [
        _target(
            f"2 rows usable, {n} ({label})",
            median(numbers.usable),
            peer,
            "usable",
            USABLE_MAX_RATIO,
            USABLE_BUDGET,
        ),
        _target(
            f"2 sort {n} (local, key -> paint)",
            median(numbers.sort),
            peer,
            "load_stall",
            SORT_MAX_RATIO,
            STALL_BUDGET,
        ),
        _target(
            f"2 quick filter over {n} (-> paint)",
            median(numbers.filter),
            peer,
            "load_stall",
            FILTER_MAX_RATIO,
            FILTER_BUDGET,
        ),
        *stalls,
        Row(
            f"3 memory with {n} loaded (RSS)",
            numbers.rss_mb,
            RSS_BUDGET_MB,
            "MB",
            1.0,
            f"budget; {numbers.rss_before_mb:.0f} MB before the load",
        ),
    ]


def measure(
    count: int = ORDERS, runs: int = RUNS, peer: dict[str, float] | None = None
) -> list[Row]:
    """The rows; `peer` is textual-fastdatatable's `usable` and `load_stall` on the same rows
    (`run_all` measures it first), or None for the old fixed budgets."""
    orders = real_orders(count)
    with sandbox_process(orders_per_provider=60) as url:
        numbers = asyncio.run(measure_app(orders, url, runs))
    return rows_for(numbers, count, peer=Peer(**peer) if peer else None)


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else ORDERS
    return 0 if print_table(measure(count)) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

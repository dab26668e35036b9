"""The sandboxes' big data sets: seeding 100,000 DuoPlus and Ace Data orders, and one DuoPlus
query over them (every status-5 order of the whole date range, sorted by total, page 3).

The suite asserts how these stay cheap (slotted records, one sort, the date window cut by
bisection, JSON for the answered page only); here they are timed, each against a floor
measured in the same run, so the limit means the same on a fast machine and a slow one:

- seeding: 100,000 slotted records of a few random draws and a formatted id each, the least a
  seeded data set of that size costs in Python;
- the query: one pass over 100,000 such records that reads each one's status against the clock
  (a function call per record), keeps a fifth and sorts them by a number: the least a filtered,
  sorted answer over every order costs.

Run: `uv run python -m benchmarks.sandbox_data [ORDERS]`.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime
from typing import Final

from benchmarks._common import RUNS, Row, print_table, timed
from tui.sandbox import acedata, duoplus
from tui.sandbox.state import SandboxState

ORDERS: Final = 100_000
SEED_RUNS: Final = 3
"""Seeding 100,000 orders takes seconds: median of 3 keeps `run_all` under its 8 minutes."""
SEED_MAX_RATIO: Final = 6.0
"""Seeding makes realistic orders (names, products, statuses, deadlines): a few times the bare
records' cost, not an order of magnitude more."""
QUERY_MAX_RATIO: Final = 12.0
"""The query checks each order of its window as the real API would (status, deadline, product,
type) and renders one page of full JSON: about ten bare passes, never a pass per page."""
NOW: Final = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
QUERY: Final = {
    "created_at_start": "2020-01-01T00:00:00+08:00",
    "created_at_end": "2030-01-01T00:00:00+08:00",
    "pagesize": 500,
    "status": ["5"],
    "sort_by": "total",
    "page": 3,
}
"""The suite's 100,000-order query: every date, one status, sorted by total, page 3."""


class BareRecord:
    """The floor's record: as small as a seeded order can be."""

    __slots__ = ("amount", "created", "order_id", "status")

    def __init__(self, order_id: str, created: int, status: int, amount: int) -> None:
        self.order_id = order_id
        self.created = created
        self.status = status
        self.amount = amount


def bare_records(count: int) -> list[BareRecord]:
    rng = random.Random(7)
    return [
        BareRecord(f"{index:012d}", rng.randrange(10**9), rng.randrange(8), rng.randrange(30_000))
        for index in range(count)
    ]


def bare_status(record: BareRecord, now: int) -> int:
    """A status read against the clock, as the sandbox reads an unpaid order's deadline."""
    return 1 if record.status == 5 and record.created > now else record.status


def bare_query(records: list[BareRecord]) -> list[BareRecord]:
    now = 5 * 10**8
    kept = [record for record in records if bare_status(record, now) in (5, 6)]
    kept.sort(key=lambda record: record.amount)
    return kept[1000:1500]


def state(count: int) -> SandboxState:
    return SandboxState(seed=7, orders_per_provider=count, clock=lambda: NOW)


def measure(count: int = ORDERS, runs: int = RUNS) -> list[Row]:
    seeded = state(count)
    seeded.providers["duoplus"] = duoplus.seed_data(seeded)
    records = bare_records(count)
    n = f"{count:,}"
    seed_runs = min(runs, SEED_RUNS)
    floor_seed = timed(lambda: bare_records(count), seed_runs)
    floor_query = timed(lambda: bare_query(records), runs)
    duoplus_query = timed(
        lambda: duoplus.list_orders(seeded, seeded.providers["duoplus"], QUERY, "en"), runs
    )
    return [
        Row(
            f"6 seed {n} DuoPlus orders (sandbox)",
            timed(lambda: duoplus.seed_data(state(count)), seed_runs),
            floor_seed,
            "s",
            SEED_MAX_RATIO,
            f"floor: {n} bare slotted records (median of {seed_runs})",
        ),
        Row(
            f"6 query {n} DuoPlus orders (sandbox)",
            duoplus_query,
            floor_query,
            "s",
            QUERY_MAX_RATIO,
            "floor: one status-read, filter and sort pass over them",
        ),
        Row(
            f"6 seed {n} Ace Data orders (sandbox)",
            timed(lambda: acedata.seed_data(state(count)), seed_runs),
            floor_seed,
            "s",
            SEED_MAX_RATIO,
            f"floor: {n} bare slotted records (median of {seed_runs})",
        ),
    ]


def main(argv: list[str]) -> int:
    return 0 if print_table(measure(int(argv[0]) if argv else ORDERS)) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

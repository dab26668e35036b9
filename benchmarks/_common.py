"""What every benchmark shares: one result row, medians, the printed table, RSS, a stall
detector for an asyncio loop, and a sandbox served from its own process.

The benchmarks are scripts, not tests: pytest does not collect them (`tests/` is the only
test path); `tests/test_benchmarks_smoke.py` runs each one at a tiny size so they do not rot.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parent.parent
"""The repository: child processes run from here, with this interpreter."""

RUNS: Final = 5
"""Median of this many runs: the issue's rule, and enough that one GC pause or a neighbour's
test run on this 2-core box does not decide a number."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the results table.

    `measured` and `comparison` are in `unit`; the target holds when `measured` is at most
    `limit` times `comparison` (an absolute budget is a comparison with limit 1). A row with
    `limit=None` is information only (the other table implementation, for instance).
    """

    target: str
    measured: float
    comparison: float
    unit: str
    limit: float | None
    what_compared: str

    @property
    def ratio(self) -> float:
        return self.measured / self.comparison if self.comparison else math.inf

    @property
    def passed(self) -> bool | None:
        if self.limit is None:
            return None
        return self.ratio <= self.limit


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def timed(function: Callable[[], object], runs: int = RUNS) -> float:
    """Median wall time of `function()` over `runs` calls."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return median(samples)


def _number(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.2f} s"
    if unit == "ms":
        return f"{value:,.1f} ms"
    return f"{value:,.1f} {unit}"


def print_table(rows: list[Row], title: str = "") -> bool:
    """Print the rows side by side; True when no target failed."""
    if title:
        print(title)
    header = (
        f"{'target':<56} {'measured':>11} {'comparison':>11} {'ratio':>6} {'limit':>6}  "
        f"{'result':<6} compared with"
    )
    print(header)
    print("-" * len(header))
    ok = True
    for row in rows:
        passed = row.passed
        ok &= passed is not False
        verdict = "info" if passed is None else "pass" if passed else "FAIL"
        limit = "" if row.limit is None else f"{row.limit:g}x"
        print(
            f"{row.target:<56} {_number(row.measured, row.unit):>11} "
            f"{_number(row.comparison, row.unit):>11} {row.ratio:>6.2f} {limit:>6}  "
            f"{verdict:<6} {row.what_compared}"
        )
    return ok


def rss_mb(pid: int | None = None) -> float:
    """Resident set size of a process (this one by default) in MB, from /proc."""
    path = f"/proc/{pid or os.getpid()}/status"
    with open(path, encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return math.nan


class StallDetector:
    """The largest gap between event-loop ticks while it runs.

    A task sleeps `TICK` seconds at a time and records how late each wake-up is: anything that
    holds the loop (a sort, a parse, a render) shows up as a late wake-up. `reset()` starts a
    new window so each phase (load, sort, filter, scroll) gets its own maximum.
    """

    TICK: Final = 0.002
    """Short enough that a 50 ms stall cannot hide between ticks."""

    def __init__(self) -> None:
        self.largest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(self.TICK)
            now = loop.time()
            self.largest = max(self.largest, now - last - self.TICK)
            last = now

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def reset(self) -> float:
        """The largest stall since the last reset (seconds), and start a new window."""
        largest, self.largest = self.largest, 0.0
        return largest

    async def stop(self) -> float:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        return self.reset()


@contextlib.contextmanager
def sandbox_process(
    orders_per_provider: int, edge_sites: int = 0, latency: float = 0.0
) -> Iterator[str]:
    """A sandbox in a child process: its CPU and memory are not the app's, and its thread
    does not hold the app's GIL (a real provider is on another machine). Yields the URL."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks._sandbox_child",
            str(orders_per_provider),
            str(edge_sites),
            str(latency),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        url = child.stdout.readline().strip()
        if not url.startswith("http"):
            raise RuntimeError(f"the sandbox did not start: {url!r}")
        yield url
    finally:
        if child.stdin is not None:
            child.stdin.close()  # the child exits when its stdin closes
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

"""Every issue-6 and issue-14 target in one table: the measured value, the comparison measured
in the same run, their ratio, pass or fail. Exits 1 when a target fails.

Each benchmark runs in its own process, so one's memory and warm caches never flatter another
(the memory target is a whole process's RSS). textual-fastdatatable and Textual's DataTable
are measured first through `uv run --with textual-fastdatatable` (info rows), and
textual-fastdatatable's figures are the yardstick of the big-table targets. harlequin is
measured by `first_paint` the same way; its comparison is printed under the table.

Run: `uv run python -m benchmarks.run_all` (under 8 minutes on 2 cores, most of it DuoPlus's
1 request/s, the 100,000-order parses and the other tables). Numbers are medians of 5 and still
move when the machine is busy: re-run before believing a failure.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
import time
from dataclasses import asdict
from typing import Any, Final

from benchmarks._common import ROOT, Row, print_table

MODULES: Final = ("first_paint", "big_table", "fetch_all", "parse", "sdk_compare", "sandbox_data")
"""One module per target, in the issues' order; each has `measure() -> list[Row]`."""

PEER: Final = "textual-fastdatatable"
"""The table `big_table`'s speed targets are fractions of, measured first in the same run."""


def run_one(module: str, arguments: dict[str, Any] | None = None) -> list[Row]:
    """`benchmarks.<module>.measure(**arguments)` in a child process."""
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.run_all", "--one", module, json.dumps(arguments or {})],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        sys.stderr.write(child.stderr)
        raise RuntimeError(f"benchmarks.{module} failed (exit {child.returncode})")
    return [Row(**fields) for fields in json.loads(child.stdout.splitlines()[-1])]


def other_tables() -> tuple[list[Row], dict[str, float] | None]:
    """Info rows for textual-fastdatatable and Textual's DataTable (not dependencies), and the
    peer's figures for `big_table` (None when it could not be installed)."""
    uv = shutil.which("uv")
    command = [sys.executable, "-m", "benchmarks.other_tables"]
    if uv is not None:
        command = [uv, "run", "--with", PEER, "python", "-m", command[-1]]
    child = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if child.returncode != 0:
        sys.stderr.write(child.stderr)
        return [], None
    results: dict[str, Any] = json.loads(child.stdout.splitlines()[-1])
    rows = []
    for name, numbers in results.items():
        if numbers is None:
            continue
        n = f"{numbers['rows']:,}"
        rows.append(
            Row(f"2 rows usable, {n} ({name})", numbers["usable"], 0.2, "s", None, "fixed 200 ms")
        )
        rows.append(
            Row(
                f"2 largest stall loading {n} ({name})",
                numbers["load_stall"],
                0.05,
                "s",
                None,
                f"fixed 50 ms; scrolling: {numbers['scroll_stall'] * 1000:.0f} ms",
            )
        )
    peer = results.get(PEER)
    if not peer:
        return rows, None
    return rows, {"usable": peer["usable"], "load_stall": peer["load_stall"]}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        module = importlib.import_module(f"benchmarks.{argv[1]}")
        rows = module.measure(**(json.loads(argv[2]) if len(argv) > 2 else {}))
        print(json.dumps([asdict(row) for row in rows]))
        return 0
    started = time.monotonic()
    rows: list[Row] = []
    for module in MODULES:
        arguments: dict[str, Any] = {}
        if module == "big_table":  # the peer first: its figures are big_table's yardstick
            print("running benchmarks.other_tables ...", file=sys.stderr, flush=True)
            peer_rows, peer = other_tables()
            rows.extend(peer_rows)
            arguments["peer"] = peer
        print(f"running benchmarks.{module} ...", file=sys.stderr, flush=True)
        rows.extend(run_one(module, arguments))
    print()
    ok = print_table(rows, "issues 6 and 14, speed: median of 5 unless the row says otherwise")
    print(f"\n{'all targets met' if ok else 'SOME TARGETS FAILED'}")
    print(harlequin_line(rows))
    print(f"run_all took {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


def harlequin_line(rows: list[Row]) -> str:
    """The peer app comparison in one sentence (first_paint's row)."""
    for row in rows:
        if "harlequin" in row.target:
            return (
                f"harlequin to its first full screen: {row.comparison * 1000:.0f} ms; "
                f"orderdeck --demo to its first rows: {row.measured * 1000:.0f} ms "
                f"({row.ratio:.2f}x, both through uv run --with harlequin)"
            )
    return "harlequin was not measured (uv or the package unavailable)"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

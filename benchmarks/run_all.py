"""Every issue-6 target in one table: the measured value, the comparison measured in the same
run, their ratio, pass or fail. Exits 1 when a target fails.

Each benchmark runs in its own process, so one's memory and warm caches never flatter another
(the memory target is a whole process's RSS). textual-fastdatatable and Textual's DataTable
are measured for reference (info rows) through `uv run --with textual-fastdatatable`.

Run: `uv run python -m benchmarks.run_all` (about 9 minutes on 2 cores, most of it DuoPlus's
1 request/s and the 100,000-order parses). Numbers are medians of 5 and still move when the
machine is busy: re-run before believing a failure.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from dataclasses import asdict
from typing import Any, Final

from benchmarks._common import ROOT, Row, print_table

MODULES: Final = ("first_paint", "big_table", "fetch_all", "parse", "sdk_compare")
"""One module per target, in the issue's order; each has `measure() -> list[Row]`."""


def run_one(module: str) -> list[Row]:
    """`benchmarks.<module>.measure()` in a child process."""
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.run_all", "--one", module],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        sys.stderr.write(child.stderr)
        raise RuntimeError(f"benchmarks.{module} failed (exit {child.returncode})")
    return [Row(**fields) for fields in json.loads(child.stdout.splitlines()[-1])]


def other_tables() -> list[Row]:
    """Info rows for textual-fastdatatable and Textual's DataTable (not dependencies)."""
    uv = shutil.which("uv")
    command = [sys.executable, "-m", "benchmarks.other_tables"]
    if uv is not None:
        command = [uv, "run", "--with", "textual-fastdatatable", "python", "-m", command[-1]]
    child = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if child.returncode != 0:
        sys.stderr.write(child.stderr)
        return []
    results: dict[str, Any] = json.loads(child.stdout.splitlines()[-1])
    rows = []
    for name, numbers in results.items():
        if numbers is None:
            continue
        n = f"{numbers['rows']:,}"
        rows.append(
            Row(f"2 rows usable, {n} ({name})", numbers["usable"], 0.2, "s", None, "budget")
        )
        rows.append(
            Row(
                f"2 largest stall loading {n} ({name})",
                numbers["load_stall"],
                0.05,
                "s",
                None,
                f"budget; scrolling: {numbers['scroll_stall'] * 1000:.0f} ms",
            )
        )
    return rows


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        module = importlib.import_module(f"benchmarks.{argv[1]}")
        rows = module.measure()
        print(json.dumps([asdict(row) for row in rows]))
        return 0
    rows: list[Row] = []
    for module in MODULES:
        print(f"running benchmarks.{module} ...", file=sys.stderr, flush=True)
        rows.extend(run_one(module))
        if module == "big_table":
            print("running benchmarks.other_tables ...", file=sys.stderr, flush=True)
            rows.extend(other_tables())
    print()
    ok = print_table(rows, "issue 6, speed: median of 5 unless the row says otherwise")
    print(f"\n{'all targets met' if ok else 'SOME TARGETS FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

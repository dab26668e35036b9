"""First paint: process start to the first page of orders on screen in `--demo`, against the
stack's floor measured in the same run (issue 14: at most 1.25x), and against harlequin, a peer
Textual app of similar size, to its first full screen (no slower).

The floor is a bare Textual app with one empty DataTable after importing pydantic and httpx and
making one model and one client (`_bare_app.py --stack`): no orderdeck code. The bare app
alone is timed too, for reference. Ours includes what `--demo` really does: start the sandbox
in its own process and fetch the first page.

Every command runs as a real process on a pseudo-terminal (120x40), all of them alternately,
median of 9 (`RUNS_HERE`). Each writes `time.time()` when it has painted (ours through the
`ORDERDECK_BENCHMARK_FIRST_PAINT` hook, see `tui/ui/first_paint.py`; harlequin through
`_harlequin_app.py`) and exits; the time is from just before the spawn.

Every start after a user's first finds its bytecode cached, so that is what is timed: one
untimed run of each fills the caches first, with PYTHONDONTWRITEBYTECODE cleared for the
children, except in the row that sets it on purpose: the README's `uv run orderdeck --demo`
is timed with and without it (these machines set it, and so do many container images).
harlequin is not a dependency: it runs through `uv run --with harlequin`, and so does the
orderdeck start it is compared with, so the launcher costs both the same.

Run: `uv run python -m benchmarks.first_paint [RUNS]`.
"""

from __future__ import annotations

import fcntl
import math
import os
import pty
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from benchmarks._common import ROOT, Row, median, print_table

RUNS_HERE: Final = 9
"""More than the usual 5: one start's samples spread by 10-30% on a 2-core box (a floor of
380-501 ms in one run), so the ratio of two medians of 5 moved by 0.2 between runs of the
same code. Each extra round costs about 6 s, harlequin's start most of it."""
MAX_RATIO: Final = 1.25
"""Orderdeck's first paint against the stack floor: a quarter more for the config, the
providers, the sandbox's answer and a full screen (issue 14)."""
PEER_MAX_RATIO: Final = 1.0
"""No slower than harlequin, a peer Textual app of orderdeck's size, to its first full screen."""
MARK_ENV: Final = "ORDERDECK_BENCHMARK_FIRST_PAINT"
NO_PYC: Final = "PYTHONDONTWRITEBYTECODE"
TERMINAL: Final = (40, 120)
"""Rows and columns of the pseudo-terminal both apps draw on."""
TIMEOUT: Final = 60.0


def time_to_paint(command: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning `command` on a pty to the paint time it reports."""
    with tempfile.TemporaryDirectory() as scratch:
        mark = Path(scratch) / "painted"
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *TERMINAL, 0, 0))

        def drain() -> None:  # a full pty would block the child's writes
            while True:
                try:
                    if not os.read(master, 65536):
                        return
                except OSError:
                    return

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        full_env = {**os.environ, "TERM": "xterm-256color"}
        full_env.pop(NO_PYC, None)  # unless `env` sets it: the caches are what is timed
        full_env.update(env)
        full_env = {k: v.replace("{mark}", str(mark)) for k, v in full_env.items()}
        command = [part.replace("{mark}", str(mark)) for part in command]
        started = time.time()
        child = subprocess.Popen(
            command,
            cwd=ROOT,
            env=full_env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
        )
        os.close(slave)
        try:
            child.wait(TIMEOUT)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            os.close(master)
        if not mark.exists():
            raise RuntimeError(f"{command[2:]} exited ({child.returncode}) without painting")
        return float(mark.read_text()) - started


@dataclass
class Starts:
    """Each command's paint times (seconds) over the runs."""

    samples: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.samples.setdefault(name, []).append(seconds)

    def median(self, name: str) -> float:
        return median(self.samples[name]) if self.samples.get(name) else math.nan


def commands(launchers: bool = True) -> dict[str, tuple[list[str], dict[str, str]]]:
    """What is timed, by name: the command and its extra environment (None removes a name).

    `ours` is `python -m tui --demo` on this interpreter; `uv` and `uv nopyc` are the README's
    `uv run orderdeck --demo`, without and with PYTHONDONTWRITEBYTECODE; `harlequin` and
    `ours via uv --with` start through the same `uv run --with harlequin`, so the launcher
    costs both the same. Without uv (or `launchers`), only the first three run."""
    python = sys.executable
    mark = {MARK_ENV: "{mark}"}
    bare = [python, "-m", "benchmarks._bare_app", "{mark}"]
    timed: dict[str, tuple[list[str], dict[str, str]]] = {
        "bare": (bare, {}),
        "stack": ([*bare, "--stack"], {}),
        "ours": ([python, "-m", "tui", "--demo"], mark),
    }
    uv = shutil.which("uv")
    if uv is not None and launchers:
        with_harlequin = [uv, "run", "--with", "harlequin", "python", "-m"]
        timed["uv"] = ([uv, "run", "orderdeck", "--demo"], mark)
        timed["uv nopyc"] = ([uv, "run", "orderdeck", "--demo"], {**mark, NO_PYC: "1"})
        timed["harlequin"] = ([*with_harlequin, "benchmarks._harlequin_app", "{mark}"], {})
        timed["ours via uv --with"] = ([*with_harlequin, "tui", "--demo"], mark)
    return timed


def measure(runs: int = RUNS_HERE, launchers: bool = True) -> list[Row]:
    """The rows; without `launchers`, only ours, the floor and the bare app (no uv run)."""
    starts = Starts()
    timed = commands(launchers)
    for run in range(runs + 1):  # alternately, so a noisy moment hits all of them
        for name, (command, env) in timed.items():
            try:
                seconds = time_to_paint(command, env)
            except RuntimeError:  # harlequin cannot be installed here (offline): no row
                if name not in ("harlequin", "ours via uv --with"):
                    raise
                continue
            if run:  # the first run fills the bytecode caches
                starts.add(name, seconds)
    return rows_for(starts)


def rows_for(starts: Starts) -> list[Row]:
    stack = starts.median("stack")
    rows = [
        Row(
            "1 first paint, --demo (orders on screen)",
            starts.median("ours"),
            stack,
            "s",
            MAX_RATIO,
            f"stack floor: bare app + pydantic + httpx; median of {len(starts.samples['ours'])}",
        ),
        Row(
            "1 stack floor: bare app + pydantic + httpx",
            stack,
            starts.median("bare"),
            "s",
            None,
            "bare Textual app, one empty DataTable",
        ),
    ]
    for name, label in (("uv", ""), ("uv nopyc", ", PYTHONDONTWRITEBYTECODE")):
        if starts.samples.get(name):
            rows.append(
                Row(
                    f"1 uv run orderdeck --demo{label}",
                    starts.median(name),
                    stack,
                    "s",
                    None,
                    "stack floor (uv run adds its own start)",
                )
            )
    if starts.samples.get("harlequin") and starts.samples.get("ours via uv --with"):
        rows.append(
            Row(
                "1 first full screen: orderdeck --demo vs harlequin",
                starts.median("ours via uv --with"),
                starts.median("harlequin"),
                "s",
                PEER_MAX_RATIO,
                "harlequin (in-memory DuckDB, catalog shown); both via uv run --with harlequin",
            )
        )
    return rows


def main(argv: list[str]) -> int:
    return 0 if print_table(measure(int(argv[0]) if argv else RUNS_HERE)) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

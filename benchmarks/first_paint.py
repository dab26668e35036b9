"""First paint: process start to the first page of orders on screen in `--demo`, against a bare
Textual app with one empty DataTable, measured in the same run (issue 6, target 1: at most 1.5x).

Both run as real processes on a pseudo-terminal (120x40), alternately, median of 5. Each
writes `time.time()` when it has painted (ours through the `ORDERDECK_BENCHMARK_FIRST_PAINT`
hook, see `tui/ui/first_paint.py`) and exits; the time is from just before the spawn.
Ours includes what `--demo` really does: start the embedded sandbox and fetch the first page.

Every start after a user's first finds its bytecode cached, so that is what is timed: one
untimed run of each fills the caches first, with PYTHONDONTWRITEBYTECODE cleared for the
children (some environments set it, and then every run would recompile orderdeck, but not the
installed Textual).

A third process, for reference, is the stack's floor: the bare app after importing pydantic and
httpx and making one model and one client (`_bare_app.py --stack`), with no orderdeck code.

Run: `uv run python -m benchmarks.first_paint`.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path
from typing import Final

from benchmarks._common import ROOT, RUNS, Row, median, print_table

MAX_RATIO: Final = 1.5
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
        full_env = {**os.environ, **env, "TERM": "xterm-256color"}
        full_env.pop("PYTHONDONTWRITEBYTECODE", None)
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


def measure(runs: int = RUNS) -> list[Row]:
    ours_command = [sys.executable, "-m", "tui", "--demo"]
    ours_env = {"ORDERDECK_BENCHMARK_FIRST_PAINT": "{mark}"}
    bare_command = [sys.executable, "-m", "benchmarks._bare_app", "{mark}"]
    stack_command = [*bare_command, "--stack"]
    ours: list[float] = []
    bare: list[float] = []
    stack: list[float] = []
    for run in range(runs + 1):  # alternately, so a noisy moment hits all three
        times = (
            time_to_paint(bare_command, {}),
            time_to_paint(stack_command, {}),
            time_to_paint(ours_command, ours_env),
        )
        if run:  # the first run fills the bytecode caches
            for samples, seconds in zip((bare, stack, ours), times, strict=True):
                samples.append(seconds)
    return [
        Row(
            "1 first paint, --demo (orders on screen)",
            median(ours),
            median(bare),
            "s",
            MAX_RATIO,
            "bare Textual app, one empty DataTable",
        ),
        Row(
            "1 stack floor: bare app + pydantic + httpx",
            median(stack),
            median(bare),
            "s",
            None,
            "bare Textual app (reference: no orderdeck code)",
        ),
    ]


def main(argv: list[str]) -> int:
    return 0 if print_table(measure(int(argv[0]) if argv else RUNS)) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

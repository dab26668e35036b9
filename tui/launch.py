"""The `orderdeck` command's first step, taken before the rest of orderdeck is imported: with
`--demo` on the command line, the sandbox's process is spawned at once, so it imports and seeds
its data on the other core while this one loads the CLI, the config and the dashboard.

Only a hint: `tui.cli` still decides from the parsed arguments whether the sandbox serves the
command. One spawned for nothing (`orderdeck login --demo`) is stopped there, and always ends
with this process.
"""

from __future__ import annotations

import sys


def main() -> int:
    """The console script and `python -m tui`; returns the exit code."""
    from tui.startup_gc import hold

    hold()  # until the dashboard's first page is drawn, or another command starts
    from tui.bytecode import warm_bytecode_cache

    warm_bytecode_cache()
    if "--demo" in sys.argv[1:]:
        from tui.sandbox.process import start_early

        start_early()
    from tui.cli import main as cli_main

    return cli_main()

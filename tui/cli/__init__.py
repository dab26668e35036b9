"""The `orderdeck` command: the dashboard by default, and headless subcommands for scripts.

Exit codes: 0 ok, 1 provider or transport error, 2 usage or config error. Errors go to
stderr as one `orderdeck: error: ...` line, never a traceback for an `OrderdeckError`.

This module is all that `orderdeck --help` loads: the grammar (`parser`), the error report and
the dispatch. Each command's module is imported by `_dispatch` only when that command runs, so
`orderdeck list` never pays for Textual, pydantic for `--help`, or one command for another's
imports. With `--demo` the sandbox process is spawned first, so it starts on the other core
while this one imports the rest.

    parser.py     the grammar            context.py   config, store and streams of a run
    orders.py     list, show             create.py    create
    payments.py   payments [--watch]     account.py   login, logout, config path
    sandbox.py    sandbox                dashboard.py the default command
    serve.py      serve (a browser tab)
    output.py     tables, json and csv on stdout (cells and widths from `tui.columns`)
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, TextIO

from tui.cli.parser import PROG, build_parser
from tui.display import error_text, printable
from tui.errors import EXIT_USAGE, KeyringUnavailable, OrderdeckError
from tui.logs import get_logger, setup_logging
from tui.startup_gc import release as release_collector

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterator

    from tui.cli.context import Context

__all__ = ["PROG", "build_parser", "main", "report", "wait_for_next_poll"]

COMMANDS: Final[dict[str | None, tuple[str, str]]] = {
    None: ("dashboard", "run_dashboard"),
    "list": ("orders", "cmd_list"),
    "show": ("orders", "cmd_show"),
    "create": ("create", "cmd_create"),
    "payments": ("payments", "cmd_payments"),
    "login": ("account", "cmd_login"),
    "logout": ("account", "cmd_logout"),
}
"""Each command's module in this package and its function, which takes a `Context`."""

WITHOUT_CONFIG: Final[dict[str, tuple[str, str]]] = {
    "config": ("account", "cmd_config_path"),
    "sandbox": ("sandbox", "cmd_sandbox"),
    "serve": ("serve", "cmd_serve"),
}
"""Commands that take only the arguments: `config path` works while the file is broken, and
the sandbox reads no profile."""

DEMO_COMMANDS: Final = (None, "list", "show", "create", "payments")
"""The commands `--demo` serves from the sandbox (None is the dashboard); login and logout
refuse it, `config` and `sandbox` have no use for it."""


def main(argv: list[str] | None = None) -> int:
    """`orderdeck ...`; returns the exit code (the console script exits with it)."""
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    if args.command is not None:
        release_collector()  # only the dashboard's start waits for it (`tui/startup_gc.py`)
    try:
        # With --demo the sandbox starts first: its process imports and seeds its data on the
        # other core while this one sets up logging, loads the config and draws.
        with _demo_sandbox(args) as sandbox_url:
            _start_logging()
            return _dispatch(args, sandbox_url)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except OrderdeckError as error:
        get_logger("cli").warning("%s failed: %s", args.command or "dashboard", error)
        return report(error)


def report(error: OrderdeckError, err: TextIO | None = None) -> int:
    """One line on stderr (the message made terminal-safe) and the exit code for its kind."""
    err = err or sys.stderr
    if isinstance(error, KeyringUnavailable):
        # The fix takes a few lines (env variables or a backend): keep them readable.
        lines = str(error).splitlines() or [""]
        print(f"{PROG}: error: {printable(lines[0])}", file=err)
        for line in lines[1:]:
            print(printable(line), file=err)
        return EXIT_USAGE
    print(f"{PROG}: error: {error_text(error)}", file=err)
    return error.exit_code


async def wait_for_next_poll(seconds: float) -> None:
    """The pause between two checks of `payments --watch` (a seam for the tests)."""
    # asyncio is loaded by the time this runs; importing it above would slow every start.
    import asyncio

    await asyncio.sleep(seconds)


def _start_logging() -> None:
    """The redacted log file in the user log dir; `ORDERDECK_LOG_LEVEL=DEBUG` for more."""
    name = os.environ.get("ORDERDECK_LOG_LEVEL", "INFO").upper()
    level = logging.getLevelNamesMapping().get(name, logging.INFO)
    setup_logging(level)


@contextmanager
def _demo_sandbox(args: argparse.Namespace) -> Iterator[str | None]:
    """The demo sandbox's URL while a `--demo` command runs; None for everything else."""
    # The sandbox's modules are imported only here, for --demo.
    if not getattr(args, "demo", False) or args.command not in DEMO_COMMANDS:
        if "tui.sandbox.process" in sys.modules:  # `tui.launch` may have spawned one early
            from tui.sandbox.process import stop_early

            stop_early()
        yield None
        return
    from tui.sandbox.process import demo_sandbox

    with demo_sandbox() as url:
        yield url


def _dispatch(args: argparse.Namespace, sandbox_url: str | None) -> int:
    command: str | None = args.command
    if command in WITHOUT_CONFIG:
        run_with_args: Callable[[argparse.Namespace], int] = _load(*WITHOUT_CONFIG[command])
        return run_with_args(args)
    open_context = _load("context", "open_context")
    # `wait_for_next_poll` is looked up now, not bound at import: the tests replace it.
    context: Context = open_context(args, sandbox_url, wait_for_next_poll)
    run: Callable[[Context], int] = _load(*COMMANDS[command])
    return run(context)


def _load(module: str, function: str) -> Any:
    """A function of one of this package's modules, importing the module now: the one place
    the commands are imported lazily (see the module docstring)."""
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)

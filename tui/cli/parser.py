"""The command line's grammar: every command, option and help text of `orderdeck`.

Only argparse and the status names: parsing (and `--help`) loads none of the commands.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from tui import __version__
from tui.orders import Status

PROG: Final = "orderdeck"

DEFAULT_LIMIT: Final = 50
"""`list` without `--limit/--all`: one screenful, and one request on every provider."""


def _common_options(parser: argparse.ArgumentParser) -> None:
    """Options accepted before and after the subcommand (`orderdeck list --demo` works too).

    SUPPRESS keeps a subcommand from overwriting a value given before it with its default.
    """
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="config file (default: $ORDERDECK_CONFIG, else the user config dir)",
    )
    parser.add_argument(
        "--profile", metavar="NAME", default=argparse.SUPPRESS, help="profile to use"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="use three demo profiles served by an embedded sandbox (no account needed)",
    )


def _status_list(text: str) -> list[Status]:
    try:
        return [Status.parse(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole grammar; given the `argv` about to be parsed, only the commands it names get
    their options. The others keep their help line, enough for `--help` and for argparse to
    list the choices: a dashboard start (no command) builds a fraction of the grammar."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Cloud orders from CloudPond, DuoPlus and Ace Data Cloud. "
        "Without a command, opens the dashboard.",
        epilog="Exit codes: 0 ok, 1 provider or network error, 2 usage or config error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # A word of argv that names a command but is not one (an order id `list`) only costs
    # that command's options: a command argparse parses is always named in argv.
    named = None if argv is None else set(argv)
    for name, add_options in _OPTIONS.items():
        command = commands.add_parser(
            name, help=HELP_LINES[name], description=DESCRIPTIONS.get(name)
        )
        if named is None or name in named:
            if name not in WITHOUT_COMMON_OPTIONS:
                _common_options(command)
            add_options(command)
    parser.add_argument(
        "--served",
        choices=("read-only", "allow-create"),
        default=None,
        help="how `orderdeck serve` runs the dashboard in a browser tab (set by it)",
    )
    return parser


HELP_LINES: Final = {
    "list": "list orders",
    "show": "one order in full",
    "create": "place a CloudPond delivery order from a JSON file",
    "login": "store a profile's credentials in the OS keyring",
    "logout": "delete a profile's credentials from the keyring",
    "payments": "pending orders across all profiles, soonest deadline first",
    "config": "config file helpers",
    "sandbox": "serve the fake provider APIs (the demo's back end) in the foreground",
    "serve": "the dashboard in a browser tab (read-only unless --allow-create)",
}
"""Each command's line in `orderdeck --help`."""

DESCRIPTIONS: Final = {
    "create": "Place a CloudPond delivery order. The file holds the request body "
    '{"delivery_order": {...}}. The order is sent once, never retried.',
    "serve": "Serve the dashboard to a browser: each tab runs its own dashboard process. "
    "Only 127.0.0.1, ::1 and localhost are served without an access token; on any other "
    "address every request must present one (--token-file, or one made and printed now).",
    "payments": "Every order awaiting payment, across profiles (or --profile), soonest "
    "deadline first; orders without a deadline follow with their age.",
}
"""What a command's own `--help` opens with, where its line in `HELP_LINES` is not enough."""


def _add_list(listing: argparse.ArgumentParser) -> None:
    listing.add_argument(
        "--status",
        dest="statuses",
        type=_status_list,
        action="extend",
        default=[],
        metavar="S",
        help="normalized status (pending, processing, completed, failed, cancelled, expired, "
        "refunded, deleted, unknown); repeat or comma-separate for several",
    )
    listing.add_argument(
        "--since",
        metavar="T",
        help="created at or after T: an ISO date or date-time, today, yesterday, 7d, 12h",
    )
    listing.add_argument("--until", metavar="T", help="created at or before T (same forms)")
    how_many = listing.add_mutually_exclusive_group()
    how_many.add_argument(
        "--limit",
        type=_positive_int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N orders (default {DEFAULT_LIMIT}); fetches just enough pages",
    )
    how_many.add_argument("--all", action="store_true", help="every matching order, all pages")
    listing.add_argument("--format", choices=("table", "json", "csv"), default="table")


def _add_show(show: argparse.ArgumentParser) -> None:
    show.add_argument("order_id", metavar="ORDER_ID")
    show.add_argument("--format", choices=("table", "json"), default="table")


def _add_create(create: argparse.ArgumentParser) -> None:
    create.add_argument("--file", required=True, metavar="ORDER.json", type=Path)
    create.add_argument(
        "--dry-run", action="store_true", help="print the exact request body; send nothing"
    )
    create.add_argument("--yes", action="store_true", help="send without asking")


def _add_login(login: argparse.ArgumentParser) -> None:
    login.add_argument("login_profile", metavar="PROFILE")
    login.add_argument(
        "--lookup-domain-id",
        action="store_true",
        help="CloudPond AK/SK: ask IAM which account id the keys belong to (checks the keys)",
    )


def _add_logout(logout: argparse.ArgumentParser) -> None:
    logout.add_argument("login_profile", metavar="PROFILE")


def _add_payments(payments: argparse.ArgumentParser) -> None:
    payments.add_argument(
        "--watch",
        action="store_true",
        help="re-check every payments.poll_seconds and print the list again; exits 0 once "
        "nothing is pending, or on Ctrl-C",
    )
    payments.add_argument("--format", choices=("table", "json"), default="table")


def _add_config(config_cmd: argparse.ArgumentParser) -> None:
    config_sub = config_cmd.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    config_sub.add_parser("path", help="print where the config file is read from")


def _add_sandbox(sandbox: argparse.ArgumentParser) -> None:
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument(
        "--allow-remote",
        action="store_true",
        help="serve on a non-loopback address (the demo credentials are public)",
    )
    sandbox.add_argument(
        "--hostile",
        action="store_true",
        help="seed markup, escape codes, bidi, zero-width and very long names into the first "
        "rows (for trying how they are shown)",
    )


def _add_serve(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve.add_argument(
        "--token-file",
        type=Path,
        metavar="PATH",
        help="the access token (first line, 16+ characters); off loopback one is made otherwise",
    )
    serve.add_argument(
        "--allow-create",
        action="store_true",
        help="let the served dashboards place CloudPond orders (read-only by default)",
    )


_OPTIONS: Final[dict[str, Callable[[argparse.ArgumentParser], None]]] = {
    "list": _add_list,
    "show": _add_show,
    "create": _add_create,
    "login": _add_login,
    "logout": _add_logout,
    "payments": _add_payments,
    "config": _add_config,
    "sandbox": _add_sandbox,
    "serve": _add_serve,
}
"""Each command and what adds its own options, in `orderdeck --help`'s order."""

WITHOUT_COMMON_OPTIONS: Final = frozenset({"sandbox"})
"""The sandbox serves the demo data: it reads no config or profile."""

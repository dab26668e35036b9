"""The command line's grammar: every command, option and help text of `orderdeck`.

Only argparse and the status names: parsing (and `--help`) loads none of the commands.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeAlias

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


if TYPE_CHECKING:
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Cloud orders from CloudPond, DuoPlus and Ace Data Cloud. "
        "Without a command, opens the dashboard.",
        epilog="Exit codes: 0 ok, 1 provider or network error, 2 usage or config error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_list(commands)
    _add_show(commands)
    _add_create(commands)
    _add_login_logout(commands)
    _add_payments(commands)
    _add_config(commands)
    _add_sandbox(commands)
    _add_serve(commands)
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


def _command(
    commands: Commands, name: str, *, common_options: bool = True
) -> argparse.ArgumentParser:
    """The subcommand `name`, taking the common options too unless told otherwise."""
    command = commands.add_parser(name, help=HELP_LINES[name], description=DESCRIPTIONS.get(name))
    if common_options:
        _common_options(command)
    return command


def _add_list(commands: Commands) -> None:
    listing = _command(commands, "list")
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


def _add_show(commands: Commands) -> None:
    show = _command(commands, "show")
    show.add_argument("order_id", metavar="ORDER_ID")
    show.add_argument("--format", choices=("table", "json"), default="table")


def _add_create(commands: Commands) -> None:
    create = _command(commands, "create")
    create.add_argument("--file", required=True, metavar="ORDER.json", type=Path)
    create.add_argument(
        "--dry-run", action="store_true", help="print the exact request body; send nothing"
    )
    create.add_argument("--yes", action="store_true", help="send without asking")


def _add_login_logout(commands: Commands) -> None:
    login = _command(commands, "login")
    login.add_argument("login_profile", metavar="PROFILE")
    login.add_argument(
        "--lookup-domain-id",
        action="store_true",
        help="CloudPond AK/SK: ask IAM which account id the keys belong to (checks the keys)",
    )
    logout = _command(commands, "logout")
    logout.add_argument("login_profile", metavar="PROFILE")


def _add_payments(commands: Commands) -> None:
    payments = _command(commands, "payments")
    payments.add_argument(
        "--watch",
        action="store_true",
        help="re-check every payments.poll_seconds and print the list again; exits 0 once "
        "nothing is pending, or on Ctrl-C",
    )
    payments.add_argument("--format", choices=("table", "json"), default="table")


def _add_config(commands: Commands) -> None:
    config_cmd = _command(commands, "config")
    config_sub = config_cmd.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    config_sub.add_parser("path", help="print where the config file is read from")


def _add_sandbox(commands: Commands) -> None:
    # No common options: the sandbox serves the demo data, it reads no config or profile.
    sandbox = _command(commands, "sandbox", common_options=False)
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


def _add_serve(commands: Commands) -> None:
    serve = _command(commands, "serve")
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

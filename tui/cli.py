"""The `orderdeck` command: the dashboard by default, and headless subcommands for scripts.

Exit codes: 0 ok, 1 provider or transport error, 2 usage or config error. Errors go to
stderr as one `orderdeck: error: ...` line, never a traceback for an `OrderdeckError`.
Textual is imported only when the dashboard starts, so `orderdeck list` stays fast and works
on a box where the UI could not. The module itself imports little (no pydantic, no asyncio): with
`--demo` the sandbox process is spawned first, so it starts on the other core while this one
imports the rest.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from tui import __version__
from tui.display import (
    cell_width,
    error_text,
    format_timestamp,
    json_safe,
    printable,
    resolve_timezone,
    time_left,
    truncate,
    utc_now,
)
from tui.errors import (
    EXIT_USAGE,
    Cancelled,
    KeyringUnavailable,
    OrderdeckError,
    TransportError,
    UsageError,
)
from tui.logs import get_logger, setup_logging
from tui.orders import Order, OrderQuery, Status
from tui.providers import open_provider
from tui.providers.registry import display_name
from tui.timeparse import parse_moment

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from datetime import datetime, tzinfo

    from pydantic import SecretStr

    from tui.config import Config, Profile
    from tui.providers.base import CreatesOrders
    from tui.providers.cloudpond.profile import CloudPondProfile
    from tui.secrets import SecretStore

PROG: Final = "orderdeck"

EXIT_OK: Final = 0

DEFAULT_LIMIT: Final = 50
"""`list` without `--limit/--all`: one screenful, and one request on every provider."""

FALLBACK_TERMINAL: Final = (100, 24)
"""Width used when stdout is not a terminal (a pipe): wide enough for id, status and a title."""


# --- the parser -------------------------------------------------------------------------------


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

    listing = commands.add_parser("list", help="list orders")
    _common_options(listing)
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

    show = commands.add_parser("show", help="one order in full")
    _common_options(show)
    show.add_argument("order_id", metavar="ORDER_ID")
    show.add_argument("--format", choices=("table", "json"), default="table")

    create = commands.add_parser(
        "create",
        help="place a CloudPond delivery order from a JSON file",
        description="Place a CloudPond delivery order. The file holds the request body "
        '{"delivery_order": {...}}. The order is sent once, never retried.',
    )
    _common_options(create)
    create.add_argument("--file", required=True, metavar="ORDER.json", type=Path)
    create.add_argument(
        "--dry-run", action="store_true", help="print the exact request body; send nothing"
    )
    create.add_argument("--yes", action="store_true", help="send without asking")

    login = commands.add_parser("login", help="store a profile's credentials in the OS keyring")
    _common_options(login)
    login.add_argument("login_profile", metavar="PROFILE")
    login.add_argument(
        "--lookup-domain-id",
        action="store_true",
        help="CloudPond AK/SK: ask IAM which account id the keys belong to (checks the keys)",
    )

    logout = commands.add_parser("logout", help="delete a profile's credentials from the keyring")
    _common_options(logout)
    logout.add_argument("login_profile", metavar="PROFILE")

    payments = commands.add_parser(
        "payments",
        help="pending orders across all profiles, soonest deadline first",
        description="Every order awaiting payment, across profiles (or --profile), soonest "
        "deadline first; orders without a deadline follow with their age.",
    )
    _common_options(payments)
    payments.add_argument(
        "--watch",
        action="store_true",
        help="re-check every payments.poll_seconds and print the list again; exits 0 once "
        "nothing is pending, or on Ctrl-C",
    )
    payments.add_argument("--format", choices=("table", "json"), default="table")

    config_cmd = commands.add_parser("config", help="config file helpers")
    _common_options(config_cmd)
    config_sub = config_cmd.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    config_sub.add_parser("path", help="print where the config file is read from")

    sandbox = commands.add_parser(
        "sandbox", help="serve the fake provider APIs (the demo's back end) in the foreground"
    )
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument(
        "--allow-remote",
        action="store_true",
        help="serve on a non-loopback address (the demo credentials are public)",
    )
    return parser


# --- entry point ------------------------------------------------------------------------------


@dataclass
class Context:
    """What every command needs once arguments are parsed."""

    args: argparse.Namespace
    config: Config
    store: SecretStore
    demo: bool
    out: TextIO
    err: TextIO

    @property
    def profile_name(self) -> str | None:
        name: str | None = getattr(self.args, "profile", None)
        return name

    @property
    def zone(self) -> tzinfo:
        return resolve_timezone(self.config.timezone)


def main(argv: list[str] | None = None) -> int:
    """`orderdeck ...`; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
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


def _start_logging() -> None:
    """The redacted log file in the user log dir; `ORDERDECK_LOG_LEVEL=DEBUG` for more."""
    import logging
    import os

    name = os.environ.get("ORDERDECK_LOG_LEVEL", "INFO").upper()
    level = logging.getLevelNamesMapping().get(name, logging.INFO)
    setup_logging(level)


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


DEMO_COMMANDS: Final = (None, "list", "show", "create", "payments")
"""The commands `--demo` serves from the sandbox (None is the dashboard); login and logout
refuse it, `config` and `sandbox` have no use for it."""


@contextmanager
def _demo_sandbox(args: argparse.Namespace) -> Iterator[str | None]:
    """The demo sandbox's URL while a `--demo` command runs; None for everything else."""
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
    if command == "config":
        return cmd_config_path(args)
    if command == "sandbox":
        return cmd_sandbox(args)
    demo = bool(getattr(args, "demo", False))
    if demo and command in ("login", "logout"):
        raise UsageError("--demo uses built-in credentials; login and logout are for real profiles")
    config, store = _environment(args, sandbox_url)
    context = Context(args, config, store, demo, sys.stdout, sys.stderr)
    if command is None:
        return run_dashboard(context)
    handlers: dict[str, Callable[[Context], int]] = {
        "list": cmd_list,
        "show": cmd_show,
        "create": cmd_create,
        "login": cmd_login,
        "logout": cmd_logout,
        "payments": cmd_payments,
    }
    return handlers[command](context)


def _environment(args: argparse.Namespace, sandbox_url: str | None) -> tuple[Config, SecretStore]:
    """The real config and credential store, or the demo profiles on the sandbox."""
    if sandbox_url is None:
        from tui.config import load_config
        from tui.secrets import default_store

        return load_config(getattr(args, "config", None)), default_store()
    from tui.sandbox.demo import demo_config, demo_secrets

    return demo_config(sandbox_url), demo_secrets()


def run_dashboard(context: Context) -> int:
    if context.profile_name is not None:
        context.config.profile(context.profile_name)  # an unknown name fails here, exit 2
    # Textual is imported only now: the headless commands never pay for it.
    from tui.ui.app import run_dashboard as run

    return run(context.config, context.store, context.profile_name)


# --- list and show ----------------------------------------------------------------------------


def cmd_list(context: Context) -> int:
    args = context.args
    profile = context.config.profile(context.profile_name)
    now = utc_now()
    try:
        since = parse_moment(args.since, now=now, zone=context.zone) if args.since else None
        until = (
            parse_moment(args.until, now=now, zone=context.zone, end_of_day=True)
            if args.until
            else None
        )
    except ValueError as error:
        raise UsageError(f"--since/--until: {error}") from None
    if since and until and since > until:
        raise UsageError("--since is after --until")
    limit: int | None = None if args.all else args.limit
    import asyncio

    orders = asyncio.run(
        _fetch_orders(profile, context.store, frozenset(args.statuses), since, until, limit)
    )
    if args.format == "json":
        write_json([order.to_json() for order in orders], context.out)
    elif args.format == "csv":
        from tui.export import orders_to_csv

        # Control characters made visible: this often lands on a terminal, not in a file.
        context.out.write(printable(orders_to_csv(orders), single_line=False))
    else:
        write_order_table(orders, context.zone, context.out, now=now)
    return EXIT_OK


async def _fetch_orders(
    profile: Profile,
    store: SecretStore,
    statuses: frozenset[Status],
    since: datetime | None,
    until: datetime | None,
    limit: int | None,
) -> list[Order]:
    """`limit` orders (fetching only the pages needed), or every page when `limit` is None."""
    provider = open_provider(profile, store)
    try:
        max_page = provider.capabilities.max_page_size
        page_size = max_page if limit is None else min(limit, max_page)
        query = OrderQuery(statuses=statuses, since=since, until=until, page_size=page_size)
        orders: list[Order] = []
        if limit is None:
            async for page in provider.iter_pages(query):
                orders.extend(page.items)
            return orders
        cursor = None
        while len(orders) < limit:
            page = await provider.list_orders(query, cursor)
            orders.extend(page.items)
            if page.next_cursor is None or not page.items:
                break
            cursor = page.next_cursor
        return orders[:limit]
    finally:
        await provider.aclose()


def cmd_show(context: Context) -> int:
    import asyncio

    profile = context.config.profile(context.profile_name)
    order = asyncio.run(_get_order(profile, context.store, context.args.order_id))
    if context.args.format == "json":
        write_json(order.to_json(), context.out)
    else:
        write_order_detail(order, context.zone, context.out, now=utc_now())
    return EXIT_OK


async def _get_order(profile: Profile, store: SecretStore, order_id: str) -> Order:
    provider = open_provider(profile, store)
    try:
        return await provider.get_order(order_id)
    finally:
        await provider.aclose()


# --- payments ---------------------------------------------------------------------------------

PAYMENT_COLUMNS: Final = ("PROFILE", "ORDER", "AMOUNT", "PAY IN", "PAY LINK")


def cmd_payments(context: Context) -> int:
    import asyncio

    names = None
    if context.profile_name is not None:
        names = [context.config.profile(context.profile_name).name]  # unknown: exit 2
    try:
        return asyncio.run(_watch_payments(context, names))
    except KeyboardInterrupt:
        if not context.args.watch:
            raise
        # Ctrl-C is how a watch is stopped: the clients are closed, nothing half-printed.
        print(f"{PROG}: stopped watching", file=context.err)
        return EXIT_OK


async def _watch_payments(context: Context, names: list[str] | None) -> int:
    from datetime import timedelta

    from tui.deck import Deck
    from tui.payments import EventKind, PaymentWatch

    settings = context.config.payments
    deck = Deck(context.config, context.store)
    watch = PaymentWatch(deck, warn_before=timedelta(minutes=settings.warn_minutes), names=names)
    try:
        while True:
            report = await watch.poll()
            for event in report.events:
                if not event.initial and event.kind is not EventKind.JOINED:
                    print(f"{PROG}: {printable(event.describe())}", file=context.err)
            for name, error in report.errors.items():
                print(f"{PROG}: error: {printable(name)}: {error_text(error)}", file=context.err)
            write_payments(watch.orders, context, watching=context.args.watch)
            if not context.args.watch:
                return max((e.exit_code for e in report.errors.values()), default=EXIT_OK)
            if not watch.orders and not report.errors:
                return EXIT_OK
            await wait_for_next_poll(settings.poll_seconds)
    finally:
        await deck.aclose()


async def wait_for_next_poll(seconds: float) -> None:
    """The pause between two checks of `payments --watch` (a seam for the tests)."""
    import asyncio

    await asyncio.sleep(seconds)


def write_payments(orders: Sequence[Order], context: Context, *, watching: bool) -> None:
    from datetime import timedelta

    from tui.payments import amount_due, countdown, is_urgent, remaining

    now = utc_now()
    warn = timedelta(minutes=context.config.payments.warn_minutes)
    if context.args.format == "json":
        items = []
        for order in orders:
            left = remaining(order, now)
            items.append(
                {
                    **order.to_json(),
                    "seconds_left": int(left.total_seconds()) if left is not None else None,
                    "urgent": is_urgent(order, now, warn),
                }
            )
        if watching:  # one array per line and check: JSON Lines a script can read as it comes
            text = json.dumps(items, ensure_ascii=False)
            context.out.write(json_safe(text) + "\n")
        else:
            write_json(items, context.out)
        context.out.flush()
        return
    if watching:
        stamp = format_timestamp(now, context.zone, seconds=True)
        context.out.write(f"\n{stamp} · {len(orders)} pending\n")
    if not orders:
        print("nothing is pending", file=context.err)
        return
    rows = []
    for order in orders:
        due = amount_due(order)
        rows.append(
            [
                order.profile,
                order.id,
                str(due) if due is not None else "",
                countdown(order, now),
                order.pay_url or "",
            ]
        )
    write_table(list(PAYMENT_COLUMNS), rows, context.out, always=frozenset({"PROFILE", "ORDER"}))
    context.out.flush()


# --- output -----------------------------------------------------------------------------------


def write_json(value: Any, out: TextIO) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    out.write(json_safe(text) + "\n")


TABLE_COLUMNS: Final = ("ID", "STATUS", "KIND", "AMOUNT", "CREATED", "PAY BY", "TITLE")
ALWAYS_SHOWN: Final = frozenset({"ID", "STATUS", "TITLE"})
"""Other columns are dropped when no row has a value (CloudPond orders carry no amount)."""
TITLE_FLOOR: Final = 16
"""A title shrinks to this before any other column gives way."""
MIN_COLUMN_WIDTH: Final = 6
"""Shrinking stops here: a 6-cell id prefix still tells rows apart by eye."""


def _status_cell(order: Order) -> str:
    if order.status is Status.UNKNOWN:
        return f"unknown ({order.status_raw})"
    return order.status.value


def order_rows(orders: Sequence[Order], zone: tzinfo, now: datetime) -> list[list[str]]:
    return [
        [
            order.id,
            _status_cell(order),
            order.kind.value,
            str(order.amount) if order.amount else "",
            format_timestamp(order.created_at, zone),
            time_left(order.expires_at, now) if order.status is Status.PENDING else "",
            order.title,
        ]
        for order in orders
    ]


def write_order_table(
    orders: Sequence[Order], zone: tzinfo, out: TextIO, *, now: datetime, width: int | None = None
) -> None:
    if not orders:
        print("no orders match", file=sys.stderr)
        return
    rows = order_rows(orders, zone, now)
    write_table(list(TABLE_COLUMNS), rows, out, width=width, always=ALWAYS_SHOWN)


def write_table(
    header: list[str],
    rows: list[list[str]],
    out: TextIO,
    *,
    width: int | None = None,
    always: frozenset[str] = frozenset(),
) -> None:
    """Aligned plain text no wider than the terminal; every cell made safe to print."""
    rows = [[printable(cell) for cell in row] for row in rows]
    keep = [i for i, name in enumerate(header) if name in always or any(row[i] for row in rows)]
    header = [header[i] for i in keep]
    rows = [[row[i] for i in keep] for row in rows]
    widths = [
        max(cell_width(name), *(cell_width(row[i]) for row in rows))
        for i, name in enumerate(header)
    ]
    total_width = width or shutil.get_terminal_size(FALLBACK_TERMINAL).columns
    title = header.index("TITLE") if "TITLE" in header else None
    _fit(widths, total_width - 2 * (len(widths) - 1), title)
    for row in [header, *rows]:
        cells = [_pad(truncate(cell, w), w) for cell, w in zip(row, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")


def _fit(widths: list[int], available: int, first: int | None = None) -> None:
    """Shrink column `first` (the title) down to `TITLE_FLOOR`, then the widest columns,
    until the row fits: ids stay whole as long as possible, since `show` needs them."""
    if first is not None:
        excess = sum(widths) - available
        if excess > 0:
            widths[first] = max(min(widths[first], TITLE_FLOOR), widths[first] - excess)
    while sum(widths) > available:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= MIN_COLUMN_WIDTH:
            return
        widths[widest] -= 1


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


def write_order_detail(order: Order, zone: tzinfo, out: TextIO, *, now: datetime) -> None:
    fields: list[tuple[str, str]] = [
        ("Provider", display_name(order.provider)),
        ("Profile", order.profile),
        ("Id", order.id),
        ("Title", order.title),
        ("Status", f"{order.status.value} ({order.status_raw})"),
        ("Kind", order.kind.value),
        ("Amount", str(order.amount) if order.amount else ""),
        ("Created", format_timestamp(order.created_at, zone, seconds=True)),
        ("Updated", format_timestamp(order.updated_at, zone, seconds=True)),
    ]
    if order.expires_at:
        deadline = format_timestamp(order.expires_at, zone, seconds=True)
        fields.append(("Pay by", f"{deadline} ({time_left(order.expires_at, now)})"))
    if order.pay_url:
        fields.append(("Pay at", order.pay_url))
    fields.extend((str(label), _text(value)) for label, value in order.extra.items())
    shown = [(label, value) for label, value in fields if value]
    label_width = max(cell_width(printable(label)) for label, _ in shown)
    for label, value in shown:
        out.write(f"{_pad(printable(label), label_width)}  {printable(value)}\n")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --- create -----------------------------------------------------------------------------------


def cmd_create(context: Context) -> int:
    args = context.args
    profile = context.config.profile(context.profile_name)
    from tui.providers import registry

    entry = registry.get(profile.provider)
    if entry is None or not entry.can_create:
        creators = " or ".join(creator.display_name for creator in registry.creators())
        raise UsageError(
            f"profile {profile.name!r} is {registry.display_name(profile.provider)}: "
            f"orderdeck creates orders on {creators} profiles only"
        )
    from tui.order_draft import render_body

    request = _read_order_file(args.file)
    body = render_body(request)  # the wizard's review shows the same text for the same choices
    if args.dry_run:
        # Exactly what would be POSTed (the client sends the same dict, compactly).
        context.out.write(body + "\n")
        if profile.read_only:
            print(
                f"note: profile {profile.name!r} is read_only; it would refuse to send this",
                file=context.err,
            )
        return EXIT_OK
    if profile.read_only:
        raise UsageError(
            f"profile {profile.name!r} is read_only = true: orders cannot be placed with it; "
            f"set read_only = false under [profiles.{profile.name}] in {_config_label(context)}"
        )
    import asyncio

    return asyncio.run(_create(profile, request, body, context))


async def _create(profile: Profile, request: Any, body: str, context: Context) -> int:
    from tui.providers.base import CreatesOrders

    provider = open_provider(profile, context.store)  # missing credentials fail before asking
    try:
        if not isinstance(provider, CreatesOrders):  # the registry entry promised it could
            raise UsageError(f"{provider.name} profile {profile.name!r} cannot create orders")
        context.out.write(body + "\n")
        context.out.flush()
        question = (
            f"Place this order on {display_name(profile.provider)} profile {profile.name!r} "
            f"({profile.endpoint})? [y/N] "
        )
        if not context.args.yes and not _confirm(question, context):
            raise Cancelled("not confirmed: nothing was sent")
        return await _send_order(provider, request, profile.name, context)
    finally:
        await provider.aclose()


def _config_label(context: Context) -> str:
    from tui.config import config_path

    return (
        "the demo config"
        if context.demo
        else str(config_path(getattr(context.args, "config", None)))
    )


def _read_order_file(path: Path) -> Any:
    from pydantic import ValidationError

    from tui.providers.cloudpond.models import CreateDeliveryOrderRequest

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read: {error}") from None
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{path}: not JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    try:
        return CreateDeliveryOrderRequest.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'top level'}: "
            f"{item['msg'].removeprefix('Value error, ')}"
            for item in error.errors()
        )
        raise UsageError(f"{path}: not a delivery order: {problems}") from None


def _confirm(prompt: str, context: Context) -> bool:
    context.err.write(prompt)
    context.err.flush()
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


async def _send_order(
    provider: CreatesOrders, request: Any, profile_name: str, context: Context
) -> int:
    try:
        created = await provider.create_order(request)
    except TransportError as error:
        if error.outcome_unknown:
            raise TransportError(
                error.provider,
                f"{error.message}. The order may have been placed: check "
                f"`orderdeck list --profile {profile_name}` before sending it again",
                outcome_unknown=True,
            ) from None
        raise
    order: Order = created.order
    ids = ", ".join(created.order_ids) or "none"
    context.out.write(
        f"Placed delivery order {printable(order.id)} "
        f"({order.status.value}, {printable(order.status_raw)}); "
        f"billing order ids: {printable(ids)}\n"
    )
    return EXIT_OK


# --- credentials ------------------------------------------------------------------------------


def cmd_login(context: Context) -> int:
    from getpass import getpass

    from pydantic import SecretStr

    from tui.secrets import FIELD_LABELS, KeyringStore

    name: str = context.args.login_profile
    profile = context.config.profile(name)
    keyring_store = KeyringStore()
    try:
        keyring_store.check_available(name)
    except KeyringUnavailable:
        raise KeyringUnavailable(_no_keyring_message(name, profile.secret_fields)) from None
    values: dict[str, SecretStr] = {}
    for field in profile.secret_fields:
        value = getpass(f"{FIELD_LABELS[field]} for {name}: ").strip()
        if not value:
            raise Cancelled(f"empty {FIELD_LABELS[field]}: nothing was stored")
        values[field] = SecretStr(value)
    if context.args.lookup_domain_id:
        _check_domain_id(profile, values, context)
    # Only after every prompt succeeded: a half-stored login would mix old and new keys.
    for field, secret in values.items():
        keyring_store.set(name, field, secret)
    context.out.write(f"Stored {', '.join(values)} for {name} in the OS keyring.\n")
    _warn_about_overrides(name, profile.secret_fields, context)
    return EXIT_OK


def _no_keyring_message(profile: str, fields: Sequence[str]) -> str:
    from tui.secrets import env_var_name

    variables = "\n".join(f"  export {env_var_name(profile, field)}=..." for field in fields)
    return (
        "no usable OS keyring backend, so nothing was stored "
        "(orderdeck never writes secrets to a plain file).\n"
        f"Either set the credentials as environment variables:\n{variables}\n"
        "or install a keyring backend (a desktop Secret Service such as GNOME Keyring or "
        "KWallet, or macOS Keychain / Windows Credential Locker) and run the login again. "
        "`python -m keyring diagnose` shows what keyring sees."
    )


def _warn_about_overrides(profile: str, fields: Sequence[str], context: Context) -> None:
    import os

    from tui.secrets import env_var_name

    for field in fields:
        variable = env_var_name(profile, field)
        if os.environ.get(variable):
            print(f"note: {variable} is set and overrides the keyring value", file=context.err)


def _check_domain_id(profile: Profile, values: dict[str, SecretStr], context: Context) -> None:
    from tui.providers.cloudpond.profile import CloudPondProfile

    # The account lookup is CloudPond's own IAM call, signed with the keys just typed.
    if not isinstance(profile, CloudPondProfile) or profile.auth != "aksk":
        raise UsageError('--lookup-domain-id works for CloudPond profiles with auth = "aksk"')
    import asyncio

    asyncio.run(_lookup_and_compare(profile, values, context))


async def _lookup_and_compare(
    profile: CloudPondProfile, values: dict[str, SecretStr], context: Context
) -> None:
    from tui.providers.cloudpond.auth import lookup_domain_id

    found = await lookup_domain_id(
        profile.iam_endpoint, values["ak"], values["sk"], timeout=profile.timeout_seconds
    )
    if found == profile.domain_id:
        context.out.write(f"The keys belong to account {found}, as configured.\n")
    else:
        raise UsageError(
            f"the keys belong to account {found}, but [profiles.{profile.name}] has "
            f'domain_id = "{profile.domain_id}"; fix domain_id (nothing was stored)'
        )


def cmd_logout(context: Context) -> int:
    from tui.secrets import FIELDS, KeyringStore, env_var_name

    name: str = context.args.login_profile
    keyring_store = KeyringStore()
    try:
        keyring_store.check_available(name)
    except KeyringUnavailable:
        raise KeyringUnavailable(
            "no usable OS keyring backend, so there is nothing stored to delete.\n"
            f"Credentials set as environment variables ({env_var_name(name, '')}*) "
            "are removed by unsetting them."
        ) from None
    # Every field, not only the current auth's: a profile that switched auth leaves old keys.
    removed = [field for field in FIELDS if keyring_store.delete(name, field)]
    if removed:
        context.out.write(f"Deleted {', '.join(removed)} for {name} from the OS keyring.\n")
    else:
        context.out.write(f"Nothing stored for {name}.\n")
    _warn_about_overrides(name, FIELDS, context)
    return EXIT_OK


# --- config and sandbox -----------------------------------------------------------------------


def cmd_config_path(args: argparse.Namespace) -> int:
    from tui.config import config_path

    path = config_path(getattr(args, "config", None))
    print(path)
    if not path.exists():
        print("note: the file does not exist yet; start from config.example.toml", file=sys.stderr)
    return EXIT_OK


def cmd_sandbox(args: argparse.Namespace) -> int:
    from tui.config import is_loopback_host

    host: str = args.host
    if not is_loopback_host(host) and not args.allow_remote:
        raise UsageError(
            f"refusing to serve on {host}: the sandbox accepts public demo credentials; "
            "use 127.0.0.1, or pass --allow-remote if you mean it"
        )
    from tui.sandbox.server import serve_forever

    print(f"Sandbox on http://{host}:{args.port} (Ctrl-C stops it)", file=sys.stderr)
    serve_forever(host=host, port=args.port)
    return EXIT_OK

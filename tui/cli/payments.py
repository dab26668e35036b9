"""`orderdeck payments [--watch]`: pending orders across profiles, soonest deadline first.

The same `PaymentWatch` over a `Deck` as the dashboard's payments strip: `--watch` re-checks
every `payments.poll_seconds`, announces what got paid or expired on stderr, and exits 0 once
nothing is pending, or on Ctrl-C.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

from tui.cli.context import EXIT_OK
from tui.cli.output import write_json, write_json_line, write_table
from tui.cli.parser import PROG
from tui.columns import amount_text
from tui.deck import Deck
from tui.display import error_text, format_timestamp, printable, utc_now
from tui.payments import EventKind, PaymentWatch, amount_due, countdown, is_urgent, remaining

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from tui.cli.context import Context
    from tui.orders import Order

PAYMENT_COLUMNS: Final = ("PROFILE", "ORDER", "AMOUNT", "PAY IN", "PAY LINK")
ALWAYS_SHOWN: Final = frozenset({"PROFILE", "ORDER"})


def cmd_payments(context: Context) -> int:
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
    settings = context.config.payments
    warn_before = timedelta(minutes=settings.warn_minutes)
    async with Deck(context.config, context.store) as deck:
        watch = PaymentWatch(deck, warn_before=warn_before, names=names)
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
            await context.pause(settings.poll_seconds)


def write_payments(orders: Sequence[Order], context: Context, *, watching: bool) -> None:
    now = utc_now()
    if context.args.format == "json":
        warn_before = timedelta(minutes=context.config.payments.warn_minutes)
        items = [_payment_json(order, now, warn_before) for order in orders]
        if watching:  # one array per line and check: JSON Lines a script can read as it comes
            write_json_line(items, context.out)
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
    rows = [
        [
            order.profile,
            order.id,
            amount_text(amount_due(order)),
            countdown(order, now),
            order.pay_url or "",
        ]
        for order in orders
    ]
    write_table(list(PAYMENT_COLUMNS), rows, context.out, always=ALWAYS_SHOWN)
    context.out.flush()


def _payment_json(order: Order, now: datetime, warn_before: timedelta) -> dict[str, Any]:
    """An order as `payments --format json` writes it: the order, the seconds left to pay and
    whether that is under `payments.warn_minutes`."""
    left = remaining(order, now)
    return {
        **order.to_json(),
        "seconds_left": int(left.total_seconds()) if left is not None else None,
        "urgent": is_urgent(order, now, warn_before),
    }

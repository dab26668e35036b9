"""`orderdeck list` and `orderdeck show`: one profile's orders, read through a `Deck` as the
dashboard and `payments` read them."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from tui.cli.context import EXIT_OK
from tui.cli.output import write_csv, write_json, write_order_detail, write_order_table
from tui.deck import Deck
from tui.display import utc_now
from tui.errors import UsageError
from tui.orders import OrderQuery
from tui.timeparse import parse_moment

if TYPE_CHECKING:
    from datetime import datetime

    from tui.cli.context import Context
    from tui.orders import Order


def cmd_list(context: Context) -> int:
    args = context.args
    profile = context.config.profile(context.profile_name)
    now = utc_now()
    query = _query(context, now)
    limit: int | None = None if args.all else args.limit
    orders = asyncio.run(_fetch_orders(context, profile.name, query, limit))
    if args.format == "json":
        write_json([order.to_json() for order in orders], context.out)
    elif args.format == "csv":
        write_csv(orders, context.out)
    else:
        write_order_table(orders, context.zone, context.out, now=now)
    return EXIT_OK


def _query(context: Context, now: datetime) -> OrderQuery:
    """The statuses and the `--since`/`--until` window asked for (a usage error if unreadable)."""
    args = context.args
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
    return OrderQuery(statuses=frozenset(args.statuses), since=since, until=until)


async def _fetch_orders(
    context: Context, name: str, query: OrderQuery, limit: int | None
) -> list[Order]:
    async with Deck(context.config, context.store) as deck:
        return await deck.orders(name, query, limit)


def cmd_show(context: Context) -> int:
    profile = context.config.profile(context.profile_name)
    order = asyncio.run(_get_order(context, profile.name, context.args.order_id))
    if context.args.format == "json":
        write_json(order.to_json(), context.out)
    else:
        write_order_detail(order, context.zone, context.out, now=utc_now())
    return EXIT_OK


async def _get_order(context: Context, name: str, order_id: str) -> Order:
    async with Deck(context.config, context.store) as deck:
        return await deck.order(name, order_id)

"""Which billing orders belong to which order, for orders placed from orderdeck.

A CloudPond create answer names its Huawei billing orders (`order_ids`); nothing in either API
leads from a delivery order back to them later. So orderdeck writes the link down when it
places an order (the wizard, `orderdeck create`), in a small JSON file in the user's state dir
(platformdirs), and reads it back to show what an order costs. Orders placed elsewhere (the
console, another machine) are not linked.

Nothing here knows Textual; the fetches go through the `Deck`'s clients.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from tui.errors import NotFound, OrderdeckError
from tui.logs import get_logger
from tui.orders import Money, Order, Status
from tui.paths import user_state_file

if TYPE_CHECKING:
    from datetime import tzinfo

    from tui.deck import Deck

OrderKey = tuple[str, str]
"""(profile, order id)."""

BILLING_FIELD: Final = "Billing orders"
"""The `extra` field a linked order carries: its billing order ids, as the detail pane lists."""


def billing_links_path() -> Path:
    return user_state_file("billing_links.json")


class BillingLinks:
    """The links, one JSON object `{"profile": {"order id": ["billing id", ...]}}`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or billing_links_path()

    def all(self) -> dict[OrderKey, tuple[str, ...]]:
        """Every link; empty when there is no file or it is unreadable (a broken file costs
        the links, never the dashboard)."""
        try:
            data: Any = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        links: dict[OrderKey, tuple[str, ...]] = {}
        if not isinstance(data, dict):
            return links
        for profile, orders in data.items():
            if not isinstance(orders, dict):
                continue
            for order_id, ids in orders.items():
                if isinstance(ids, list) and all(isinstance(one, str) for one in ids):
                    links[(str(profile), str(order_id))] = tuple(ids)
        return links

    def billing_ids(self, profile: str, order_id: str) -> tuple[str, ...]:
        return self.all().get((profile, order_id), ())

    def record(self, profile: str, order_id: str, billing_ids: Sequence[str]) -> None:
        """Keep one order's billing ids, atomically; a failed write is logged, never raised
        (the order is placed whatever happens to this file)."""
        if not billing_ids:
            return
        by_profile: dict[str, dict[str, list[str]]] = {}
        for (name, known_id), ids in self.all().items():
            by_profile.setdefault(name, {})[known_id] = list(ids)
        by_profile.setdefault(profile, {})[order_id] = list(billing_ids)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(by_profile, indent=2) + "\n", encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as error:
            get_logger("billing").warning("cannot keep billing links: %s", error)


class BillingRead(NamedTuple):
    """What reading an order's billing orders found."""

    orders: tuple[Order, ...] = ()
    missing: tuple[str, ...] = ()
    """Ids the billing profile does not (yet) know."""
    problem: str = ""
    """Why nothing could be read: no billing profile, or its error."""
    retry: bool = True
    """Whether asking again may find more (not without a billing profile)."""

    @property
    def complete(self) -> bool:
        return not self.missing and not self.problem


async def read_billing(deck: Deck, profile: str, billing_ids: Iterable[str]) -> BillingRead:
    """The billing orders `billing_ids` of an order of `profile`, through the billing profile
    of the same account."""
    ids = tuple(billing_ids)
    billing = deck.billing_profile(profile)
    if billing is None:
        return BillingRead(missing=ids, problem="no billing profile for this account", retry=False)
    found = await asyncio.gather(*(deck.order(billing, one) for one in ids), return_exceptions=True)
    orders: list[Order] = []
    missing: list[str] = []
    for one, result in zip(ids, found, strict=True):
        if isinstance(result, Order):
            orders.append(result)
        elif isinstance(result, NotFound):
            missing.append(one)
        elif isinstance(result, OrderdeckError):
            return BillingRead(tuple(orders), (one, *missing), str(result))
        else:
            raise result
    return BillingRead(tuple(orders), tuple(missing))


def describe_billing(order: Order, zone: tzinfo) -> str:
    """`pending payment (6) · ¥1,200.00 CNY · pay by 2026-12-01 10:00`: one billing order
    in a line."""
    from tui.display import format_timestamp, printable

    parts = [printable(order.status_raw)]
    if order.amount is not None:
        parts.append(f"{printable(str(order.amount))} {printable(order.amount.currency)}")
    if order.expires_at is not None:
        parts.append(f"pay by {format_timestamp(order.expires_at, zone)}")
    return " · ".join(parts)


def with_billing_fields(order: Order, read: BillingRead, zone: tzinfo) -> Order:
    """`order` with one detail field per billing order (or why they are not shown)."""
    extra: dict[str, Any] = dict(order.extra)
    for billing_order in read.orders:
        extra[f"Billing {billing_order.id}"] = describe_billing(billing_order, zone)
    for missing in read.missing:
        extra[f"Billing {missing}"] = read.problem or "not found"
    return replace(order, extra=extra)


def owed_by_billing(order: Order, read: BillingRead) -> Order:
    """A pending order with what its pending billing orders owe: their amount (one currency),
    the soonest deadline and where to pay; `order` itself when none of them is pending."""
    pending = [one for one in read.orders if one.status is Status.PENDING]
    amounts = [one.amount for one in pending if one.amount is not None]
    deadlines = [one.expires_at for one in pending if one.expires_at is not None]
    if not pending:
        return order
    currencies = {amount.currency for amount in amounts}
    total = (
        Money(sum((amount.amount for amount in amounts), Decimal(0)), amounts[0].currency)
        if len(currencies) == 1
        else None
    )
    extra = {**order.extra, BILLING_FIELD: ", ".join(one.id for one in pending)}
    return replace(
        order,
        amount=total,
        expires_at=min(deadlines) if deadlines else None,
        pay_url=next((one.pay_url for one in pending if one.pay_url), order.pay_url),
        extra=extra,
    )

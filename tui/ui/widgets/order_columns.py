"""The order table's columns: what each shows, how it sorts, and what the quick filter
searches. Plain Python (no Textual): the table and its index both read these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any, Final, NamedTuple

from tui.columns import amount_text, status_badge
from tui.display import format_duration, format_timestamp, printable
from tui.orders import Order, Status

SortKey = Callable[[Order], Any]


class Column(NamedTuple):
    """One column (a NamedTuple: created at import for a tenth of a frozen dataclass's cost)."""

    key: str
    label: str
    cell: Callable[[Order, datetime, tzinfo], str]
    sort_key: SortKey
    max_width: int = 40
    right: bool = False
    flexible: bool = False
    """Takes the width left over (the title)."""
    middle: bool = False
    """Cut in the middle when too narrow (ids share their start: DuoPlus's is the date)."""


def _expires(order: Order, now: datetime) -> str:
    """Time left to pay, compact (`27m 52s`); the detail pane spells it out."""
    if order.status is not Status.PENDING or order.expires_at is None:
        return ""
    remaining = order.expires_at - now
    return "expired" if remaining.total_seconds() <= 0 else format_duration(remaining)


def _created_sort(order: Order) -> float:
    return order.created_at.timestamp() if order.created_at else float("-inf")


def _amount_sort(order: Order) -> float:
    return float(order.amount.amount) if order.amount is not None else float("-inf")


def _expires_sort(order: Order) -> float:
    if order.status is Status.PENDING and order.expires_at is not None:
        return order.expires_at.timestamp()
    return float("inf")


COLUMNS: Final[tuple[Column, ...]] = (
    Column("profile", "Profile", lambda o, n, z: printable(o.profile), lambda o: o.profile, 16),
    Column("id", "Order ID", lambda o, n, z: printable(o.id), lambda o: o.id, 36, middle=True),
    Column(
        "title",
        "Title",
        lambda o, n, z: printable(o.title),
        lambda o: o.title.lower(),
        80,
        flexible=True,
    ),
    Column("kind", "Kind", lambda o, n, z: o.kind.value, lambda o: o.kind.value, 10),
    Column("status", "Status", lambda o, n, z: status_badge(o), lambda o: o.status.value, 26),
    Column("amount", "Amount", lambda o, n, z: amount_text(o.amount), _amount_sort, 14, right=True),
    Column(
        "created",
        "Created",
        lambda o, n, z: format_timestamp(o.created_at, z),
        _created_sort,
        16,
    ),
    Column("expires", "Pay in", lambda o, n, z: _expires(o, n), _expires_sort, 10),
)
COLUMNS_BY_KEY: Final = {column.key: column for column in COLUMNS}
INDEX_ORDER: Final = ("created", "amount", "status", "expires", "title", "id", "kind", "profile")
"""Columns whose sort the index prepares first: the `s` cycle's order."""
OPTIONAL_COLUMNS: Final = frozenset({"amount", "expires", "kind"})
"""Columns hidden while no loaded row has a value for them."""


def haystack(order: Order) -> str:
    """What the quick filter searches in one order, lower-cased."""
    parts = [order.id, order.title, order.status_raw, order.status.value, order.profile]
    parts.extend(str(value) for value in order.extra.values() if value is not None)
    return " ".join(parts).lower()

"""Plain DuoPlus order items straight to `Order`: the fast path of the team order list.

An item is plain when its labels and id are strings; its money, times and seconds go through
the very functions the wire model's validators call (`_lenient_money`, `_lenient_timestamp`,
`_seconds`), after a shortcut for the shapes the list really sends. For those items the result
equals `DuoPlusClient.to_order(OrderItem.model_validate(item), item)`, which
`tests/test_fast_paths.py` checks item by item. Any other item is handed to `fallback`, the
wire-model path, with its handling and errors.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any, Final

from tui.orders import Kind, Money, Order, Status, dollars, new_order
from tui.providers.duoplus.models import (
    MAX_SECONDS_TO_PAY,
    _lenient_money,
    _lenient_timestamp,
    _seconds,
    kind_of,
    status_of,
)
from tui.providers.fast_path import shared_table

_DEFAULTS: Final = (
    ("order_id", None),
    ("type", ""),
    ("product", ""),
    ("description", ""),
    ("status", ""),
    ("total", None),
    ("created_at", None),
    ("expired_at", None),
    ("expired_seconds", 0),
)
"""The fields `OrderItem` reads, with the model's defaults (`order_id` has none: left out, the
item is not plain)."""

_FIELDS: Final = itemgetter(*(name for name, _ in _DEFAULTS))
"""All of them in one call, for the items that send every field (all, in practice)."""

Labelled = tuple[str, str, str, str, Status, str, Kind, dict[str, str]]
"""An order's labels (type, product, description, status) as shared strings, then its status,
title, kind and `extra`: all that the four labels decide."""

SHARED_LABELS: Final[dict[tuple[str, str, str, str], Labelled]] = {}
"""(type, product, description, status) -> what they make (see `Labelled`); orders with equal
labels hold one `extra` dict (`Order.extra` is a read-only Mapping)."""
SHARED_MONEY: Final[dict[str, Money | None]] = {}
"""Money text -> its Money (None: not money). These tables serve every client and page, like
`sys.intern`, and are bounded (see `fast_path.shared_table`)."""


def plain_orders(
    items: list[Any],
    *,
    provider: str,
    profile: str,
    clock: Callable[[], datetime],
    fallback: Callable[[Any], Order],
) -> list[Order]:
    """The orders of `items`. Equal values become one object through the `SHARED_` tables:
    the labels and what they make (status, title, kind, `extra`), and money.
    The raw item becomes `Order.raw` as it is, holding the shared strings."""
    labels = shared_table(SHARED_LABELS)
    money = shared_table(SHARED_MONEY)
    orders: list[Order] = []
    append = orders.append
    fromisoformat = datetime.fromisoformat
    pending = Status.PENDING
    # The three providers' plain_orders loops share a shape on purpose: each is unrolled for
    # its own wire format (local lookups, no helper calls per item), which is the point.
    for item in items:
        if type(item) is not dict:
            append(fallback(item))
            continue
        try:
            fields = _FIELDS(item)
            complete = True
        except KeyError:  # a field left out: its default, as the model has it
            fields = tuple([item.get(name, default) for name, default in _DEFAULTS])
            complete = False
        order_id, type_text, product, description, status_text, total, created, expired, seconds = (
            fields
        )
        if not (
            type(order_id) is str
            and type(type_text) is str
            and type(product) is str
            and type(description) is str
            and type(status_text) is str
        ):
            append(fallback(item))
            continue

        key = (type_text, product, description, status_text)
        labelled = labels.get(key)
        if labelled is None:
            labelled = labels[key] = _labelled(*key)
        type_text, product, description, status_text, status, title, kind, extra = labelled
        if complete:
            # The raw item holds the shared copies (only of fields it has: it stays as sent).
            item["type"] = type_text
            item["product"] = product
            item["description"] = description
            item["status"] = status_text

        if type(total) is str:
            amount = money.get(total, _UNSEEN)
            if amount is _UNSEEN:
                amount = dollars(total)
                if amount is None:
                    amount = _lenient_money(total)
                money[total] = amount
        else:
            amount = _lenient_money(total)
        try:
            parsed = fromisoformat(created)
        except (TypeError, ValueError):
            created_at = _lenient_timestamp(created)
        else:
            created_at = parsed if parsed.tzinfo is not None else _lenient_timestamp(created)
        expires_at = None if expired == "" else _time(expired, fromisoformat)
        if expires_at is None and status is pending:
            if not (type(seconds) is int and 0 <= seconds <= MAX_SECONDS_TO_PAY):
                seconds = _seconds(seconds)
            if seconds > 0:
                expires_at = clock() + timedelta(seconds=seconds)
        append(
            new_order(
                provider,
                profile,
                order_id,
                title,
                status,
                status_text,
                kind,
                amount,
                created_at,
                None,
                expires_at,
                None,
                extra,
                item,
            )
        )
    return orders


_UNSEEN: Final[Any] = object()
"""A money text not looked up yet (None is an answer: text that is not money)."""


def _time(value: object, fromisoformat: Callable[[str], datetime]) -> datetime | None:
    """`_lenient_timestamp(value)`, with the list's own shapes (ISO with an offset, and "")
    answered without its regular expressions."""
    if value == "" or value is None:
        return None
    if type(value) is str:
        try:
            moment = fromisoformat(value)
        except ValueError:
            return _lenient_timestamp(value)
        if moment.tzinfo is not None:
            return moment
    return _lenient_timestamp(value)


def _labelled(type_text: str, product: str, description: str, status_text: str) -> Labelled:
    """What an order's labels make, as `DuoPlusClient.to_order` makes it."""
    title = product or type_text or "DuoPlus order"
    if description and description != product:
        title = f"{title}: {description}" if product else description
    extra = {"Type": type_text, "Product": product, "Description": description}
    status = _status_of(status_text)
    return type_text, product, description, status_text, status, title, _kind_of(type_text), extra


_status_of: Final = functools.lru_cache(maxsize=256)(status_of)
_kind_of: Final = functools.lru_cache(maxsize=256)(kind_of)
"""The label readers, remembered: a handful of labels make every order's status and kind."""

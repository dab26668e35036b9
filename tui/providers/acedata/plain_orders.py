"""Plain Ace Data orders straight to `Order`: the fast path of the order list.

An item is plain when every field `AceOrder` reads has the JSON type the platform's serializer
writes (ids and labels strings or null, numbers int or finite float, lists lists, times DRF's
`...Z`). For those items the result equals
`AceDataClient.to_order(AceOrder.model_validate(item), item)`, which `tests/test_fast_paths.py`
checks item by item. Any other item is handed to `fallback`, the wire-model path, with its
handling and errors.

The platform repeats itself: one user id, a few dozen packages and applications (each a nested
object sent whole with every order), a handful of prices and discounts. Equal values become one
object, in the raw order too, which is most of an order's memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any, Final

from tui.orders import Kind, Money, Order, Status, new_money, new_order
from tui.providers.acedata.models import status_of
from tui.providers.fast_path import shared_table

_FIELDS: Final = itemgetter(
    "id",
    "state",
    "price",
    "amount",
    "remaining_amount",
    "discount",
    "pay_way",
    "pay_url",
    "applications",
    "packages",
    "created_at",
    "updated_at",
)
"""What the order reads, in one call, for items that send every field (all, in practice)."""

_OPTIONAL: Final = ("user_id", "application_id", "package_id", "pay_id")
"""Fields the order does not read but the model checks: strings or null."""

_NESTED: Final = ("applications", "packages", "tags", "metadata")
"""Fields holding JSON objects or lists, shared between orders by their text."""


@dataclass(slots=True)
class SharedValues:
    """One client's tables of equal values (see `fast_path.shared_table` for their bound)."""

    texts: dict[str, str] = field(default_factory=dict)
    states: dict[str, tuple[str, Status]] = field(default_factory=dict)
    nested: dict[str, Any] = field(default_factory=dict)
    """repr of a JSON object or list -> the first such object (its repr is exact: `1`, `1.0`,
    `True` and key order all show)."""
    names: dict[str, list[str]] = field(default_factory=dict)
    """repr of an applications/packages list -> its display names."""
    titles: dict[tuple[str, str], str] = field(default_factory=dict)
    int_numbers: dict[int, int] = field(default_factory=dict)
    float_numbers: dict[float, float] = field(default_factory=dict)
    """Non-zero floats only: 0.0 and -0.0 are equal keys but different JSON."""
    money: dict[Any, Money] = field(default_factory=dict)
    """(type, value) of a price -> its Money (1 and 1.0 print differently)."""
    extras: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)
    """Orders with equal extras hold one dict (`Order.extra` is a read-only Mapping)."""

    def tables(self) -> list[dict[Any, Any]]:
        return [
            self.texts,
            self.states,
            self.nested,
            self.names,
            self.titles,
            self.int_numbers,
            self.float_numbers,
            self.money,
            self.extras,
        ]


SHARED: Final = SharedValues()
"""Serves every client and page, like `sys.intern`, bounded (see `fast_path.shared_table`)."""


def plain_orders(
    items: list[Any],
    *,
    provider: str,
    profile: str,
    names_of: Callable[[Any], list[str]],
    title_of: Callable[[list[str], list[str]], str],
    extra_of: Callable[[Any, list[str], Decimal | None, Decimal | None, Decimal | None, Any], Any],
    fallback: Callable[[Any], Order],
) -> list[Order]:
    """The orders of `items`; `names_of`, `title_of`, `extra_of` are the client's own helpers
    (`_names`, `_title`, and the `extra` of `to_order`), so both paths label alike."""
    shared = SHARED
    for table in shared.tables():
        shared_table(table)
    orders: list[Order] = []
    append = orders.append
    fromisoformat = datetime.fromisoformat
    share_text = shared.texts.setdefault
    states = shared.states
    names = shared.names
    titles = shared.titles
    money = shared.money
    extras = shared.extras
    pending = Status.PENDING
    purchase = Kind.PURCHASE
    # The three providers' plain_orders loops share a shape on purpose: each is unrolled for
    # its own wire format (local lookups, no helper calls per item), which is the point.
    for item in items:
        if type(item) is not dict:
            append(fallback(item))
            continue
        try:
            (
                order_id,
                state,
                price,
                credits,
                remaining,
                discount,
                pay_way,
                pay_url,
                applications,
                packages,
                created,
                updated,
            ) = _FIELDS(item)
        except KeyError:
            append(fallback(item))
            continue
        try:
            if not (
                type(order_id) is str
                and type(state) is str
                and (pay_way is None or type(pay_way) is str)
                and (pay_url is None or type(pay_url) is str)
                and (applications is None or type(applications) is list)
                and (packages is None or type(packages) is list)
                and all(_is_text_or_none(item.get(name)) for name in _OPTIONAL)
            ):
                raise ValueError("not plain")
            price_number = _decimal(price)
            credits_number = _decimal(credits)
            remaining_number = _decimal(remaining)
            discount_number = _decimal(discount)
            created_at = None if created is None else fromisoformat(created)
            updated_at = None if updated is None else fromisoformat(updated)
            if not (
                (created is None or _is_drf_time(created, created_at))
                and (updated is None or _is_drf_time(updated, updated_at))
            ):
                raise ValueError("not DRF's time")
        except (ValueError, TypeError):
            append(fallback(item))
            continue

        known = states.get(state)
        if known is None:
            known = states[state] = (state, status_of(state))
        state, status = known
        item["state"] = state
        for name in _OPTIONAL:
            value = item.get(name)
            if value is not None:
                item[name] = share_text(value, value)
        if pay_way is not None:
            item["pay_way"] = pay_way = share_text(pay_way, pay_way)
        _share_numbers(item, shared)
        applications_text, packages_text = _share_nested(item, shared)
        application_names = names.get(applications_text)
        if application_names is None:
            application_names = names[applications_text] = names_of(item["applications"])
        package_names = names.get(packages_text)
        if package_names is None:
            package_names = names[packages_text] = names_of(item["packages"])
        title = titles.get((applications_text, packages_text))
        if title is None:
            title = titles[(applications_text, packages_text)] = title_of(
                application_names, package_names
            )

        amount = None
        if price is not None:
            money_key = (type(price), price)
            amount = money.get(money_key) if price else None
            if amount is None:
                amount = new_money(Decimal(str(price_number)), "USD")
                if price:
                    money[money_key] = amount
        pay_link = pay_url if status is pending and pay_url else None
        extra_key = (pay_way, packages_text, credits, remaining, discount, pay_link)
        extra = extras.get(extra_key)
        if extra is None:
            extra = extras[extra_key] = extra_of(
                pay_way, package_names, credits_number, remaining_number, discount_number, pay_link
            )
        append(
            new_order(
                provider,
                profile,
                order_id,
                title,
                status,
                state,
                purchase,
                amount,
                created_at,
                updated_at,
                None,
                pay_link,
                extra,
                item,
            )
        )
    return orders


def _is_text_or_none(value: object) -> bool:
    return value is None or type(value) is str


def _decimal(value: object) -> Decimal | None:
    """A number as the model's `Decimal` field reads it; anything else is not plain."""
    if value is None:
        return None
    if type(value) is int:
        return Decimal(value)
    if type(value) is float and value - value == 0:  # finite: the model refuses NaN and inf
        return Decimal(str(value))
    raise ValueError("not a plain number")


def _is_drf_time(text: str, moment: datetime | None) -> bool:
    """Whether `moment` (parsed from `text`) is what the model's `AwareDatetime` makes of it:
    DRF's shape, read in one call, already in `datetime.UTC`."""
    return (
        moment is not None
        and moment.tzinfo is UTC
        and len(text) >= 20
        and text[10] == "T"
        and text[-1] == "Z"
    )


def _share_numbers(item: dict[str, Any], shared: SharedValues) -> None:
    """The order's numbers as shared objects (ints above 256 and floats are one object per
    occurrence otherwise). Each table holds one type: `1` and `1.0` are equal keys."""
    for name in ("amount", "price", "discount", "remaining_amount"):
        value = item[name]
        if type(value) is int:
            item[name] = shared.int_numbers.setdefault(value, value)
        elif type(value) is float and value:
            item[name] = shared.float_numbers.setdefault(value, value)


def _share_nested(item: dict[str, Any], shared: SharedValues) -> tuple[str, str]:
    """The order's nested objects and lists as one object per distinct JSON value; the texts
    that name its applications and packages (`"None"` when there are none)."""
    nested = shared.nested
    texts = ["None", "None"]
    for index, name in enumerate(_NESTED):
        value = item.get(name)
        if value is not None and (type(value) is list or type(value) is dict):
            text = repr(value)
            item[name] = nested.setdefault(text, value)
            if index < 2:
                texts[index] = text
    return texts[0], texts[1]

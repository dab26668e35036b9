"""The provider-neutral order domain: what the UI and the CLI see.

Provider clients turn their wire models into these types; nothing here knows a wire format.
`Order` is a slotted dataclass rather than a pydantic model: a dashboard holds 100,000 of them
and validation already happened on the wire model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Generic, TypeVar


class Status(StrEnum):
    """One status vocabulary across providers (PROVIDERS.md section 4)."""

    PENDING = "pending"
    """Awaits the customer: unpaid, or awaiting acceptance."""
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUNDED = "refunded"
    DELETED = "deleted"
    UNKNOWN = "unknown"
    """A raw value we have no mapping for; the raw value is kept on the order."""

    @classmethod
    def parse(cls, text: str) -> Status:
        """A normalized status name as a user types it (`pending`, `Completed`)."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(status.value for status in cls)
            raise ValueError(f"unknown status {text!r}; choose from: {names}") from None


class Kind(StrEnum):
    """What an order is for; DuoPlus knows all of these, the others only `purchase`."""

    PURCHASE = "purchase"
    RENEWAL = "renewal"
    RECHARGE = "recharge"
    DEDUCTION = "deduction"
    REDEEM = "redeem"
    GIFT = "gift"
    REFUND = "refund"
    TRANSFER = "transfer"
    RECEIVE = "receive"
    DELIVERY = "delivery"
    """A CloudPond delivery order: hardware for an edge site."""
    UNKNOWN = "unknown"


T = TypeVar("T")


def positional_builder(cls: type[T]) -> Callable[..., T]:
    """A constructor for a frozen slotted dataclass that takes every field positionally, in
    declaration order, and checks nothing.

    A frozen dataclass's `__init__` sets each field through `object.__setattr__`: 2 µs for an
    `Order`, more than decoding its JSON. This builds a twin class with the same slots whose
    plain `__init__` stores them directly (0.3 µs) and then becomes `cls`: callers get a real,
    still frozen instance. For bulk conversion of trusted values only (provider fast paths);
    everything else uses the normal constructor.
    """
    names = [item.name for item in fields(cls)]  # type: ignore[arg-type]
    if tuple(names) != tuple(getattr(cls, "__slots__", ())):
        raise TypeError(f"{cls.__name__} must be a slotted dataclass")
    # Generated like dataclasses' own __init__: one plain store per slot, then the real class.
    source = (
        f"def __init__(self, {', '.join(names)}):\n"
        + "".join(f"    self.{name} = {name}\n" for name in names)
        + "    self.__class__ = target\n"
    )
    namespace: dict[str, Any] = {"target": cls}
    exec(source, namespace)
    body = {"__slots__": tuple(names), "__init__": namespace["__init__"]}
    return type(f"_{cls.__name__}Builder", (), body)


_CURRENCY_SYMBOLS: Mapping[str, str] = {"$": "USD", "¥": "CNY", "€": "EUR", "£": "GBP"}
_MONEY_TEXT = re.compile(
    r"^\s*(?P<sign>[-+]?)\s*(?P<symbol>[$¥€£]?)\s*(?P<sign2>[-+]?)\s*"
    r"(?P<number>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<code>[A-Za-z]{3})?\s*$"
)


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency."""

    amount: Decimal
    currency: str

    @classmethod
    def parse(cls, text: str, default_currency: str = "USD") -> Money:
        """Money as providers write it: `"-$21.91"`, `"$-0.80"`, `"12.5 USD"`, `"1,024.00"`."""
        if cls is Money:
            plain = dollars(text)
            if plain is not None:
                return plain
        amount, currency = money_by_pattern(text, default_currency)
        return cls(amount, currency)

    @classmethod
    def of(cls, value: float | int | str | Decimal, currency: str = "USD") -> Money:
        """Money from a JSON number: through `str` so 49.99 stays 49.99."""
        try:
            return cls(Decimal(str(value)), currency)
        except InvalidOperation:
            raise ValueError(f"not an amount of money: {value!r}") from None

    def __str__(self) -> str:
        symbol = {code: sym for sym, code in _CURRENCY_SYMBOLS.items()}.get(self.currency)
        sign = "-" if self.amount < 0 else ""
        magnitude = f"{abs(self.amount):,.2f}"
        return f"{sign}{symbol}{magnitude}" if symbol else f"{sign}{magnitude} {self.currency}"


def dollars(text: str) -> Money | None:
    """`Money.parse(text)` for DuoPlus's own shape, `$12.50` or `-$12.50`, in half the time (no
    regular expression, no frozen `__init__`); None for any other shape. Plain ASCII digits with
    at most one inner point are read by the pattern exactly so."""
    if text[:1] == "$":
        number = text[1:]
        negative = False
    elif text[:2] == "-$":
        number = text[2:]
        negative = True
    else:
        return None
    if not (
        number and number[-1] != "." and number.isascii() and number.replace(".", "", 1).isdigit()
    ):
        return None
    amount = Decimal(number)
    return new_money(-amount if negative else amount, "USD")


def money_by_pattern(text: str, default_currency: str = "USD") -> tuple[Decimal, str]:
    """`Money.parse` the long way, for every shape it takes: (amount, currency)."""
    match = _MONEY_TEXT.match(text)
    if match is None:
        raise ValueError(f"not an amount of money: {text!r}")
    negative = "-" in (match["sign"], match["sign2"])
    try:
        amount = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise ValueError(f"not an amount of money: {text!r}") from None
    currency = (
        match["code"].upper()
        if match["code"]
        else _CURRENCY_SYMBOLS.get(match["symbol"], default_currency)
    )
    return -amount if negative else amount, currency


new_money: Callable[[Decimal, str], Money] = positional_builder(Money)
"""`Money(amount, currency)` for bulk conversion: see `positional_builder`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Order:
    """One order from any provider, normalized."""

    provider: str
    profile: str
    id: str
    title: str
    status: Status
    status_raw: str
    kind: Kind = Kind.UNKNOWN
    amount: Money | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    expires_at: datetime | None = None
    """The payment deadline, when the provider tells it."""
    pay_url: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Provider fields worth showing (edge site, pay way, product, ...), labelled for people."""
    raw: Mapping[str, Any] = field(default_factory=dict)
    """The wire object exactly as received."""

    @property
    def key(self) -> tuple[str, str]:
        """Unique across profiles: the same id can exist under two accounts."""
        return (self.profile, self.id)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: the CLI's `--format json` and the exports write this."""
        return {
            "provider": self.provider,
            "profile": self.profile,
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "status_raw": self.status_raw,
            "kind": self.kind.value,
            "amount": str(self.amount.amount) if self.amount else None,
            "currency": self.amount.currency if self.amount else None,
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "expires_at": _iso(self.expires_at),
            "pay_url": self.pay_url,
            "extra": dict(self.extra),
            "raw": dict(self.raw),
        }


new_order: Callable[..., Order] = positional_builder(Order)
"""`Order(...)` with all 14 fields positional, in declaration order, for bulk conversion (see
`positional_builder`): provider, profile, id, title, status, status_raw, kind, amount,
created_at, updated_at, expires_at, pay_url, extra, raw."""


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


class SortField(StrEnum):
    CREATED_AT = "created_at"
    AMOUNT = "amount"


class Filter(StrEnum):
    """Server-side filters; a provider's capabilities say which it understands."""

    STATUS = "status"
    ORDER_ID = "order_id"
    CREATED_RANGE = "created_range"
    KIND = "kind"
    PRODUCT_TYPE = "product_type"
    PHONE_IDS = "phone_ids"
    PAY_WAY = "pay_way"


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderQuery:
    """What to list. A provider ignores nothing silently: unsupported filters raise."""

    statuses: frozenset[Status] = frozenset()
    order_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    kinds: frozenset[Kind] = frozenset()
    product_types: frozenset[str] = frozenset()
    """DuoPlus product type codes (`"2"` = cloud phone); see `duoplus.models.PRODUCT_TYPES`."""
    phone_ids: tuple[str, ...] = ()
    pay_ways: frozenset[str] = frozenset()
    sort_by: SortField | None = None
    descending: bool = True
    page_size: int = 100

    def used_filters(self) -> frozenset[Filter]:
        used: set[Filter] = set()
        if self.statuses:
            used.add(Filter.STATUS)
        if self.order_id:
            used.add(Filter.ORDER_ID)
        if self.since or self.until:
            used.add(Filter.CREATED_RANGE)
        if self.kinds:
            used.add(Filter.KIND)
        if self.product_types:
            used.add(Filter.PRODUCT_TYPE)
        if self.phone_ids:
            used.add(Filter.PHONE_IDS)
        if self.pay_ways:
            used.add(Filter.PAY_WAY)
        return frozenset(used)


Cursor = str | int
"""Where the next page starts: a CloudPond marker, a DuoPlus page number, an Ace Data offset."""


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of results; `total` is the provider's count of all matches when it tells."""

    items: list[T]
    next_cursor: Cursor | None = None
    total: int | None = None

    @property
    def is_last(self) -> bool:
        return self.next_cursor is None

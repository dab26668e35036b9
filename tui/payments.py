"""Pending payments across every profile: collect them, order them by deadline, and watch them.

Shared by the dashboard's Payments view and `orderdeck payments`; nothing here knows Textual.
Every call goes through the `Deck`'s provider objects, so the watch spends the same per-key
throttle budget as the rest of the app (DuoPlus: 1 request per second per endpoint).

How a poll checks a profile: its pending list (server-side `status` filter, all pages) says
which orders are still pending and which are new. An order that dropped out of it is looked up
once to learn how it left: on the detail endpoint where the provider has one, else (DuoPlus)
with one list call over the creation window of the orders that left, which sees every status.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from contextlib import aclosing, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Final, NamedTuple

from tui.billing_links import BILLING_FIELD, owed_by_billing, read_billing
from tui.display import format_duration, time_left, utc_now
from tui.errors import NotFound, OrderdeckError
from tui.orders import Money, Order, OrderQuery, Status
from tui.providers.registry import display_name

if TYPE_CHECKING:
    from tui.deck import Deck
    from tui.providers.base import Provider

OrderKey = tuple[str, str]
"""(profile, order id): an order's identity across profiles."""

PENDING: Final = frozenset({Status.PENDING})

DETAIL_CONCURRENCY: Final = 4
"""Detail look-ups in flight per profile: CloudPond and Ace Data publish no rate limit, and
four keeps a burst of paid orders polite without making the toast wait."""

WINDOW_MARGIN: Final = timedelta(minutes=1)
"""The DuoPlus look-up window starts this much before the oldest departed order, so a second
of clock skew between our parse and the server's filter cannot cut it off."""


# --- one order's deadline ---------------------------------------------------------------------


def remaining(order: Order, now: datetime) -> timedelta | None:
    """Time left to pay, computed from the deadline alone (negative once it passed)."""
    return None if order.expires_at is None else order.expires_at - now


def is_urgent(order: Order, now: datetime, warn_before: timedelta) -> bool:
    """The deadline is closer than the warning threshold (or already past)."""
    left = remaining(order, now)
    return left is not None and left < warn_before


def countdown(order: Order, now: datetime) -> str:
    """`12m 05s left` / `expired 3s ago` from the deadline; `age 2h 05m` without one."""
    if order.expires_at is not None:
        return time_left(order.expires_at, now)
    if order.created_at is None:
        return ""
    return f"age {format_duration(max(timedelta(0), now - order.created_at))}"


def amount_due(order: Order) -> Money | None:
    """What the customer pays: DuoPlus writes spending as a negative total (`-$21.91`)."""
    if order.amount is None:
        return None
    return Money(abs(order.amount.amount), order.amount.currency)


def is_waiting(order: Order) -> bool:
    """Pending with nothing to pay here: no deadline, no amount, no pay link (a CloudPond
    order awaiting the provider's acceptance). The Payments view folds these into one line."""
    return order.expires_at is None and order.amount is None and not order.pay_url


def waiting_summary(orders: Sequence[Order]) -> str:
    """`17 CloudPond orders with no deadline (ACCEPTING)`: what is folded, one part
    per provider; empty when none of `orders` is waiting."""
    by_provider: dict[str, list[Order]] = {}
    for order in orders:
        if is_waiting(order):
            by_provider.setdefault(order.provider, []).append(order)
    parts = []
    for provider, waiting in sorted(by_provider.items()):
        statuses = ", ".join(sorted({order.status_raw for order in waiting}))
        noun = "order" if len(waiting) == 1 else "orders"
        parts.append(
            f"{len(waiting)} {display_name(provider)} {noun} with no deadline ({statuses})"
        )
    return "; ".join(parts)


OWED_MEANING: Final = "Owed: the amount to pay, always positive."
"""How the Payments view and `orderdeck payments` state their sign convention."""


def owed_note(orders: Sequence[Order]) -> str:
    """The sign convention, and where the same order shows a negative amount: DuoPlus writes
    a charge as `-$96.84` (the orders table and `orderdeck list` show it so)."""
    charged = next((o for o in orders if o.amount is not None and o.amount.amount < 0), None)
    if charged is None or charged.amount is None:
        return OWED_MEANING
    return (
        f"{OWED_MEANING} {display_name(charged.provider)} signs charges: its {charged.amount}"
        f" (orders table, `orderdeck list`) is {amount_due(charged)} owed."
    )


def payment_sort_key(order: Order) -> tuple[int, float, str, str]:
    """Soonest deadline first; then orders without one, oldest first (they wait longest);
    last those with nothing to pay here (`is_waiting`), oldest first."""
    if order.expires_at is not None:
        return (0, order.expires_at.timestamp(), order.profile, order.id)
    created = order.created_at.timestamp() if order.created_at else float("inf")
    return (2 if is_waiting(order) else 1, created, order.profile, order.id)


def sort_pending(orders: Iterable[Order]) -> list[Order]:
    return sorted(orders, key=payment_sort_key)


# --- totals -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PendingSummary:
    """What the main screen's strip shows: counts and money due, across profiles."""

    count: int
    urgent: int
    totals: dict[str, Decimal]
    """Currency -> sum of amounts due; orders without an amount (CloudPond) add nothing."""
    per_profile: dict[str, int]

    def totals_text(self) -> str:
        """`¥1,200.00 · $42.10`: amounts owed (`amount_due`), by currency code (amounts in
        two currencies do not compare); empty when nothing has an amount."""
        return " · ".join(str(Money(self.totals[code], code)) for code in sorted(self.totals))


def summarize(orders: Sequence[Order], now: datetime, warn_before: timedelta) -> PendingSummary:
    totals: dict[str, Decimal] = {}
    per_profile: dict[str, int] = {}
    urgent = 0
    listed_ids = {order.id for order in orders}
    for order in orders:
        per_profile[order.profile] = per_profile.get(order.profile, 0) + 1
        due = amount_due(order)
        if due is not None and not _owed_elsewhere(order, listed_ids):
            totals[due.currency] = totals.get(due.currency, Decimal(0)) + due.amount
        urgent += is_urgent(order, now, warn_before)
    return PendingSummary(len(orders), urgent, totals, per_profile)


def _owed_elsewhere(order: Order, listed_ids: set[str]) -> bool:
    """The order shows what its billing orders owe, and they are listed too: counted once."""
    billing = order.extra.get(BILLING_FIELD)
    return isinstance(billing, str) and set(billing.split(", ")) <= listed_ids


# --- collecting -------------------------------------------------------------------------------


class PendingCollection(NamedTuple):
    orders: list[Order]
    """Every pending order of the profiles that answered, soonest deadline first."""
    errors: dict[str, OrderdeckError]
    """Profiles that could not be asked, with why."""


async def pending_of(provider: Provider) -> list[Order]:
    """One profile's pending orders, every page, in the biggest pages the provider allows."""
    query = OrderQuery(statuses=PENDING, page_size=provider.capabilities.max_page_size)
    orders: list[Order] = []
    async for page in provider.iter_pages(query):
        orders.extend(order for order in page.items if order.status is Status.PENDING)
    return orders


async def with_billing_owed(deck: Deck, orders: list[Order]) -> list[Order]:
    """Orders with nothing to pay here (`is_waiting`) whose billing orders orderdeck knows
    (it placed them) show what those owe and by when; the rest are returned as they are."""
    links = deck.links.all()
    linked = [order for order in orders if is_waiting(order) and order.key in links]
    if not linked:
        return orders
    reads = await asyncio.gather(
        *(read_billing(deck, order.profile, links[order.key]) for order in linked)
    )
    owed = {
        order.key: owed_by_billing(order, read) for order, read in zip(linked, reads, strict=True)
    }
    return [owed.get(order.key, order) for order in orders]


async def collect_pending(deck: Deck, names: Sequence[str] | None = None) -> PendingCollection:
    """Pending orders of every profile (or `names`), asked side by side; a failing profile is
    reported, not fatal."""
    names = list(deck.profile_names if names is None else names)

    async def one(name: str) -> list[Order]:
        return await with_billing_owed(deck, await pending_of(deck.provider(name)))

    results = await asyncio.gather(*(one(name) for name in names), return_exceptions=True)
    orders: list[Order] = []
    errors: dict[str, OrderdeckError] = {}
    for name, result in zip(names, results, strict=True):
        if isinstance(result, OrderdeckError):
            errors[name] = result
            deck.note(name, result)
        elif isinstance(result, BaseException):
            raise result
        else:
            deck.note(name, None)
            orders.extend(result)
    return PendingCollection(sort_pending(orders), errors)


# --- watching ---------------------------------------------------------------------------------


class EventKind(StrEnum):
    JOINED = "joined"
    """An order became pending (or was first seen)."""
    LEFT = "left"
    """An order is no longer pending: paid, expired, cancelled, ..."""
    CROSSED_THRESHOLD = "crossed_threshold"
    """Its deadline came closer than the warning threshold."""


class PaymentEvent(NamedTuple):
    kind: EventKind
    order: Order
    """As last seen pending; for LEFT with a known outcome, as the provider now reports it."""
    new_status: Status | None = None
    """LEFT: the status it moved to; None when the look-up could not tell."""
    initial: bool = False
    """Seen on the watch's first poll: already so when the watch started, not a change."""

    @property
    def key(self) -> OrderKey:
        return self.order.key

    def describe(self) -> str:
        """One line for a toast or a log: `phones 2026…01: paid (processing · Paid)`."""
        where = f"{self.order.profile} {self.order.id}"
        if self.kind is EventKind.LEFT:
            if self.new_status is None:
                return f"{where}: no longer pending"
            return f"{where}: {outcome_word(self.new_status)} ({self.order.status_raw})"
        if self.kind is EventKind.CROSSED_THRESHOLD:
            return f"{where}: payment due soon"
        return f"{where}: awaiting payment"


def outcome_word(status: Status) -> str:
    """How an operator says a pending order ended."""
    return {
        Status.PROCESSING: "paid",
        Status.COMPLETED: "paid",
        Status.EXPIRED: "expired",
        Status.CANCELLED: "cancelled",
        Status.FAILED: "failed",
        Status.REFUNDED: "refunded",
        Status.DELETED: "deleted",
    }.get(status, status.value)


@dataclass
class WatchReport:
    events: list[PaymentEvent] = field(default_factory=list)
    errors: dict[str, OrderdeckError] = field(default_factory=dict)
    """Profiles whose check failed this time; their last known orders are kept."""

    def of(self, kind: EventKind) -> list[PaymentEvent]:
        return [event for event in self.events if event.kind is kind]


class PaymentWatch:
    """Keeps the set of pending orders across profiles current and says what changed.

    `poll()` re-checks every profile and reports JOINED/LEFT events (and threshold crossings);
    `check_deadlines()` needs no network and is meant to run every second. Each order's LEFT
    and CROSSED_THRESHOLD are reported exactly once per time it is pending.
    """

    def __init__(
        self,
        deck: Deck,
        *,
        warn_before: timedelta = timedelta(minutes=15),
        clock: Callable[[], datetime] = utc_now,
        names: Sequence[str] | None = None,
    ) -> None:
        self.deck = deck
        self.warn_before = warn_before
        self.clock = clock
        self.names = list(deck.profile_names if names is None else names)
        self._orders: dict[OrderKey, Order] = {}
        self._warned: set[OrderKey] = set()
        self._lock = asyncio.Lock()
        self.polls = 0
        """Polls completed; 0 until the first answer."""
        self.failing: dict[str, OrderdeckError] = {}
        """Profiles whose last check failed."""

    # ---- what is known -------------------------------------------------------------------

    @property
    def orders(self) -> list[Order]:
        """Every pending order, soonest deadline first."""
        return sort_pending(self._orders.values())

    def urgent(self, now: datetime | None = None) -> list[Order]:
        moment = now or self.clock()
        return [o for o in self.orders if is_urgent(o, moment, self.warn_before)]

    def summary(self, now: datetime | None = None) -> PendingSummary:
        return summarize(self.orders, now or self.clock(), self.warn_before)

    # ---- checking ------------------------------------------------------------------------

    def check_deadlines(
        self, now: datetime | None = None, *, initial: bool = False
    ) -> list[PaymentEvent]:
        """Orders whose deadline just came inside the threshold; each reported once."""
        moment = now or self.clock()
        events: list[PaymentEvent] = []
        for order in self.orders:
            if order.key not in self._warned and is_urgent(order, moment, self.warn_before):
                self._warned.add(order.key)
                events.append(PaymentEvent(EventKind.CROSSED_THRESHOLD, order, initial=initial))
        return events

    async def poll(self) -> WatchReport:
        """Re-check every profile; overlapping calls queue rather than double the requests."""
        async with self._lock:
            results = await asyncio.gather(
                *(self._poll_profile(name) for name in self.names), return_exceptions=True
            )
            report = WatchReport()
            first = self.polls == 0
            for name, result in zip(self.names, results, strict=True):
                if isinstance(result, OrderdeckError):
                    report.errors[name] = result
                    self.deck.note(name, result)
                    continue
                if isinstance(result, BaseException):
                    raise result
                self.deck.note(name, None)
                report.events.extend(self._apply(name, *result, first=first))
            self.failing = dict(report.errors)
            self.polls += 1
            report.events.extend(self.check_deadlines(initial=first))
            return report

    async def _poll_profile(self, name: str) -> tuple[list[Order], dict[OrderKey, Order | None]]:
        """The profile's pending orders now, and how each departed order left (None: unknown)."""
        provider = self.deck.provider(name)
        current = await with_billing_owed(self.deck, await pending_of(provider))
        current_keys = {order.key for order in current}
        departed = [o for k, o in self._orders.items() if k[0] == name and k not in current_keys]
        outcomes = await self._outcomes(provider, departed) if departed else {}
        return current, outcomes

    def _apply(
        self,
        name: str,
        current: list[Order],
        outcomes: dict[OrderKey, Order | None],
        *,
        first: bool,
    ) -> list[PaymentEvent]:
        events: list[PaymentEvent] = []
        for key, now_order in outcomes.items():
            if now_order is not None and now_order.status is Status.PENDING:
                current.append(now_order)  # the list and the detail disagree: still pending
                continue
            before = self._orders.pop(key)
            self._warned.discard(key)
            shown = now_order if now_order is not None else before
            status = now_order.status if now_order is not None else None
            events.append(PaymentEvent(EventKind.LEFT, shown, new_status=status))
        for order in current:
            if order.key not in self._orders:
                events.append(PaymentEvent(EventKind.JOINED, order, initial=first))
            self._orders[order.key] = order
        return events

    async def _outcomes(
        self, provider: Provider, departed: list[Order]
    ) -> dict[OrderKey, Order | None]:
        if provider.capabilities.has_detail:
            return await self._outcomes_by_detail(provider, departed)
        return await self._outcomes_by_window(provider, departed)

    async def _outcomes_by_detail(
        self, provider: Provider, departed: list[Order]
    ) -> dict[OrderKey, Order | None]:
        limit = asyncio.Semaphore(DETAIL_CONCURRENCY)

        async def one(order: Order) -> Order | None:
            async with limit:
                try:
                    return await provider.get_order(order.id)
                except NotFound:
                    return None

        found = await asyncio.gather(*(one(order) for order in departed))
        return {order.key: now for order, now in zip(departed, found, strict=True)}

    async def _outcomes_by_window(
        self, provider: Provider, departed: list[Order]
    ) -> dict[OrderKey, Order | None]:
        """One list call over the departed orders' creation window, every status: on DuoPlus
        that is one throttle slot however many orders were paid at once."""
        outcomes: dict[OrderKey, Order | None] = {order.key: None for order in departed}
        dated = [order.created_at for order in departed if order.created_at is not None]
        if dated:
            query = OrderQuery(
                since=min(dated) - WINDOW_MARGIN,
                page_size=provider.capabilities.max_page_size,
            )
            async with aclosing(provider.iter_pages(query)) as pages:
                async for page in pages:
                    for order in page.items:
                        if order.key in outcomes:
                            outcomes[order.key] = order
                    if all(value is not None for value in outcomes.values()):
                        break
        for order in departed:
            if outcomes[order.key] is None and order.created_at is None:
                with suppress(NotFound):
                    outcomes[order.key] = await provider.get_order(order.id)
        return outcomes

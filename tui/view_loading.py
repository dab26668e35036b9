"""Fetching what a view shows, without Textual: one page of a profile or of All profiles, every
page of a view, a profile's pending count. The dashboard's workers call these and post what
they return; each call notes the profile's health on the deck as it goes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from tui.billing_links import read_billing, with_billing_fields
from tui.deck import fetch_merged
from tui.display import resolve_timezone
from tui.errors import OrderdeckError
from tui.orders import Order, OrderQuery, Status
from tui.view_state import ALL_PROFILES

if TYPE_CHECKING:
    from tui.deck import Deck
    from tui.early_page import EarlyPage

PENDING_PROBE_SIZE = 100
"""One page answers a pending count: the total when the provider gives one, else the rows."""


@dataclass
class LoadedPage:
    """A view's page: its rows, the cursor of the next one (None on the last page), the total
    when known, and the profiles that failed while the rest answered (All profiles only)."""

    orders: list[Order]
    next_cursor: object
    total: int | None
    failures: dict[str, OrderdeckError] = field(default_factory=dict)


async def fetch_page(deck: Deck, key: str, query: OrderQuery, cursor: object) -> LoadedPage:
    """One page of the view `key`. All profiles merges one page of each profile, newest
    first; a single profile's error is raised (and noted on the deck). The deck's early page
    (`tui/early_page.py`) answers the first call when it is the page asked for."""
    early, deck.early_page = deck.early_page, None
    if early is not None:
        taken = await _take_early(deck, early, key, query, cursor)
        if taken is not None:
            return taken
    if key == ALL_PROFILES:
        merged = await fetch_merged(
            deck,
            deck.profile_names,
            replace(query, sort_by=None),
            cursor,  # type: ignore[arg-type]
        )
        next_cursor = merged.cursors if merged.has_more else None
        return LoadedPage(merged.items, next_cursor, None, dict(merged.errors))
    try:
        page = await deck.provider(key).list_orders(query, cursor)  # type: ignore[arg-type]
    except OrderdeckError as error:
        deck.note(key, error)
        raise
    deck.note(key, None)
    return LoadedPage(page.items, page.next_cursor, page.total)


async def _take_early(
    deck: Deck, early: EarlyPage, key: str, query: OrderQuery, cursor: object
) -> LoadedPage | None:
    """The early page when it is the one asked for, its outcome noted on the deck as a fetch
    here would have noted it; None when it is not."""
    try:
        page = await early.page_for(key, query, cursor)
    except OrderdeckError as error:
        deck.note(key, error)
        raise
    if page is not None:
        for name in deck.profile_names if key == ALL_PROFILES else [key]:
            deck.note(name, page.failures.get(name))
    return page


@dataclass
class Collected:
    """What a load all has gathered so far: it stays whole when the load is cancelled."""

    orders: list[Order] = field(default_factory=list)
    failures: dict[str, OrderdeckError] = field(default_factory=dict)
    total: int | None = None

    def finished(self, key: str, *, complete: bool = True) -> LoadedPage:
        """Every row fetched; All profiles' rows newest first, as its pages show them. The
        total is the server's when it gave one (a stopped load all shows `150 of 360`), else
        the rows held once every page came, else unknown."""
        if key == ALL_PROFILES:
            self.orders.sort(
                key=lambda o: o.created_at.timestamp() if o.created_at else 0.0, reverse=True
            )
        total = self.total
        if total is None and complete:
            total = len(self.orders)
        return LoadedPage(self.orders, None, total, self.failures)


async def collect_every_page(
    deck: Deck,
    key: str,
    query: OrderQuery,
    into: Collected,
    on_page: Callable[[Collected], None],
) -> None:
    """Every page of the view into `into`, calling `on_page` after each. A failing profile is
    noted and skipped; the total is known only for a single profile that gives one."""
    names = deck.profile_names if key == ALL_PROFILES else [key]
    for name in names:
        try:
            async for page in deck.provider(name).iter_pages(query):
                into.orders.extend(page.items)
                if page.total is not None and len(names) == 1:
                    into.total = page.total
                on_page(into)
        except OrderdeckError as error:
            into.failures[name] = error
            deck.note(name, error)


async def pending_count(deck: Deck, name: str) -> int:
    """How many orders of the profile await payment (raises the provider's error)."""
    provider = deck.provider(name)
    page_size = min(PENDING_PROBE_SIZE, provider.capabilities.max_page_size)
    page = await provider.list_orders(
        OrderQuery(statuses=frozenset({Status.PENDING}), page_size=page_size)
    )
    return page.total if page.total is not None else len(page.items)


def detail_fetch(deck: Deck, order: Order) -> Callable[[], Awaitable[Order]] | None:
    """The fetch of an order's detail, with its billing orders where orderdeck placed it (the
    link is kept in `BillingLinks`); None where there is nothing more to fetch: no detail
    endpoint and no link (or its profile cannot open)."""
    try:
        provider = deck.provider(order.profile)
    except OrderdeckError:
        return None
    billing_ids = deck.links.billing_ids(order.profile, order.id)
    if not provider.capabilities.has_detail and not billing_ids:
        return None

    async def fetch() -> Order:
        detailed = await provider.get_order(order.id) if provider.capabilities.has_detail else order
        if not billing_ids:
            return detailed
        read = await read_billing(deck, order.profile, billing_ids)
        return with_billing_fields(detailed, read, resolve_timezone(deck.config.timezone))

    return fetch

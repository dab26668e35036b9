"""What the dashboard remembers about each view (a profile, or All profiles), without Textual.

A view keeps its query, its page stack, the rows last shown and its sort. `Views` holds every
visited view, which one is shown, and the load in flight: each load takes a new generation, so
an answer to an older request is recognised and dropped. The sort choice lives here too: a
column the provider can sort on goes to the server (while the view is paged), any other column
sorts the loaded rows locally. The screen reads these answers and draws them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Final, NamedTuple

from tui.display import age, printable
from tui.orders import Order, OrderQuery, SortField, Status
from tui.paging import PageStack, page_indicator

if TYPE_CHECKING:
    from tui.providers.base import Capabilities

ALL_PROFILES: Final = "*all*"
"""The view key of the merged view; `*` cannot start a profile name in the config."""

PAGE_SIZES: Final = (50, 100, 200, 500)
"""`z` walks these; 100 (the second) is where a view starts."""

SORT_CYCLE: Final = (None, "created", "amount", "status", "expires", "title", "id")
"""`s` walks these; None is the provider's own order."""

SERVER_SORT_FIELDS: Final = {"created": SortField.CREATED_AT, "amount": SortField.AMOUNT}
"""Columns a provider may sort on its side (when its capabilities list the field)."""

CapabilitiesOf = Callable[[str], "Capabilities | None"]
"""A view key's capabilities; None for All profiles or a profile that cannot open."""

OrderKey = tuple[str, str]


@dataclass
class ViewState:
    """Everything about one view (a profile or All profiles) that survives switching away."""

    key: str
    query: OrderQuery
    pages: PageStack[object] = field(default_factory=PageStack)
    orders: list[Order] = field(default_factory=list)
    total: int | None = None
    loaded_at: datetime | None = None
    all_loaded: bool = False
    sort_column: str | None = None
    sort_descending: bool = True
    failures: dict[str, str] = field(default_factory=dict)
    typed_filters: dict[str, str] = field(default_factory=dict)
    """What the filter fields held when the query was applied (`since`: `7d`)."""
    collected: bool = False
    """The rows came from a load all (every page, or as many as arrived before it stopped)."""

    @property
    def held_whole(self) -> bool:
        """The rows are what a load all gathered (not a page): sorts stay local, no paging."""
        return self.collected or self.all_loaded

    def take_page(
        self,
        orders: list[Order],
        *,
        total: int | None,
        next_cursor: object,
        loaded_at: datetime,
        failures: dict[str, str],
        collected: bool = False,
    ) -> None:
        """Hold a page that just arrived (or what a load all gathered: `collected`)."""
        self.orders = orders
        self.total = total
        self.pages.next = next_cursor
        self.loaded_at = loaded_at
        self.all_loaded = False
        self.collected = collected
        self.failures = failures

    @property
    def empty_text(self) -> str:
        return "No orders match." if self.query.used_filters() else "No orders yet."

    def holds(self, key: OrderKey) -> bool:
        return any(order.key == key for order in self.orders)


class SortChoice(NamedTuple):
    """Where a sort happens. `query` is the query to load again (None: sort the loaded rows);
    `on_server` says the table shows the server's order under the column's arrow."""

    column: str | None
    descending: bool
    query: OrderQuery | None = None
    on_server: bool = False


def choose_sort(
    view: ViewState, column: str | None, descending: bool, capabilities: Capabilities | None
) -> SortChoice:
    """Sort on the server when the provider can and the view is paged, otherwise locally;
    leaving a server sort for the provider's order loads the page again."""
    server_field = SERVER_SORT_FIELDS.get(column or "")
    if (
        capabilities is not None
        and server_field is not None
        and server_field in capabilities.sortable
        and not view.held_whole
    ):
        query = replace(view.query, sort_by=server_field, descending=descending)
        return SortChoice(column, descending, query, on_server=True)
    if view.query.sort_by is not None and column is None:
        return SortChoice(column, descending, replace(view.query, sort_by=None))
    return SortChoice(column, descending)


def next_sort_column(current: str | None, shown: Collection[str] | None = None) -> str | None:
    """The column after `current` in SORT_CYCLE (back to the provider's order at the end),
    skipping columns the table does not show (`shown`; Ace Data has no "pay in")."""
    cycle = [c for c in SORT_CYCLE if c is None or shown is None or c in shown]
    index = cycle.index(current) if current in cycle else 0
    return cycle[(index + 1) % len(cycle)]


def header_click_descending(view: ViewState, column: str) -> bool:
    """A second click on the sorted column flips it; a new column starts descending."""
    return not view.sort_descending if view.sort_column == column else True


def sort_description(view: ViewState, labels: Mapping[str, str]) -> str:
    """What the order of the rows is: `sorted by amount ▼ on the server` only when the server
    sorted every page by that column; otherwise `this page sorted by amount ▼` (or `all
    loaded rows sorted…` after a load all). `labels` names the columns as the table heads them."""
    if view.sort_column is None:
        return "provider order"
    arrow = "▼" if view.sort_descending else "▲"
    label = labels[view.sort_column].lower()
    server_field = SERVER_SORT_FIELDS.get(view.sort_column)
    if server_field is not None and view.query.sort_by is server_field and not view.held_whole:
        return f"sorted by {label} {arrow} on the server"
    if view.all_loaded:
        return f"all loaded rows sorted by {label} {arrow}"
    if view.collected:
        return f"loaded rows sorted by {label} {arrow}"
    return f"this page sorted by {label} {arrow}"


def loaded_description(view: ViewState) -> str:
    """Where the rows stand: `page 2 of 4 · 360 orders`, `all 360 loaded`, or, after a load
    all stopped early, `150 of 360 loaded` (nothing is paged then)."""
    loaded = len(view.orders)
    if view.all_loaded:
        return f"all {loaded:,} loaded"
    if view.collected:
        of = f" of {view.total:,}" if view.total is not None else ""
        return f"{loaded:,}{of} loaded (load all stopped)"
    return page_indicator(
        view.pages.index,
        loaded,
        view.query.page_size,
        view.total,
        view.pages.can_go_forward,
    )


def filter_summary(query: OrderQuery, typed: Mapping[str, str]) -> str:
    """`filters: status pending · since 7d · id 2026…`, or "" when no server filter is set.
    `typed` holds what the user typed in the date fields (`7d` says more than a timestamp)."""
    parts: list[str] = []
    if query.statuses:
        parts.append("status " + ", ".join(sorted(s.value for s in query.statuses)))
    if query.order_id:
        parts.append(f"id {printable(query.order_id)}")
    if query.since is not None:
        parts.append(f"since {printable(typed.get('since') or query.since.isoformat())}")
    if query.until is not None:
        parts.append(f"until {printable(typed.get('until') or query.until.isoformat())}")
    if query.kinds:
        parts.append("type " + ", ".join(sorted(k.value for k in query.kinds)))
    if query.product_types:
        product = ", ".join(sorted(typed.get("product", code) for code in query.product_types))
        parts.append(f"product {printable(product)}")
    if query.phone_ids:
        parts.append("phones " + printable(", ".join(query.phone_ids)))
    if query.pay_ways:
        parts.append("pay way " + printable(", ".join(sorted(query.pay_ways))))
    return "filters: " + " · ".join(parts) if parts else ""


def without_filters(query: OrderQuery) -> OrderQuery:
    """The query with every server filter cleared; its page size and sort stay."""
    return OrderQuery(page_size=query.page_size, sort_by=query.sort_by, descending=query.descending)


class TableState(NamedTuple):
    """What the status line needs to know of the table: rows shown and indexing progress."""

    shown: int
    indexing: int | None = None
    """Rows being indexed for the filter and sort; None when the index is ready."""


def status_text(
    view: ViewState,
    table: TableState,
    *,
    labels: Mapping[str, str],
    loading: bool,
    now: datetime,
) -> str:
    """The line under the table: where the view is, the filter, the sort, age and activity."""
    parts = [loaded_description(view)]
    if table.shown != len(view.orders):
        parts.append(f"{table.shown:,} match the quick filter")
    parts.append(sort_description(view, labels))
    if view.loaded_at is not None:
        parts.append(f"updated {age(view.loaded_at, now)}")
    if view.failures:
        parts.append(f"{len(view.failures)} profile(s) failed")
    if table.indexing is not None:
        parts.append(f"⟳ indexing {table.indexing:,} rows for the filter and sort…")
    if loading:
        parts.append("⟳ loading…")
    return " · ".join(parts)


class Views:
    """Every visited view, the one shown, and the load in flight."""

    def __init__(self, capabilities_of: CapabilitiesOf) -> None:
        self.capabilities_of = capabilities_of
        self._views: dict[str, ViewState] = {}
        self.key: str = ALL_PROFILES
        """The view on screen."""
        self.generation = 0
        """Bumped by every load; an answer carrying an older one is stale."""
        self.loading = False
        self._page_size_index = 1
        self._probed_all = False
        """Pending counts of every profile come once, from the payments watch's first poll."""
        self.highlight_after_load: OrderKey | None = None
        """An order to put the cursor on once the next page of its view arrives."""
        self.top_after_load = False
        """Put the cursor on the first row once the next page arrives (a server sort)."""

    @property
    def current(self) -> ViewState:
        return self._views[self.key]

    def get(self, key: str) -> ViewState:
        """The view's state, made on its first visit with the page size its provider allows."""
        if key not in self._views:
            self._views[key] = ViewState(key, OrderQuery(page_size=self.page_size(key)))
        return self._views[key]

    def visited(self, key: str) -> ViewState | None:
        return self._views.get(key)

    def page_size(self, key: str) -> int:
        """The chosen page size, capped at what the view's provider allows."""
        size = PAGE_SIZES[self._page_size_index]
        capabilities = self.capabilities_of(key)
        return size if capabilities is None else min(size, capabilities.max_page_size)

    def cycle_page_size(self) -> int:
        """Step to the next page size; the shown view's size under it."""
        self._page_size_index = (self._page_size_index + 1) % len(PAGE_SIZES)
        return self.page_size(self.key)

    def start_load(self) -> int:
        """A new load of the shown view: its generation."""
        self.generation += 1
        self.loading = True
        return self.generation

    def is_current(self, generation: int, key: str) -> bool:
        return generation == self.generation and key == self.key

    def requery(self, query: OrderQuery) -> None:
        """A new query for the shown view starts from its first page."""
        view = self.current
        view.query = query
        view.pages.reset()

    def show_pending(self, key: OrderKey) -> None:
        """Prepare the order's profile view to show it (the Payments view's Enter): unless the
        view already holds it, the view shows that profile's pending orders."""
        profile = key[0]
        view = self._views.get(profile)
        if view is None or not view.holds(key):
            pending = OrderQuery(
                statuses=frozenset({Status.PENDING}), page_size=self.page_size(profile)
            )
            self._views[profile] = ViewState(profile, pending)
        self.highlight_after_load = key

    def show_placed(self, key: OrderKey) -> None:
        """A new order: its profile's view goes back to the first page, where it is."""
        self.highlight_after_load = key
        if key[0] in self._views:
            self._views[key[0]].pages.reset()

    def take_top(self) -> bool:
        wanted, self.top_after_load = self.top_after_load, False
        return wanted

    def take_highlight(self) -> OrderKey | None:
        wanted, self.highlight_after_load = self.highlight_after_load, None
        return wanted

    def refresh_due(self, *, loading_all: bool) -> bool:
        """The auto-refresh reloads the page unless a load runs or every page is held."""
        return not (self.loading or loading_all or self.current.held_whole)

    def probe_after_load(self, in_place: bool) -> bool:
        """Whether to ask the shown profile's pending count now: on each refresh, never on the
        first load (the payments watch counts every profile then), nor for All profiles."""
        if not self._probed_all:
            self._probed_all = True
            return False
        return in_place and self.key != ALL_PROFILES

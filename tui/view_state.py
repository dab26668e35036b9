"""What the dashboard remembers about each view (a profile, or All profiles), without Textual.

A view keeps its query, its page stack, the rows last shown and its sort. `Views` holds every
visited view, which one is shown, and the load in flight: each load takes a new generation, so
an answer to an older request is recognised and dropped. The sort choice lives here too: a
column the provider can sort on goes to the server (while the view is paged), any other column
sorts the loaded rows locally. The screen reads these answers and draws them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Final

from tui.display import age
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

    def take_page(
        self,
        orders: list[Order],
        *,
        total: int | None,
        next_cursor: object,
        loaded_at: datetime,
        failures: dict[str, str],
    ) -> None:
        """Hold a page that just arrived (or every page, after a load all)."""
        self.orders = orders
        self.total = total
        self.pages.next = next_cursor
        self.loaded_at = loaded_at
        self.all_loaded = False
        self.failures = failures

    @property
    def empty_text(self) -> str:
        return "No orders match." if self.query.used_filters() else "No orders yet."

    def holds(self, key: OrderKey) -> bool:
        return any(order.key == key for order in self.orders)


@dataclass(frozen=True)
class SortChoice:
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
        and not view.all_loaded
    ):
        query = replace(view.query, sort_by=server_field, descending=descending)
        return SortChoice(column, descending, query, on_server=True)
    if view.query.sort_by is not None and column is None:
        return SortChoice(column, descending, replace(view.query, sort_by=None))
    return SortChoice(column, descending)


def next_sort_column(current: str | None) -> str | None:
    """The column after `current` in SORT_CYCLE (back to the provider's order at the end)."""
    index = SORT_CYCLE.index(current) if current in SORT_CYCLE else 0
    return SORT_CYCLE[(index + 1) % len(SORT_CYCLE)]


def header_click_descending(view: ViewState, column: str) -> bool:
    """A second click on the sorted column flips it; a new column starts descending."""
    return not view.sort_descending if view.sort_column == column else True


def sort_description(view: ViewState, labels: Mapping[str, str]) -> str:
    """`sorted by amount ▼ (server)`; `labels` names the columns as the table heads them."""
    if view.sort_column is None:
        return "provider order"
    arrow = "▼" if view.sort_descending else "▲"
    label = labels[view.sort_column].lower()
    where = "server" if view.query.sort_by is not None else "local, loaded rows only"
    return f"sorted by {label} {arrow} ({where})"


@dataclass(frozen=True)
class TableState:
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
    if view.all_loaded:
        parts = [f"all {len(view.orders):,} loaded"]
    else:
        parts = [
            page_indicator(
                view.pages.index,
                len(view.orders),
                view.query.page_size,
                view.total,
                view.pages.can_go_forward,
            )
        ]
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

    def take_highlight(self) -> OrderKey | None:
        wanted, self.highlight_after_load = self.highlight_after_load, None
        return wanted

    def refresh_due(self, *, loading_all: bool) -> bool:
        """The auto-refresh reloads the page unless a load runs or every page is held."""
        return not (self.loading or loading_all or self.current.all_loaded)

    def probe_after_load(self, in_place: bool) -> bool:
        """Whether to ask the shown profile's pending count now: on each refresh, never on the
        first load (the payments watch counts every profile then), nor for All profiles."""
        if not self._probed_all:
            self._probed_all = True
            return False
        return in_place and self.key != ALL_PROFILES

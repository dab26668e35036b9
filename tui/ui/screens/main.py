"""The screen operators live in: profiles on the left, filters and orders in the middle, the
highlighted order on the right.

Workers fetch and post messages; the `on_*` handlers below own every widget update. Each load
carries a generation number and runs in an exclusive worker group, so a slow answer to an old
request is never shown over a newer one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, ProgressBar, Static
from textual.worker import Worker, WorkerState

from tui.deck import MergedPage, fetch_merged
from tui.display import age, error_text, printable
from tui.errors import OrderdeckError
from tui.logs import get_logger
from tui.orders import Order, OrderQuery, SortField, Status
from tui.paging import PageStack, page_indicator
from tui.providers import registry
from tui.ui.long_lived import settle
from tui.ui.messages import (
    DetailFailed,
    DetailLoaded,
    LoadAllProgress,
    OrdersFailed,
    OrdersLoaded,
    ProfileProbed,
)
from tui.ui.order_actions import open_pay_link
from tui.ui.widgets.detail_pane import DetailPane
from tui.ui.widgets.filter_bar import FilterBar
from tui.ui.widgets.footer import Footer
from tui.ui.widgets.order_table import COLUMNS_BY_KEY, OrderTable
from tui.ui.widgets.payments_monitor import PaymentsMonitor
from tui.ui.widgets.profile_list import ALL_PROFILES, ProfileList

if TYPE_CHECKING:
    from tui.order_draft import OrderDraft
    from tui.providers.base import Capabilities
    from tui.ui.app import OrderDeckApp
    from tui.ui.screens.export import ExportRequest
    from tui.ui.screens.wizard import WizardOutcome

DETAIL_DEBOUNCE: Final = 0.25
"""Seconds the cursor must rest before the detail endpoint is asked: holding ↓ sends nothing."""

QUICK_FILTER_DEBOUNCE: Final = 0.15
"""Typing pauses shorter than this do not re-filter: one pass per burst of keys."""

PAGE_SIZES: Final = (50, 100, 200, 500)

NARROW_WIDTH: Final = 100
"""Below this many columns the profile sidebar folds away: an 80-column table needs it all."""

SORT_CYCLE: Final = (None, "created", "amount", "status", "expires", "title", "id")
"""`s` walks these; None is the provider's own order."""

SERVER_SORT_FIELDS: Final = {"created": SortField.CREATED_AT, "amount": SortField.AMOUNT}


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


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh", id="refresh", tooltip="Reload this page"),
        Binding(
            "left_square_bracket",
            "previous_page",
            "Prev",
            id="previous-page",
            tooltip="Previous page",
        ),
        Binding("right_square_bracket", "next_page", "Next", id="next-page", tooltip="Next page"),
        Binding("A", "load_all", "Load all", id="load-all", tooltip="Fetch every page"),
        Binding(
            "slash",
            "focus_quick_filter",
            "Filter",
            id="quick-filter",
            tooltip="Quick filter over loaded rows",
        ),
        Binding("s", "cycle_sort", "Sort", id="sort", tooltip="Cycle the sort column"),
        Binding(
            "S",
            "reverse_sort",
            "Reverse sort",
            show=False,
            id="reverse-sort",
            tooltip="Flip the sort direction",
        ),
        Binding(
            "z",
            "cycle_page_size",
            "Page size",
            show=False,
            id="page-size",
            tooltip="Cycle the page size: 50, 100, 200, 500",
        ),
        Binding("y", "copy_id", "Copy id", show=False, id="copy-id", tooltip="Copy the order id"),
        Binding(
            "Y",
            "copy_json",
            "Copy JSON",
            show=False,
            id="copy-json",
            tooltip="Copy the order as JSON",
        ),
        Binding(
            "o",
            "open_pay_link",
            "Pay link",
            show=False,
            id="open-pay-link",
            tooltip="Open the pay link in a browser",
        ),
        Binding("e", "export", "Export", id="export", tooltip="Write loaded orders to a file"),
        Binding(
            "p",
            "payments",
            "Payments",
            id="payments",
            tooltip="Pending payments across profiles, soonest deadline first",
        ),
        Binding(
            "n",
            "new_order",
            "New order",
            id="new-order",
            tooltip="Place a CloudPond order (wizard); hidden on read-only profiles",
        ),
        Binding(
            "d",
            "toggle_detail",
            "Detail",
            show=False,
            id="toggle-detail",
            tooltip="Show or hide the detail pane",
        ),
        Binding(
            "escape",
            "escape",
            "Cancel",
            show=False,
            id="cancel",
            tooltip="Cancel load all, or clear the quick filter",
        ),
        *(
            Binding(str(n), f"switch_number({n})", f"Profile {n}", show=False, id=f"profile-{n}")
            for n in range(10)
        ),
    ]

    def __init__(self, initial_view: str | None = None) -> None:
        super().__init__()
        self._initial_view = initial_view
        self._views: dict[str, ViewState] = {}
        self.view_key: str = ALL_PROFILES
        self._generation = 0
        self._loading = False
        self._load_all_worker: Worker[None] | None = None
        self._detail_timer: Timer | None = None
        self._quick_timer: Timer | None = None
        self._page_size_index = 1
        self._probed_all = False
        """Health and pending counts of every profile are fetched once, after the first paint."""
        self._drafts: dict[str, OrderDraft] = {}
        """Order wizard drafts kept on leaving, per profile: `n` brings them back."""
        self._composed_bar: str | None = None
        """The view whose filter bar `compose` made; its first `switch_view` keeps that bar."""
        self._highlight_after_load: tuple[str, str] | None = None
        """An order to put the cursor on once the next page of its view arrives (a new order)."""

    @property
    def deck_app(self) -> OrderDeckApp:
        return self.app  # type: ignore[return-value]

    # ---- composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.deck_app
        yield Header()
        yield PaymentsMonitor(
            app.deck,
            poll_seconds=app.deck.config.payments.poll_seconds,
            warn_before=timedelta(minutes=app.deck.config.payments.warn_minutes),
            clock=app.clock,
            id="payments-strip",
        )
        with Horizontal(id="body"):
            yield ProfileList(list(app.deck.statuses.values()), id="profiles")
            with Vertical(id="center"):
                # The first view's bar is composed with the screen: mounting it afterwards
                # would lay the screen out once more before the first page is drawn.
                first = self._first_view()
                with Vertical(id="filter-slot"):
                    yield self._filter_bar(self._capabilities(first), self._view_state(first))
                self._composed_bar = first
                yield OrderTable(
                    clock=app.clock,
                    zone=app.zone,
                    warn_before=timedelta(minutes=app.deck.config.payments.warn_minutes),
                    id="orders",
                )
                yield ProgressBar(id="load-all-progress", show_eta=False)
                yield Static("", id="status-line")
                yield DetailPane(clock=app.clock, zone=app.zone, id="detail")
        yield Footer()

    def on_mount(self) -> None:
        deck = self.deck_app.deck
        self.query_one("#load-all-progress").display = False
        if self.size.height < 30:
            self.query_one(DetailPane).display = False  # a small terminal keeps the rows
        self._fit_sidebar()
        self.switch_view(self._first_view())
        self.query_one(OrderTable).focus()
        self.set_interval(1.0, self._tick)
        refresh_seconds = deck.config.refresh_seconds
        if refresh_seconds > 0:
            self.set_interval(refresh_seconds, self._refresh_on_timer)

    def on_resize(self) -> None:
        self._fit_sidebar()

    def _fit_sidebar(self) -> None:
        """Under NARROW_WIDTH columns the orders get the whole width; 0-9 and the palette
        still switch profiles, and the header names the current one."""
        self.query_one(ProfileList).display = self.size.width >= NARROW_WIDTH

    # ---- views ---------------------------------------------------------------------------

    @property
    def view(self) -> ViewState:
        return self._views[self.view_key]

    def _capabilities(self, key: str) -> Capabilities | None:
        """The profile's capabilities; None for All profiles or a profile that cannot open."""
        if key == ALL_PROFILES:
            return None
        try:
            return self.deck_app.deck.provider(key).capabilities
        except OrderdeckError:
            return None

    def switch_view(self, key: str) -> None:
        deck = self.deck_app.deck
        if key != ALL_PROFILES and key not in deck.config.profiles:
            self.notify(f"No profile named {printable(key)}", severity="warning", markup=False)
            return
        self._cancel_load_all()
        self.view_key = key
        capabilities = self._capabilities(key)
        view = self._view_state(key)
        self.query_one(ProfileList).select_view(key)
        if self._composed_bar == key:
            self._composed_bar = None  # composed with the screen, for this very view
        else:
            slot = self.query_one("#filter-slot")
            slot.remove_children()
            slot.mount(self._filter_bar(capabilities, view))
        table = self.query_one(OrderTable)
        table.set_orders(view.orders, show_profile=key == ALL_PROFILES)
        table.set_sort(view.sort_column, view.sort_descending)
        self.deck_app.sub_title = (
            "All profiles" if key == ALL_PROFILES else self._profile_label(key)
        )
        self._load(view.pages.current)
        self.refresh_bindings()  # `n` shows only where an order can be placed

    def _profile_label(self, key: str) -> str:
        status = self.deck_app.deck.statuses[key]
        return f"{key} · {status.provider_label}"

    def _first_view(self) -> str:
        deck = self.deck_app.deck
        names = deck.profile_names
        return (
            self._initial_view
            or deck.config.default_profile
            or (names[0] if names else ALL_PROFILES)
        )

    def _view_state(self, key: str) -> ViewState:
        """The view's state, made on its first visit with the page size its provider allows."""
        if key not in self._views:
            page_size = PAGE_SIZES[self._page_size_index]
            capabilities = self._capabilities(key)
            if capabilities is not None:
                page_size = min(page_size, capabilities.max_page_size)
            self._views[key] = ViewState(key, OrderQuery(page_size=page_size))
        return self._views[key]

    def _filter_bar(self, capabilities: Capabilities | None, view: ViewState) -> FilterBar:
        return FilterBar(
            capabilities, view.query, clock=self.deck_app.clock, zone=self.deck_app.zone
        )

    # ---- loading -------------------------------------------------------------------------

    def _load(self, cursor: object, *, in_place: bool = False) -> None:
        self._generation += 1
        self._loading = True
        self._update_status_line()
        self._fetch_page(self.view_key, self._generation, self.view.query, cursor, in_place)

    @work(exclusive=True, group="orders", exit_on_error=False)
    async def _fetch_page(
        self, key: str, generation: int, query: OrderQuery, cursor: object, in_place: bool
    ) -> None:
        deck = self.deck_app.deck
        try:
            if key == ALL_PROFILES:
                merged: MergedPage = await fetch_merged(
                    deck,
                    deck.profile_names,
                    replace(query, sort_by=None),
                    cursor,  # type: ignore[arg-type]
                )
                self.post_message(
                    OrdersLoaded(
                        key,
                        generation,
                        merged.items,
                        merged.cursors if merged.has_more else None,
                        None,
                        dict(merged.errors),
                        in_place,
                    )
                )
                return
            page = await deck.provider(key).list_orders(query, cursor)  # type: ignore[arg-type]
        except OrderdeckError as error:
            deck.note(key, error)
            self.post_message(OrdersFailed(key, generation, key, error))
            return
        deck.note(key, None)
        self.post_message(
            OrdersLoaded(key, generation, page.items, page.next_cursor, page.total, {}, in_place)
        )

    @on(OrdersLoaded)
    def _orders_loaded(self, message: OrdersLoaded) -> None:
        if message.generation != self._generation or message.view != self.view_key:
            return  # a stale answer: a newer request owns the table
        self._loading = False
        view = self.view
        view.orders = message.orders
        view.total = message.total
        view.pages.next = message.next_cursor
        view.loaded_at = self.deck_app.clock()
        view.all_loaded = False
        view.failures = {name: error_text(error) for name, error in message.failures.items()}
        for name, error in message.failures.items():
            self._report(name, error)
        table = self.query_one(OrderTable)
        table.empty_text = "No orders match." if view.query.used_filters() else "No orders yet."
        table.set_orders(message.orders, show_profile=view.key == ALL_PROFILES)
        settle(len(message.orders))
        if self._highlight_after_load is not None:
            wanted, self._highlight_after_load = self._highlight_after_load, None
            if not table.move_to_key(wanted):
                self.notify(
                    f"Order {printable(wanted[1])} is not in this view (filters?)",
                    severity="warning",
                    markup=False,
                )
        self.query_one(ProfileList).refresh_statuses()
        self._update_status_line()
        self._probe_after_load(message.in_place)

    def _probe_after_load(self, in_place: bool) -> None:
        """Pending counts: every profile once after the first load, then the shown profile on
        each refresh. Not after every page turn: on DuoPlus a probe costs a 1 s throttle slot."""
        if not self._probed_all:
            # Every profile's first pending count comes from the payments strip's first poll.
            self._probed_all = True
        elif in_place and self.view_key != ALL_PROFILES:
            self._probe_pending(self.view_key)

    @on(OrdersFailed)
    def _orders_failed(self, message: OrdersFailed) -> None:
        if message.generation != self._generation or message.view != self.view_key:
            return
        self._loading = False
        self._report(message.profile, message.error)
        table = self.query_one(OrderTable)
        if not table.loaded:
            table.empty_text = (
                f"Could not load orders: {error_text(message.error)}. Press r to retry."
            )
            table.refresh()
        self._probe_after_load(in_place=False)  # the first-load probe only, never a retry
        self.query_one(ProfileList).refresh_statuses()
        self._update_status_line()

    def _report(self, profile: str, error: OrderdeckError) -> None:
        self.notify(
            error_text(error),
            title=f"{printable(profile)}: request failed",
            severity="error",
            timeout=8,
            markup=False,
        )

    # ---- background health and pending counts --------------------------------------------

    @on(OrdersLoaded)
    @on(OrdersFailed)
    def _start_payments_watch(self, message: OrdersLoaded | OrdersFailed) -> None:
        """The payments strip polls once the first page is drawn: its requests, one or more per
        profile, would otherwise go out first and delay that page."""
        monitor = self.query_one(PaymentsMonitor)
        if not monitor.watching:
            self.call_after_refresh(monitor.start_watching)

    def _probe_pending(self, name: str) -> None:
        self.run_worker(
            self._probe(name), group=f"probe-{name}", exclusive=True, exit_on_error=False
        )

    async def _probe(self, name: str) -> None:
        deck = self.deck_app.deck
        try:
            provider = deck.provider(name)
            page_size = min(100, provider.capabilities.max_page_size)
            page = await provider.list_orders(
                OrderQuery(statuses=frozenset({Status.PENDING}), page_size=page_size)
            )
        except OrderdeckError as error:
            self.post_message(ProfileProbed(name, None, error))
            return
        pending = page.total if page.total is not None else len(page.items)
        self.post_message(ProfileProbed(name, pending, None))

    @on(ProfileProbed)
    def _profile_probed(self, message: ProfileProbed) -> None:
        deck = self.deck_app.deck
        deck.note(message.profile, message.error)
        deck.statuses[message.profile].pending_count = message.pending
        self.query_one(ProfileList).refresh_statuses()

    # ---- load all ------------------------------------------------------------------------

    def action_load_all(self) -> None:
        if self._load_all_worker is not None:
            return
        self._generation += 1
        bar = self.query_one("#load-all-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self._loading = True
        self._update_status_line()
        self._load_all_worker = self._fetch_all(self.view_key, self._generation, self.view.query)

    @work(exclusive=True, group="orders", exit_on_error=False)
    async def _fetch_all(self, key: str, generation: int, query: OrderQuery) -> None:
        deck = self.deck_app.deck
        names = deck.profile_names if key == ALL_PROFILES else [key]
        collected: list[Order] = []
        failures: dict[str, OrderdeckError] = {}
        total: int | None = None
        try:
            for name in names:
                try:
                    async for page in deck.provider(name).iter_pages(query):
                        collected.extend(page.items)
                        settle(len(collected))
                        if page.total is not None and len(names) == 1:
                            total = page.total
                        self.post_message(LoadAllProgress(key, generation, len(collected), total))
                except OrderdeckError as error:
                    failures[name] = error
                    deck.note(name, error)
        finally:
            # Cancelled or not, the rows fetched so far are shown.
            if key == ALL_PROFILES:
                collected.sort(
                    key=lambda o: o.created_at.timestamp() if o.created_at else 0.0, reverse=True
                )
            self.post_message(
                OrdersLoaded(key, generation, collected, None, len(collected), failures)
            )

    @on(LoadAllProgress)
    def _load_all_progress(self, message: LoadAllProgress) -> None:
        if message.generation != self._generation:
            return
        bar = self.query_one("#load-all-progress", ProgressBar)
        bar.update(total=message.total, progress=message.loaded)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self._load_all_worker and event.state in (
            WorkerState.SUCCESS,
            WorkerState.CANCELLED,
            WorkerState.ERROR,
        ):
            self._load_all_worker = None
            self.query_one("#load-all-progress").display = False
            if event.state is not WorkerState.CANCELLED:
                self.view.all_loaded = True
            self._update_status_line()
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            # A bug, not a provider fault: say so and keep the app alive (workers run with
            # exit_on_error=False, so Textual leaves the crash to this handler).
            error = event.worker.error
            get_logger("ui").error("worker %s crashed", event.worker.name, exc_info=error)
            self.notify(
                f"{type(event.worker.error).__name__}: {error_text(event.worker.error)}",
                title="Internal error (please report)",
                severity="error",
                markup=False,
            )
            self._loading = False
            self._update_status_line()

    def _cancel_load_all(self) -> None:
        if self._load_all_worker is not None:
            self._load_all_worker.cancel()

    # ---- paging, refresh, sorting --------------------------------------------------------

    def action_refresh(self) -> None:
        self._load(self.view.pages.current, in_place=True)

    def _refresh_on_timer(self) -> None:
        if self._loading or self._load_all_worker is not None or self.view.all_loaded:
            return
        self._load(self.view.pages.current, in_place=True)

    def action_next_page(self) -> None:
        pages = self.view.pages
        if self._loading or not pages.can_go_forward:
            self.app.bell()
            return
        self._load(pages.forward())

    def action_previous_page(self) -> None:
        pages = self.view.pages
        if self._loading or not pages.can_go_back:
            self.app.bell()
            return
        self._load(pages.back())

    def action_cycle_page_size(self) -> None:
        self._page_size_index = (self._page_size_index + 1) % len(PAGE_SIZES)
        size = PAGE_SIZES[self._page_size_index]
        capabilities = self._capabilities(self.view_key)
        if capabilities is not None:
            size = min(size, capabilities.max_page_size)
        self._requery(replace(self.view.query, page_size=size))
        self.notify(f"Page size {size}", timeout=2)

    def _requery(self, query: OrderQuery) -> None:
        view = self.view
        view.query = query
        view.pages.reset()
        self._load(None)

    def action_cycle_sort(self) -> None:
        view = self.view
        current = SORT_CYCLE.index(view.sort_column) if view.sort_column in SORT_CYCLE else 0
        self._sort_by(SORT_CYCLE[(current + 1) % len(SORT_CYCLE)], descending=True)

    def action_reverse_sort(self) -> None:
        self._sort_by(self.view.sort_column, descending=not self.view.sort_descending)

    @on(OrderTable.HeaderClicked)
    def _header_clicked(self, event: OrderTable.HeaderClicked) -> None:
        view = self.view
        descending = not view.sort_descending if view.sort_column == event.column else True
        self._sort_by(event.column, descending=descending)

    def _sort_by(self, column: str | None, *, descending: bool) -> None:
        """Sort on the server when the provider can, otherwise locally (and say which)."""
        view = self.view
        view.sort_column = column
        view.sort_descending = descending
        table = self.query_one(OrderTable)
        capabilities = self._capabilities(self.view_key)
        server_field = SERVER_SORT_FIELDS.get(column or "")
        if (
            capabilities is not None
            and server_field is not None
            and server_field in capabilities.sortable
            and not view.all_loaded
        ):
            table.set_sort(None)
            table.set_sort(column, descending)
            self._requery(replace(view.query, sort_by=server_field, descending=descending))
            return
        if view.query.sort_by is not None and column is None:
            self._requery(replace(view.query, sort_by=None))
        table.set_sort(column, descending)
        self._update_status_line()

    def _sort_description(self) -> str:
        view = self.view
        if view.sort_column is None:
            return "provider order"
        arrow = "▼" if view.sort_descending else "▲"
        label = COLUMNS_BY_KEY[view.sort_column].label.lower()
        where = "server" if view.query.sort_by is not None else "local, loaded rows only"
        return f"sorted by {label} {arrow} ({where})"

    # ---- filters -------------------------------------------------------------------------

    @on(FilterBar.Changed)
    def _filters_changed(self, event: FilterBar.Changed) -> None:
        self._requery(event.query)

    @on(FilterBar.QuickChanged)
    def _quick_changed(self, event: FilterBar.QuickChanged) -> None:
        if self._quick_timer is not None:
            self._quick_timer.stop()
        text = event.text
        self._quick_timer = self.set_timer(QUICK_FILTER_DEBOUNCE, lambda: self._apply_quick(text))

    def _apply_quick(self, text: str) -> None:
        self.query_one(OrderTable).set_quick_filter(text)
        self._update_status_line()

    def action_focus_quick_filter(self) -> None:
        self.query_one("#quick", Input).focus()

    def action_escape(self) -> None:
        if self._load_all_worker is not None:
            self._cancel_load_all()
            self.notify("Load all cancelled; the rows fetched so far stay.", timeout=3)
            return
        quick = self.query_one("#quick", Input)
        if quick.value or quick.has_focus:
            quick.value = ""
            self._apply_quick("")
            self.query_one(OrderTable).focus()
            return
        if self.focused is not self.query_one(OrderTable):
            self.query_one(OrderTable).focus()

    # ---- switching -----------------------------------------------------------------------

    @on(ProfileList.OptionSelected, "#profiles")
    def _profile_chosen(self, event: ProfileList.OptionSelected) -> None:
        if event.option.id and event.option.id != self.view_key:
            self.switch_view(event.option.id)

    def action_switch_number(self, number: int) -> None:
        names = self.deck_app.deck.profile_names
        if number == 0:
            self.switch_view(ALL_PROFILES)
        elif number <= len(names):
            self.switch_view(names[number - 1])

    # ---- detail --------------------------------------------------------------------------

    @on(OrderTable.Highlighted)
    def _row_highlighted(self, event: OrderTable.Highlighted) -> None:
        self.query_one(DetailPane).follow(event.order)
        if self._detail_timer is not None:
            self._detail_timer.stop()
        order = event.order
        if order is not None:
            self._detail_timer = self.set_timer(DETAIL_DEBOUNCE, lambda: self._fetch_detail(order))

    def _fetch_detail(self, order: Order) -> None:
        if not self.query_one(DetailPane).display:
            return
        try:
            provider = self.deck_app.deck.provider(order.profile)
        except OrderdeckError:
            return
        if provider.capabilities.has_detail:
            self._load_detail(order)

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def _load_detail(self, order: Order) -> None:
        try:
            detailed = await self.deck_app.deck.provider(order.profile).get_order(order.id)
        except OrderdeckError as error:
            self.post_message(DetailFailed(order.key, error))
            return
        self.post_message(DetailLoaded(detailed))

    @on(DetailLoaded)
    def _detail_loaded(self, message: DetailLoaded) -> None:
        current = self.query_one(OrderTable).highlighted
        if current is not None and current.key == message.order.key:
            self.query_one(DetailPane).show(message.order)

    @on(DetailFailed)
    def _detail_failed(self, message: DetailFailed) -> None:
        current = self.query_one(OrderTable).highlighted
        if current is not None and current.key == message.key:
            self.query_one(DetailPane).show(
                current, note=f"detail unavailable: {error_text(message.error)}"
            )

    def action_toggle_detail(self) -> None:
        pane = self.query_one(DetailPane)
        pane.display = not pane.display
        if pane.display:
            pane.show(self.query_one(OrderTable).highlighted)

    # ---- order actions -------------------------------------------------------------------

    def _current_order(self) -> Order | None:
        order = self.query_one(OrderTable).highlighted
        if order is None:
            self.notify("No order highlighted", severity="warning", timeout=2)
        return order

    def action_copy_id(self) -> None:
        if order := self._current_order():
            self.app.copy_to_clipboard(order.id)
            self.notify(f"Copied order id {printable(order.id)}", timeout=2, markup=False)

    def action_copy_json(self) -> None:
        import json

        if order := self._current_order():
            self.app.copy_to_clipboard(json.dumps(order.to_json(), ensure_ascii=False, indent=2))
            self.notify("Copied the order as JSON", timeout=2)

    def action_open_pay_link(self) -> None:
        if order := self._current_order():
            open_pay_link(self, order)

    def action_export(self) -> None:
        from tui.ui.screens.export import ExportScreen

        rows = list(self.query_one(OrderTable).rows)
        if not rows:
            self.notify("Nothing to export", severity="warning", timeout=3)
            return
        stamp = self.deck_app.clock().strftime("%Y%m%d-%H%M")
        name = "all-profiles" if self.view_key == ALL_PROFILES else self.view_key
        default = Path.cwd() / f"orderdeck-{name}-{stamp}.csv"

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._export(rows, request)

        self.app.push_screen(ExportScreen(default, len(rows)), chosen)

    # The description spares Textual a repr() of every row (seconds at 100,000 orders).
    @work(thread=True, group="export", description="export orders")
    def _export(self, rows: list[Order], request: ExportRequest) -> None:
        from tui.export import export_orders

        try:
            written = export_orders(rows, request.path, request.format)
        except OSError as error:
            self.app.call_from_thread(
                self.notify, f"Export failed: {error_text(error)}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(
            self.notify, f"Wrote {len(rows):,} orders to {written}", title="Exported", markup=False
        )

    # ---- pending payments ----------------------------------------------------------------

    def action_payments(self) -> None:
        from tui.ui.screens.payments import PaymentsScreen

        if not isinstance(self.app.screen, PaymentsScreen):
            self.app.push_screen(PaymentsScreen(self.query_one(PaymentsMonitor)))

    def show_order(self, key: tuple[str, str]) -> None:
        """Switch to the order's profile and put the cursor on it once the rows arrive (the
        Payments view's Enter). When that view does not hold it, it shows pending orders."""
        profile = key[0]
        if profile not in self.deck_app.deck.config.profiles:
            return
        view = self._views.get(profile)
        if view is None or all(order.key != key for order in view.orders):
            capabilities = self._capabilities(profile)
            page_size = PAGE_SIZES[self._page_size_index]
            if capabilities is not None:
                page_size = min(page_size, capabilities.max_page_size)
            pending = OrderQuery(statuses=frozenset({Status.PENDING}), page_size=page_size)
            self._views[profile] = ViewState(profile, pending)
        self._highlight_after_load = key
        self.switch_view(profile)

    # ---- placing a CloudPond order ------------------------------------------------------

    def can_order(self, key: str) -> bool:
        """A profile of a provider that creates orders, whose capabilities allow it
        (read_only = false)."""
        if key == ALL_PROFILES:
            return False
        entry = registry.get(self.deck_app.deck.profile(key).provider)
        if entry is None or not entry.can_create:
            return False
        capabilities = self._capabilities(key)
        return capabilities is not None and capabilities.can_create

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_order":
            return self.can_order(self.view_key)
        return True

    def action_new_order(self, profile: str | None = None) -> None:
        from tui.ui.screens.wizard import OrderWizard

        name = profile or self.view_key
        if not self.can_order(name):
            self.notify(
                "Orders are placed on a CloudPond profile that is not read_only",
                severity="warning",
                timeout=4,
            )
            return
        self.app.push_screen(
            OrderWizard(name, self._drafts.get(name)),
            lambda outcome: self._wizard_closed(name, outcome),
        )

    def _wizard_closed(self, profile: str, outcome: WizardOutcome | None) -> None:
        from tui.ui.screens.wizard.dialogs import OrderPlacedScreen

        if outcome is None or outcome.draft is None:
            self._drafts.pop(profile, None)
        else:
            self._drafts[profile] = outcome.draft
        if outcome is None or outcome.placed is None:
            return
        order = outcome.placed.order
        self._highlight_after_load = order.key
        if profile in self._views:
            self._views[profile].pages.reset()  # the new order is on the first page
        self.switch_view(profile)
        self.app.push_screen(OrderPlacedScreen(outcome.placed, outcome.site_name))

    # ---- the clock -----------------------------------------------------------------------

    def _tick(self) -> None:
        self._update_status_line()
        self.query_one(OrderTable).refresh_countdowns()

    def _update_status_line(self) -> None:
        view = self._views.get(self.view_key)
        if view is None:
            return
        table = self.query_one(OrderTable)
        parts: list[str] = []
        if view.all_loaded:
            parts.append(f"all {len(view.orders):,} loaded")
        else:
            parts.append(
                page_indicator(
                    view.pages.index,
                    len(view.orders),
                    view.query.page_size,
                    view.total,
                    view.pages.can_go_forward,
                )
            )
        if len(table.rows) != len(view.orders):
            parts.append(f"{len(table.rows):,} match the quick filter")
        parts.append(self._sort_description())
        if view.loaded_at is not None:
            parts.append(f"updated {age(view.loaded_at, self.deck_app.clock())}")
        if view.failures:
            parts.append(f"{len(view.failures)} profile(s) failed")
        if table.indexing:
            parts.append(f"⟳ indexing {len(table.loaded):,} rows for the filter and sort…")
        if self._loading:
            parts.append("⟳ loading…")
        # One line, full width (app.tcss): new text never changes its size, so skip the layout.
        self.query_one("#status-line", Static).update(" · ".join(parts), layout=False)

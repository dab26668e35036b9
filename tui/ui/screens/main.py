"""The screen operators live in: profiles on the left, filters and orders in the middle, the
highlighted order on the right.

What a view remembers (its query, pages and sort, and which load is current) lives in
`tui/view_state.py`, and what a load fetches in `tui/view_loading.py`; this screen draws them.
Workers fetch and post messages; the `on_*` handlers below own every widget update. Each load
carries a generation number and runs in an exclusive worker group, so a slow answer to an old
request is never shown over a newer one. The screen gets the deck, the clock, the time zone
and the app's payments watch through its constructor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from tui.display import error_text, printable
from tui.errors import OrderdeckError
from tui.orders import Order, OrderQuery
from tui.providers import registry
from tui.ui.after_first_rows import AfterFirstRows
from tui.ui.clipboard import copy_text
from tui.ui.long_lived import settle
from tui.ui.messages import (
    LoadAllProgress,
    OrdersFailed,
    OrdersLoaded,
    ProfileProbed,
    ShowOrder,
)
from tui.ui.order_actions import open_pay_link
from tui.ui.payments_feed import PaymentsFeed
from tui.ui.screens.main_keys import MAIN_BINDINGS, key_applies
from tui.ui.screens.settled import SettledScreen
from tui.ui.widgets.detail_pane import DETAIL_DEBOUNCE, DetailPane
from tui.ui.widgets.filter_bar import FilterBar
from tui.ui.widgets.footer import Footer
from tui.ui.widgets.header import Header
from tui.ui.widgets.load_all_bar import load_all_bar, mount_load_all_bar
from tui.ui.widgets.order_table import COLUMNS_BY_KEY, OrderTable
from tui.ui.widgets.payments_monitor import PaymentsMonitor
from tui.ui.widgets.profile_list import ProfileList, ProfileStrip, fit_strip
from tui.ui.worker_crash import report_worker_crash
from tui.view_loading import (
    Collected,
    collect_every_page,
    detail_fetch,
    fetch_page,
    pending_count,
)
from tui.view_state import (
    ALL_PROFILES,
    TableState,
    Views,
    ViewState,
    choose_sort,
    header_click_descending,
    next_sort_column,
    status_text,
    without_filters,
)

if TYPE_CHECKING:
    from tui.deck import Deck
    from tui.providers.base import Capabilities
    from tui.ui.screens.wizard import WizardOutcome

__all__ = ["DETAIL_DEBOUNCE", "MainScreen"]

NARROW_WIDTH: Final = 100
"""Below this many columns the profile sidebar folds away: an 80-column table needs it all."""

COLUMN_LABELS: Final = {key: column.label for key, column in COLUMNS_BY_KEY.items()}
"""How the status line names a sort column: as the table heads it."""


class MainScreen(SettledScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS
    AUTO_FOCUS = "#orders"

    def __init__(
        self,
        deck: Deck,
        *,
        clock: Callable[[], datetime],
        zone: tzinfo,
        payments: PaymentsFeed,
        initial_view: str | None = None,
    ) -> None:
        super().__init__()
        self.deck = deck
        self.clock = clock
        self.zone = zone
        self.payments = payments
        self._initial_view = initial_view
        self.views = Views(self._capabilities)
        self._load_all_worker: Worker[None] | None = None
        self.listing_every_key = False
        """True while the help screen lists this screen's keys: those that come and go count."""
        self._composed_bar: str | None = None
        """The view whose filter bar `compose` made; its first `switch_view` keeps that bar."""

    # ---- composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        warn_before = timedelta(minutes=self.deck.config.payments.warn_minutes)
        yield Header()
        yield PaymentsMonitor(self.payments, id="payments-strip")
        with Horizontal(id="body"):
            yield ProfileList(list(self.deck.statuses.values()), id="profiles")
            with Vertical(id="center"):
                # The first view's fields follow its first rows, in the height the slot keeps
                # for them: they were 4% of the instructions to the first frame.
                first = self._first_view()
                with Vertical(id="filter-slot"):
                    yield AfterFirstRows(
                        lambda: self._filter_bar(self._capabilities(first), self.views.get(first))
                    )
                self._composed_bar = first
                yield OrderTable(
                    clock=self.clock, zone=self.zone, warn_before=warn_before, id="orders"
                )
                yield Static("", id="status-line")
                yield DetailPane(
                    clock=self.clock,
                    zone=self.zone,
                    detail_request=lambda order: detail_fetch(self.deck, order),
                    after_first_rows=True,
                    id="detail",
                )
        yield Footer()

    def on_mount(self) -> None:
        if self.size.height < 30:
            self.query_one(DetailPane).display = False  # a small terminal keeps the rows
        self._fit_sidebar()
        self.payments.counted.subscribe(self, lambda _: self._refresh_profiles(), immediate=True)
        self.switch_view(self._first_view())
        self.query_one(OrderTable).focus()
        self.set_interval(1.0, self._tick)
        refresh_seconds = self.deck.config.refresh_seconds
        if refresh_seconds > 0:
            self.set_interval(refresh_seconds, self._refresh_on_timer)

    def resized(self) -> None:
        self._fit_sidebar()

    def _fit_sidebar(self) -> None:
        """Under NARROW_WIDTH columns the orders get the whole width; 0-9 and the palette
        still switch profiles, and the header names the current one."""
        wide = self.size.width >= NARROW_WIDTH
        self.query_one(ProfileList).display = wide
        fit_strip(
            self.query_one("#center"), not wide, list(self.deck.statuses.values()), self.view_key
        )

    # ---- views ---------------------------------------------------------------------------

    @property
    def view_key(self) -> str:
        return self.views.key

    @property
    def view(self) -> ViewState:
        return self.views.current

    def _capabilities(self, key: str) -> Capabilities | None:
        """The profile's capabilities; None for All profiles or a profile that cannot open."""
        return self.deck.capabilities(key)

    def switch_view(self, key: str) -> None:
        if key != ALL_PROFILES and key not in self.deck.config.profiles:
            self.notify(f"No profile named {printable(key)}", severity="warning", markup=False)
            return
        self._cancel_load_all()
        self.views.key = key
        capabilities = self._capabilities(key)
        view = self.views.get(key)
        self.query_one(ProfileList).select_view(key)
        if self._composed_bar == key:
            self._composed_bar = None  # composed with the screen, for this very view
        else:
            self._mount_filter_bar(self._filter_bar(capabilities, view))
        self._refresh_profiles()
        table = self.query_one(OrderTable)
        table.set_orders(view.orders, show_profile=key == ALL_PROFILES)
        table.set_sort(view.sort_column, view.sort_descending)
        self.app.sub_title = "All profiles" if key == ALL_PROFILES else self._profile_label(key)
        self._load(view.pages.current)
        self.refresh_bindings()  # `n` shows only where an order can be placed

    def _profile_label(self, key: str) -> str:
        status = self.deck.statuses[key]
        return f"{key} · {status.provider_label}"

    def _first_view(self) -> str:
        return self.deck.first_view(self._initial_view)

    def _filter_bar(self, capabilities: Capabilities | None, view: ViewState) -> FilterBar:
        return FilterBar(
            capabilities, view.query, clock=self.clock, zone=self.zone, typed=view.typed_filters
        )

    # ---- loading -------------------------------------------------------------------------

    def _load(self, cursor: object, *, in_place: bool = False) -> None:
        generation = self.views.start_load()
        self._update_status_line()
        self._fetch_page(self.view_key, generation, self.view.query, cursor, in_place)

    @work(exclusive=True, group="orders", exit_on_error=False)
    async def _fetch_page(
        self, key: str, generation: int, query: OrderQuery, cursor: object, in_place: bool
    ) -> None:
        try:
            page = await fetch_page(self.deck, key, query, cursor)
        except OrderdeckError as error:
            self.post_message(OrdersFailed(key, generation, key, error))
            return
        self.post_message(
            OrdersLoaded(
                key, generation, page.orders, page.next_cursor, page.total, page.failures, in_place
            )
        )

    @on(OrdersLoaded)
    def _orders_loaded(self, message: OrdersLoaded) -> None:
        if not self.views.is_current(message.generation, message.view):
            return  # a stale answer: a newer request owns the table
        self.views.loading = False
        view = self.view
        view.take_page(
            message.orders,
            total=message.total,
            next_cursor=message.next_cursor,
            loaded_at=self.clock(),
            failures={name: error_text(error) for name, error in message.failures.items()},
            collected=self._load_all_worker is not None,
        )
        for name, error in message.failures.items():
            self._report(name, error)
        table = self.query_one(OrderTable)
        table.empty_text = view.empty_text
        table.set_orders(message.orders, show_profile=view.key == ALL_PROFILES)
        settle(len(message.orders))
        if self.views.take_top():
            table.move_to_top()
        wanted = self.views.take_highlight()
        if wanted is not None and not table.move_to_key(wanted):
            self.notify(
                f"Order {printable(wanted[1])} is not in this view (filters?)",
                severity="warning",
                markup=False,
            )
        self._refresh_profiles()
        self._update_status_line()
        self._probe_after_load(message.in_place)

    def _probe_after_load(self, in_place: bool) -> None:
        """Pending counts: every profile once after the first load (from the payments watch's
        first poll), then the shown profile on each refresh. Not after every page turn: on
        DuoPlus a probe costs a 1 s throttle slot."""
        if self.views.probe_after_load(in_place):
            self._probe_pending(self.view_key)

    @on(OrdersFailed)
    def _orders_failed(self, message: OrdersFailed) -> None:
        if not self.views.is_current(message.generation, message.view):
            return
        self.views.loading = False
        self._report(message.profile, message.error)
        table = self.query_one(OrderTable)
        if not table.loaded:
            table.empty_text = (
                f"Could not load orders: {error_text(message.error)}. Press r to retry."
            )
            table.refresh()
        self._probe_after_load(in_place=False)  # the first-load probe only, never a retry
        self._refresh_profiles()
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

    def _refresh_profiles(self) -> None:
        """Health marks and pending counts: in the sidebar, or the strip that replaces it."""
        self.query_one(ProfileList).refresh_statuses()
        for strip in self.query(ProfileStrip).results(ProfileStrip):
            strip.show(self.view_key)

    def _probe_pending(self, name: str) -> None:
        self.run_worker(
            self._probe(name), group=f"probe-{name}", exclusive=True, exit_on_error=False
        )

    async def _probe(self, name: str) -> None:
        try:
            pending = await pending_count(self.deck, name)
        except OrderdeckError as error:
            self.post_message(ProfileProbed(name, None, error))
            return
        self.post_message(ProfileProbed(name, pending, None))

    @on(ProfileProbed)
    def _profile_probed(self, message: ProfileProbed) -> None:
        self.deck.note(message.profile, message.error)
        self.deck.statuses[message.profile].pending_count = message.pending
        self._refresh_profiles()

    # ---- load all ------------------------------------------------------------------------

    async def action_load_all(self) -> None:
        if self._load_all_worker is not None:
            return
        bar = await mount_load_all_bar(self.query_one("#center"), before="#status-line")
        generation = self.views.start_load()
        bar.update(total=None, progress=0)
        bar.display = True
        self._update_status_line()
        self._load_all_worker = self._fetch_all(self.view_key, generation, self.view.query)
        self.refresh_bindings()  # esc cancels it: the footer says so

    @work(exclusive=True, group="orders", exit_on_error=False)
    async def _fetch_all(self, key: str, generation: int, query: OrderQuery) -> None:
        collected = Collected()

        def page_arrived(so_far: Collected) -> None:
            settle(len(so_far.orders))
            self.post_message(LoadAllProgress(key, generation, len(so_far.orders), so_far.total))

        complete = False
        try:
            await collect_every_page(self.deck, key, query, collected, page_arrived)
            complete = True
        finally:
            # Cancelled or not, the rows fetched so far are shown.
            page = collected.finished(key, complete=complete)
            self.post_message(
                OrdersLoaded(key, generation, page.orders, None, page.total, page.failures)
            )

    @on(LoadAllProgress)
    def _load_all_progress(self, message: LoadAllProgress) -> None:
        if message.generation != self.views.generation:
            return
        load_all_bar(self).update(total=message.total, progress=message.loaded)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self._load_all_worker and event.state in (
            WorkerState.SUCCESS,
            WorkerState.CANCELLED,
            WorkerState.ERROR,
        ):
            self._load_all_worker = None
            load_all_bar(self).display = False
            if event.state is not WorkerState.CANCELLED:
                self.view.all_loaded = True
            self._update_status_line()
            self.refresh_bindings()
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report_worker_crash(self.notify, event.worker)
            self.views.loading = False
            self._update_status_line()

    def _cancel_load_all(self) -> None:
        if self._load_all_worker is not None:
            self._load_all_worker.cancel()

    # ---- paging, refresh, sorting --------------------------------------------------------

    def action_refresh(self) -> None:
        self._load(self.view.pages.current, in_place=True)

    def _refresh_on_timer(self) -> None:
        if self.views.refresh_due(loading_all=self._load_all_worker is not None):
            self._load(self.view.pages.current, in_place=True)

    def action_next_page(self) -> None:
        pages = self.view.pages
        if self.views.loading or not pages.can_go_forward:
            self.app.bell()
            return
        self._load(pages.forward())

    def action_previous_page(self) -> None:
        pages = self.view.pages
        if self.views.loading or not pages.can_go_back:
            self.app.bell()
            return
        self._load(pages.back())

    def action_cycle_page_size(self) -> None:
        size = self.views.cycle_page_size()
        self._requery(replace(self.view.query, page_size=size))
        self.notify(f"Page size {size}", timeout=2)

    def _requery(self, query: OrderQuery) -> None:
        self.views.requery(query)
        self._load(None)

    def action_cycle_sort(self) -> None:
        shown = self.query_one(OrderTable).column_keys
        self._sort_by(next_sort_column(self.view.sort_column, shown), descending=True)

    def action_reverse_sort(self) -> None:
        self._sort_by(self.view.sort_column, descending=not self.view.sort_descending)

    @on(OrderTable.HeaderClicked)
    def _header_clicked(self, event: OrderTable.HeaderClicked) -> None:
        self._sort_by(event.column, descending=header_click_descending(self.view, event.column))

    def _sort_by(self, column: str | None, *, descending: bool) -> None:
        """Sort on the server when the provider can, otherwise locally (and say which)."""
        view = self.view
        view.sort_column = column
        view.sort_descending = descending
        choice = choose_sort(view, column, descending, self._capabilities(self.view_key))
        table = self.query_one(OrderTable)
        if choice.on_server:
            table.set_sort(None)
        if choice.query is not None:
            self.views.top_after_load = True
            self._requery(choice.query)
        table.set_sort(column, descending)
        table.move_to_top()  # the top of the sort on screen
        if not choice.on_server:
            self._update_status_line()

    # ---- filters -------------------------------------------------------------------------

    @on(FilterBar.Changed)
    def _filters_changed(self, event: FilterBar.Changed) -> None:
        self.view.typed_filters = event.typed
        self._requery(event.query)
        self.refresh_bindings()  # `x` shows while filters are set

    async def action_focus_filters(self) -> None:
        (await self._filter_bar_now()).focus_first()

    async def _filter_bar_now(self) -> FilterBar:
        """The filter bar, mounted at once if it still waits for the first rows."""
        for stand_in in self.query_one("#filter-slot").query(AfterFirstRows):
            await stand_in.reveal()
        return self.query_one(FilterBar)

    def action_clear_filters(self) -> None:
        """`x`: every server filter and the quick filter off, in one reload."""
        view = self.view
        view.typed_filters = {}
        self.views.requery(without_filters(view.query))
        self._mount_filter_bar(self._filter_bar(self._capabilities(self.view_key), view))
        self._apply_quick(FilterBar.QuickChanged(""))
        self.query_one(OrderTable).focus()
        self._load(None)
        self.refresh_bindings()

    def _mount_filter_bar(self, bar: FilterBar) -> None:
        slot = self.query_one("#filter-slot")
        slot.remove_children()
        slot.mount(bar)

    @on(FilterBar.QuickChanged)
    def _apply_quick(self, event: FilterBar.QuickChanged) -> None:
        self.query_one(OrderTable).set_quick_filter(event.text)
        self._update_status_line()
        self.refresh_bindings()  # esc and `x` show while it holds text

    @on(OrderTable.RowsChanged)
    def _rows_caught_up(self) -> None:
        self._update_status_line()  # the match count and the indexing note

    @on(FilterBar.QuickDone)
    def _quick_done(self) -> None:
        self.query_one(OrderTable).focus()

    async def action_focus_quick_filter(self) -> None:
        (await self._filter_bar_now()).query_one("#quick", Input).focus()

    def action_escape(self) -> None:
        if self._load_all_worker is not None:
            self._cancel_load_all()
            self.notify("Load all cancelled; the rows fetched so far stay.", timeout=3)
            return
        table = self.query_one(OrderTable)
        for quick in self.query("#quick").results(Input):  # none before the fields mount
            if quick.has_focus or (quick.value and table.has_focus):
                quick.value = ""
                self._apply_quick(FilterBar.QuickChanged(""))
        table.focus()  # one key back to the table from any field or the detail pane

    # ---- switching -----------------------------------------------------------------------

    @on(ProfileList.Chosen, "#profiles")
    def _profile_chosen(self, event: ProfileList.Chosen) -> None:
        if event.view != self.view_key:
            self.switch_view(event.view)

    def action_switch_number(self, number: int) -> None:
        names = self.deck.profile_names
        if number == 0:
            self.switch_view(ALL_PROFILES)
        elif number <= len(names):
            self.switch_view(names[number - 1])

    # ---- detail --------------------------------------------------------------------------

    @on(OrderTable.Highlighted)
    def _row_highlighted(self, event: OrderTable.Highlighted) -> None:
        self.query_one(DetailPane).cursor_on(event.order)

    @on(OrderTable.Selected)
    def _row_selected(self, event: OrderTable.Selected) -> None:
        self.query_one(DetailPane).open(event.order)

    def action_raw_json(self) -> None:
        """`J`: Details ⇄ Raw JSON (the order full-screen where there is no pane)."""
        self.query_one(DetailPane).raw_json(self.query_one(OrderTable).highlighted)

    def action_toggle_detail(self) -> None:
        self.query_one(DetailPane).toggle(self.query_one(OrderTable).highlighted)

    # ---- order actions -------------------------------------------------------------------

    def _current_order(self) -> Order | None:
        order = self.query_one(OrderTable).highlighted
        if order is None:
            self.notify("No order highlighted", severity="warning", timeout=2)
        return order

    def action_copy_id(self) -> None:
        if order := self._current_order():
            copy_text(self, order.id, f"order id {order.id}")

    def action_copy_json(self) -> None:
        import json

        if order := self._current_order():
            text = json.dumps(order.to_json(), ensure_ascii=False, indent=2)
            copy_text(self, text, "the order as JSON")

    def action_open_pay_link(self) -> None:
        if order := self._current_order():
            open_pay_link(self, order)

    def action_export(self) -> None:
        from tui.ui.screens.export import export_rows

        rows = list(self.query_one(OrderTable).rows)
        if not rows:
            self.notify("Nothing to export", severity="warning", timeout=3)
            return
        stamp = self.clock().strftime("%Y%m%d-%H%M")
        name = "all-profiles" if self.view_key == ALL_PROFILES else self.view_key
        export_rows(self, rows, Path.cwd() / f"orderdeck-{name}-{stamp}.csv")

    # ---- pending payments ----------------------------------------------------------------

    def action_payments(self) -> None:
        from tui.ui.screens.payments import PaymentsScreen

        if not isinstance(self.app.screen, PaymentsScreen):
            self.app.push_screen(PaymentsScreen(self.payments, clock=self.clock))

    @on(ShowOrder)
    def _show_order(self, message: ShowOrder) -> None:
        """Switch to the order's profile and put the cursor on it once the rows arrive (the
        Payments view's Enter). When that view does not hold it, it shows pending orders."""
        if message.key[0] not in self.deck.config.profiles:
            return
        self.views.show_pending(message.key)
        self.switch_view(message.key[0])

    # ---- placing an order ----------------------------------------------------------------

    def can_order(self, key: str) -> bool:
        """A profile of a provider that creates orders, allowed to (read_only = false)."""
        if key == ALL_PROFILES:
            return False
        entry = registry.get(self.deck.profile(key).provider)
        if entry is None or not entry.can_create:
            return False
        capabilities = self._capabilities(key)
        return capabilities is not None and capabilities.can_create

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return key_applies(self, action)

    @property
    def loading_all(self) -> bool:
        return self._load_all_worker is not None

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
        wizard = OrderWizard(name, deck=self.deck, clock=self.clock)  # it keeps its own drafts
        self.app.push_screen(wizard, lambda outcome: self._wizard_closed(name, outcome))

    def _wizard_closed(self, profile: str, outcome: WizardOutcome | None) -> None:
        from tui.ui.screens.wizard.dialogs import OrderPlacedScreen

        if outcome is None or outcome.placed is None:
            return
        self.views.show_placed(outcome.placed.order.key)
        self.switch_view(profile)
        self.app.push_screen(OrderPlacedScreen(outcome))

    # ---- the clock -----------------------------------------------------------------------

    def _tick(self) -> None:
        self._update_status_line()
        self.query_one(OrderTable).refresh_countdowns()

    def _update_status_line(self) -> None:
        view = self.views.visited(self.view_key)
        if view is None:
            return
        table = self.query_one(OrderTable)
        shown = TableState(len(table.rows), len(table.loaded) if table.indexing else None)
        text = status_text(
            view, shown, labels=COLUMN_LABELS, loading=self.views.loading, now=self.clock()
        )
        # One line, full width (app.tcss): new text never changes its size, so skip the layout.
        self.query_one("#status-line", Static).update(text, layout=False)

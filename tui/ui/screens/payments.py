"""`p`: every pending order across profiles, soonest deadline first, with a live countdown.

The rows come from the app's payments watch (one per session), which the screen gets as a
`PaymentsFeed`. A one-second timer re-reads them and recomputes each countdown from its
deadline: the screen itself never sends a request, except `r`, which asks the watch to check
now. Enter posts `ShowOrder`; the main screen shows the order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Final

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from tui.display import age, printable
from tui.payments import OrderKey, amount_due, countdown, is_urgent
from tui.ui.messages import ShowOrder
from tui.ui.order_actions import open_pay_link
from tui.ui.payments_feed import TICK_SECONDS, PaymentsFeed
from tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from tui.orders import Order

COLUMNS: Final = (
    ("profile", "Profile"),
    ("order", "Order"),
    ("amount", "Amount"),
    ("countdown", "Pay in"),
    ("link", "Pay link"),
)

Cells = tuple[str, str, str, str, str]


class PaymentsTable(DataTable[Text]):
    """Pending orders, one row each; rows under the warning threshold are warning-coloured."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"payments-table--urgent"}
    DEFAULT_CSS = """
    PaymentsTable { height: 1fr; }
    PaymentsTable > .payments-table--urgent { color: $warning; text-style: bold; }
    """


class PaymentsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "jump",
            "Go to order",
            id="payments.jump",
            tooltip="Show the order in its profile's table",
        ),
        Binding(
            "o",
            "open_pay_link",
            "Open pay link",
            id="payments.open-pay-link",
            tooltip="Open the highlighted order's pay link in a browser",
        ),
        Binding(
            "y",
            "copy_pay_link",
            "Copy pay link",
            id="payments.copy-pay-link",
            tooltip="Copy the highlighted order's pay link",
        ),
        Binding(
            "r",
            "check_now",
            "Check now",
            id="payments.check-now",
            tooltip="Re-check pending orders now instead of at the next poll",
        ),
        Binding(
            "escape,p",
            "close",
            "Back",
            id="payments.close",
            tooltip="Back to the orders",
        ),
    ]

    def __init__(self, feed: PaymentsFeed, *, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.feed = feed
        self.clock = clock
        self._keys: list[OrderKey] = []
        self._cells: dict[OrderKey, tuple[Cells, bool]] = {}
        self._orders: dict[OrderKey, Order] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="payments-heading")
        table = PaymentsTable(id="payments-table", cursor_type="row", zebra_stripes=False)
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        yield table
        yield Static("Nothing awaits payment.", id="payments-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Pending payments"
        self.feed.start_watching()  # opened before the first page of orders arrived
        self.sync()
        self.query_one(PaymentsTable).focus()
        self.set_interval(TICK_SECONDS, self.sync)

    # ---- rows ----------------------------------------------------------------------------

    def sync(self) -> None:
        """Take the watch's current rows; rebuild when the set or order changed, else update
        only the cells whose text or urgency changed (the countdowns)."""
        now = self.clock()
        orders = self.feed.watch.orders
        warn = self.feed.watch.warn_before
        table = self.query_one(PaymentsTable)
        keys = [order.key for order in orders]
        self._orders = {order.key: order for order in orders}
        if keys != self._keys:
            keep = self.highlighted_key
            table.clear()
            self._cells = {}
            for order in orders:
                cells = (self._cells_of(order, now), is_urgent(order, now, warn))
                self._cells[order.key] = cells
                table.add_row(*self._styled(*cells), key=_row_key(order.key))
            self._keys = keys
            if keep in self._orders:
                table.move_cursor(row=keys.index(keep), animate=False)
        else:
            for order in orders:
                cells = (self._cells_of(order, now), is_urgent(order, now, warn))
                if cells == self._cells[order.key]:
                    continue
                self._cells[order.key] = cells
                for (column, _), text in zip(COLUMNS, self._styled(*cells), strict=True):
                    table.update_cell(_row_key(order.key), column, text)
        table.display = bool(orders)
        self.query_one("#payments-empty").display = not orders and self.feed.watch.polls > 0
        self._update_heading(now)

    @staticmethod
    def _cells_of(order: Order, now: datetime) -> Cells:
        due = amount_due(order)
        return (
            printable(order.profile),
            printable(order.id),
            str(due) if due is not None else "",
            countdown(order, now),
            printable(order.pay_url or ""),
        )

    def _styled(self, cells: Cells, urgent: bool) -> list[Text]:
        style = self.query_one(PaymentsTable).get_component_rich_style("payments-table--urgent")
        row_style = style if urgent else Style()
        texts = [Text(cell, style=row_style) for cell in cells]
        texts[2].justify = "right"
        return texts

    def _update_heading(self, now: datetime) -> None:
        watch = self.feed.watch
        summary = watch.summary(now)
        minutes = watch.warn_before.total_seconds() / 60
        parts = [f"{summary.count} pending"]
        if summary.totals:
            parts.append(summary.totals_text())
        parts.append(f"{summary.urgent} under {minutes:g} min")
        if watch.failing:
            parts.append(f"not checked: {', '.join(sorted(watch.failing))}")
        if self.feed.polling:
            parts.append("checking…")
        elif self.feed.checked_at is not None:
            parts.append(f"checked {age(self.feed.checked_at, now)}")
        parts.append(f"every {self.feed.poll_seconds:g} s")
        self.query_one("#payments-heading", Static).update(Text(printable(" · ".join(parts))))

    @property
    def highlighted_key(self) -> OrderKey | None:
        table = self.query_one(PaymentsTable)
        if not self._keys or not 0 <= table.cursor_row < len(self._keys):
            return None
        return self._keys[table.cursor_row]

    def highlighted(self) -> Order | None:
        key = self.highlighted_key
        order = self._orders.get(key) if key is not None else None
        if order is None:
            self.notify("No pending order highlighted", severity="warning", timeout=2)
        return order

    # ---- actions -------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        order = self.highlighted()
        if order is None:
            return
        self.dismiss()
        self.app.post_message(ShowOrder(order.key))

    def action_open_pay_link(self) -> None:
        if order := self.highlighted():
            open_pay_link(self, order)

    def action_copy_pay_link(self) -> None:
        order = self.highlighted()
        if order is None:
            return
        if not order.pay_url:
            self.notify("This order has no pay link", severity="warning", timeout=3)
            return
        self.app.copy_to_clipboard(order.pay_url)
        self.notify("Copied the pay link", timeout=2)

    def action_check_now(self) -> None:
        if not self.feed.poll_now():
            self.notify("A check is already under way", timeout=2)
        self.sync()

    def action_close(self) -> None:
        self.dismiss()


def _row_key(key: OrderKey) -> str:
    profile, order_id = key
    return f"{profile}\x1f{order_id}"

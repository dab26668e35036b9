"""`p`: every pending order across profiles, soonest deadline first, with a live countdown.

The rows come from the app's payments watch (one per session), which the screen gets as a
`PaymentsFeed`. A one-second timer re-reads them and recomputes each countdown from its
deadline: the screen itself never sends a request, except `r`, which asks the watch to check
now. Enter posts `ShowOrder`; the main screen shows the order.

Orders with nothing to pay here (no deadline, amount or pay link: CloudPond orders awaiting
acceptance) are folded into one line under the rows, so they never push the orders with a
deadline off the screen; `u` lists them. "Owed" is always positive; the note under the rows
says so, and how the orders table writes the same order where a provider signs its amounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Final

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.display import age, cell_width, printable, truncate
from tui.payments import (
    OrderKey,
    amount_due,
    countdown,
    is_urgent,
    is_waiting,
    owed_note,
    waiting_summary,
)
from tui.ui.clipboard import copy_text
from tui.ui.messages import ShowOrder
from tui.ui.order_actions import open_pay_link
from tui.ui.payments_feed import TICK_SECONDS, PaymentsFeed
from tui.ui.widgets.footer import Footer
from tui.ui.widgets.header import Header

if TYPE_CHECKING:
    from tui.orders import Order

COLUMNS: Final = (
    ("profile", "Profile"),
    ("order", "Order"),
    ("title", "Title"),
    ("owed", "Owed"),
    ("countdown", "Pay in"),
    ("link", "Pay link"),
)
"""Every column, in order; the pay link is left out when the terminal is too narrow for it."""

Cells = tuple[str, str, str, str, str, str]

ORDER_MIN: Final = 16
"""An id is cut in the middle to this first: a DuoPlus id's date prefix and its sequence both
stay visible (`20261122…000006`)."""
TITLE_MIN: Final = 20
"""A title keeps this much before the pay link gets any room."""
TITLE_COMFORT: Final = 48
"""A title grows to this before the pay link and the id grow: most titles fit whole."""
LINK_MIN: Final = 24
"""Below this a pay link shows too little of its host to be worth a column (`o` opens it)."""
LINK_MAX: Final = 44
"""Enough for the host and the start of the path; `o` opens and `y` copies the whole link."""
COUNTDOWN_WIDTH: Final = 14
"""`expired 59m ago`, `13m 43s left`: fixed, so the countdown ticking never moves a column."""
CHROME: Final = 2
"""Cells the table's vertical scrollbar takes."""


def plan_widths(room: int, natural: dict[str, int]) -> dict[str, int]:
    """Column widths (without padding) filling `room` cells: profile, owed and countdown
    whole; id and title at their floors; then the pay link if it fits; what is left goes to
    the title (up to `TITLE_COMFORT`), the link, the id, the rest of the title. A column
    missing from the result is hidden."""
    widths = {key: natural[key] for key in ("profile", "owed")}
    widths["countdown"] = COUNTDOWN_WIDTH
    widths["order"] = min(natural["order"], ORDER_MIN)
    widths["title"] = min(natural["title"], TITLE_MIN)
    left = room - sum(widths.values()) - 2 * len(widths)
    if left >= LINK_MIN + 2 and natural["link"]:
        widths["link"] = min(natural["link"], LINK_MIN)
        left -= widths["link"] + 2
    link_most = min(natural["link"], LINK_MAX) if "link" in widths else 0
    for key, most in (
        ("title", min(natural["title"], TITLE_COMFORT)),
        ("link", link_most),
        ("order", natural["order"]),
        ("title", natural["title"]),
    ):
        grow = max(0, min(most - widths.get(key, most), left))
        if grow:
            widths[key] += grow
            left -= grow
    if left < 0:  # narrower than the floors: the title gives way first
        widths["title"] = max(8, widths["title"] + left)
    return widths


def cut_middle(text: str, width: int) -> str:
    """`20261122…000006`: the start and the end of an id kept, the middle elided."""
    if cell_width(text) <= width:
        return text
    head = width // 2
    tail = width - 1 - head
    return text[:head] + "…" + (text[-tail:] if tail else "")


class PaymentsTable(DataTable[Text]):
    """Pending orders, one row each; rows under the warning threshold are warning-coloured."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"payments-table--urgent"}
    DEFAULT_CSS = """
    PaymentsTable { height: 1fr; }
    PaymentsTable > .payments-table--urgent { color: $warning; text-style: bold; }
    """


class PaymentsScreen(Screen[None]):
    DEFAULT_CSS = """
    PaymentsScreen #payments-heading { height: 1; padding: 0 1; background: $panel; }
    PaymentsScreen #payments-empty { padding: 1 2; color: $text-muted; }
    """
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
            "u",
            "toggle_waiting",
            "No-deadline rows",
            id="payments.toggle-waiting",
            tooltip="Show or fold the orders with no deadline and nothing to pay here",
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
        self.show_waiting = False
        """Whether the orders with nothing to pay here (`is_waiting`) get rows of their own."""
        self._keys: list[OrderKey] = []
        self._cells: dict[OrderKey, tuple[Cells, bool]] = {}
        self._orders: dict[OrderKey, Order] = {}
        self._widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="payments-heading")
        yield PaymentsTable(id="payments-table", cursor_type="row", zebra_stripes=False)
        yield Static("Nothing awaits payment.", id="payments-empty")
        yield Static("", id="payments-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Pending payments"
        self.feed.start_watching()  # opened before the first page of orders arrived
        self.sync()
        self.query_one(PaymentsTable).focus()
        self.set_interval(TICK_SECONDS, self.sync)

    def on_resize(self) -> None:
        self.sync()

    # ---- rows ----------------------------------------------------------------------------

    def sync(self) -> None:
        """Take the watch's current rows; rebuild when the set, the order or the column widths
        changed, else update only the cells whose text or urgency changed (the countdowns)."""
        now = self.clock()
        every = self.feed.watch.orders
        orders = [o for o in every if self.show_waiting or not is_waiting(o)]
        warn = self.feed.watch.warn_before
        table = self.query_one(PaymentsTable)
        rows = {o.key: (self._cells_of(o, now), is_urgent(o, now, warn)) for o in orders}
        widths = plan_widths(self.size.width - CHROME, _natural_widths(rows.values()))
        keys = list(rows)
        self._orders = {order.key: order for order in orders}
        if keys != self._keys or widths != self._widths:
            self._rebuild(table, rows, widths)
        else:
            for key, cells in rows.items():
                if cells != self._cells[key]:
                    self._cells[key] = cells
                    for column, text in self._styled(*cells).items():
                        table.update_cell(_row_key(key), column, text)
        table.display = bool(orders)
        self.query_one("#payments-empty").display = not every and self.feed.watch.polls > 0
        self._update_heading(now)
        self._update_notes(every)

    def _rebuild(
        self, table: PaymentsTable, rows: dict[OrderKey, tuple[Cells, bool]], widths: dict[str, int]
    ) -> None:
        keep = self.highlighted_key
        self._widths = widths
        table.clear(columns=True)
        for column, label in COLUMNS:
            if column in widths:
                table.add_column(label, key=column, width=widths[column])
        for order_key, cells in rows.items():
            table.add_row(*self._styled(*cells).values(), key=_row_key(order_key))
        self._cells = dict(rows)
        self._keys = list(rows)
        if keep in rows:
            table.move_cursor(row=self._keys.index(keep), animate=False)

    @staticmethod
    def _cells_of(order: Order, now: datetime) -> Cells:
        due = amount_due(order)
        return (
            printable(order.profile),
            printable(order.id),
            printable(order.title),
            str(due) if due is not None else "",
            countdown(order, now),
            printable(order.pay_url or ""),
        )

    def _styled(self, cells: Cells, urgent: bool) -> dict[str, Text]:
        """The shown columns' cells, cut to their widths: ids in the middle, the rest at the
        end."""
        style = self.query_one(PaymentsTable).get_component_rich_style("payments-table--urgent")
        row_style = style if urgent else Style()
        texts: dict[str, Text] = {}
        for (key, _), cell in zip(COLUMNS, cells, strict=True):
            if key not in self._widths:
                continue
            width = self._widths[key]
            shown = cut_middle(cell, width) if key == "order" else truncate(cell, width)
            texts[key] = Text(shown, style=row_style, justify="right" if key == "owed" else "left")
        return texts

    def _update_heading(self, now: datetime) -> None:
        watch = self.feed.watch
        summary = watch.summary(now)
        minutes = watch.warn_before.total_seconds() / 60
        parts = [f"{summary.count} pending"]
        if summary.totals:
            parts.append(f"{summary.totals_text()} owed")
        parts.append(f"{summary.urgent} under {minutes:g} min")
        if watch.failing:
            parts.append(f"not checked: {', '.join(sorted(watch.failing))}")
        if self.feed.polling:
            parts.append("checking…")
        elif self.feed.checked_at is not None:
            parts.append(f"checked {age(self.feed.checked_at, now)}")
        parts.append(f"every {self.feed.poll_seconds:g} s")
        self.query_one("#payments-heading", Static).update(Text(printable(" · ".join(parts))))

    def _update_notes(self, orders: list[Order]) -> None:
        """Under the rows: the folded orders (and the key that shows them), and what Owed
        means where a provider writes the same order's amount with a sign."""
        lines = []
        waiting = waiting_summary(orders)
        if waiting:
            where = "listed above; u folds them" if self.show_waiting else "u lists them"
            lines.append(f"{waiting} · {where}")
        if any(order.amount is not None for order in orders):
            lines.append(owed_note(orders))
        notes = self.query_one("#payments-notes", Static)
        notes.update(Text(printable("\n".join(lines), single_line=False)))
        notes.display = bool(lines)

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
        copy_text(self, order.pay_url, "the pay link")

    def action_toggle_waiting(self) -> None:
        self.show_waiting = not self.show_waiting
        self.sync()

    def action_check_now(self) -> None:
        if not self.feed.poll_now():
            self.notify("A check is already under way", timeout=2)
        self.sync()

    def action_close(self) -> None:
        self.dismiss()


def _natural_widths(rows: Iterable[tuple[Cells, bool]]) -> dict[str, int]:
    """Each column's widest cell (or its label)."""
    widest = {key: cell_width(label) for key, label in COLUMNS}
    for cells, _ in rows:
        for (key, _label), cell in zip(COLUMNS, cells, strict=True):
            widest[key] = max(widest[key], cell_width(cell))
    if widest["link"] == cell_width("Pay link"):
        widest["link"] = 0  # no row has a link: no column for it
    return widest


def _row_key(key: OrderKey) -> str:
    profile, order_id = key
    return f"{profile}\x1f{order_id}"

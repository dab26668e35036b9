"""The detail pane: every normalized field, the provider's own fields, and the raw JSON.

Every value from a server goes through `printable` into a `Text`: never markup, so
`[@click=app.quit]` in an order name is just text.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Final

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from tui.display import format_timestamp, printable, time_left
from tui.orders import Order, Status
from tui.providers.registry import display_name
from tui.ui.after_first_rows import AfterFirstRows

if TYPE_CHECKING:
    from textual.widgets import TabbedContent

FOLLOW_INTERVAL: Final = 0.1
"""While the cursor runs (a held key, a burst of page-downs) the pane re-renders at most this
often: each re-render lays the whole screen out again (about 30 ms at 160x50), so following
every row of a burst would stall the table. The last row of a burst is always shown."""


def _value(value: object) -> Text:
    if value is None or value == "":
        return Text("—", style="dim")
    if isinstance(value, dict | list):
        return Text(printable(json.dumps(value, ensure_ascii=False)))
    return Text(printable(str(value), single_line=False))


def _grid(rows: list[tuple[str, object]]) -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for label, value in rows:
        grid.add_row(Text(printable(label)), _value(value))
    return grid


def order_fields(order: Order, now: datetime, zone: tzinfo, note: str = "") -> Table:
    """Normalized fields on the left, the provider's own on the right."""
    common: list[tuple[str, object]] = [
        ("Order", order.id),
        ("Title", order.title),
        ("Profile", f"{order.profile} ({display_name(order.provider)})"),
        ("Status", f"{order.status.value} (raw: {order.status_raw})"),
        ("Kind", order.kind.value),
        ("Amount", str(order.amount) if order.amount is not None else None),
        ("Created", format_timestamp(order.created_at, zone, seconds=True)),
        ("Updated", format_timestamp(order.updated_at, zone, seconds=True)),
    ]
    if order.expires_at is not None:
        deadline = format_timestamp(order.expires_at, zone, seconds=True)
        if order.status is Status.PENDING:
            deadline += f" ({time_left(order.expires_at, now)})"
        common.append(("Pay by", deadline))
    specific: list[tuple[str, object]] = list(order.extra.items())
    if order.pay_url and "Pay link" not in order.extra:
        specific.append(("Pay link", order.pay_url))
    if note:
        specific.append(("Note", note))
    layout = Table.grid(padding=(0, 2), expand=True)
    layout.add_column(ratio=1)
    layout.add_column(ratio=1)
    layout.add_row(_grid(common), _grid(specific))
    return layout


class DetailPane(Vertical):
    """Follows the highlighted order; the screen feeds it (and its fetched detail)."""

    DEFAULT_CSS = """
    DetailPane { height: 40%; min-height: 8; border-top: hkey $panel-lighten-2; }
    DetailPane #fields-body, DetailPane #raw-body { padding: 0 1; }
    """

    def __init__(
        self, *, clock: Callable[[], datetime], zone: tzinfo, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._clock = clock
        self._zone = zone
        self.order: Order | None = None
        self.note = ""
        self._wanted: Order | None = None
        self._shown_at = 0.0
        self._follow_timer: Timer | None = None
        self._raw_shown = True
        """Whether the Raw JSON tab holds `order`'s JSON (it starts empty, as `order` is None)."""
        self._shown: Order | None = None
        """The order the Details tab shows (None before the tabs are mounted)."""
        self._wanted_tab: str | None = None
        """A tab chosen before the tabs were mounted."""
        self._tabs: TabbedContent | None = None
        """The tabs, known from their first `TabActivated` (their panes are mounted then)."""

    def compose(self) -> ComposeResult:
        # The tabs (a dozen widgets) are mounted once the first rows are on screen: those
        # never wait for them. Until then `show` only remembers the order.
        yield AfterFirstRows(self._new_tabs())

    def _new_tabs(self) -> Widget:
        from textual.widgets import TabbedContent, TabPane

        tabs = TabbedContent()
        fields = Static(Text("No order selected.", style="dim"), id="fields-body")
        tabs.compose_add_child(TabPane("Details", VerticalScroll(fields), id="fields"))
        tabs.compose_add_child(
            TabPane("Raw JSON", VerticalScroll(Static("", id="raw-body")), id="raw")
        )
        return tabs

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """The tabs are mounted (their first tab is activated then), or the user switched."""
        self._tabs = event.tabbed_content
        if self._wanted_tab is not None:
            tab, self._wanted_tab = self._wanted_tab, None
            event.tabbed_content.active = tab
        if self._shown is not self.order:
            self.show(self.order, self.note)
        if event.pane.id == "raw":
            self._show_raw()

    @property
    def active(self) -> str:
        """The shown tab: `fields` or `raw`."""
        tabs = self._mounted_tabs()
        return (self._wanted_tab or "fields") if tabs is None else tabs.active

    @active.setter
    def active(self, tab: str) -> None:
        tabs = self._mounted_tabs()
        if tabs is None:
            self._wanted_tab = tab
        else:
            tabs.active = tab

    def _mounted_tabs(self) -> TabbedContent | None:
        """The tabs, once mounted with their panes (None before)."""
        return self._tabs

    def follow(self, order: Order | None) -> None:
        """Show `order` now, or, when the pane changed less than `FOLLOW_INTERVAL` ago, once
        that interval is over (whatever the cursor is on by then)."""
        self._wanted = order
        if self._follow_timer is not None:
            return  # already due, and it shows the latest wanted order
        elapsed = time.monotonic() - self._shown_at
        if elapsed >= FOLLOW_INTERVAL:
            self.show(order)
        else:
            self._follow_timer = self.set_timer(FOLLOW_INTERVAL - elapsed, self._follow_due)

    def _follow_due(self) -> None:
        self._follow_timer = None
        self.show(self._wanted)

    def show(self, order: Order | None, note: str = "") -> None:
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None
        self._wanted = order
        self._shown_at = time.monotonic()
        self.order = order
        self.note = note
        if self._mounted_tabs() is None:
            return  # the tabs show it once they are mounted
        self._shown = order
        fields = self.query_one("#fields-body", Static)
        if order is None:
            fields.update(Text("No order selected.", style="dim"))
        else:
            fields.update(order_fields(order, self._clock(), self._zone, note))
        self._raw_shown = False
        if self.active == "raw":
            self._show_raw()

    def _show_raw(self) -> None:
        """The Raw JSON tab is filled when it is on screen: most cursor moves never need it."""
        if self._raw_shown:
            return
        self._raw_shown = True
        raw = self.query_one("#raw-body", Static)
        if self.order is None:
            raw.update("")
            return
        # json.dumps escapes control characters; printable also marks bidi and zero-width ones.
        body = json.dumps(dict(self.order.raw), indent=2, ensure_ascii=False, default=str)
        raw.update(Text(printable(body, single_line=False)))

"""The detail pane: every normalized field, the provider's own fields, and the raw JSON.

Every value from a server goes through `printable` into a `Text`: never markup, so
`[@click=app.quit]` in an order name is just text.

The two tabs are a `TabLine` over two scroll bodies (one shown), not Textual's
`TabbedContent`: that took 16 nodes (tabs, underline, switcher, panes and their containers)
to this pane's 6, and each node costs the first paint its styling and layout. Counted up to
the first painted frame of `orderdeck --demo`, the swap saved 176M of 2865M instructions (6 %).
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, tzinfo
from typing import Final

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.visual import VisualType
from textual.widgets import Static

from tui.display import error_text, format_timestamp, printable, time_left
from tui.errors import OrderdeckError
from tui.orders import Order, Status
from tui.providers.registry import display_name
from tui.ui.after_first_rows import AfterFirstRows
from tui.ui.messages import DetailFailed, DetailLoaded
from tui.ui.widgets.tab_line import TabLine

DETAIL_DEBOUNCE: Final = 0.25
"""Seconds the cursor must rest before the detail endpoint is asked: holding ↓ sends nothing."""

DetailRequest = Callable[[Order], Callable[[], Awaitable[Order]] | None]
"""How the pane asks for an order's detail: a fetch to await, or None when the order's
provider has no detail endpoint (or cannot open)."""

FOLLOW_INTERVAL: Final = 0.1
"""While the cursor runs (a held key, a burst of page-downs) the pane re-renders at most this
often: each re-render repaints the pane (and lays the whole screen out again when its height
changes: about 30 ms at 160x50), so following every row of a burst would stall the table. The
last row of a burst is always shown."""

TABS: Final = (("fields", "Details"), ("raw", "Raw JSON"))
"""The pane's tabs: each name is its scroll body's id."""


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


_IGNORED_OPTIONS: Final = frozenset({"height", "max_height"})


class RenderedOnce:
    """`inner` (a grid), rendered once per set of console options but the height: Textual
    renders a Static's content twice per update (for its height, then for its lines), and for
    these nested grids each render is most of what a cursor move costs the screen update."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner
        self._lines: dict[tuple[object, ...], list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Options are a mutable dataclass (not hashable). The height is left out: Textual
        # measures with none and paints with the widget's, and a grid ignores it (rich's
        # Table renders with `height=None`), so the paint reuses the measuring render.
        key = tuple(v for k, v in vars(options).items() if k not in _IGNORED_OPTIONS)
        segments = self._lines.get(key)
        if segments is None:
            segments = self._lines[key] = list(console.render(self.inner, options))
        yield from segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.inner)


def replace_content(body: Static, content: VisualType) -> bool:
    """Give `body` new content, laying the screen out again only when its height changes;
    True when it did. Textual's `Static.update` lays out the whole screen (about 30 ms at
    160x50), and most cursor moves swap one order's fields for another's of the same height:
    the width is the pane's, not the content's, so only a new height can move anything."""
    body.update(content, layout=False)
    region = body.content_region
    height = body.get_content_height(region.size, body.app.size, region.width)
    if height == region.height:
        return False
    body.refresh(layout=True)
    return True


class DetailPane(Vertical):
    """Follows the highlighted order and, once the cursor rests, fetches its detail."""

    DEFAULT_CSS = """
    DetailPane { height: 40%; min-height: 8; border-top: hkey $panel-lighten-2; }
    DetailPane #fields-body, DetailPane #raw-body { padding: 0 1; }
    """

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        zone: tzinfo,
        detail_request: DetailRequest | None = None,
        after_first_rows: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._after_first_rows = after_first_rows
        """Mount the tabs and bodies once the first rows are drawn (the dashboard's pane): until
        then the pane is its empty frame, and shows the highlighted order as they mount."""
        self._clock = clock
        self._zone = zone
        self._detail_request = detail_request
        self._detail_timer: Timer | None = None
        self.order: Order | None = None
        self.note = ""
        self._wanted: Order | None = None
        self._shown_at = 0.0
        self._follow_timer: Timer | None = None
        self._raw_shown = True
        """Whether the Raw JSON tab holds `order`'s JSON (it starts empty, as `order` is None)."""
        self._tab_line = TabLine(TABS)
        self._fields = Static(Text("No order selected.", style="dim"), id="fields-body")
        self._raw = Static("", id="raw-body")
        self._bodies = {
            "fields": VerticalScroll(self._fields, id="fields"),
            "raw": VerticalScroll(self._raw, id="raw"),
        }
        self._bodies["raw"].display = False

    def compose(self) -> ComposeResult:
        parts = (self._tab_line, *self._bodies.values())
        if self._after_first_rows:
            yield AfterFirstRows(*parts)
        else:
            yield from parts

    @on(AfterFirstRows.Revealed)
    def _revealed(self, message: AfterFirstRows.Revealed) -> None:
        message.stop()
        self.show(self._wanted, self.note)

    @property
    def _built(self) -> bool:
        """The tabs and bodies are mounted (see `after_first_rows`)."""
        return self._fields.is_attached

    @property
    def active(self) -> str:
        """The shown tab: `fields` or `raw`."""
        return self._tab_line.active

    @active.setter
    def active(self, tab: str) -> None:
        self._tab_line.active = tab
        self._tab_shown()

    @on(TabLine.Activated)
    def _tab_activated(self, event: TabLine.Activated) -> None:
        event.stop()
        self._tab_shown()

    def _tab_shown(self) -> None:
        """Show the active tab's body, hide the other; Raw JSON is filled as it is shown. A
        focused body's focus moves to the shown one (Textual would give it to the tab line)."""
        active = self.active
        shown = self._bodies[active]
        focused = any(body.has_focus for body in self._bodies.values() if body is not shown)
        for body in self._bodies.values():
            body.display = body is shown
        if focused:
            shown.focus()
        if active == "raw":
            self._show_raw()

    def cursor_on(self, order: Order | None) -> None:
        """The table's cursor moved: show the order, and fetch its detail once it rests."""
        self.follow(order)
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if order is not None:
            self._detail_timer = self.set_timer(DETAIL_DEBOUNCE, lambda: self._fetch(order))

    def _fetch(self, order: Order) -> None:
        if not self.display or self._detail_request is None:
            return
        request = self._detail_request(order)
        if request is not None:
            self._load_detail(order, request)

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def _load_detail(self, order: Order, request: Callable[[], Awaitable[Order]]) -> None:
        try:
            detailed = await request()
        except OrderdeckError as error:
            self.post_message(DetailFailed(order.key, error))
            return
        self.post_message(DetailLoaded(detailed))

    @on(DetailLoaded)
    def _detail_loaded(self, message: DetailLoaded) -> None:
        message.stop()
        if self._wanted is not None and self._wanted.key == message.order.key:
            self.show(message.order)

    @on(DetailFailed)
    def _detail_failed(self, message: DetailFailed) -> None:
        message.stop()
        current = self._wanted
        if current is not None and current.key == message.key:
            self.show(current, note=f"detail unavailable: {error_text(message.error)}")

    def open(self, order: Order, *, raw: bool = False) -> None:
        """Enter on a row: focus this pane on the order's details (or raw JSON); where the pane
        is hidden (80x24), the order opens full-screen instead."""
        if not self.display:
            from tui.ui.screens.order_detail import OrderDetailScreen

            screen = OrderDetailScreen(
                order,
                clock=self._clock,
                zone=self._zone,
                detail_request=self._detail_request or (lambda _: None),
                raw=raw,
            )
            self.app.push_screen(screen)
            return
        if raw != (self.active == "raw"):
            self.toggle_raw()
        self.focus_body()

    def raw_json(self, order: Order | None) -> None:
        """`J`: Details ⇄ Raw JSON; where the pane is hidden, `order` opens full-screen."""
        if self.display:
            self.toggle_raw()
        elif order is not None:
            self.open(order, raw=True)
        else:
            self.notify("No order highlighted", severity="warning", timeout=2)

    def toggle(self, order: Order | None) -> None:
        """`d`: hide the pane, or show it on `order`."""
        self.display = not self.display
        if self.display:
            self.show(order)

    def focus_body(self) -> None:
        """Focus the shown tab's text, so ↑ ↓ scroll it (Enter on a row)."""
        self._bodies[self.active].focus()

    def toggle_raw(self) -> None:
        """`J`: Details ⇄ Raw JSON; focus inside the pane moves to the shown tab."""
        focused_here = self.has_focus_within
        self.active = "fields" if self.active == "raw" else "raw"
        if focused_here:
            self.focus_body()

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
        if not self._built:
            return  # drawn as the bodies mount (`_revealed`)
        if order is None:
            replace_content(self._fields, Text("No order selected.", style="dim"))
        else:
            fields_text = order_fields(order, self._clock(), self._zone, note)
            replace_content(self._fields, RenderedOnce(fields_text))
        self._raw_shown = False
        if self.active == "raw":
            self._show_raw()

    def _show_raw(self) -> None:
        """The Raw JSON tab is filled when it is on screen: most cursor moves never need it."""
        if self._raw_shown or not self._built:
            return
        self._raw_shown = True
        if self.order is None:
            replace_content(self._raw, "")
            return
        # json.dumps escapes control characters; printable also marks bidi and zero-width ones.
        body = json.dumps(dict(self.order.raw), indent=2, ensure_ascii=False, default=str)
        replace_content(self._raw, Text(printable(body, single_line=False)))

"""A virtual order table: renders only the lines on screen, so 100,000 rows cost what 40 do.

Textual's DataTable measures every cell on the UI thread (about 20 s for 100,000 rows on a
2-core box). This table knows its columns: widths come from a sample of the data, each visible
line is built from the order on demand, and sorting and the quick filter work on plain lists.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import ClassVar, Final, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.columns import fit_cell, shrink_to_floors
from tui.display import cell_width, printable
from tui.orders import Order, Status
from tui.ui.long_lived import settle
from tui.ui.widgets.order_columns import (
    COLUMNS,
    COLUMNS_BY_KEY,
    INDEX_ORDER,
    OPTIONAL_COLUMNS,
    Column,
    haystack,
)
from tui.ui.widgets.row_index import OrderView, RowIndex, position_of, turns

__all__ = ["COLUMNS", "COLUMNS_BY_KEY", "INDEX_ORDER", "Column", "OrderTable", "haystack"]

WIDTH_SAMPLE: Final = 500
"""Rows sampled to size a column (about 8 ms): measuring all 100,000 would cost a visible
pause, and a rare longer value is cut with an ellipsis instead."""

MIN_TITLE_WIDTH: Final = 16

INDEX_THRESHOLD: Final = 2_000
"""Rows from which filtering and sorting go through a `RowIndex` built between frames: below
it the plain path takes a few milliseconds and an index would only add work."""

BUILD_PAUSE: Final = 0.001
"""Seconds the index build rests between turns: with no rest its next turn is queued ahead of
whatever woke meanwhile (a key, a timer), and two turns would run back to back."""

GAP: Final = 1
"""Cells between columns; the first column also gets one on its left."""

COMPACT_CREATED: Final = "%m-%d %H:%M"
"""The created column's format once the terminal is too narrow for the year."""

SHRINK_ORDER: Final = (
    ("id", 13),
    ("status", 10),
    ("kind", 8),
    ("profile", 8),
    ("created", 11),
    ("title", 12),
)
"""Columns cut (with an ellipsis) when the terminal is too narrow, in this order, down to
these widths: a 13-cell id still tells orders apart, and `y` copies the whole one."""


class _Paint(NamedTuple):
    """What every line of one paint shares, looked up once rather than once a line (the
    widget's own style alone walks every ancestor's CSS: about 0.1 ms a call). A NamedTuple:
    its class costs about a tenth of a frozen dataclass's to create, on the first frame's path."""

    width: int
    scroll_x: int
    scroll_y: int
    base: Style
    now: datetime
    columns: list[Column]


class OrderTable(ScrollView, can_focus=True):
    """Orders, one per line, with a sticky header, a row cursor and sortable columns."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="table.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page-down"),
        Binding("home,g", "jump(0)", "First", show=False, id="table.first"),
        Binding("end,G", "jump(-1)", "Last", show=False, id="table.last"),
        Binding("enter", "select", "Open", show=False, id="table.select"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "order-table--header",
        "order-table--header-sorted",
        "order-table--cursor",
        "order-table--empty",
        "order-table--urgent",
        *(f"order-table--status-{status.value}" for status in Status),
    }

    DEFAULT_CSS = """
    OrderTable {
        background: $surface;
        scrollbar-gutter: stable;
    }
    OrderTable > .order-table--header { background: $panel; color: $text; text-style: bold; }
    OrderTable > .order-table--header-sorted {
        background: $panel; color: $accent; text-style: bold;
    }
    OrderTable > .order-table--cursor { background: $block-cursor-blurred-background; }
    OrderTable:focus > .order-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    OrderTable > .order-table--empty { color: $text-muted; text-style: italic; }
    OrderTable > .order-table--urgent { color: $warning; text-style: bold; }
    OrderTable > .order-table--status-pending { color: $warning; }
    OrderTable > .order-table--status-processing { color: $accent; }
    OrderTable > .order-table--status-completed { color: $success; }
    OrderTable > .order-table--status-failed { color: $error; }
    OrderTable > .order-table--status-cancelled { color: $text-muted; }
    OrderTable > .order-table--status-expired { color: $text-muted; }
    OrderTable > .order-table--status-refunded { color: $secondary; }
    OrderTable > .order-table--status-deleted { color: $text-disabled; }
    OrderTable > .order-table--status-unknown { color: $error; text-style: italic; }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted row in the visible (filtered, sorted) rows."""

    class Highlighted(Message):
        """The cursor moved to another order."""

        def __init__(self, table: OrderTable, order: Order | None) -> None:
            super().__init__()
            self.table = table
            self.order = order

        @property
        def control(self) -> OrderTable:
            return self.table

    class Selected(Message):
        """Enter or a double click on an order."""

        def __init__(self, table: OrderTable, order: Order) -> None:
            super().__init__()
            self.table = table
            self.order = order

        @property
        def control(self) -> OrderTable:
            return self.table

    class HeaderClicked(Message):
        def __init__(self, table: OrderTable, column: str) -> None:
            super().__init__()
            self.table = table
            self.column = column

        @property
        def control(self) -> OrderTable:
            return self.table

    class RowsChanged(Message):
        """The shown rows changed after the call that asked for it returned: the index or a
        long quick-filter search caught up."""

        def __init__(self, table: OrderTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> OrderTable:
            return self.table

    class _Search(Message, bubble=False):
        """Search the index for the quick filter's needle, in steps. A message to the table,
        not a worker: what is asked of the table next comes after the matching rows."""

        def __init__(self, needle: str) -> None:
            super().__init__()
            self.needle = needle

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        zone: tzinfo,
        warn_before: timedelta = timedelta(minutes=15),
        empty_text: str = "No orders to show.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._clock = clock
        self._zone = zone
        self._warn_before = warn_before
        self.empty_text = empty_text
        self._all: list[Order] = []
        """Everything loaded, in load order."""
        self._rows: Sequence[Order] = []
        """What is shown: `_all` filtered by the quick filter and sorted."""
        self._haystacks: dict[tuple[str, str], str] = {}
        """Haystacks built on demand for tables too small for an index."""
        self._index: RowIndex | None = None
        """The index of `_all` when it is big enough to need one (filled between frames)."""
        self._retired: object = None  # what a big load replaced, freed by `_build_index`
        self._waiting_for_index = False
        """A filter or sort asked of the index before it could answer: done when it can."""
        self._searching: str | None = None
        """The needle a `_Search` message is on its way for."""
        self._natural_widths: dict[str, int] = {}
        """Column widths from the data, before fitting to the terminal."""
        self._quick_filter = ""
        self._sort_column: str | None = None
        self._sort_descending = True
        self._sort_note = ""
        self.show_profile = False
        self._widths: dict[str, int] = {}
        self._empty_columns: set[str] = set()
        """Optional columns with nothing to show in the current rows."""
        self._last_highlighted: tuple[str, str] | None = None
        self._paint: _Paint | None = None
        """What the lines of the paint under way share (`render_lines`)."""

    # ---- data ---------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Order]:
        """The orders as shown (filtered and sorted)."""
        return self._rows

    @property
    def loaded(self) -> Sequence[Order]:
        return self._all

    @property
    def highlighted(self) -> Order | None:
        if 0 <= self.cursor_row < len(self._rows):
            return self._rows[self.cursor_row]
        return None

    def set_orders(self, orders: Iterable[Order], *, show_profile: bool | None = None) -> None:
        """Replace the rows; the cursor stays on the same order (by key) when it is still there."""
        keep = self.highlighted.key if self.highlighted else None
        # Freeing 100,000 rows' index takes milliseconds: the new index's build does it, later.
        self._retired = (self._index, self._all, self._rows)
        self._all = list(orders)
        self._haystacks = {}
        if show_profile is not None:
            self.show_profile = show_profile
        self._index = None
        self._searching = None
        if len(self._all) >= INDEX_THRESHOLD:
            self._index = RowIndex(
                self._all,
                {key: COLUMNS_BY_KEY[key].sort_key for key in INDEX_ORDER},
                haystack,
            )
            self._build_index()
        else:
            self._retired = None
        self._rebuild(keep, fresh=True)

    def set_sort(self, column: str | None, descending: bool = True, note: str = "") -> None:
        """Sort locally by a column (None: keep the server's order)."""
        keep = self.highlighted.key if self.highlighted else None
        self._sort_column = column
        self._sort_descending = descending
        self._sort_note = note
        # The same rows in another order need no new column widths.
        self._rebuild(keep, measure=not self._widths)

    # A description, or Textual writes one from repr() of the arguments: 2 s for 100,000 orders.
    @work(exclusive=True, group="order-table-index", description="index the order table")
    async def _build_index(self) -> None:
        # On the event loop in steps, not in a thread: a CPU-bound thread makes the loop wait
        # for the GIL after every poll (seconds of lag measured at 100,000 rows).
        # The index is not an argument: a finished worker can outlive a `gc.freeze()` in a
        # reference cycle, and must not keep 20 MB of index alive with it.
        index = self._index
        if index is None:
            return
        # The first turn rests too: the load's handler and paint are not one stretch with it.
        await asyncio.sleep(BUILD_PAUSE)
        if index is not self._index:
            return
        self._retired = None
        settled = False
        for _ in turns(index.build()):
            if index.searchable and not settled:
                # Its ids, haystacks and sort keys are big lists no allocation has yet made
                # the collector look at: a young collection would walk them all (15 ms).
                settled = True
                settle(len(index.orders))
            await asyncio.sleep(BUILD_PAUSE)
            if index is not self._index:
                return  # replaced by newer orders
            self._catch_up(index)
        self._catch_up(index)

    def _catch_up(self, index: RowIndex) -> None:
        """Show what waited for the index once it can answer, or ask for the search it lacks."""
        if not self._waiting_for_index:
            return
        if self._index_view(index) is not None:
            self._rebuild(self.highlighted.key if self.highlighted else None)
            self.post_message(self.RowsChanged(self))
        else:
            self._ask_search(index)

    def _ask_search(self, index: RowIndex) -> None:
        needle = self._quick_filter
        if index.searchable and not index.searched(needle) and self._searching != needle:
            self._searching = needle
            self.post_message(self._Search(needle))

    @on(_Search)
    async def _search(self, message: _Search) -> None:
        index = self._index
        needle = message.needle
        if index is None or needle != self._quick_filter:
            return  # a newer filter posted its own search
        for _ in turns(index.search(needle)):
            await asyncio.sleep(0)
            if index is not self._index or needle != self._quick_filter:
                return
        if self._searching == needle:
            self._searching = None
        self._catch_up(index)

    @property
    def indexing(self) -> bool:
        """A filter or sort waits for the index (a second or two after a big load); not while
        only a quick filter's search runs (a few tens of ms)."""
        index = self._index
        return self._waiting_for_index and not (index is not None and index.complete)

    @property
    def searching(self) -> bool:
        """The quick filter's rows are not shown yet: a search of a big index is under way."""
        return self._waiting_for_index and self._searching is not None

    @property
    def sort_column(self) -> str | None:
        return self._sort_column

    @property
    def sort_descending(self) -> bool:
        return self._sort_descending

    @property
    def column_keys(self) -> frozenset[str]:
        """The columns shown: `s` offers only these."""
        return frozenset(column.key for column in self._visible_columns())

    def move_to_top(self) -> None:
        """The cursor on the first row, scrolled into view (the top of a new sort)."""
        self.cursor_row = 0
        self.scroll_to(y=0, animate=False, immediate=True)

    def set_quick_filter(self, text: str) -> None:
        keep = self.highlighted.key if self.highlighted else None
        self._quick_filter = text.strip().lower()
        self._rebuild(keep)

    def move_to_key(self, key: tuple[str, str]) -> bool:
        found = self._row_of(key)
        if found is None:
            return False
        self.cursor_row = found
        return True

    def _haystack(self, order: Order) -> str:
        found = self._haystacks.get(order.key)
        if found is None:
            found = self._haystacks[order.key] = haystack(order)
        return found

    def _rebuild(
        self, keep: tuple[str, str] | None, *, measure: bool = True, fresh: bool = False
    ) -> None:
        """Recompute the shown rows from `_all`; `fresh`: `_all` was just replaced."""
        index = self._index
        rows: Sequence[Order]
        if index is not None:
            view = self._index_view(index)
            self._waiting_for_index = view is None
            if view is None:
                self._ask_search(index)
                # Not ready for this filter or sort yet (well under a second after 100,000
                # rows arrive): rather than freeze the screen on the plain path, keep the rows
                # shown, or show new rows as they came; the index build or the quick filter's
                # search redoes this when it can.
                if not fresh and self._rows:
                    if self._searching is None:  # nothing to repaint before the search ends
                        self.refresh()
                    return
                view = OrderView(self._all, range(len(self._all)))
            rows = view
        else:
            self._waiting_for_index = False
            rows = self._all
            if self._quick_filter:
                needle = self._quick_filter
                rows = [order for order in rows if needle in self._haystack(order)]
            if self._sort_column is not None:
                column = COLUMNS_BY_KEY[self._sort_column]
                rows = sorted(rows, key=column.sort_key, reverse=self._sort_descending)
            elif rows is self._all:
                rows = list(rows)
        self._rows = rows
        if measure:
            self._measure()
        target = self._row_of(keep) if keep is not None else None
        self.cursor_row = min(target or 0, max(0, len(rows) - 1))
        self.refresh()

    def _index_view(self, index: RowIndex) -> OrderView | None:
        return index.view(self._quick_filter, self._sort_column, self._sort_descending)

    def _row_of(self, key: tuple[str, str]) -> int | None:
        """The shown row of the order with `key`. Through the index when there is one: find
        the order in load order (a linear, cache-friendly scan), then its position among the
        shown rows (a search of plain ints); scanning the sorted rows themselves jumps all
        over memory (30 ms at 100,000 rows)."""
        rows = self._rows
        if isinstance(rows, OrderView) and self._index is not None:
            position = self._index.position_of(key)
            return None if position is None else rows.index_of_position(position)
        return position_of(rows, key)

    def _visible_columns(self) -> list[Column]:
        return [
            c
            for c in COLUMNS
            if (c.key != "profile" or self.show_profile) and c.key not in self._empty_columns
        ]

    def _measure(self) -> None:
        rows = self._rows
        step = max(1, len(rows) // WIDTH_SAMPLE)
        sample = rows[::step]
        now = self._clock()
        widths: dict[str, int] = {}
        self._empty_columns = set()
        for column in self._visible_columns():
            longest = max(
                (cell_width(column.cell(order, now, self._zone)) for order in sample), default=0
            )
            if longest == 0 and column.key in OPTIONAL_COLUMNS and sample:
                # CloudPond has no amounts, most views no countdowns: give the title the room.
                self._empty_columns.add(column.key)
                continue
            widths[column.key] = max(cell_width(column.label) + 2, min(column.max_width, longest))
        self._natural_widths = dict(widths)
        self._widths = widths
        self._fit_flexible()

    def _fit_flexible(self) -> None:
        """Give the title what is left; when even that is too little, shrink the widest
        columns down to a floor before falling back to horizontal scrolling."""
        widths = self._widths
        available = self.scrollable_content_region.width or 120
        widths["title"] = max(widths.get("title", MIN_TITLE_WIDTH), MIN_TITLE_WIDTH)
        room = available - GAP * (len(widths) + 1)
        shrink_to_floors(widths, room, [("title", MIN_TITLE_WIDTH), *SHRINK_ORDER])
        total = self._total_width()
        self.virtual_size = Size(total, len(self._rows) + 1)

    def _total_width(self) -> int:
        return sum(w + GAP for w in self._widths.values()) + GAP

    def on_resize(self, event: events.Resize) -> None:
        # Only the width matters to the columns, and the data has not changed: fit the widths
        # measured last time instead of sampling the rows again (the detail pane changes the
        # table's height on every cursor move).
        if self._natural_widths:
            self._widths = dict(self._natural_widths)
            self._fit_flexible()
        elif self._rows or self._widths:
            self._measure()

    # ---- rendering ----------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._paint = self._new_paint()
        try:
            return super().render_lines(crop)
        finally:
            self._paint = None

    def _new_paint(self) -> _Paint:
        if not self._widths:
            self._measure()  # painted before any rows arrived: the header's widths
        scroll_x, scroll_y = self.scroll_offset
        return _Paint(
            self.scrollable_content_region.width,
            scroll_x,
            scroll_y,
            self.rich_style,
            self._clock(),
            self._visible_columns(),
        )

    def render_line(self, y: int) -> Strip:
        paint = self._paint or self._new_paint()
        width = paint.width
        base = paint.base
        if y == 0:
            strip = self._header_strip(paint)
        else:
            index = paint.scroll_y + y - 1
            if not self._rows:
                if y == 2:
                    style = self.get_component_rich_style("order-table--empty")
                    # Segments go to the terminal as they are: the gate, here at the last step.
                    strip = Strip([Segment("  " + printable(self.empty_text), style)])
                else:
                    strip = Strip.blank(width, base)
                return strip.adjust_cell_length(width, base)
            if index >= len(self._rows):
                return Strip.blank(width, base)
            strip = self._row_strip(index, paint)
        return strip.crop_extend(paint.scroll_x, paint.scroll_x + width, base)

    def _header_strip(self, paint: _Paint) -> Strip:
        base = self.get_component_rich_style("order-table--header")
        sorted_style = self.get_component_rich_style("order-table--header-sorted")
        segments = [Segment(" " * GAP, base)]
        for column in paint.columns:
            label = column.label
            style = base
            if column.key == self._sort_column:
                label += " ▼" if self._sort_descending else " ▲"
                style = sorted_style
            segments.append(Segment(self._fit(label, column) + " " * GAP, style))
        return Strip(segments)

    def _fit(self, text: str, column: Column) -> str:
        return fit_cell(text, self._widths[column.key], right=column.right, middle=column.middle)

    def _row_strip(self, index: int, paint: _Paint) -> Strip:
        order = self._rows[index]
        now = paint.now
        base = paint.base
        segments = [Segment(" " * GAP, base)]
        for column in paint.columns:
            style = base
            if column.key == "status":
                style = base + self.get_component_rich_style(
                    f"order-table--status-{order.status.value}"
                )
            elif column.key == "expires" and self._is_urgent(order, now):
                style = base + self.get_component_rich_style("order-table--urgent")
            if column.key == "created" and self._widths["created"] < 16 and order.created_at:
                text = order.created_at.astimezone(self._zone).strftime(COMPACT_CREATED)
            else:
                text = column.cell(order, now, self._zone)
            segments.append(Segment(self._fit(text, column) + " " * GAP, style))
        strip = Strip(segments)
        if index == self.cursor_row:
            cursor = self.get_component_rich_style("order-table--cursor")
            strip = strip.apply_style(Style(bgcolor=cursor.bgcolor, color=cursor.color))
        return strip

    def _is_urgent(self, order: Order, now: datetime) -> bool:
        return (
            order.status is Status.PENDING
            and order.expires_at is not None
            and order.expires_at - now < self._warn_before
        )

    def refresh_countdowns(self) -> None:
        """Repaint when a visible row shows a countdown (called every second)."""
        top = int(self.scroll_offset.y)
        visible = self._rows[top : top + self.size.height]
        if any(o.status is Status.PENDING and o.expires_at for o in visible):
            self.refresh()

    # ---- cursor and input ---------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        order = self.highlighted
        key = order.key if order else None
        if key != self._last_highlighted:
            self._last_highlighted = key
            self.post_message(self.Highlighted(self, order))

    def _scroll_cursor_into_view(self) -> None:
        visible_rows = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible_rows:
            self.scroll_to(y=self.cursor_row - visible_rows + 1, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.cursor_row += delta

    def action_page(self, direction: int) -> None:
        self.cursor_row += direction * max(1, self.scrollable_content_region.height - 2)

    def action_jump(self, where: int) -> None:
        self.cursor_row = 0 if where == 0 else len(self._rows) - 1

    def action_select(self) -> None:
        order = self.highlighted
        if order is not None:
            self.post_message(self.Selected(self, order))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = offset.x + int(self.scroll_offset.x)
            x -= GAP
            for column in self._visible_columns():
                span = self._widths[column.key] + GAP
                if x < span:
                    self.post_message(self.HeaderClicked(self, column.key))
                    return
                x -= span
            return
        row = int(self.scroll_offset.y) + offset.y - 1
        if 0 <= row < len(self._rows):
            self.cursor_row = row
            if event.chain == 2:
                self.action_select()

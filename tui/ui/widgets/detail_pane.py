"""The detail pane: every normalized field, the provider's own fields, and the raw JSON.

Every value from a server goes through `printable` into a `Text`: never markup, so
`[@click=app.quit]` in an order name is just text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from tui.display import format_timestamp, printable, time_left
from tui.orders import Order, Status
from tui.providers import PROVIDER_NAMES


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
        ("Profile", f"{order.profile} ({PROVIDER_NAMES.get(order.provider, order.provider)})"),
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

    def compose(self) -> ComposeResult:
        with TabbedContent():
            with TabPane("Details", id="fields"), VerticalScroll():
                yield Static(Text("No order selected.", style="dim"), id="fields-body")
            with TabPane("Raw JSON", id="raw"), VerticalScroll():
                yield Static("", id="raw-body")

    @property
    def active(self) -> str:
        """The shown tab: `fields` or `raw`."""
        return self.query_one(TabbedContent).active

    @active.setter
    def active(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def show(self, order: Order | None, note: str = "") -> None:
        self.order = order
        self.note = note
        fields = self.query_one("#fields-body", Static)
        raw = self.query_one("#raw-body", Static)
        if order is None:
            fields.update(Text("No order selected.", style="dim"))
            raw.update("")
            return
        fields.update(order_fields(order, self._clock(), self._zone, note))
        # json.dumps escapes control characters; printable also marks bidi and zero-width ones.
        body = json.dumps(dict(order.raw), indent=2, ensure_ascii=False, default=str)
        raw.update(Text(printable(body, single_line=False)))

"""One order, full-screen: Enter on a row where the terminal has no room for the detail pane
(80x24). Escape or Enter goes back to the table; `J` shows the raw JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.orders import Order
from tui.ui.widgets.detail_pane import DetailPane, DetailRequest
from tui.ui.widgets.footer import Footer
from tui.ui.widgets.header import Header


class OrderDetailScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Back", id="detail.close", tooltip="Back to the orders"),
        Binding("J", "raw_json", "Raw JSON", id="raw-json", tooltip="Details ⇄ Raw JSON"),
    ]

    DEFAULT_CSS = """
    OrderDetailScreen DetailPane { height: 1fr; border-top: none; }
    """

    def __init__(
        self,
        order: Order,
        *,
        clock: Callable[[], datetime],
        zone: tzinfo,
        detail_request: DetailRequest,
        raw: bool = False,
    ) -> None:
        super().__init__()
        self.order = order
        self._pane = DetailPane(clock=clock, zone=zone, detail_request=detail_request)
        self._raw = raw

    def compose(self) -> ComposeResult:
        yield Header()
        yield self._pane
        yield Footer()

    def on_mount(self) -> None:
        if self._raw:
            self._pane.active = "raw"
        self._pane.cursor_on(self.order)
        self._pane.focus_body()

    def action_raw_json(self) -> None:
        self._pane.toggle_raw()

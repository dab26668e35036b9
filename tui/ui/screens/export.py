"""Export: the dialog asking where to write the loaded (filtered) orders, as CSV or JSON, and
`export_rows`, which asks and then writes them in a thread."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from tui.display import error_text
from tui.export import ExportFormat, export_orders
from tui.orders import Order


@dataclass(frozen=True)
class ExportRequest:
    path: Path
    format: ExportFormat


class ExportScreen(ModalScreen[ExportRequest | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="export.cancel"),
    ]

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 72; height: auto; padding: 1 2; border: thick $accent; background: $surface;
    }
    ExportScreen RadioSet { width: auto; margin: 1 0; }
    ExportScreen #buttons { height: auto; align-horizontal: right; }
    ExportScreen Button { margin-left: 2; }
    """

    def __init__(self, default_path: Path, count: int) -> None:
        super().__init__()
        self._default_path = default_path
        self._count = count

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Export {self._count:,} orders (the rows shown, quick filter applied)")
            yield Input(str(self._default_path), id="path")
            with RadioSet(id="format"):
                yield RadioButton("CSV", value=True, id="csv")
                yield RadioButton("JSON", id="json")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export", variant="primary", id="export")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        suffix = ".json" if event.pressed.id == "json" else ".csv"
        if path.suffix in (".csv", ".json"):
            path_input.value = str(path.with_suffix(suffix))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.notify("Give a file path", severity="warning")
            return
        pressed = self.query_one(RadioSet).pressed_button
        fmt: ExportFormat = "json" if pressed is not None and pressed.id == "json" else "csv"
        self.dismiss(ExportRequest(Path(text), fmt))


def export_rows(screen: Screen[Any], rows: list[Order], default_path: Path) -> None:
    """Ask where (and as what) to write `rows`, then write them in a thread; a toast says
    how it went."""

    def chosen(request: ExportRequest | None) -> None:
        if request is not None:
            start_export(screen, rows, request)

    screen.app.push_screen(ExportScreen(default_path, len(rows)), chosen)


def start_export(screen: Screen[Any], rows: list[Order], request: ExportRequest) -> None:
    """Write `rows` as asked, in a thread: a big export never holds up the screen."""
    # The description spares Textual a repr() of every row (seconds at 100,000 orders).
    screen.run_worker(
        partial(_write, screen, rows, request),
        thread=True,
        group="export",
        description="export orders",
    )


def _write(screen: Screen[Any], rows: list[Order], request: ExportRequest) -> None:
    try:
        written = export_orders(rows, request.path, request.format)
    except OSError as error:
        screen.app.call_from_thread(
            screen.notify, f"Export failed: {error_text(error)}", severity="error", markup=False
        )
        return
    screen.app.call_from_thread(
        screen.notify, f"Wrote {len(rows):,} orders to {written}", title="Exported", markup=False
    )

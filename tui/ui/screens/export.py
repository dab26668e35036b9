"""Export dialog: where to write the loaded (filtered) orders, and as CSV or JSON."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from tui.export import ExportFormat


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

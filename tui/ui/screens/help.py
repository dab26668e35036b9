"""`?`: every binding of the screen underneath, with the keys the user's keymap gave them."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

EXTRA_KEYS = (
    ("↑ ↓ j k", "Move the row cursor"),
    ("PgUp PgDn g G", "Page / jump within the table"),
    ("0 … 9", "Switch profile (0 = All profiles); binding ids profile-0 … profile-9"),
    ("Enter", "Open the highlighted order"),
    ("click header", "Sort by that column (again: reverse)"),
    ("ctrl+p", "Command palette: every action, profile switching, theme"),
    ("ctrl+q", "Quit"),
)


def bindings_table(screen: Screen[object]) -> Table:
    table = Table(expand=True, box=None, padding=(0, 2), show_header=True, header_style="bold")
    table.add_column("Key", no_wrap=True, style="bold cyan")
    table.add_column("Action")
    table.add_column("Binding id", style="dim", no_wrap=True)
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id and binding.id.startswith("profile-"):
            continue  # ten of them: one row below says it
        description = binding.tooltip or binding.description or binding.action
        table.add_row(
            Text(screen.app.get_key_display(binding)),
            Text(description),
            Text(binding.id or ""),
        )
    for keys, description in EXTRA_KEYS:
        table.add_row(Text(keys), Text(description), Text(""))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 80%; border: thick $accent; background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, underneath: Screen[object]) -> None:
        super().__init__()
        self._underneath = underneath

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys (remap them in config.toml [keymap] by binding id)"
            yield Static(bindings_table(self._underneath))

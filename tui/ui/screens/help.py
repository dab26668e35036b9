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
    ("0 … 9", "Switch profile (0 = All profiles); binding ids profile-0 … profile-9"),
    ("click header", "Sort by that column (again: reverse)"),
    ("ctrl+p", "Command palette: every action, profile switching, theme"),
    ("ctrl+q", "Quit"),
)


def bindings_table(screen: Screen[object]) -> Table:
    """One row per binding id, with every key bound to it (after the user's keymap). A screen
    whose keys come and go (`listing_every_key`) is asked to answer for all of them."""
    if hasattr(screen, "listing_every_key"):
        screen.listing_every_key = True
        try:
            return _bindings_table(screen)
        finally:
            screen.listing_every_key = False
    return _bindings_table(screen)


def _bindings_table(screen: Screen[object]) -> Table:
    table = Table(expand=True, box=None, padding=(0, 2), show_header=True, header_style="bold")
    table.add_column("Keys", no_wrap=True, style="bold cyan")
    table.add_column("Action")
    table.add_column("Binding id", style="dim", no_wrap=True)
    keys_by_id: dict[str, list[str]] = {}
    description_by_id: dict[str, str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        # Textual's own scrolling and focus bindings have no id; ten profile-N ids get one row.
        if not binding.id or binding.id.startswith("profile-"):
            continue
        keys_by_id.setdefault(binding.id, []).append(screen.app.get_key_display(binding))
        description_by_id[binding.id] = binding.tooltip or binding.description or binding.action
    ordered = sorted(keys_by_id, key=lambda ident: ident.startswith("table."))
    for ident in ordered:
        keys = " ".join(dict.fromkeys(keys_by_id[ident]))
        table.add_row(Text(keys), Text(description_by_id[ident]), Text(ident))
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
            scroll.border_title = (
                "Keys · remap any of them by binding id in config.toml's keymap table"
            )
            yield Static(bindings_table(self._underneath))

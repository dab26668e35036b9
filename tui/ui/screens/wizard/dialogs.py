"""The wizard's small dialogs: leaving with a draft, saving it, and the placed order."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui.display import printable
from tui.providers.cloudpond.models import CreatedDeliveryOrder

LeaveChoice = Literal["keep", "discard"]

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; height: auto; padding: 1 2; border: thick $accent; background: $surface;
}}
{name} .buttons {{ height: auto; align-horizontal: right; margin-top: 1; }}
{name} Button {{ margin-left: 2; }}
"""


class LeaveDialog(ModalScreen[LeaveChoice | None]):
    """Esc on a half-filled wizard: keep the draft for later, discard it, or stay."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Stay", id="wizard.stay"),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="LeaveDialog")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Leave the order wizard?")
            yield Static(
                "Keep the draft and `n` brings it back with every choice; discard forgets it. "
                "Nothing has been ordered.",
                markup=False,
            )
            with Horizontal(classes="buttons"):
                yield Button("Stay", id="stay")
                yield Button("Discard draft", variant="error", id="discard")
                yield Button("Keep draft", variant="primary", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        choice = event.button.id
        self.dismiss("keep" if choice == "keep" else "discard" if choice == "discard" else None)


class SaveDraftDialog(ModalScreen[Path | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="wizard.save-cancel"),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="SaveDraftDialog")

    def __init__(self, default_path: Path, complete: bool) -> None:
        super().__init__()
        self._default_path = default_path
        self._complete = complete

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Save the draft as a request body for `orderdeck create --file`")
            if not self._complete:
                yield Static(
                    "The draft is not complete yet: `orderdeck create` will say what is "
                    "missing until it is.",
                    markup=False,
                )
            yield Input(str(self._default_path), id="path")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", variant="primary", id="save")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.notify("Give a file path", severity="warning")
            return
        self.dismiss(Path(text).expanduser())


class OrderPlacedScreen(ModalScreen[None]):
    """The order the provider accepted: its id, name, status and billing order ids."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Close", id="wizard.result-close"),
        Binding("y", "copy_id", "Copy id", id="wizard.result-copy", tooltip="Copy the order id"),
    ]
    DEFAULT_CSS = (
        DIALOG_CSS.format(name="OrderPlacedScreen")
        + """
    OrderPlacedScreen > Vertical { border: thick $success; }
    OrderPlacedScreen #placed-title { text-style: bold; color: $success; }
    """
    )

    def __init__(self, created: CreatedDeliveryOrder, site_name: str) -> None:
        super().__init__()
        self.created = created
        self._site_name = site_name

    def compose(self) -> ComposeResult:
        order = self.created.order
        rows = (
            ("Delivery order", order.id),
            ("Name", order.title),
            ("Status", f"{order.status.value} ({order.status_raw})"),
            ("Edge site", self._site_name),
            ("Billing orders", ", ".join(self.created.order_ids) or "none returned"),
        )
        text = Text()
        for label, value in rows:
            text.append(f"{label:<16}", style="bold")
            text.append(printable(value) + "\n")
        with Vertical():
            yield Label("✔ Order placed", id="placed-title")
            yield Static(text, id="placed")
            yield Static(
                "It is highlighted in the order table. The provider now reviews it "
                "(pending until accepted).",
                markup=False,
            )
            with Horizontal(classes="buttons"):
                yield Button("Close", variant="primary", id="close")

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)

    def action_copy_id(self) -> None:
        self.app.copy_to_clipboard(self.created.order.id)
        self.notify("Copied the order id", timeout=2)

"""The wizard's small dialogs: a kept draft to resume, leaving, saving or opening a draft,
and the placed order. In each, the arrow keys move between the buttons."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final, Literal, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui.billing_links import BillingRead, describe_billing
from tui.display import printable
from tui.order_draft import STEP_TITLES, KeptDraft, Step
from tui.ui.clipboard import copy_text
from tui.ui.screens.wizard.messages import BillingPolled

if TYPE_CHECKING:
    from datetime import tzinfo

    from tui.ui.screens.wizard.submit import WizardOutcome

LeaveChoice = Literal["keep", "discard"]
StartChoice = Literal["resume", "new", "open"]
ResultType = TypeVar("ResultType")

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; height: auto; padding: 1 2; border: thick $accent; background: $surface;
}}
{name} Label {{ width: 1fr; text-style: bold; }}
{name} .buttons {{ height: auto; align-horizontal: right; margin-top: 1; }}
{name} Button {{ margin-left: 2; }}
{name} Button:focus {{ text-style: bold reverse; }}
"""
"""Every dialog's frame; the focused button is reversed, which every theme shows."""


class WizardDialog(ModalScreen[ResultType]):
    """A dialog whose buttons the arrow keys walk (a field keeps its own arrows)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,up", "app.focus_previous", "Previous", show=False, id="wizard.dialog-prev"),
        Binding("right,down", "app.focus_next", "Next", show=False, id="wizard.dialog-next"),
    ]


def kept_summary(kept: KeptDraft) -> str:
    """A kept draft in a line: where it stopped and what it holds."""
    draft = kept.draft
    parts = [f"left at step {kept.step + 1} of {len(Step)} ({STEP_TITLES[kept.step]})"]
    for label, count in (
        ("server", sum(line.count for line in draft.servers)),
        ("network device", sum(line.count for line in draft.network_devices)),
        ("storage pool", len(draft.storage_pools)),
    ):
        if count:
            parts.append(f"{count} {label}{'' if count == 1 else 's'}")
    return " · ".join(parts)


class StartDialog(WizardDialog[StartChoice | None]):
    """`n` with a kept draft or a saved file: go on with it, start afresh, or open a file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="wizard.start-cancel"),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="StartDialog")

    def __init__(self, kept: KeptDraft | None, last_saved: Path | None) -> None:
        super().__init__()
        self._kept = kept
        self._last_saved = last_saved

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("New CloudPond order")
            if self._kept is not None:
                yield Static(f"A draft is kept: {kept_summary(self._kept)}.", markup=False)
            if self._last_saved is not None:
                yield Static(f"Last saved to {printable(str(self._last_saved))}", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Open a file…", id="open")
                yield Button("Start new", id="new")
                if self._kept is not None:
                    yield Button("Resume draft", variant="primary", id="resume")

    def on_mount(self) -> None:
        self.query_one("#resume" if self._kept is not None else "#open", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        choice = event.button.id
        self.dismiss("resume" if choice == "resume" else "open" if choice == "open" else "new")


class LeaveDialog(WizardDialog[LeaveChoice | None]):
    """Esc on a half-filled wizard: keep the draft for later, discard it, or stay."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Stay", id="wizard.stay"),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="LeaveDialog")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Leave the order wizard?")
            yield Static(
                Text.assemble(
                    "The draft is kept as you go, also across quitting: ",
                    ("n", "bold"),
                    " brings it back at this step with every choice. Discard forgets it. "
                    "Nothing has been ordered.",
                )
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


class PathDialog(WizardDialog[Path | None]):
    """A file path to save a draft to or open one from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="wizard.path-cancel"),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="PathDialog")

    def __init__(self, title: str, note: str, default_path: Path, confirm: str) -> None:
        super().__init__()
        self._title = title
        self._note = note
        self._default_path = default_path
        self._confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title)
            if self._note:
                yield Static(self._note, markup=False)
            yield Input(str(self._default_path), id="path")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self._confirm, variant="primary", id="save")

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


def save_draft_dialog(default_path: Path, complete: bool) -> PathDialog:
    """Where ctrl+s writes the draft, as the body `orderdeck create --file` reads."""
    note = (
        ""
        if complete
        else "The draft is not complete yet: `orderdeck create` will say what is missing "
        "until it is."
    )
    return PathDialog(
        "Save the draft as a request body for `orderdeck create --file`", note, default_path,
        "Save",
    )  # fmt: skip


def open_draft_dialog(default_path: Path) -> PathDialog:
    """Which file ctrl+o (or "Open a file…") loads into the wizard."""
    return PathDialog(
        "Open a draft saved with ctrl+s",
        "A request body as `orderdeck create --file` reads it. Its choices replace the "
        "wizard's; nothing is ordered.",
        default_path,
        "Open",
    )


BILLING_POLL_INTERVAL: Final = 1.0
"""Seconds between reads of a placed order's billing orders: the Billing Center opens them a
moment after the order, and one read a second is nothing to its API."""

BILLING_POLL_TRIES: Final = 10
"""Reads before the result says "not yet visible": ten seconds is longer than they take to
appear, and the screen never waits on them."""


class OrderPlacedScreen(WizardDialog[None]):
    """The order the provider accepted: its id, name, status and billing order ids, then each
    billing order's amount and pay-by time once the Billing Center shows them."""

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

    def __init__(self, outcome: WizardOutcome) -> None:
        super().__init__()
        assert outcome.placed is not None  # only a placed order has a result to show
        self.created = outcome.placed
        self._site_name = outcome.site_name
        self._read_billing = outcome.read_billing
        self._zone = outcome.zone
        self.billing_read: BillingRead | None = None
        """The last read of the billing orders (None until one answered)."""

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
            if self._polls_billing:
                yield Static(Text("Reading what it costs…", style="dim"), id="billing")
            yield Static(
                "It is highlighted in the order table. The provider now reviews it "
                "(pending until accepted).",
                markup=False,
            )
            with Horizontal(classes="buttons"):
                yield Button("Close", variant="primary", id="close")

    @property
    def _polls_billing(self) -> bool:
        return self._read_billing is not None and bool(self.created.order_ids)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()
        if self._polls_billing:
            self._poll_billing()

    @work(exclusive=True, group="billing", exit_on_error=False)
    async def _poll_billing(self) -> None:
        """Read the billing orders until all are visible, at most `BILLING_POLL_TRIES` times."""
        assert self._read_billing is not None
        for attempt in range(1, BILLING_POLL_TRIES + 1):
            read = await self._read_billing()
            done = read.complete or not read.retry or attempt == BILLING_POLL_TRIES
            self.post_message(BillingPolled(read, last=done))
            if done:
                return
            await asyncio.sleep(BILLING_POLL_INTERVAL)

    @on(BillingPolled)
    def _billing_polled(self, message: BillingPolled) -> None:
        self.billing_read = message.read
        self.query_one("#billing", Static).update(
            billing_lines(message.read, self._zone, last=message.last)
        )

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)

    def action_copy_id(self) -> None:
        copy_text(self, self.created.order.id, f"order id {self.created.order.id}")


def billing_lines(read: BillingRead, zone: tzinfo, *, last: bool) -> Text:
    """Each billing order: its id, then its amount, currency and pay-by; the rest not yet
    visible."""
    text = Text()
    for order in read.orders:
        text.append(f"Billing order {printable(order.id)}\n", style="bold")
        text.append(f"  {describe_billing(order, zone)}\n")
    for missing in read.missing:
        text.append(f"Billing order {printable(missing)}\n", style="bold")
        text.append("  not yet visible\n" if last else "  reading…\n", style="dim")
    if read.problem:
        text.append(printable(read.problem), style="dim")
    return text

"""The review step: what the order adds up to in words, the exact body, and the deliberate act
(typing the edge site's name) that unlocks Submit."""

from __future__ import annotations

from collections.abc import Sequence

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static

from tui.display import json_safe, printable
from tui.errors import OrderdeckError, ProviderError
from tui.order_draft import (
    DISCOUNT_TYPES,
    OrderDraft,
    Step,
    pay_mode_label,
    period_label,
    totals,
)
from tui.providers.cloudpond.catalogue import NetworkDeviceOffering, ServerOffering
from tui.providers.cloudpond.models import EdgeSite
from tui.ui.screens.wizard.steps import StepPane, site_warning


def summary(
    draft: OrderDraft,
    site: EdgeSite | None,
    servers: Sequence[ServerOffering],
    network_devices: Sequence[NetworkDeviceOffering],
) -> Text:
    """The order in words, with its totals."""
    text = Text()

    def row(label: str, value: str, style: str = "") -> None:
        text.append(f"{label:<16}", style="bold")
        text.append(printable(value) + "\n", style=style)

    if site is not None:
        zone = " · ".join(part for part in (site.zone_code, site.region_id, site.status) if part)
        row("Edge site", f"{site.name} ({zone})")
        warning = site_warning(site)
        if warning:
            row("", f"⚠ {warning}", "bold yellow")
    if draft.pay_mode and draft.period_num:
        row("Billing", f"{pay_mode_label(draft.pay_mode)} for {period_label(draft.period_num)}")
    for discount in draft.discounts:
        kind = DISCOUNT_TYPES.get(str(discount.type), str(discount.type))
        row("Discount", f"{discount.id} ({kind})")
    offerings: list[ServerOffering | NetworkDeviceOffering] = [*servers, *network_devices]
    names = {o.id: (o.spec.name if o.spec else None) or o.id for o in offerings}
    for label, lines in (("Servers", draft.servers), ("Network devices", draft.network_devices)):
        for index, line in enumerate(lines):
            row(
                label if index == 0 else "",
                f"{line.count} × {names.get(line.offering_id, line.offering_id)}",  # noqa: RUF001
            )
    for index, pool in enumerate(draft.storage_pools):
        row("Storage pools" if index == 0 else "", f"{pool.storage_type} {pool.size} TB")
    summed = totals(draft, servers, network_devices)
    text.append("\nTotals\n", style="bold underline")
    row("Servers", f"{summed.servers}")
    row("Network devices", f"{summed.network_devices}")
    row("vCPUs", f"{summed.vcpus:,}")
    row("Memory", f"{summed.memory_gb:,} GB")
    row("Rack units", f"{summed.rack_units} U")
    row("Power", f"{summed.power_watts:,} W")
    row("Server disks", f"{summed.server_storage_tib} TiB")
    row("Storage pools", f"{summed.storage_pools_tb} TB")
    return text


def running_totals(
    draft: OrderDraft,
    servers: Sequence[ServerOffering],
    network_devices: Sequence[NetworkDeviceOffering],
) -> str:
    """The order so far in one line, shown on the steps before the review."""
    summed = totals(draft, servers, network_devices)
    return (
        f"So far: {summed.servers} servers · {summed.network_devices} network devices · "
        f"{summed.vcpus:,} vCPUs · {summed.memory_gb:,} GB memory · "
        f"{summed.server_storage_tib} TiB disks · {summed.storage_pools_tb} TB in pools · "
        f"{summed.rack_units} U · {summed.power_watts:,} W"
    )


def refusal(error: OrderdeckError) -> str:
    """Why the order was not placed, with the provider's code and request id when it answered."""
    if not isinstance(error, ProviderError):
        return f"Not sent: {error}"
    return (
        "The provider refused the order; nothing was placed. Correct it and submit "
        f"again.\n  code:       {error.code or '-'}"
        f"\n  message:    {error.message}"
        f"\n  request id: {error.request_id or '-'}"
        + (f"\n  HTTP:       {error.status}" if error.status is not None else "")
    )


class ReviewPane(StepPane):
    """The wizard screen handles the confirm field and the buttons: sending is its business."""

    step = Step.REVIEW

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-columns"):
            with VerticalScroll(id="summary-box") as box:
                box.border_title = "Order"
                yield Static("", id="summary")
            with VerticalScroll(id="body-box") as box:
                box.border_title = "Exact request body"
                yield Static("", id="body", markup=False)
        yield Static("", id="confirm-label")
        with Horizontal(id="confirm-row"):
            yield Input(placeholder="edge site name", id="confirm")
            yield Button("Place order", variant="error", id="submit", disabled=True)
            yield Button("Check the order list again", id="recheck")
        yield Static("", id="submit-status", markup=False)
        yield from self.compose_status()

    def on_mount(self) -> None:
        self.query_one("#recheck").display = False

    def focus_content(self) -> None:
        self.query_one("#confirm", Input).focus()

    body = ""
    """The request body as shown: the same text `orderdeck create --dry-run` prints."""

    def show(self, summary_text: Text, body: str, site_name: str) -> None:
        self.body = body
        self.query_one("#summary", Static).update(summary_text)
        # A Rich renderable keeps the JSON's indentation (Textual's text wrapping would not).
        self.query_one("#body", Static).update(
            Syntax(
                json_safe(body),
                "json",
                theme="ansi_dark",
                background_color="default",
                word_wrap=True,
            )
        )
        # Two short lines, wrapped at any width: the name to type is never cut off.
        self.query_one("#confirm-label", Static).update(
            Text.assemble(
                "Placing this order commits money for years.\nTo confirm, type the edge site "
                "name: ",
                (printable(site_name), "bold"),
            )
        )

    def say(self, text: str, *, error: bool = False, warning: bool = False) -> None:
        status = self.query_one("#submit-status", Static)
        status.update(printable(text, single_line=False))  # it quotes the provider's answer
        status.set_class(error, "error")
        status.set_class(warning, "warning")

"""The main screen's key map. Every binding has an id, which `[keymap]` in the config remaps,
and a tooltip, which the footer and the help screen show; the noisy ones stay out of the
footer (`show=False`). The order here is the footer's and the help screen's order."""

from __future__ import annotations

from typing import Final

from textual.binding import Binding, BindingType

MAIN_BINDINGS: Final[list[BindingType]] = [
    Binding("r", "refresh", "Refresh", id="refresh", tooltip="Reload this page"),
    Binding(
        "left_square_bracket",
        "previous_page",
        "Prev",
        id="previous-page",
        tooltip="Previous page",
    ),
    Binding("right_square_bracket", "next_page", "Next", id="next-page", tooltip="Next page"),
    Binding("A", "load_all", "Load all", id="load-all", tooltip="Fetch every page"),
    Binding(
        "slash",
        "focus_quick_filter",
        "Filter",
        id="quick-filter",
        tooltip="Quick filter over loaded rows",
    ),
    Binding("s", "cycle_sort", "Sort", id="sort", tooltip="Cycle the sort column"),
    Binding(
        "S",
        "reverse_sort",
        "Reverse sort",
        show=False,
        id="reverse-sort",
        tooltip="Flip the sort direction",
    ),
    Binding(
        "z",
        "cycle_page_size",
        "Page size",
        show=False,
        id="page-size",
        tooltip="Cycle the page size: 50, 100, 200, 500",
    ),
    Binding("y", "copy_id", "Copy id", show=False, id="copy-id", tooltip="Copy the order id"),
    Binding(
        "Y",
        "copy_json",
        "Copy JSON",
        show=False,
        id="copy-json",
        tooltip="Copy the order as JSON",
    ),
    Binding(
        "o",
        "open_pay_link",
        "Pay link",
        show=False,
        id="open-pay-link",
        tooltip="Open the pay link in a browser",
    ),
    Binding("e", "export", "Export", id="export", tooltip="Write loaded orders to a file"),
    Binding(
        "p",
        "payments",
        "Payments",
        id="payments",
        tooltip="Pending payments across profiles, soonest deadline first",
    ),
    Binding(
        "n",
        "new_order",
        "New order",
        id="new-order",
        tooltip="Place a CloudPond order (wizard); hidden on read-only profiles",
    ),
    Binding(
        "d",
        "toggle_detail",
        "Detail",
        show=False,
        id="toggle-detail",
        tooltip="Show or hide the detail pane",
    ),
    Binding(
        "escape",
        "escape",
        "Cancel",
        show=False,
        id="cancel",
        tooltip="Cancel load all, or clear the quick filter",
    ),
    *(
        Binding(str(n), f"switch_number({n})", f"Profile {n}", show=False, id=f"profile-{n}")
        for n in range(10)
    ),
]

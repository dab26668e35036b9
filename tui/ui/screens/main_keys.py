"""The main screen's key map. Every binding has an id, which `[keymap]` in the config remaps,
and a tooltip, which the footer and the help screen show; the noisy ones stay out of the
footer. The order here is the footer's and the help screen's order."""

from __future__ import annotations

from typing import Final

from textual.binding import Binding, BindingType

FOOTER: Final = True
HIDDEN: Final = False

KEYS: Final = (
    # keys, action, footer text, binding id, in the footer, tooltip
    ("r", "refresh", "Refresh", "refresh", FOOTER, "Reload this page"),
    ("left_square_bracket", "previous_page", "Prev", "previous-page", FOOTER, "Previous page"),
    ("right_square_bracket", "next_page", "Next", "next-page", FOOTER, "Next page"),
    ("A", "load_all", "Load all", "load-all", FOOTER, "Fetch every page"),
    ("slash", "focus_quick_filter", "Filter", "quick-filter", FOOTER,
     "Quick filter over loaded rows"),
    ("s", "cycle_sort", "Sort", "sort", FOOTER, "Cycle the sort column"),
    ("S", "reverse_sort", "Reverse sort", "reverse-sort", HIDDEN, "Flip the sort direction"),
    ("z", "cycle_page_size", "Page size", "page-size", HIDDEN,
     "Cycle the page size: 50, 100, 200, 500"),
    ("y", "copy_id", "Copy id", "copy-id", HIDDEN, "Copy the order id"),
    ("Y", "copy_json", "Copy JSON", "copy-json", HIDDEN, "Copy the order as JSON"),
    ("o", "open_pay_link", "Pay link", "open-pay-link", HIDDEN, "Open the pay link in a browser"),
    ("e", "export", "Export", "export", FOOTER, "Write loaded orders to a file"),
    ("p", "payments", "Payments", "payments", FOOTER,
     "Pending payments across profiles, soonest deadline first"),
    ("n", "new_order", "New order", "new-order", FOOTER,
     "Place a CloudPond order (wizard); hidden on read-only profiles"),
    ("d", "toggle_detail", "Detail", "toggle-detail", HIDDEN, "Show or hide the detail pane"),
    ("escape", "escape", "Cancel", "cancel", HIDDEN, "Cancel load all, or clear the quick filter"),
)  # fmt: skip
"""One row per binding, in the order the footer and the help screen list them."""

MAIN_BINDINGS: Final[list[BindingType]] = [
    *(
        Binding(keys, action, text, show=shown, id=ident, tooltip=tooltip)
        for keys, action, text, ident, shown, tooltip in KEYS
    ),
    *(
        Binding(str(n), f"switch_number({n})", f"Profile {n}", show=False, id=f"profile-{n}")
        for n in range(10)
    ),
]

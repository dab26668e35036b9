"""The main screen's key map. Every binding has an id, which `[keymap]` in the config remaps,
and a tooltip, which the footer and the help screen show; the noisy ones stay out of the
footer. The order here is the footer's and the help screen's order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from tui.ui.screens.main import MainScreen

FOOTER: Final = True
HIDDEN: Final = False

KEYS: Final = (
    # keys, action, footer text, binding id, in the footer, tooltip
    # The footer shows the first ones first: at 80 columns those that fit stay.
    ("question_mark,f1", "app.help", "Help", "help", FOOTER, "Every key binding"),
    ("escape", "escape", "Table", "cancel", FOOTER,
     "Back to the table from a field or the detail; clears the quick filter; cancels load all"),
    ("f", "focus_filters", "Filters", "focus-filters", FOOTER,
     "Focus the filter fields (Tab walks them, Enter applies, esc returns)"),
    ("x", "clear_filters", "Clear", "clear-filters", FOOTER,
     "Clear every filter, server and quick (shown while any is set)"),
    ("s", "cycle_sort", "Sort", "sort", FOOTER, "Cycle the sort column (shown columns only)"),
    ("left_square_bracket", "previous_page", "Prev", "previous-page", FOOTER, "Previous page"),
    ("right_square_bracket", "next_page", "Next", "next-page", FOOTER, "Next page"),
    ("p", "payments", "Payments", "payments", FOOTER,
     "Pending payments across profiles, soonest deadline first"),
    ("n", "new_order", "New order", "new-order", FOOTER,
     "Place a CloudPond order (wizard); hidden on read-only profiles"),
    ("slash", "focus_quick_filter", "Find", "quick-filter", FOOTER,
     "Quick filter over loaded rows"),
    ("A", "load_all", "Load all", "load-all", FOOTER, "Fetch every page"),
    ("r", "refresh", "Refresh", "refresh", FOOTER, "Reload this page"),
    ("e", "export", "Export", "export", FOOTER, "Write loaded orders to a file"),
    ("S", "reverse_sort", "Reverse sort", "reverse-sort", HIDDEN, "Flip the sort direction"),
    ("z", "cycle_page_size", "Page size", "page-size", HIDDEN,
     "Cycle the page size: 50, 100, 200, 500"),
    ("y", "copy_id", "Copy id", "copy-id", HIDDEN, "Copy the order id"),
    ("Y", "copy_json", "Copy JSON", "copy-json", HIDDEN, "Copy the order as JSON"),
    ("o", "open_pay_link", "Pay link", "open-pay-link", HIDDEN, "Open the pay link in a browser"),
    ("J", "raw_json", "Raw JSON", "raw-json", HIDDEN,
     "Detail: Details ⇄ Raw JSON (full-screen where the pane is hidden)"),
    ("d", "toggle_detail", "Detail", "toggle-detail", HIDDEN, "Show or hide the detail pane"),
)  # fmt: skip
"""One row per binding, in the order the footer and the help screen list them."""

MAIN_BINDINGS: Final[list[BindingType]] = [
    *(
        Binding(
            keys,
            action,
            text,
            show=shown,
            id=ident,
            tooltip=tooltip,
        )
        for keys, action, text, ident, shown, tooltip in KEYS
    ),
    *(
        Binding(str(n), f"switch_number({n})", f"Profile {n}", show=False, id=f"profile-{n}")
        for n in range(10)
    ),
]


def key_applies(screen: MainScreen, action: str) -> bool:
    """Whether a key does something now (else it leaves the footer, which keeps room at 80
    columns): `n` where an order can be placed, `x` while filters are set, esc away from the
    table, with a quick filter, or during a load all."""
    if action == "new_order":
        return screen.can_order(screen.view_key)
    if screen.listing_every_key:
        return True  # the help screen is listing every key of this one
    if action == "clear_filters":
        view = screen.views.visited(screen.view_key)
        return _quick_filter_typed(screen) or (view is not None and bool(view.query.used_filters()))
    if action == "escape":
        on_table = screen.focused is not None and screen.focused.id == "orders"
        return not on_table or screen.loading_all or _quick_filter_typed(screen)
    return True


def _quick_filter_typed(screen: MainScreen) -> bool:
    # Asked only for the two keys that depend on it: the footer checks every binding on each
    # change, and a DOM query per binding was most of what a footer rebuild cost.
    quick = screen.query("#quick")
    return bool(quick) and bool(getattr(quick.first(), "value", ""))

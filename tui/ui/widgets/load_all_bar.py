"""Load all's progress bar, shown while one runs: made once the first rows are drawn
(`AfterFirstRows`), so neither it nor Textual's progress-bar modules load before them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.widgets import ProgressBar

BAR_ID: Final = "load-all-progress"


def make_load_all_bar() -> ProgressBar:
    from textual.widgets import ProgressBar

    bar = ProgressBar(id=BAR_ID, show_eta=False)
    bar.display = False
    return bar


def load_all_bar(screen: DOMNode) -> ProgressBar:
    """The bar on `screen`, once mounted."""
    from textual.widgets import ProgressBar

    return screen.query_one(f"#{BAR_ID}", ProgressBar)

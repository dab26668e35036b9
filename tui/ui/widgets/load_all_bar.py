"""Load all's progress bar, made by the first load all (`mount_load_all_bar`): neither it nor
Textual's progress-bar modules load before an operator asks for one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.widget import Widget
    from textual.widgets import ProgressBar

BAR_ID: Final = "load-all-progress"


async def mount_load_all_bar(parent: Widget, before: str) -> ProgressBar:
    """The bar in `parent` (hidden), mounted before the child `before` the first time."""
    from textual.widgets import ProgressBar

    for bar in parent.query(f"#{BAR_ID}").results(ProgressBar):
        return bar
    bar = ProgressBar(id=BAR_ID, show_eta=False)
    bar.display = False
    await parent.mount(bar, before=before)
    return bar


def load_all_bar(screen: DOMNode) -> ProgressBar:
    """The bar on `screen`, once mounted."""
    from textual.widgets import ProgressBar

    return screen.query_one(f"#{BAR_ID}", ProgressBar)

"""The default command: the Textual dashboard on the chosen (or default) profile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from tui.cli.context import Context


SERVED_BANNERS: Final = {
    "read-only": "served in a browser · read-only: orders cannot be placed here",
    "allow-create": "served in a browser · orders CAN be placed from this page",
}
"""The title bar of a dashboard `orderdeck serve` runs, by mode."""


def run_dashboard(context: Context) -> int:
    if context.profile_name is not None:
        context.config.profile(context.profile_name)  # an unknown name fails here, exit 2
    config = context.config
    served: str | None = getattr(context.args, "served", None)
    banner = SERVED_BANNERS.get(served) if served else None
    if served == "read-only":
        config = config.all_read_only()
    # The first page is asked for now, on a thread, and Textual imported only then: the
    # answer travels while the UI loads. The headless commands never pay for Textual, and
    # this module stays importable where the UI is not.
    from tui.early_page import EarlyPage

    early_page = EarlyPage.start(config, context.store, context.profile_name)
    from tui.ui.app import run_dashboard as run

    return run(config, context.store, context.profile_name, banner=banner, early_page=early_page)

"""The default command: the Textual dashboard on the chosen (or default) profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.cli.context import Context


def run_dashboard(context: Context) -> int:
    if context.profile_name is not None:
        context.config.profile(context.profile_name)  # an unknown name fails here, exit 2
    config = context.config
    served: str | None = getattr(context.args, "served", None)
    banner = None
    if served == "read-only":
        config = config.all_read_only()
        banner = "served in a browser · read-only: orders cannot be placed here"
    elif served == "allow-create":
        banner = "served in a browser · orders CAN be placed from this page"
    # The first page is asked for now, on a thread, and Textual imported only then: the
    # answer travels while the UI loads. The headless commands never pay for Textual, and
    # this module stays importable where the UI is not.
    from tui.early_page import EarlyPage

    early_page = EarlyPage.start(config, context.store, context.profile_name)
    from tui.ui.app import run_dashboard as run

    return run(config, context.store, context.profile_name, banner=banner, early_page=early_page)

"""The dashboard application and `run_dashboard`, the CLI's way in."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.deck import Deck
from tui.display import printable, resolve_timezone, utc_now
from tui.logs import get_logger
from tui.ui.screens.main import MainScreen
from tui.ui.widgets.profile_list import ALL_PROFILES

if TYPE_CHECKING:
    from tui.config import Config
    from tui.secrets import SecretStore


class OrderDeckApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "orderdeck"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Every key binding"),
        Binding("ctrl+q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        deck: Deck,
        *,
        initial_view: str | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__()
        self.deck = deck
        if deck.clock is None:
            deck.clock = clock
        self.clock = clock
        """Every "now" in the UI comes from here, so tests and snapshots can freeze time."""
        self.zone: tzinfo = resolve_timezone(deck.config.timezone)
        self._initial_view = initial_view
        if deck.config.theme:
            self.theme = deck.config.theme

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast passes here (screens and widgets call the app's): its text goes through
        the display gate and is never read as markup, whatever the caller asked for."""
        del markup  # a message can quote a server; no toast of ours needs markup
        super().notify(
            printable(message, single_line=False),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def validate_title(self, title: str) -> str:
        """The header's text (and the urgent-payment marks) through the gate."""
        return printable(title)

    def validate_sub_title(self, sub_title: str) -> str:
        return printable(sub_title)

    def on_mount(self) -> None:
        if self.deck.config.keymap:
            self.set_keymap(self.deck.config.keymap)
        self.push_screen(MainScreen(self._initial_view))

    async def on_unmount(self) -> None:
        await self.deck.aclose()

    def _fatal_error(self) -> None:
        """Textual's crash report, without local variables.

        Textual renders the traceback of a crash with `show_locals=True`; a frame's locals can
        hold what signs or carries a request (the SK keying an HMAC, a header list inside
        h11), and the report lands on stderr. The traceback itself still shows, and goes to
        the (redacted) log file too."""
        import sys

        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        get_logger("ui").error("the dashboard crashed", exc_info=sys.exc_info())
        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def action_help(self) -> None:
        from tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        main = self.main_screen
        if main is None:
            return
        yield SystemCommand(
            "Profile: All profiles",
            "Orders of every profile, merged newest first",
            lambda: main.switch_view(ALL_PROFILES),
        )
        for name, status in self.deck.statuses.items():
            # The palette reads titles as markup: a profile name is escaped and gated.
            shown = escape(printable(name))
            yield SystemCommand(
                f"Profile: {shown}",
                f"Switch to {shown} ({status.provider_label})",
                lambda name=name: main.switch_view(name),
            )
        actions = (
            ("Refresh", "Reload the current page", main.action_refresh),
            ("Next page", "Fetch the next page", main.action_next_page),
            ("Previous page", "Go back one page", main.action_previous_page),
            ("Load all", "Fetch every page of the current view", main.action_load_all),
            ("Export", "Write the shown orders to CSV or JSON", main.action_export),
            (
                "Payments",
                "Pending payments across profiles, soonest deadline first",
                main.action_payments,
            ),
            ("Copy order id", "Copy the highlighted order's id", main.action_copy_id),
            ("Copy order JSON", "Copy the highlighted order as JSON", main.action_copy_json),
            ("Open pay link", "Open the highlighted order's pay link", main.action_open_pay_link),
            ("Cycle sort", "Sort by the next column", main.action_cycle_sort),
            ("Toggle detail pane", "Show or hide the detail pane", main.action_toggle_detail),
            ("Help", "Every key binding", self.action_help),
        )
        for title, help_text, callback in actions:
            yield SystemCommand(title, help_text, callback)
        for name in self.deck.profile_names:
            if main.can_order(name):
                yield SystemCommand(
                    "New CloudPond order",
                    f"Order edge hardware on profile {escape(printable(name))} (wizard)",
                    lambda name=name: main.action_new_order(name),
                )


def run_dashboard(
    config: Config, store: SecretStore, profile: str | None = None, *, banner: str | None = None
) -> int:
    """Run the dashboard until the user quits; the exit code for the CLI. A `banner` (the
    served mode) stands in the title bar of every screen."""
    probe = os.environ.get("ORDERDECK_BENCHMARK_FIRST_PAINT")
    if probe:  # benchmarks/first_paint.py: exit once orders are painted (tui/ui/first_paint.py)
        from tui.ui.first_paint import FirstPaintApp

        app: OrderDeckApp = FirstPaintApp(Deck(config, store), initial_view=profile)
        app.first_paint_path = Path(probe)  # type: ignore[attr-defined]
    else:
        app = OrderDeckApp(Deck(config, store), initial_view=profile)
    if banner is not None:
        app.title = f"orderdeck · {banner}"
    app.run()
    return app.return_code or 0

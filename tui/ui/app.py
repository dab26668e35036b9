"""The dashboard application and `run_dashboard`, the CLI's way in."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import Reactive
from textual.worker import Worker, WorkerState

from tui.deck import Deck
from tui.display import printable, resolve_timezone, utc_now
from tui.logs import get_logger
from tui.startup_gc import release as release_collector
from tui.ui.after_first_rows import reveal_all
from tui.ui.commands import DeckCommands, remember_theme
from tui.ui.messages import OrdersFailed, OrdersLoaded, ShowOrder
from tui.ui.payments_feed import AppPaymentsWatch, PaymentsPolled
from tui.ui.screens.main import MainScreen
from tui.ui.worker_crash import report_worker_crash

if TYPE_CHECKING:
    from tui.config import Config
    from tui.early_page import EarlyPage
    from tui.secrets import SecretStore


class OrderDeckApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "orderdeck"
    COMMANDS = App.COMMANDS | {DeckCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Every key binding"),
        Binding("ctrl+q", "quit", "Quit", id="quit"),
    ]

    title: Reactive[str] = Reactive("", compute=False, repaint=False)
    """`App.title` without a repaint of the whole screen on each change (20-40 ms at 160x50,
    felt as a stall): the header's own watcher redraws it, and the payments watch changes it
    whenever the number of orders near their deadline does."""

    def __init__(
        self,
        deck: Deck,
        *,
        initial_view: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        banner: str | None = None,
    ) -> None:
        """`banner` (the served mode) stands in the title bar of every screen."""
        super().__init__()
        if banner is not None:
            self.title = f"orderdeck · {banner}"
        self.deck = deck
        if deck.clock is None:
            deck.clock = clock
        self.clock = clock
        """Every "now" in the UI comes from here, so tests and snapshots can freeze time."""
        self.zone: tzinfo = resolve_timezone(deck.config.timezone)
        self._initial_view = initial_view
        self.payments = AppPaymentsWatch(
            self,
            deck,
            poll_seconds=deck.config.payments.poll_seconds,
            warn_before=timedelta(minutes=deck.config.payments.warn_minutes),
            clock=clock,
        )
        """The session's payments watch: the main screen's strip and the Payments view read it."""

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
        remember_theme(self, self.deck.config.theme)
        if self.deck.config.keymap:
            self.set_keymap(self.deck.config.keymap)
        self.push_screen(
            MainScreen(
                self.deck,
                clock=self.clock,
                zone=self.zone,
                payments=self.payments,
                initial_view=self._initial_view,
            )
        )
        self.payments.mount()

    async def on_unmount(self) -> None:
        release_collector()  # an app closed before its first page was drawn
        self.payments.unmount()
        await self.deck.aclose()

    # ---- the payments watch --------------------------------------------------------------

    @on(OrdersLoaded)
    @on(OrdersFailed)
    def _first_page_drawn(self, message: OrdersLoaded | OrdersFailed) -> None:
        """The payments watch polls once the first page is drawn: its requests, one or more
        per profile, would otherwise go out first and delay that page. What the first screen
        does not need (`AfterFirstRows`) is mounted then too, and the cycle collector, off
        for the start (`tui/startup_gc.py`), turned back on."""
        if not self.payments.watching:
            self.call_after_refresh(self.payments.start_watching)
            self.call_after_refresh(reveal_all, self.screen_stack)
            self.call_after_refresh(release_collector)

    @on(PaymentsPolled)
    def _payments_polled(self, message: PaymentsPolled) -> None:
        self.payments.polled(message.report)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        self.payments.worker_changed(event.worker)
        if event.state is WorkerState.ERROR:
            report_worker_crash(self.notify, event.worker)

    @on(ShowOrder)
    def _show_order(self, message: ShowOrder) -> None:
        """A screen asked to show an order (the Payments view's Enter): the main screen does."""
        main = self.main_screen
        if main is not None:
            main.post_message(ShowOrder(message.key))

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


def run_dashboard(
    config: Config,
    store: SecretStore,
    profile: str | None = None,
    *,
    banner: str | None = None,
    early_page: EarlyPage | None = None,
) -> int:
    """Run the dashboard until the user quits; the exit code for the CLI. A `banner` (the
    served mode) stands in the title bar of every screen; `early_page` is the first page,
    already asked for (`tui/early_page.py`)."""
    deck = Deck(config, store, early_page=early_page)
    probe = os.environ.get("ORDERDECK_BENCHMARK_FIRST_PAINT")
    if probe:  # benchmarks/first_paint.py: exit once orders are painted (tui/ui/first_paint.py)
        from tui.ui.first_paint import FirstPaintApp

        app: OrderDeckApp = FirstPaintApp(deck, initial_view=profile, banner=banner)
        app.first_paint_path = Path(probe)  # type: ignore[attr-defined]
    else:
        app = OrderDeckApp(deck, initial_view=profile, banner=banner)
    app.run()
    return app.return_code or 0

"""The main screen's pending-payments strip, and the watch behind it.

It lives as long as the main screen (the whole session), so pending orders are watched while
the operator looks at anything else. The watch starts once the first page of orders is on
screen (`start_watching`): its requests would otherwise go out first and delay that page (on
DuoPlus by a whole throttle slot). Then: a poll every `payments.poll_seconds`, a deadline check
every second (no network), a toast when an order stops being pending, a toast and the bell
when a deadline comes inside `payments.warn_minutes`, and the count of urgent orders in the
terminal's title so it shows from another tab.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, Final

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from tui.display import age, error_text, printable
from tui.payments import EventKind, PaymentEvent, PaymentWatch, WatchReport

if TYPE_CHECKING:
    from tui.deck import Deck

TICK_SECONDS: Final = 1.0
"""Countdowns and threshold checks run this often; they read the clock, never the network."""

_PUSH_TITLE: Final = "\x1b[22;0t"
_POP_TITLE: Final = "\x1b[23;0t"
"""xterm's title stack: the terminal's own title comes back when orderdeck exits."""


def title_sequence(title: str) -> str:
    """OSC 2 (set window title) with `title` made safe: no control character can end it early."""
    return f"\x1b]2;{printable(title)}\x07"


def urgent_title(base: str, urgent: int) -> str:
    if urgent == 0:
        return base
    return f"{base} · {urgent} urgent payment{'s' if urgent != 1 else ''}"


@dataclass
class PaymentsPolled(Message):
    """The watch finished a poll (the worker posts it; the handler toasts and repaints)."""

    report: WatchReport


class PaymentsMonitor(Static):
    """`Pending payments: 12 · $3,018.02 · 1 urgent` across profiles; `p` opens the list."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"payments-monitor--urgent"}
    DEFAULT_CSS = """
    PaymentsMonitor > .payments-monitor--urgent { color: $warning; text-style: bold; }
    """

    def __init__(
        self,
        deck: Deck,
        *,
        poll_seconds: float,
        warn_before: timedelta,
        clock: Callable[[], datetime],
        id: str | None = None,
    ) -> None:
        super().__init__("", id=id)
        self.payment_watch = PaymentWatch(deck, warn_before=warn_before, clock=clock)
        self.poll_seconds = poll_seconds
        self.checked_at: datetime | None = None
        """When the last poll answered (the app's clock)."""
        self.polling = False
        self.watching = False
        """True once `start_watching` ran: polls are scheduled."""
        self._base_title: str | None = None
        self._shown_title: str | None = None
        self._title_pushed = False
        self._reported_failing: set[str] = set()

    def on_mount(self) -> None:
        self._base_title = self.app.title
        self._render_strip()
        self.set_interval(TICK_SECONDS, self._tick)

    def on_unmount(self) -> None:
        if self._title_pushed:
            self._write_terminal(_POP_TITLE)

    # ---- polling -------------------------------------------------------------------------

    def start_watching(self) -> None:
        """The first poll now, then one every `poll_seconds`; a second call does nothing."""
        if self.watching:
            return
        self.watching = True
        self.poll_now()
        self.set_interval(self.poll_seconds, self.poll_now)

    def poll_now(self) -> bool:
        """Start a poll unless one is running; False when it was already under way."""
        if self.polling:
            return False
        self.polling = True
        self._render_strip()
        self._poll()
        return True

    @work(group="payments-poll", exit_on_error=False)
    async def _poll(self) -> None:
        report = await self.payment_watch.poll()
        self.post_message(PaymentsPolled(report))

    @on(Worker.StateChanged)
    def _poll_ended(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "payments-poll" and event.state in (
            WorkerState.CANCELLED,
            WorkerState.ERROR,
        ):
            self.polling = False  # the main screen's handler reports a bug as a toast

    @on(PaymentsPolled)
    def _polled(self, message: PaymentsPolled) -> None:
        message.stop()
        self.polling = False
        self.checked_at = self.payment_watch.clock()
        report = message.report
        for event in report.events:
            self._announce(event)
        self._report_failures(report)
        self._share_pending_counts(report)
        self._render_strip()

    def _announce(self, event: PaymentEvent) -> None:
        if event.kind is EventKind.LEFT:
            self.notify(
                printable(event.describe()),
                title="Payment",
                severity="warning" if event.new_status is None else "information",
                timeout=10,
                markup=False,
            )
        elif event.kind is EventKind.CROSSED_THRESHOLD and not event.initial:
            # Already urgent when the watch started: the strip, the rows and the title say so;
            # a toast per order at start-up would bury the screen.
            minutes = self.payment_watch.warn_before.total_seconds() / 60
            self.notify(
                printable(f"{event.describe()}: under {minutes:g} min left to pay"),
                title="Payment due",
                severity="warning",
                timeout=15,
                markup=False,
            )
            self.app.bell()

    def _report_failures(self, report: WatchReport) -> None:
        """A profile that starts failing is reported once; the first poll's failures are
        already reported by the main screen's own load."""
        first = self.payment_watch.polls == 1
        for name, error in report.errors.items():
            if name not in self._reported_failing and not first:
                self.notify(
                    error_text(error),
                    title=f"{printable(name)}: payments not checked",
                    severity="error",
                    timeout=8,
                    markup=False,
                )
            self._reported_failing.add(name)
        self._reported_failing &= set(report.errors)

    def _share_pending_counts(self, report: WatchReport) -> None:
        """The profile list's pending counts come from this poll: one request fewer per
        profile at start-up (a DuoPlus one costs a 1 s throttle slot)."""
        from tui.ui.widgets.profile_list import ProfileList

        deck = self.payment_watch.deck
        counts = self.payment_watch.summary().per_profile
        for name in self.payment_watch.names:
            if name not in report.errors:
                deck.statuses[name].pending_count = counts.get(name, 0)
        for profile_list in self.screen.query(ProfileList):
            profile_list.refresh_statuses()

    # ---- every second --------------------------------------------------------------------

    def _tick(self) -> None:
        for event in self.payment_watch.check_deadlines():
            self._announce(event)
        self._render_strip()

    def _render_strip(self) -> None:
        if self.payment_watch.polls == 0:
            self.update(Text("Pending payments: checking…"))
            self._show_title(0)
            return
        summary = self.payment_watch.summary()
        text = Text(f"Pending payments: {summary.count}")
        totals = summary.totals_text()
        if totals:
            text.append(f" · {totals}")
        if summary.urgent:
            minutes = self.payment_watch.warn_before.total_seconds() / 60
            text.append(" · ")
            text.append(
                f"{summary.urgent} under {minutes:g} min",
                style=self.get_component_rich_style("payments-monitor--urgent"),
            )
        if self.payment_watch.failing:
            text.append(
                f" · not checked: {printable(', '.join(sorted(self.payment_watch.failing)))}"
            )
        if self.polling:
            text.append(" · checking…")
        elif self.checked_at is not None:
            text.append(f" · checked {age(self.checked_at, self.payment_watch.clock())}")
        text.append(" · p to view", style="dim")
        # One line, full width (app.tcss): new text never changes its size, so skip the layout.
        self.update(text, layout=False)
        self._show_title(summary.urgent)

    # ---- the title -----------------------------------------------------------------------

    def _show_title(self, urgent: int) -> None:
        title = urgent_title(self._base_title or self.app.title, urgent)
        if title == self._shown_title:
            return
        self._shown_title = title
        self.app.title = title
        if not self._title_pushed:
            self._title_pushed = self._write_terminal(_PUSH_TITLE)
        self._write_terminal(title_sequence(title))

    def _write_terminal(self, sequence: str) -> bool:
        """Textual keeps `App.title` in its header only; the window title is set the way
        `App.bell` rings: a sequence written straight to the driver."""
        driver = self.app._driver
        if self.app.is_headless or driver is None:
            return False
        driver.write(sequence)
        return True

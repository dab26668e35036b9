"""The session's payments watch, which the app owns, and the narrow view screens get of it.

The watch lives as long as the app, so pending orders are watched while the operator looks at
anything else. It starts once the first page of orders is on screen (`start_watching`): its
requests would otherwise go out first and delay that page (on DuoPlus by a whole throttle
slot). Then: a poll every `payments.poll_seconds`, a deadline check every second (no network),
a toast when an order stops being pending, a toast and the bell when a deadline comes inside
`payments.warn_minutes`, and the count of urgent orders in the terminal's title so it shows
from another tab. Widgets and screens read it through `PaymentsFeed` and redraw on `changed`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, Protocol

from textual.message import Message
from textual.signal import Signal
from textual.worker import Worker, WorkerState

from tui.display import error_text, printable
from tui.payments import EventKind, PaymentEvent, PaymentWatch, WatchReport

if TYPE_CHECKING:
    from textual.app import App

    from tui.deck import Deck

TICK_SECONDS: Final = 1.0
"""Countdowns and threshold checks run this often; they read the clock, never the network."""

POLL_GROUP: Final = "payments-poll"
"""The worker group of a poll: one at a time, and the app knows its workers by it."""

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


class PaymentsPolled(Message):
    """The watch finished a poll (the worker posts it to the app, whose handler toasts)."""

    def __init__(self, report: WatchReport) -> None:
        super().__init__()
        self.report = report


class PaymentsFeed(Protocol):
    """What screens and widgets read of the app's payments watch."""

    @property
    def watch(self) -> PaymentWatch: ...

    @property
    def polling(self) -> bool: ...

    @property
    def checked_at(self) -> datetime | None:
        """When the last poll answered (the app's clock)."""

    @property
    def poll_seconds(self) -> float: ...

    @property
    def changed(self) -> Signal[None]:
        """Published when what a view of the watch shows may have changed (each second too)."""

    @property
    def counted(self) -> Signal[None]:
        """Published when a poll put fresh pending counts on the deck's profile statuses."""

    def start_watching(self) -> None: ...

    def poll_now(self) -> bool: ...


class AppPaymentsWatch:
    """The `PaymentsFeed` the app runs: polls in the app's workers, toasts through the app."""

    def __init__(
        self,
        app: App[Any],
        deck: Deck,
        *,
        poll_seconds: float,
        warn_before: timedelta,
        clock: Callable[[], datetime],
    ) -> None:
        self._app = app
        self.watch = PaymentWatch(deck, warn_before=warn_before, clock=clock)
        self.poll_seconds = poll_seconds
        self.checked_at: datetime | None = None
        self.polling = False
        self.watching = False
        """True once `start_watching` ran: polls are scheduled."""
        self.changed: Signal[None] = Signal(app, "payments-changed")
        self.counted: Signal[None] = Signal(app, "payments-counted")
        self._base_title: str | None = None
        self._shown_title: str | None = None
        self._title_pushed = False
        self._reported_failing: set[str] = set()

    def mount(self) -> None:
        """The app is running: take its title as the base and start the deadline checks."""
        self._base_title = self._app.title
        self._show_title()
        self._app.set_interval(TICK_SECONDS, self._tick)

    def unmount(self) -> None:
        if self._title_pushed:
            self._write_terminal(_POP_TITLE)

    # ---- polling -------------------------------------------------------------------------

    def start_watching(self) -> None:
        """The first poll now, then one every `poll_seconds`; a second call does nothing."""
        if self.watching:
            return
        self.watching = True
        self.poll_now()
        self._app.set_interval(self.poll_seconds, self.poll_now)

    def poll_now(self) -> bool:
        """Start a poll unless one is running; False when it was already under way."""
        if self.polling:
            return False
        self.polling = True
        self._publish()
        self._app.run_worker(self._poll(), group=POLL_GROUP, exit_on_error=False)
        return True

    async def _poll(self) -> None:
        report = await self.watch.poll()
        self._app.post_message(PaymentsPolled(report))

    def worker_changed(self, worker: Worker[Any]) -> None:
        """A poll that was cancelled or crashed no longer runs (the app reports a crash)."""
        if worker.group == POLL_GROUP and worker.state in (
            WorkerState.CANCELLED,
            WorkerState.ERROR,
        ):
            self.polling = False

    def polled(self, report: WatchReport) -> None:
        self.polling = False
        self.checked_at = self.watch.clock()
        for event in report.events:
            self._announce(event)
        self._report_failures(report)
        self._share_pending_counts(report)
        self._publish()

    def _announce(self, event: PaymentEvent) -> None:
        if event.kind is EventKind.LEFT:
            self._app.notify(
                printable(event.describe()),
                title="Payment",
                severity="warning" if event.new_status is None else "information",
                timeout=10,
                markup=False,
            )
        elif event.kind is EventKind.CROSSED_THRESHOLD and not event.initial:
            # Already urgent when the watch started: the strip, the rows and the title say so;
            # a toast per order at start-up would bury the screen.
            minutes = self.watch.warn_before.total_seconds() / 60
            self._app.notify(
                printable(f"{event.describe()}: under {minutes:g} min left to pay"),
                title="Payment due",
                severity="warning",
                timeout=15,
                markup=False,
            )
            self._app.bell()

    def _report_failures(self, report: WatchReport) -> None:
        """A profile that starts failing is reported once; the first poll's failures are
        already reported by the main screen's own load."""
        first = self.watch.polls == 1
        for name, error in report.errors.items():
            if name not in self._reported_failing and not first:
                self._app.notify(
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
        deck = self.watch.deck
        counts = self.watch.summary().per_profile
        for name in self.watch.names:
            if name not in report.errors:
                deck.statuses[name].pending_count = counts.get(name, 0)
        self.counted.publish(None)

    # ---- every second --------------------------------------------------------------------

    def _tick(self) -> None:
        for event in self.watch.check_deadlines():
            self._announce(event)
        self._publish()

    def _publish(self) -> None:
        self.changed.publish(None)
        self._show_title()

    # ---- the title -----------------------------------------------------------------------

    def _show_title(self) -> None:
        urgent = self.watch.summary().urgent if self.watch.polls else 0
        title = urgent_title(self._base_title or self._app.title, urgent)
        if title == self._shown_title:
            return
        self._shown_title = title
        self._app.title = title
        if not self._title_pushed:
            self._title_pushed = self._write_terminal(_PUSH_TITLE)
        self._write_terminal(title_sequence(title))

    def _write_terminal(self, sequence: str) -> bool:
        """Textual keeps `App.title` in its header only; the window title is set the way
        `App.bell` rings: a sequence written straight to the driver."""
        driver = self._app._driver
        if self._app.is_headless or driver is None:
            return False
        driver.write(sequence)
        return True

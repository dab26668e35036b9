"""The main screen's pending-payments strip: a one-line view of the app's payments watch.

`Pending payments: 12 · $3,018.02 · 1 urgent` across profiles; `p` opens the list. The watch
itself (polls, toasts, the terminal title) belongs to the app (`tui/ui/payments_feed.py`); the
strip redraws whenever the watch says something changed, which is every second at least.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widgets import Static

from tui.display import age, printable
from tui.ui.payments_feed import PaymentsFeed


class PaymentsMonitor(Static):
    """The strip above the profiles and orders."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"payments-monitor--urgent"}
    DEFAULT_CSS = """
    PaymentsMonitor > .payments-monitor--urgent { color: $warning; text-style: bold; }
    """

    def __init__(self, feed: PaymentsFeed, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.feed = feed

    def on_mount(self) -> None:
        self._render_strip()
        self.feed.changed.subscribe(self, self._changed, immediate=True)

    def _changed(self, _: None) -> None:
        self._render_strip()

    def _render_strip(self) -> None:
        watch = self.feed.watch
        if watch.polls == 0:
            self.update(Text("Pending payments: checking…"))
            return
        summary = watch.summary()
        text = Text(f"Pending payments: {summary.count}")
        totals = summary.totals_text()
        if totals:
            text.append(f" · {totals}")
        if summary.urgent:
            minutes = watch.warn_before.total_seconds() / 60
            text.append(" · ")
            text.append(
                f"{summary.urgent} under {minutes:g} min",
                style=self.get_component_rich_style("payments-monitor--urgent"),
            )
        if watch.failing:
            text.append(f" · not checked: {printable(', '.join(sorted(watch.failing)))}")
        if self.feed.polling:
            text.append(" · checking…")
        elif self.feed.checked_at is not None:
            text.append(f" · checked {age(self.feed.checked_at, watch.clock())}")
        text.append(" · p to view", style="dim")
        # One line, full width (app.tcss): new text never changes its size, so skip the layout.
        self.update(text, layout=False)

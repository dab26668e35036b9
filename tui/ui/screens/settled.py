"""`SettledScreen`: a screen that skips two pieces of start-up work Textual repeats for it.

- **The first resume's restyle.** Pushing a screen posts `ScreenResume`, whose handler restyles
  every node on it. The first one arrives just after the screen composed and mounted, when
  each node was styled as it mounted, with this screen already the app's current one: the
  same CSS again, for every widget and each of its component classes (about 2% of the
  dashboard's start). Any later request restyles the screen as Textual does.
- **The first size, laid out three times.** The first resume lays the screen out at the
  terminal's size; then the screen hears that size as a resize, and once more when the app is
  idle (Textual re-delivers the first size report). Neither lays it out again.
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.screen import Screen, ScreenResultType


class SettledScreen(Screen[ScreenResultType]):
    """Subclasses that handle `Resize` override `resized` instead."""

    def __init__(self) -> None:
        super().__init__()
        self._styled_at_mount = True
        """Every node carries the styles it mounted with: nothing since asked for a restyle."""
        self._resized_to: Size | None = None
        """The size of the last resize the screen took."""

    def update_node_styles(self, animate: bool = True) -> None:
        # The first request is the first resume's (see the module docstring). Were another to
        # come first, skipping it is still safe: that resume, queued behind it, restyles all.
        if self._styled_at_mount:
            self._styled_at_mount = False
            return
        super().update_node_styles(animate)

    def on_resize(self, event: events.Resize) -> None:
        # Until a resize is taken, the size is the one the first resume laid the screen out at.
        laid_out_at = self._resized_to or self.outer_size
        if event.size == laid_out_at:
            event.prevent_default()  # that size again: a layout for nothing
        if event.size != self._resized_to:
            self._resized_to = event.size
            self.resized()

    def resized(self) -> None:
        """The screen took a new size."""

"""Textual's footer, rebuilt only when the keys it shows change, and once per burst of changes.

Textual's `Footer` rebuilds every key after each binding change, and each change queues its own
rebuild; mounting the main screen publishes about ten in a row (focus moves, the filter bar
mounts, the view refreshes its bindings), so start-up built and styled 72 keys to show 12,
each styled three times (a new `FooterKey` starts compact, then takes the footer's setting).
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """The footer: the same keys as Textual's, rebuilt when they change."""

    _rebuild_queued = False
    _shown: Hashable = None
    """What the last rebuild showed (`_keys_shown`); an equal set is not rebuilt."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_queued:
            return
        if self.is_attached and screen is self.screen:
            # The queued rebuild reads the bindings when it runs: it shows the latest ones.
            self._rebuild_queued = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_queued = False
        if not self.is_attached:
            return  # its screen closed while the rebuild waited
        if self._keys_shown() != self._shown:
            await self.recompose()

    def _keys_shown(self) -> Hashable:
        """Everything `compose` reads from the screen's bindings."""
        palette = self.app.COMMAND_PALETTE_BINDING if self.show_command_palette else None
        return tuple(
            (key, binding, enabled, tooltip, self.app.get_key_display(binding))
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown() if self._bindings_ready else None
        for widget in super().compose():
            # FooterKey is private to Textual: a key is the child with a `compact` reactive.
            compact = getattr(type(widget), "compact", None)
            if compact is not None and not widget.has_class("-command-palette"):
                # What the key's binding to the footer's `compact` sets once mounted, set
                # before: its watcher then has nothing to restyle. (Textual leaves the palette
                # key unbound, and so compact.)
                widget.set_reactive(compact, self.compact)
            yield widget

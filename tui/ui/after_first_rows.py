"""`AfterFirstRows(widget)`: like `textual.lazy.Lazy`, but the widget is mounted once the first
page of orders (or its error) is on screen, not after the first refresh.

`Lazy` mounts on the first refresh, which at start-up is the frame before the orders arrive:
its work then lands between the request's answer and the frame that shows it. The app calls
`reveal_all` after drawing the first page (`OrderDeckApp`), so the load-all progress bar,
which the first screen does not need, costs the first rows nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.dom import DOMNode
from textual.widget import Widget


class AfterFirstRows(Widget):
    """A stand-in holding `widget` until `reveal` mounts it in its place."""

    DEFAULT_CSS = """
    AfterFirstRows { display: none; }
    """

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self._held = widget

    def compose_add_child(self, widget: Widget) -> None:
        self._held.compose_add_child(widget)

    async def reveal(self) -> None:
        """Mount the held widget where this stand-in is, and remove the stand-in."""
        parent = self.parent
        if isinstance(parent, Widget) and self.is_attached:
            await parent.mount(self._held, after=self)
            await self.remove()


def reveal_all(screens: Iterable[DOMNode]) -> None:
    """Mount every held widget on these screens."""
    for screen in screens:
        for stand_in in screen.query(AfterFirstRows):
            stand_in.call_later(stand_in.reveal)

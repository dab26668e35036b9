"""`AfterFirstRows(*widgets)`: like `textual.lazy.Lazy`, but the widgets are mounted once the
first page of orders (or its error) is on screen, not after the first refresh.

`Lazy` mounts on the first refresh, which at start-up is the frame before the orders arrive:
its work then lands between the request's answer and the frame that shows it. The app calls
`reveal_all` after drawing the first page (`OrderDeckApp`), so what the first screen can do
without (the filter fields, the detail pane's tabs and bodies) costs the first rows
nothing. The parent hears `AfterFirstRows.Revealed` once they are mounted. A key that needs
them sooner (`f` before the first page came) calls `reveal` itself: it mounts them at once, and
a later call waits for that mount instead of mounting them twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget


class AfterFirstRows(Widget):
    """A stand-in holding `widgets` until `reveal` mounts them in its place; a widget may be
    given as a function that makes it then (its class and modules need not load before)."""

    DEFAULT_CSS = """
    AfterFirstRows { display: none; }
    """

    class Revealed(Message):
        """The held widgets are mounted (sent to the stand-in's parent)."""

    def __init__(self, *widgets: Widget | Callable[[], Widget]) -> None:
        super().__init__()
        self._held = widgets
        self._mounted: asyncio.Event | None = None
        """Set once the held widgets are mounted; made by the first `reveal`."""

    async def reveal(self) -> None:
        """Mount the held widgets where this stand-in is, and remove the stand-in; returns
        once they are mounted, whichever call mounts them."""
        if self._mounted is not None:
            await self._mounted.wait()
            return
        self._mounted = asyncio.Event()
        parent = self.parent
        try:
            if isinstance(parent, Widget) and self.is_attached:
                made = [held if isinstance(held, Widget) else held() for held in self._held]
                await parent.mount(*made, after=self)
                await self.remove()
                parent.post_message(self.Revealed())
        finally:
            self._mounted.set()


def reveal_all(screens: Iterable[DOMNode]) -> None:
    """Mount every held widget on these screens."""
    for screen in screens:
        for stand_in in screen.query(AfterFirstRows):
            stand_in.call_later(stand_in.reveal)

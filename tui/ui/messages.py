"""Messages that workers post; only their handlers touch widgets.

Each spells out its `__init__`, as Textual's own messages do: a dataclass costs a message class
a few tenths of a millisecond at import (its methods are generated and compiled), and every
one here loads before the dashboard's first frame.
"""

from __future__ import annotations

from textual.message import Message

from tui.errors import OrderdeckError
from tui.orders import Order


class OrdersLoaded(Message):
    """A page (or a merged All-profiles page) arrived for the view `view`."""

    def __init__(
        self,
        view: str,
        generation: int,
        orders: list[Order],
        next_cursor: object,
        total: int | None,
        failures: dict[str, OrderdeckError],
        in_place: bool = False,
    ) -> None:
        super().__init__()
        self.view = view
        self.generation = generation
        self.orders = orders
        self.next_cursor = next_cursor
        """A provider `Cursor` or, for All profiles, a dict of them; None on the last page."""
        self.total = total
        self.failures = failures
        """Profiles that failed while the rest answered (All profiles only)."""
        self.in_place = in_place
        """An auto-refresh of the same page: keep cursor and scroll."""


class OrdersFailed(Message):
    def __init__(self, view: str, generation: int, profile: str, error: OrderdeckError) -> None:
        super().__init__()
        self.view = view
        self.generation = generation
        self.profile = profile
        self.error = error


class LoadAllProgress(Message):
    def __init__(self, view: str, generation: int, loaded: int, total: int | None) -> None:
        super().__init__()
        self.view = view
        self.generation = generation
        self.loaded = loaded
        self.total = total


class DetailLoaded(Message):
    def __init__(self, order: Order) -> None:
        super().__init__()
        self.order = order


class DetailFailed(Message):
    def __init__(self, key: tuple[str, str], error: OrderdeckError) -> None:
        super().__init__()
        self.key = key
        self.error = error


class ProfileProbed(Message):
    """Background health check of a profile: its pending-order count, or the error."""

    def __init__(self, profile: str, pending: int | None, error: OrderdeckError | None) -> None:
        super().__init__()
        self.profile = profile
        self.pending = pending
        self.error = error


class ShowOrder(Message, bubble=False):
    """Show this order in its profile's table (the Payments view's Enter). The app hands it to
    the main screen, which switches to the profile and puts the cursor on the order (it does not
    bubble back)."""

    def __init__(self, key: tuple[str, str]) -> None:
        super().__init__()
        self.key = key


__all__ = [
    "DetailFailed",
    "DetailLoaded",
    "LoadAllProgress",
    "OrdersFailed",
    "OrdersLoaded",
    "ProfileProbed",
    "ShowOrder",
]

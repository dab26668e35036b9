"""Messages that workers post; only their handlers touch widgets."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.errors import OrderdeckError
from tui.orders import Order


@dataclass
class OrdersLoaded(Message):
    """A page (or a merged All-profiles page) arrived for the view `view`."""

    view: str
    generation: int
    orders: list[Order]
    next_cursor: object
    """A provider `Cursor` or, for All profiles, a dict of them; None when this is the last page."""
    total: int | None
    failures: dict[str, OrderdeckError]
    """Profiles that failed while the rest answered (All profiles only)."""
    in_place: bool = False
    """An auto-refresh of the same page: keep cursor and scroll."""


@dataclass
class OrdersFailed(Message):
    view: str
    generation: int
    profile: str
    error: OrderdeckError


@dataclass
class LoadAllProgress(Message):
    view: str
    generation: int
    loaded: int
    total: int | None


@dataclass
class DetailLoaded(Message):
    order: Order


@dataclass
class DetailFailed(Message):
    key: tuple[str, str]
    error: OrderdeckError


@dataclass
class ProfileProbed(Message):
    """Background health check of a profile: its pending-order count, or the error."""

    profile: str
    pending: int | None
    error: OrderdeckError | None


@dataclass
class ShowOrder(Message, bubble=False):
    """Show this order in its profile's table (the Payments view's Enter). The app hands it to
    the main screen, which switches to the profile and puts the cursor on the order (it does not
    bubble back)."""

    key: tuple[str, str]


__all__ = [
    "DetailFailed",
    "DetailLoaded",
    "LoadAllProgress",
    "OrdersFailed",
    "OrdersLoaded",
    "ProfileProbed",
    "ShowOrder",
]

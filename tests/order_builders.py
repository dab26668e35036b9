"""Orders built by hand for the specs of what is done with them (payments, exports)."""

from __future__ import annotations

from typing import Any

from tui.orders import Order, Status


def pending_order(**fields: Any) -> Order:
    """A pending DuoPlus order on profile `phones`; `fields` override any attribute."""
    base: dict[str, Any] = {
        "provider": "duoplus",
        "profile": "phones",
        "id": "o1",
        "title": "t",
        "status": Status.PENDING,
        "status_raw": "Unpaid",
    }
    return Order(**{**base, **fields})

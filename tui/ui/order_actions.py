"""Actions on one order that several screens offer (the order table, the Payments view)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from tui.display import printable
from tui.orders import Order


def open_pay_link(screen: Screen[Any], order: Order) -> None:
    """Open the order's pay link in the browser, or say there is none."""
    if not order.pay_url:
        screen.notify("This order has no pay link", severity="warning", timeout=3)
        return
    screen.app.open_url(order.pay_url)
    screen.notify(f"Opening {printable(order.pay_url)}", timeout=3, markup=False)

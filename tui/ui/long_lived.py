"""Keeping the cycle collector off big loads: 100,000 orders are millions of tracked objects,
and every full collection walks them all (350-650 ms pauses measured mid-scroll)."""

from __future__ import annotations

from typing import Final

from tui.providers.fast_path import freeze_long_lived

FREEZE_FROM: Final = 1_000
"""Orders in one arrival from which we freeze: smaller batches never make a full collection
long enough to see."""


def settle(order_count: int) -> None:
    """Move everything alive now into the permanent generation when a big batch arrived.

    Orders and their wire dicts hold no reference cycles, so reference counting frees them
    when a view drops them; frozen objects are only skipped by the cycle collector. The cost
    is that a reference cycle already alive at a freeze is never collected: a few widgets per
    big load at worst, against half-second pauses on every full collection."""
    if order_count >= FREEZE_FROM:
        freeze_long_lived()

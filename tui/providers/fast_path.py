"""What the providers' fast order-list paths share.

A list answer is converted straight from the decoded JSON to `Order`s when its items are plain
(the exact JSON types the API documents); anything else goes through the pydantic wire models,
so odd input keeps exactly the wire models' handling and error messages. These helpers keep the
fast path fast (no collector passes, no `isoformat` calls) and its orders small (equal values
shared between orders instead of held once per order).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Final

SHARED_VALUES_LIMIT: Final = 20_000
"""Entries a shared-value table holds before it starts over. Statuses, labels, ids of sites and
packages repeat across pages and fit many times over; a server sending only unique values
costs at most this many entries, never a table that grows with every page."""


_frozen_here = False
"""`freeze_long_lived` froze objects: `gc.get_freeze_count()` walks every frozen object (about
30 ms after 100,000 orders were frozen), so a freeze of ours is remembered, not counted."""


def freeze_long_lived() -> None:
    """`gc.freeze()`, remembered by `orders_kept_out_of_young_collections` (which then leaves
    the collector alone without counting the frozen objects on every page); `thaw` undoes it."""
    global _frozen_here
    gc.freeze()
    _frozen_here = True


def thaw() -> None:
    """`gc.unfreeze()`, and forget `freeze_long_lived`'s freeze."""
    global _frozen_here
    gc.unfreeze()
    _frozen_here = False


@contextmanager
def orders_kept_out_of_young_collections() -> Iterator[None]:
    """While a page of orders is built, the cyclic garbage collector waits; afterwards the new
    orders join the oldest generation directly.

    Every `Order` (and `Money`) is a tracked object. Built with the collector on, 100,000 of
    them are examined by young collections and by full collections that walk the whole heap,
    only to be found alive: each is in the page. Built with it off, one young collection walks
    them all afterwards, just as uselessly. Either costs a fifth to a third of the parse
    (measured with an app-sized heap). So: what is young beforehand is collected first, as
    usual (it is not ours), the collector is off while the page is built, and then
    `gc.freeze()` + `gc.unfreeze()` move what is young, the new orders, to the oldest
    generation unexamined; full collections still visit them, as they visit every long-lived
    object. Nothing waits for the collector meanwhile: the build never yields to the event
    loop. A process that froze objects itself (`gc.get_freeze_count()`) is left as it is.
    """
    if not gc.isenabled() or _frozen_here or gc.get_freeze_count():
        yield
        return
    gc.collect(1)
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def shared_table(table: dict[Any, Any]) -> dict[Any, Any]:
    """`table`, emptied first when it has grown past `SHARED_VALUES_LIMIT`. Each fast path keeps
    process-wide tables, one per kind of value (texts, money, ...), and looks values up in them,
    so equal values from any client and page become one object, as `sys.intern` does for
    strings. Keys of one table are of one type: `1`, `1.0` and `True` are equal dict keys but
    different JSON."""
    if len(table) > SHARED_VALUES_LIMIT:
        table.clear()
    return table


def utc_isoformat(text: str, moment: datetime) -> str:
    """`moment.isoformat()`, where `moment` is `datetime.fromisoformat(text)` in UTC.

    `isoformat` costs 0.7 µs; when `text` already is `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` the answer
    is the text with `+00:00` for the `Z`. Six fraction digits are written only when the
    microseconds are not zero, as `isoformat` does; any other shape takes the slow way.
    """
    length = len(text)
    if (
        (length == 20 or (length == 27 and text[19] == "." and moment.microsecond))
        and text[-1] == "Z"
        and text[10] == "T"
        and text[4] == "-"
        and text[7] == "-"
        and text[13] == ":"
        and text[16] == ":"
        and moment.tzinfo is UTC
    ):
        return text[:-1] + "+00:00"
    return moment.isoformat()

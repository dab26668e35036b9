"""What the providers' fast order-list paths share.

A list answer is converted straight from the decoded JSON to `Order`s when its items are plain
(the exact JSON types the API documents); anything else goes through the pydantic wire models,
so odd input keeps exactly the wire models' handling and error messages. These helpers keep the
fast path fast (no full collections, no `isoformat` calls) and its orders small (equal values
shared between orders instead of held once per order).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Final

SHARED_VALUES_LIMIT: Final = 20_000
"""Entries a client's shared-value table holds before it starts over. Statuses, labels, ids of
sites and packages repeat across pages and fit many times over; a server sending only unique
values costs at most this many entries, never a table that grows with every page."""


FULL_COLLECTIONS_OFF: Final = 1 << 30
"""A threshold the oldest generation's count never reaches: no full collection meanwhile."""


@contextmanager
def no_full_collections() -> Iterator[None]:
    """The cyclic garbage collector's full collections held off while a page of orders is
    built.

    Every new `Order` is a tracked object; 100,000 of them trigger full collections that walk
    the whole heap (every order loaded before included) only to free nothing, since each order
    is referenced from the page. Young collections still run, so garbage made meanwhile is
    still found while it is young and in the cache; the next full collection comes afterwards,
    as it would have. Measured: a tenth to a quarter of a 100,000-order parse.
    """
    young, middle, oldest = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTIONS_OFF)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, oldest)


def shared_table(table: dict[Any, Any]) -> dict[Any, Any]:
    """`table`, emptied first when it has grown past `SHARED_VALUES_LIMIT`. A client keeps one
    per kind of value (texts, money, ...) and looks values up with `setdefault`, so equal values
    from any page become one object. Keys of one table are of one type: `1`, `1.0` and `True`
    are equal dict keys but different JSON."""
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

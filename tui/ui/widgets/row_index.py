"""The order table's index: quick-filter haystacks and every column's sort order, built in
steps of a few milliseconds so the event loop never waits behind 100,000 rows.

Sorting 100,000 rows with `sorted` is one 30-45 ms call that cannot be interrupted, plus the
key calls. So the index sorts each column both ways ahead of time: in chunks, merged lazily,
a slice per step. A sort on screen is then a walk of a ready-made permutation.

Plain Python (no Textual): the widget drives `build()` and yields to the loop between steps.
"""

from __future__ import annotations

import heapq
import time
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import accumulate, islice
from operator import attrgetter, indexOf
from typing import Any, Final, overload

from tui.orders import Order

SLICE: Final = 250
"""Orders handled per step: about a millisecond of haystack and key building. The widget runs
steps for a few milliseconds per loop iteration, which can also hold a message handler and a
screen update, so one step must be much shorter than that."""

SORT_CHUNK: Final = 2_048
"""Positions sorted per step before the merge (one uninterruptible `sorted`: half a
millisecond for strings)."""

MERGE_SLICE: Final = 1_000
"""Positions merged per step (`heapq.merge` is Python: half a millisecond)."""

SEARCH_SLICE: Final = 2_500
"""Haystacks searched per step of a quick filter (well under a millisecond, a few with dense
matches: a step must not overrun the turn it starts in by much)."""

SEPARATOR: Final = "\0"
"""Ends each haystack in a `Haystacks` chunk. A needle may hold one (pasted text), and a server's
text too: a needle that does is tested one haystack at a time, so no match spans two."""

DENSE: Final = 32
"""Matches in one chunk from which the rest of it is searched one haystack at a time."""

NARROW_FROM: Final = 4
"""Typing on searches only the last needle's matches while they are at most a quarter of the
rows: testing one haystack costs a few times what scanning past it does."""

SEARCH_AT_ONCE: Final = 20_000
"""Up to this many rows `view` searches them at once (a few milliseconds); above it the search
goes in steps (`search`), and `view` answers for a needle once its search is done."""

TURN_BUDGET: Final = 0.002
"""Seconds of index building or searching per turn of the event loop: the same turn may also
run a key handler and a screen update, and together they must stay far under a frame. A task
whose timer fell due during a turn resumes only after the next one (the timer wakes it with
`call_soon`, behind the turn a `sleep(0)` already queued), so it waits out two: at 4 ms a
quick filter's stall came to 0.46-0.55x textual-fastdatatable's largest, over the 0.5x target,
and at 2 ms to 0.25-0.40x, its search no slower to paint (32-37 ms at 100,000 rows)."""

_ID_OF: Final = attrgetter("id")


def turns(steps: Iterator[None]) -> Iterator[None]:
    """Run `steps` for up to `TURN_BUDGET` seconds at a time, yielding between those turns:
    steps of varying cost share the loop evenly, and cheap ones are not one loop turn each."""
    deadline = time.perf_counter() + TURN_BUDGET
    for _ in steps:
        now = time.perf_counter()
        if now >= deadline:
            yield
            deadline = time.perf_counter() + TURN_BUDGET


def position_of(
    rows: Sequence[Order], key: tuple[str, str], ids: Sequence[str] | None = None
) -> int | None:
    """Where the order with `key` (profile, id) is in `rows`: a C-speed search of the ids
    (about 5 ms over 100,000 rows, 1 ms when `ids` are given), then the profile checked on
    each hit. Building a `(profile, id)` tuple per row instead costs 40 ms and wakes the cycle
    collector."""
    profile, order_id = key
    if ids is None:
        ids = list(map(_ID_OF, rows))
    start = 0
    while True:
        try:
            found = ids.index(order_id, start)
        except ValueError:
            return None
        if rows[found].profile == profile:
            return found
        start = found + 1


def stable_argsort(
    keys: Sequence[Any], *, reverse: bool, chunk: int = SORT_CHUNK, merge_slice: int = MERGE_SLICE
) -> Iterator[array[int] | None]:
    """The positions of `keys` in the order `sorted(range(len(keys)), key=keys.__getitem__,
    reverse=reverse)` gives (stable both ways), built in steps: yields None after each step
    and the finished permutation last.

    Chunks of consecutive positions are sorted, then merged; `heapq.merge` takes equal keys
    from earlier chunks first in both directions, so ties keep their load order, as `sorted`
    keeps them."""
    key = keys.__getitem__
    runs: list[list[int]] = []
    for start in range(0, len(keys), chunk):
        runs.append(sorted(range(start, min(len(keys), start + chunk)), key=key, reverse=reverse))
        yield None
    merged: Iterator[int] = heapq.merge(*runs, key=key, reverse=reverse)
    positions: array[int] = array("I")
    while True:
        step = list(islice(merged, merge_slice))
        if not step:
            break
        positions.extend(step)
        yield None
    yield positions


class Haystacks:
    """Every order's quick-filter haystack, joined into one string per build slice, each
    followed by `SEPARATOR`, with where each starts: a search is then `str.find` over a chunk
    (C speed) and a bisect per match, instead of a Python test of every order."""

    def __init__(self, chunk_rows: int) -> None:
        self.chunk_rows = chunk_rows
        """Rows per chunk (the last may have fewer): row `i` is in chunk `i // chunk_rows`."""
        self.texts: list[str] = []
        self._starts: list[list[int]] = []
        """Per chunk, where each haystack starts, and where the next would."""

    def add(self, haystacks: list[str]) -> None:
        """The next chunk (`chunk_rows` haystacks, or fewer for the last)."""
        starts = [0]
        starts.extend(accumulate(len(text) + 1 for text in haystacks))
        self.texts.append(SEPARATOR.join(haystacks) + SEPARATOR)
        self._starts.append(starts)

    def find(self, needle: str, chunk: int) -> list[int]:
        """Positions of the rows of `chunk` whose haystack contains `needle` (non-empty)."""
        text = self.texts[chunk]
        starts = self._starts[chunk]
        first = chunk * self.chunk_rows
        if SEPARATOR in needle:
            return [
                first + row
                for row in range(len(starts) - 1)
                if text.find(needle, starts[row], starts[row + 1] - 1) >= 0
            ]
        find = text.find
        at = find(needle)
        if at < 0:
            return []
        found: list[int] = []
        rows = len(starts) - 1
        while at >= 0:
            row = bisect_right(starts, at) - 1
            found.append(first + row)
            if len(found) == DENSE and row < rows - 1:
                # Matches in most haystacks: a test per haystack beats a bisect per match.
                found += [
                    first + rest
                    for rest in range(row + 1, rows)
                    if find(needle, starts[rest], starts[rest + 1] - 1) >= 0
                ]
                break
            at = find(needle, starts[row + 1])  # on to the next haystack
        return found

    def contains(self, position: int, needle: str) -> bool:
        """Whether the haystack of the row at `position` contains `needle`."""
        chunk, row = divmod(position, self.chunk_rows)
        starts = self._starts[chunk]
        return self.texts[chunk].find(needle, starts[row], starts[row + 1] - 1) >= 0


class RowIndex:
    """What filtering and sorting one list of orders need, filled in by `build()`.

    The haystacks come first (`searchable`), then each column's two permutations, most used
    columns first; `sorted_positions` says None until a column is ready.
    """

    def __init__(
        self,
        orders: list[Order],
        sort_keys: Mapping[str, Callable[[Order], Any]],
        haystack: Callable[[Order], str],
    ) -> None:
        self.orders = orders
        self.haystacks = Haystacks(SLICE)
        self.ids: list[str] = []
        """Every order's id in load order, taken with the first steps of `build`: finding
        the cursor's order is a C-speed search of these."""
        self.searchable = False
        self._sort_keys = dict(sort_keys)
        self._haystack = haystack
        self._permutations: dict[tuple[str, bool], array[int]] = {}
        self._found: tuple[str, list[int]] | None = None
        """The last needle searched and the positions it matches."""

    @property
    def complete(self) -> bool:
        return self.searchable and len(self._permutations) == 2 * len(self._sort_keys)

    def build(self) -> Iterator[None]:
        """Build everything, yielding between steps of a few milliseconds."""
        orders = self.orders
        keys: dict[str, list[Any]] = {column: [] for column in self._sort_keys}
        for start in range(0, len(orders), SLICE):
            rows = orders[start : start + SLICE]
            self.ids.extend(map(_ID_OF, rows))
            self.haystacks.add(list(map(self._haystack, rows)))
            for column, sort_key in self._sort_keys.items():
                keys[column].extend(map(sort_key, rows))
            yield
        self.searchable = True
        for column in self._sort_keys:
            for descending in (True, False):
                for result in stable_argsort(keys[column], reverse=descending):
                    if result is None:
                        yield
                    else:
                        self._permutations[column, descending] = result
            del keys[column]  # the permutations are all a sort needs from now on
            yield

    def matching(self, needle: str) -> list[int]:
        """Positions of the orders whose haystack contains `needle` (lower-case)."""
        for _ in self.search(needle):
            pass
        assert self._found is not None and self._found[0] == needle
        return self._found[1]

    def searched(self, needle: str) -> bool:
        """`view` can answer for `needle` without a long search."""
        return (
            not needle
            or len(self.orders) <= SEARCH_AT_ONCE
            or (self._found is not None and self._found[0] == needle)
        )

    def search(self, needle: str) -> Iterator[None]:
        """Find the orders matching `needle` (non-empty, lower-case), yielding between steps;
        `matching` and `view` then answer for it at once. A needle that extends the last one
        searched (typing on) only looks among that one's matches."""
        last = self._found
        if last is not None and last[0] == needle:
            return
        haystacks = self.haystacks
        found: list[int] = []
        if (
            last is not None
            and last[0] in needle
            and len(last[1]) * NARROW_FROM <= len(self.orders)
        ):
            candidates = last[1]
            contains = haystacks.contains
            for start in range(0, len(candidates), SEARCH_SLICE):
                some = candidates[start : start + SEARCH_SLICE]
                found += [i for i in some if contains(i, needle)]
                yield
        else:
            step = max(1, SEARCH_SLICE // haystacks.chunk_rows)
            chunks = len(haystacks.texts)
            for first in range(0, chunks, step):
                for chunk in range(first, min(chunks, first + step)):
                    found += haystacks.find(needle, chunk)
                yield
        self._found = (needle, found)

    def position_of(self, key: tuple[str, str]) -> int | None:
        """Where the order with `key` (profile, id) is in load order; None if it is not."""
        if len(self.ids) == len(self.orders):
            return position_of(self.orders, key, self.ids)
        # Before the ids are taken (the load itself): a C-speed scan that stops at the order,
        # usually near the top (the cursor's); an order not there costs 2-3 ms, not the 11 ms
        # of a Python loop over 100,000 orders (the load's cursor is often on an old order).
        profile, order_id = key
        orders = self.orders
        start = 0
        while True:
            try:
                found = start + indexOf(map(_ID_OF, islice(orders, start, None)), order_id)
            except ValueError:
                return None
            if orders[found].profile == profile:
                return found
            start = found + 1

    def sorted_positions(self, column: str, descending: bool) -> array[int] | None:
        return self._permutations.get((column, descending))

    def view(self, needle: str, column: str | None, descending: bool) -> OrderView | None:
        """The orders matching `needle`, sorted by `column`, exactly as the plain path orders
        them; None while the index cannot answer yet (still building, or a long search for
        `needle` not done: `searched`)."""
        if needle and not (self.searchable and self.searched(needle)):
            return None
        positions: Sequence[int]
        if column is None:
            positions = self.matching(needle) if needle else range(len(self.orders))
        else:
            permutation = self.sorted_positions(column, descending)
            if permutation is None:
                return None
            if needle:
                wanted = set(self.matching(needle))
                positions = [i for i in permutation if i in wanted]
            else:
                positions = permutation
        return OrderView(self.orders, positions)


class OrderView(Sequence[Order]):
    """Some of a list's orders in a given order, without copying them: building a list of
    100,000 orders in sorted order costs 10-25 ms of cache misses, and the table only ever
    reads the rows on screen."""

    __slots__ = ("_orders", "positions")

    def __init__(self, orders: list[Order], positions: Sequence[int]) -> None:
        self._orders = orders
        self.positions = positions
        """Where each row is in the underlying list."""

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> Order: ...
    @overload
    def __getitem__(self, index: slice) -> list[Order]: ...
    def __getitem__(self, index: int | slice) -> Order | list[Order]:
        if isinstance(index, slice):
            return list(map(self._orders.__getitem__, self.positions[index]))
        return self._orders[self.positions[index]]

    def __iter__(self) -> Iterator[Order]:
        return map(self._orders.__getitem__, self.positions)

    def index_of_position(self, position: int) -> int | None:
        """The row showing the underlying list's `position`, if any (a C-speed search)."""
        try:
            return self.positions.index(position)
        except ValueError:
            return None

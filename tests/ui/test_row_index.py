"""The order table's index answers exactly what the plain path would: same rows, same order,
ties in load order both ways; and it is built in steps short enough not to be felt."""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.orders import Money, Order, Status
from tui.ui.widgets.order_table import COLUMNS, COLUMNS_BY_KEY, INDEX_ORDER, haystack
from tui.ui.widgets.row_index import RowIndex, position_of, stable_argsort

BASE = datetime(2026, 11, 1, tzinfo=UTC)


def make_orders(count: int, seed: int = 7) -> list[Order]:
    """Orders with many equal sort keys (ties are where a sort shows its stability)."""
    statuses = list(Status)
    orders = []
    for number in range(count):
        mix = (number * 7919 + seed) % 1009
        orders.append(
            Order(
                provider="duoplus",
                profile=("phones", "edge", "ace")[mix % 3],
                id=f"order-{(number * 31) % count:06d}",
                title=("GPU host ☃", "cloud phone", "Renewal", "áccent")[mix % 4],
                status=statuses[mix % len(statuses)],
                status_raw=statuses[mix % len(statuses)].value.upper(),
                amount=Money(Decimal(mix % 17), "USD") if mix % 5 else None,
                created_at=BASE + timedelta(minutes=mix % 97) if mix % 11 else None,
                expires_at=BASE + timedelta(minutes=mix % 13),
            )
        )
    return orders


def built(orders: list[Order]) -> RowIndex:
    index = RowIndex(orders, {key: COLUMNS_BY_KEY[key].sort_key for key in INDEX_ORDER}, haystack)
    for _ in index.build():
        pass
    return index


def rows_of(
    index: RowIndex, needle: str, column: str | None, descending: bool
) -> list[Order] | None:
    view = index.view(needle, column, descending)
    return None if view is None else list(view)


def plain(orders: list[Order], needle: str, column: str | None, descending: bool) -> list[Order]:
    rows = [order for order in orders if needle in haystack(order)] if needle else list(orders)
    if column is not None:
        rows = sorted(rows, key=COLUMNS_BY_KEY[column].sort_key, reverse=descending)
    return rows


@given(
    keys=st.lists(st.integers(min_value=0, max_value=5) | st.sampled_from(["a", "b"]), max_size=60),
    reverse=st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_stable_argsort_is_sorted_with_ties_in_load_order(
    keys: list[int | str], reverse: bool
) -> None:
    # Small chunks and merge slices, so the merge of several runs is what gets tested.
    numeric = [k if isinstance(k, int) else 10 + ord(k) for k in keys]
    *steps, result = stable_argsort(numeric, reverse=reverse, chunk=4, merge_slice=3)
    assert all(step is None for step in steps)
    assert list(result) == sorted(range(len(numeric)), key=numeric.__getitem__, reverse=reverse)


def test_stable_argsort_of_nothing_is_empty() -> None:
    assert list(list(stable_argsort([], reverse=True))[-1]) == []


@pytest.mark.parametrize("needle", ["", "gpu", "phones", "pending", "no such thing"])
def test_index_rows_equal_the_plain_path_for_every_column_and_direction(needle: str) -> None:
    orders = make_orders(2_500)
    index = built(orders)
    assert index.complete
    for column in [None, *(c.key for c in COLUMNS)]:
        for descending in (True, False):
            expected = plain(orders, needle, column, descending)
            assert rows_of(index, needle, column, descending) == expected, (column, descending)


def test_index_says_none_until_it_can_answer() -> None:
    orders = make_orders(3_000)
    index = RowIndex(orders, {key: COLUMNS_BY_KEY[key].sort_key for key in INDEX_ORDER}, haystack)
    steps = index.build()
    assert rows_of(index, "", None, True) == orders  # the load order needs nothing
    assert rows_of(index, "gpu", None, True) is None
    assert rows_of(index, "", "created", True) is None
    while not index.searchable:
        next(steps)
    assert rows_of(index, "gpu", None, True) == plain(orders, "gpu", None, True)
    assert rows_of(index, "", "profile", False) is None  # the last column is sorted last
    for _ in steps:
        pass
    assert rows_of(index, "", "profile", False) == plain(orders, "", "profile", False)


def test_no_build_step_holds_the_loop_for_long() -> None:
    """20,000 orders: each step is a few milliseconds (a frame is 16 ms); generous for CI.
    A step's cost is this thread's CPU time, which other processes on the machine (other
    test workers) cannot stretch the way they stretch the wall clock."""
    index = RowIndex(
        make_orders(20_000), {key: COLUMNS_BY_KEY[key].sort_key for key in INDEX_ORDER}, haystack
    )
    longest = 0.0
    last = time.thread_time()
    for _ in index.build():
        now = time.thread_time()
        longest = max(longest, now - last)
        last = now
    assert index.complete
    assert longest < 0.05


def test_a_view_reads_rows_without_copying_them() -> None:
    orders = make_orders(10)
    index = built(orders)
    view = index.view("", "created", True)
    assert view is not None
    expected = plain(orders, "", "created", True)
    assert len(view) == 10
    assert [view[i] for i in range(10)] == expected
    assert view[2:5] == expected[2:5]
    assert view[::3] == expected[::3]
    assert view.index_of_position(orders.index(expected[7])) == 7
    filtered = index.view("gpu", "created", True)
    assert filtered is not None
    outside = next(i for i, order in enumerate(orders) if "gpu" not in haystack(order))
    assert filtered.index_of_position(outside) is None


def test_the_same_id_under_two_profiles_is_found_by_its_profile() -> None:
    first, second = make_orders(2)
    twin = dataclasses.replace(second, id=first.id, profile="other")
    rows = [first, twin]
    assert first.profile != "other"
    assert position_of(rows, ("other", first.id)) == 1
    assert position_of(rows, (first.profile, first.id), ids=[o.id for o in rows]) == 0
    assert position_of(rows, ("nobody", first.id)) is None

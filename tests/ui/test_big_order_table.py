"""A table big enough for an index: filtering and sorting wait for it instead of freezing the
screen, then show exactly what the plain path shows, with the cursor on the same order."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import random
import weakref
from datetime import UTC, datetime

import pytest
from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import WorkerCancelled

from tests.ui.conftest import AppFactory
from tests.ui.test_dashboard import settle as settle_app
from tests.ui.test_row_index import make_orders, plain
from tui.providers.fast_path import orders_kept_out_of_young_collections, thaw
from tui.ui.long_lived import FREEZE_FROM, settle
from tui.ui.widgets import row_index
from tui.ui.widgets.detail_pane import RenderedOnce, order_fields, replace_content
from tui.ui.widgets.header import Header
from tui.ui.widgets.order_columns import haystack
from tui.ui.widgets.order_table import INDEX_THRESHOLD, OrderTable
from tui.ui.widgets.row_index import NARROW_FROM, Haystacks, RowIndex

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield OrderTable(clock=lambda: NOW, zone=UTC)


async def test_sort_and_filter_wait_for_the_index_then_match_the_plain_path() -> None:
    orders = make_orders(INDEX_THRESHOLD + 1_000)
    app = TableApp()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(OrderTable)
        table.set_orders(orders)
        assert list(table.rows) == orders  # at once, in load order
        table.cursor_row = 5
        kept = table.highlighted
        assert kept is not None

        table.set_sort("title", descending=False)
        assert table.indexing
        assert list(table.rows) == orders  # unchanged until the index can answer

        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not table.indexing
        assert list(table.rows) == plain(orders, "", "title", False)
        assert table.highlighted is kept

        table.set_quick_filter("GPU")
        assert list(table.rows) == plain(orders, "gpu", "title", False)  # ready: immediate
        table.set_sort("created", descending=True)
        assert list(table.rows) == plain(orders, "gpu", "created", True)


async def test_new_rows_with_a_sort_on_show_in_load_order_until_indexed() -> None:
    app = TableApp()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(OrderTable)
        table.set_sort("amount", descending=True)
        orders = make_orders(INDEX_THRESHOLD * 2, seed=3)
        table.set_orders(orders)
        assert table.indexing
        assert list(table.rows) == orders
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(table.rows) == plain(orders, "", "amount", True)


async def test_newer_rows_replace_an_index_still_being_built() -> None:
    app = TableApp()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(OrderTable)
        table.set_quick_filter("renewal")
        table.set_orders(make_orders(INDEX_THRESHOLD * 2, seed=1))
        newer = make_orders(INDEX_THRESHOLD + 10, seed=2)
        table.set_orders(newer)  # cancels the first build (an exclusive worker)
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(table.rows) == plain(newer, "renewal", None, True)


async def test_a_long_search_yields_to_the_loop_between_steps_then_shows_the_same_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small steps, one per turn, so a few thousand orders make a long search.
    monkeypatch.setattr(row_index, "SEARCH_AT_ONCE", 100)
    monkeypatch.setattr(row_index, "SEARCH_SLICE", 500)
    monkeypatch.setattr(row_index, "TURN_BUDGET", 0.0)
    orders = make_orders(INDEX_THRESHOLD + 1_000)
    app = TableApp()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(OrderTable)
        table.set_orders(orders)
        await app.workers.wait_for_complete()
        await pilot.pause()

        turns = 0
        rows_seen: list[int] = []

        async def tick() -> None:
            nonlocal turns
            while True:
                turns += 1
                rows_seen.append(len(table.rows))
                await asyncio.sleep(0)

        ticker = asyncio.create_task(tick())
        table.set_quick_filter("GPU")
        assert table.searching and not table.indexing
        assert list(table.rows) == orders  # unchanged until the search is done
        # Asked after the filter: comes after its rows (the table's queue waits for them).
        painted: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        table.call_after_refresh(lambda: painted.set_result(len(table.rows)))
        expected = plain(orders, "gpu", None, True)
        assert await painted == len(expected)
        ticker.cancel()
        assert list(table.rows) == expected
        assert not table.searching
        assert turns >= len(orders) // 500  # the loop ran between the steps
        assert len(orders) in rows_seen  # ... while the old rows were still shown

        # Typing on narrows the last matches; going back searches again: the same rows.
        table.set_quick_filter("GPU h")
        await pilot.pause()
        while table.searching:
            await asyncio.sleep(0)
        assert list(table.rows) == plain(orders, "gpu h", None, True)
        table.set_sort("title", descending=False)
        table.set_quick_filter("renewal")
        while table.searching:
            await asyncio.sleep(0)
        assert list(table.rows) == plain(orders, "renewal", "title", False)


class BodyApp(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("one\ntwo", id="body")


async def test_the_detail_body_lays_the_screen_out_only_when_its_height_changes() -> None:
    # A cursor move swaps one order's fields for another's of the same height: a repaint of
    # the body, not a layout of the whole screen.
    app = BodyApp()
    async with app.run_test(size=(60, 20)) as pilot:
        body = app.query_one("#body", Static)
        assert body.size.height == 2
        assert not replace_content(body, "three\nfour")
        await pilot.pause()
        assert body.size.height == 2
        assert replace_content(body, "five\nsix\nseven")
        await pilot.pause()
        assert body.size.height == 3
        assert replace_content(body, Text("eight"))
        await pilot.pause()
        assert body.size.height == 1


def test_an_order_s_fields_are_rendered_once_for_their_height_and_their_lines() -> None:
    # Textual measures a Static with no height and paints it with its height: one render.
    order = make_orders(1)[0]
    fields = RenderedOnce(order_fields(order, NOW, UTC))
    console = Console(width=100)
    measuring = console.options.update_width(100)
    painting = measuring.update(height=12)
    first = list(console.render(fields, measuring))
    renders = len(fields._lines)
    assert list(console.render(fields, painting)) == first
    assert len(fields._lines) == renders == 1


def test_after_a_big_load_froze_the_heap_a_page_does_not_count_the_frozen_objects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Counting walks every frozen object (about 30 ms after 100,000 orders): once our own
    # freeze is remembered, a page parsed afterwards leaves the collector alone uncounted.
    def counted() -> int:
        raise AssertionError("the frozen objects were counted")

    settle(FREEZE_FROM)
    try:
        monkeypatch.setattr(gc, "get_freeze_count", counted)
        with orders_kept_out_of_young_collections():
            assert gc.isenabled()  # left as it is: no hand-off that would thaw the heap
    finally:
        monkeypatch.undo()
        thaw()
    assert gc.get_freeze_count() == 0


def test_before_the_index_takes_the_ids_an_order_is_found_by_id_and_profile() -> None:
    orders = make_orders(50)
    twin = dataclasses.replace(orders[30], id=orders[10].id, profile="other")
    orders[30] = twin
    index = RowIndex(orders, {}, haystack)  # not built: no ids taken yet
    assert index.position_of(("other", orders[10].id)) == 30
    assert index.position_of((orders[10].profile, orders[10].id)) == 10
    assert index.position_of((orders[49].profile, orders[49].id)) == 49
    assert index.position_of(("nobody", orders[10].id)) is None
    assert index.position_of(("other", "no such id")) is None


async def test_a_new_title_redraws_the_header_and_not_the_whole_screen(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The payments watch retitles the app as orders near their deadline: Textual's default
    # repaints every widget on screen for it (20-40 ms with a big table at 160x50).
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle_app(pilot)
        screen = app.screen
        whole_screen: list[bool] = []
        refresh = screen.refresh

        def spy(*regions: Region, **flags: bool) -> Screen[object]:
            whole_screen.append(True)
            return refresh(*regions, **flags)

        monkeypatch.setattr(screen, "refresh", spy)
        app.title = "orderdeck · 3 urgent payments"
        await pilot.pause()
        assert "3 urgent payments" in screen.query_one(Header).render_line(0).text
        assert whole_screen == []


def test_the_joined_haystacks_find_what_testing_each_finds() -> None:
    # Matches across two haystacks cannot count: a needle or a haystack may hold the separator
    # (server text, pasted text); many matches in a chunk switch to a test per haystack.
    rng = random.Random(5)
    alphabet = ["a", "b", "ab", "\0", "ba", " "]
    texts = ["".join(rng.choices(alphabet, k=rng.randrange(0, 6))) for _ in range(500)]
    texts += ["ab"] * (row_index.DENSE * 3)  # one chunk dense with matches
    haystacks = Haystacks(chunk_rows=37)
    for start in range(0, len(texts), 37):
        haystacks.add(texts[start : start + 37])
    chunks = range(len(haystacks.texts))
    for needle in ["a", "ab", "b a", "\0", "a\0", "\0b", "b\0a", "abab", "zz", " "]:
        expected = [i for i, text in enumerate(texts) if needle in text]
        assert [i for chunk in chunks for i in haystacks.find(needle, chunk)] == expected, needle
        assert [i for i in range(len(texts)) if haystacks.contains(i, needle)] == expected


def test_typing_on_narrows_the_last_matches_only_while_they_are_few() -> None:
    orders = make_orders(INDEX_THRESHOLD)
    index = RowIndex(orders, {}, haystack)
    for _ in index.build():
        pass
    haystacks = index.haystacks
    tested: list[int] = []  # rows tested one by one (the narrowed path)
    scanned: list[int] = []  # chunks scanned whole (the full path)
    contains, find = haystacks.contains, haystacks.find
    haystacks.contains = lambda row, needle: tested.append(row) or contains(row, needle)  # type: ignore[method-assign]
    haystacks.find = lambda needle, chunk: scanned.append(chunk) or find(needle, chunk)  # type: ignore[method-assign]
    pairs = [("gpu", "gpu h"), ("o", "or"), ("order-0", "order-00"), ("r", "x")]
    pairs.append(("order-0001", "order-00012"))  # 100 matches of 2,000: narrowed
    for first, then in pairs:
        before = [i for i, o in enumerate(orders) if first in haystack(o)]
        assert index.matching(first) == before
        tested.clear()
        scanned.clear()
        assert index.matching(then) == [i for i, o in enumerate(orders) if then in haystack(o)]
        if first in then and len(before) * NARROW_FROM <= len(orders):
            assert tested == before and not scanned, (first, then)
        else:
            assert scanned == list(range(len(haystacks.texts))) and not tested, (first, then)


async def test_the_rows_a_big_load_replaced_are_freed_by_the_new_index_build() -> None:
    # Freeing 100,000 rows' index is milliseconds: not in the load's handler, but soon after.
    app = TableApp()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(OrderTable)
        table.set_orders(make_orders(INDEX_THRESHOLD, seed=1))
        await app.workers.wait_for_complete()
        old = weakref.ref(table._index) if table._index is not None else None
        assert old is not None and old() is not None
        newer = make_orders(INDEX_THRESHOLD + 5, seed=2)
        table.set_orders(newer)
        gc.collect()
        assert old() is not None  # still held: the handler did not free it
        await app.workers.wait_for_complete()
        await pilot.pause()
        gc.collect()
        assert old() is None
        assert list(table.rows) == newer


async def test_a_big_index_s_lists_are_kept_out_of_the_collector_once_built() -> None:
    # The ids, haystacks and sort keys are big lists of strings and floats, which the cycle
    # collector does not count: no young collection runs while they are built, so the first
    # one after would walk every item (15 ms at 100,000 rows, in the middle of a frame).
    thaw()
    app = TableApp()
    try:
        async with app.run_test(size=(120, 30)):
            table = app.query_one(OrderTable)
            table.set_orders(make_orders(INDEX_THRESHOLD + 1_000))
            await app.workers.wait_for_complete()
            index = table._index
            assert index is not None and index.complete
            assert gc.get_freeze_count() > 0
            assert not any(item is index.ids for item in gc.get_objects())  # frozen
    finally:
        thaw()

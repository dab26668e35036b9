"""The dashboard's view state and loading, tested without Textual: paging, the page size, the
server-or-local sort choice, the status line, stale answers, and what a load fetches."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tui.early_page import EarlyPage
from tui.errors import OrderdeckError, TransportError
from tui.orders import Order, OrderQuery, Page, SortField, Status
from tui.providers.base import Capabilities
from tui.view_loading import (
    Collected,
    LoadedPage,
    collect_every_page,
    fetch_page,
    pending_count,
)
from tui.view_state import (
    ALL_PROFILES,
    SORT_CYCLE,
    TableState,
    Views,
    ViewState,
    choose_sort,
    filter_summary,
    header_click_descending,
    next_sort_column,
    sort_description,
    status_text,
    without_filters,
)

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
LABELS = {"created": "Created", "amount": "Amount", "status": "Status"}
SORTS_ON_SERVER = Capabilities(
    filters=frozenset(), sortable=frozenset({SortField.CREATED_AT}), max_page_size=50
)
SORTS_NOTHING = Capabilities(filters=frozenset(), max_page_size=500)


def order(profile: str, order_id: str, *, hours_ago: int = 0) -> Order:
    return Order(
        provider="test",
        profile=profile,
        id=order_id,
        title=order_id,
        status=Status.PENDING,
        status_raw="pending",
        created_at=NOW - timedelta(hours=hours_ago),
    )


def views_of(capabilities: dict[str, Capabilities]) -> Views:
    return Views(capabilities.get)


# ---- views, paging, page size -------------------------------------------------------------


def test_a_view_starts_at_a_hundred_rows_capped_by_its_provider() -> None:
    views = views_of({"edge": SORTS_ON_SERVER, "phones": SORTS_NOTHING})
    assert views.get("edge").query.page_size == 50
    assert views.get("phones").query.page_size == 100
    assert views.get(ALL_PROFILES).query.page_size == 100


def test_the_page_size_cycles_and_wraps_within_the_provider_limit() -> None:
    views = views_of({"phones": SORTS_NOTHING})
    views.key = "phones"
    assert [views.cycle_page_size() for _ in range(4)] == [200, 500, 50, 100]
    views.key = "edge-less"
    assert views.page_size("unknown") == 100


def test_an_answer_to_an_older_load_or_another_view_is_stale() -> None:
    views = views_of({})
    views.key = "edge"
    first = views.start_load()
    second = views.start_load()
    assert views.loading
    assert not views.is_current(first, "edge")
    assert views.is_current(second, "edge")
    assert not views.is_current(second, "phones")


def test_a_new_query_goes_back_to_the_first_page() -> None:
    views = views_of({})
    views.key = "edge"
    view = views.get("edge")
    view.pages.next = "cursor-2"
    view.pages.forward()
    views.requery(replace(view.query, page_size=50))
    assert view.pages.index == 0 and view.query.page_size == 50


def test_showing_a_pending_order_keeps_a_view_that_holds_it() -> None:
    views = views_of({})
    held = views.get("edge")
    held.orders = [order("edge", "o-1")]
    views.show_pending(("edge", "o-1"))
    assert views.get("edge") is held
    views.show_pending(("edge", "o-2"))
    assert views.get("edge").query.statuses == frozenset({Status.PENDING})
    assert views.take_highlight() == ("edge", "o-2")
    assert views.take_highlight() is None


def test_a_placed_order_sends_its_view_back_to_the_first_page() -> None:
    views = views_of({})
    view = views.get("edge")
    view.pages.next = "c2"
    view.pages.forward()
    views.show_placed(("edge", "new"))
    assert view.pages.index == 0 and views.highlight_after_load == ("edge", "new")


def test_the_first_load_leaves_pending_counts_to_the_payments_watch() -> None:
    views = views_of({})
    views.key = "edge"
    assert views.probe_after_load(in_place=True) is False
    assert views.probe_after_load(in_place=False) is False
    assert views.probe_after_load(in_place=True) is True
    views.key = ALL_PROFILES
    assert views.probe_after_load(in_place=True) is False


def test_the_timer_refreshes_only_an_idle_paged_view() -> None:
    views = views_of({})
    views.key = "edge"
    views.get("edge")
    assert views.refresh_due(loading_all=False)
    assert not views.refresh_due(loading_all=True)
    views.current.all_loaded = True
    assert not views.refresh_due(loading_all=False)


# ---- sorting ------------------------------------------------------------------------------


def test_a_column_the_provider_sorts_goes_to_the_server() -> None:
    view = ViewState("edge", OrderQuery())
    choice = choose_sort(view, "created", False, SORTS_ON_SERVER)
    assert choice.on_server
    assert choice.query == OrderQuery(sort_by=SortField.CREATED_AT, descending=False)


def test_other_columns_and_loaded_views_sort_locally() -> None:
    view = ViewState("edge", OrderQuery())
    assert choose_sort(view, "amount", True, SORTS_ON_SERVER).query is None
    assert choose_sort(view, "created", True, None).query is None
    view.all_loaded = True
    assert choose_sort(view, "created", True, SORTS_ON_SERVER).query is None


def test_leaving_a_server_sort_for_provider_order_loads_again() -> None:
    view = ViewState("edge", OrderQuery(sort_by=SortField.CREATED_AT))
    choice = choose_sort(view, None, True, SORTS_ON_SERVER)
    assert not choice.on_server
    assert choice.query is not None and choice.query.sort_by is None


def test_s_walks_the_sort_cycle_and_a_header_click_flips_the_sorted_column() -> None:
    walked = [None]
    for _ in SORT_CYCLE:
        walked.append(next_sort_column(walked[-1]))
    assert walked == [*SORT_CYCLE, None]
    view = ViewState("edge", OrderQuery(), sort_column="amount", sort_descending=True)
    assert header_click_descending(view, "amount") is False
    assert header_click_descending(view, "created") is True


def test_the_sort_description_says_where_the_sort_happens() -> None:
    view = ViewState("edge", OrderQuery())
    assert sort_description(view, LABELS) == "provider order"
    view.sort_column, view.sort_descending = "amount", False
    assert sort_description(view, LABELS) == "this page sorted by amount ▲"
    view.query = OrderQuery(sort_by=SortField.AMOUNT)
    assert sort_description(view, LABELS) == "sorted by amount ▲ on the server"


def test_a_column_the_server_did_not_sort_by_is_this_page_only() -> None:
    # Ace Data sorts by created on the server; `s` on to amount sorts the loaded page only,
    # though the query still asks the server for its created order.
    view = ViewState("ace", OrderQuery(sort_by=SortField.CREATED_AT))
    view.sort_column = "amount"
    assert sort_description(view, LABELS) == "this page sorted by amount ▼"
    view.all_loaded = True
    assert sort_description(view, LABELS) == "all loaded rows sorted by amount ▼"


def test_a_stopped_load_all_says_how_much_of_the_total_is_loaded() -> None:
    view = ViewState("phones", OrderQuery(page_size=50))
    rows = [order("phones", str(n)) for n in range(150)]
    view.take_page(rows, total=360, next_cursor=None, loaded_at=NOW, failures={}, collected=True)
    text = status_text(view, TableState(150), labels=LABELS, loading=False, now=NOW)
    assert text.startswith("150 of 360 loaded (load all stopped) · provider order")
    assert "page" not in text


def test_sort_offers_only_the_columns_the_table_shows() -> None:
    shown = {"id", "title", "status", "amount", "created"}  # Ace Data: no "pay in"
    walked: list[str | None] = [None]
    for _ in range(6):
        walked.append(next_sort_column(walked[-1], shown))
    assert "expires" not in walked
    assert walked[:6] == [None, "created", "amount", "status", "title", "id"]


def test_the_filter_summary_names_each_filter_as_typed() -> None:
    query = OrderQuery(
        statuses=frozenset({Status.PENDING}),
        since=NOW - timedelta(days=7),
        order_id="2026113017",
    )
    summary = filter_summary(query, {"since": "7d"})
    assert summary == "filters: status pending · id 2026113017 · since 7d"
    assert filter_summary(without_filters(query), {}) == ""


# ---- the status line ----------------------------------------------------------------------


def test_the_status_line_names_page_filter_sort_age_and_activity() -> None:
    view = ViewState("edge", OrderQuery(page_size=2))
    view.take_page(
        [order("edge", "a"), order("edge", "b")],
        total=5,
        next_cursor="c2",
        loaded_at=NOW - timedelta(seconds=30),
        failures={"phones": "boom"},
    )
    text = status_text(view, TableState(shown=1, indexing=2), labels=LABELS, loading=True, now=NOW)
    assert text.split(" · ") == [
        "page 1 of 3",
        "5 orders",
        "1 match the quick filter",
        "provider order",
        "updated 30 s ago",
        "1 profile(s) failed",
        "⟳ indexing 2 rows for the filter and sort…",
        "⟳ loading…",
    ]


def test_a_fully_loaded_view_says_so_and_an_empty_one_says_why() -> None:
    view = ViewState("edge", OrderQuery())
    view.all_loaded = True
    assert status_text(view, TableState(0), labels=LABELS, loading=False, now=NOW) == (
        "all 0 loaded · provider order"
    )
    assert view.empty_text == "No orders yet."
    view.query = OrderQuery(statuses=frozenset({Status.PENDING}))
    assert view.empty_text == "No orders match."


# ---- loading ------------------------------------------------------------------------------


class FakeProvider:
    capabilities = SORTS_NOTHING

    def __init__(self, pages: list[list[Order]], *, fail: bool = False) -> None:
        self.pages = pages
        self.fail = fail

    async def list_orders(self, query: OrderQuery, cursor: object = None) -> Page[Order]:
        if self.fail:
            raise TransportError("test", "unreachable")
        index = int(cursor or 0)
        more = index + 1 < len(self.pages)
        return Page(self.pages[index], str(index + 1) if more else None, None)

    async def iter_pages(self, query: OrderQuery):  # type: ignore[no-untyped-def]
        if self.fail:
            raise TransportError("test", "unreachable")
        for items in self.pages:
            yield Page(items, None, sum(len(p) for p in self.pages))


class FakeDeck:
    def __init__(self, providers: dict[str, FakeProvider]) -> None:
        self.providers = providers
        self.noted: dict[str, BaseException | None] = {}
        self.early_page: EarlyPage | None = None

    @property
    def profile_names(self) -> list[str]:
        return list(self.providers)

    def provider(self, name: str) -> FakeProvider:
        return self.providers[name]

    def note(self, name: str, error: BaseException | None) -> None:
        self.noted[name] = error


def test_a_profile_page_carries_its_next_cursor_and_notes_health() -> None:
    deck = FakeDeck({"edge": FakeProvider([[order("edge", "a")], [order("edge", "b")]])})
    page = asyncio.run(fetch_page(deck, "edge", OrderQuery(), None))  # type: ignore[arg-type]
    assert [o.id for o in page.orders] == ["a"] and page.next_cursor == "1"
    assert deck.noted == {"edge": None}


def answered_early(view: str, query: OrderQuery, orders: list[Order]) -> EarlyPage:
    early = EarlyPage(view)
    early.query = query
    early.answer.set_result(LoadedPage(orders, None, None))
    return early


def test_the_early_first_page_answers_the_first_load_that_asks_for_it() -> None:
    deck = FakeDeck({"edge": FakeProvider([[order("edge", "fresh")]])})
    deck.early_page = answered_early("edge", OrderQuery(), [order("edge", "early")])
    page = asyncio.run(fetch_page(deck, "edge", OrderQuery(), None))  # type: ignore[arg-type]
    assert [o.id for o in page.orders] == ["early"]
    assert deck.noted == {"edge": None} and deck.early_page is None


def test_the_early_first_page_is_dropped_when_the_first_load_asks_for_another() -> None:
    deck = FakeDeck({"edge": FakeProvider([[order("edge", "fresh")]])})
    deck.early_page = answered_early("edge", OrderQuery(page_size=10), [order("edge", "early")])
    page = asyncio.run(fetch_page(deck, "edge", OrderQuery(), None))  # type: ignore[arg-type]
    assert [o.id for o in page.orders] == ["fresh"] and deck.early_page is None


def test_a_failing_profile_page_raises_and_is_noted() -> None:
    deck = FakeDeck({"edge": FakeProvider([], fail=True)})
    try:
        asyncio.run(fetch_page(deck, "edge", OrderQuery(), None))  # type: ignore[arg-type]
    except OrderdeckError:
        pass
    else:
        raise AssertionError("the error must reach the worker")
    assert isinstance(deck.noted["edge"], TransportError)


def test_load_all_collects_every_profile_newest_first_and_skips_a_failing_one() -> None:
    deck = FakeDeck(
        {
            "edge": FakeProvider([[order("edge", "old", hours_ago=5)], [order("edge", "new")]]),
            "phones": FakeProvider([[order("phones", "mid", hours_ago=2)]]),
            "ace": FakeProvider([], fail=True),
        }
    )
    collected = Collected()
    seen: list[int] = []
    asyncio.run(
        collect_every_page(
            deck,  # type: ignore[arg-type]
            ALL_PROFILES,
            OrderQuery(),
            collected,
            lambda so_far: seen.append(len(so_far.orders)),
        )
    )
    assert seen == [1, 2, 3]
    assert collected.total is None, "a total is known for a single profile only"
    page = collected.finished(ALL_PROFILES)
    assert [o.id for o in page.orders] == ["new", "mid", "old"]
    assert page.total == 3 and set(page.failures) == {"ace"}


def test_a_pending_count_without_a_total_counts_the_rows() -> None:
    deck = FakeDeck({"edge": FakeProvider([[order("edge", "a"), order("edge", "b")]])})
    assert asyncio.run(pending_count(deck, "edge")) == 2  # type: ignore[arg-type]

"""The DuoPlus client against the sandbox over loopback: what reaches the wire, what comes back.

Each call to one endpoint costs ~1.1 s under the throttle, so tests make as few as they can;
each test has its own sandbox port, hence its own throttle budget.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.spy_transport import SpyTransport
from tests.wall_clock import WALL_CLOCK
from tui.config import Config
from tui.errors import (
    AuthError,
    NotFound,
    ProviderError,
    RateLimited,
    UnsupportedQuery,
)
from tui.orders import Filter, Kind, Money, Order, OrderQuery, SortField, Status
from tui.providers import open_provider
from tui.providers.duoplus.client import DuoPlusClient
from tui.providers.duoplus.models import ORDER_LIST_PATH
from tui.providers.duoplus.profile import DuoPlusProfile
from tui.sandbox import duoplus as fake
from tui.sandbox.demo import DEMO_DUOPLUS_KEY
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.hostile import DUOPLUS_DESCRIPTIONS
from tui.secrets import MemoryStore

if TYPE_CHECKING:
    from tui.sandbox.server import SandboxServer
    from tui.sandbox.state import RecordedRequest

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")
SPACING = 1.0
"""DuoPlus's limit: no two calls to one endpoint within a second."""

pytestmark = WALL_CLOCK


def phones(demo: Config, store: MemoryStore, **kwargs: object) -> DuoPlusClient:
    return open_provider(demo.profile("phones"), store, **kwargs)  # type: ignore[return-value]


async def recorded(sandbox: SandboxServer, count: int) -> list[RecordedRequest]:
    """The order list calls the sandbox saw, once `count` are logged (the log is written just
    after the answer leaves, so the client can be a moment ahead of it)."""
    deadline = time.monotonic() + 3
    while True:
        seen = sandbox.state.requests_for("duoplus", ORDER_LIST_PATH)
        if len(seen) >= count or time.monotonic() > deadline:
            return seen
        await asyncio.sleep(0.01)


def assert_spaced(requests: list[RecordedRequest]) -> None:
    arrivals = sorted(request.at for request in requests)
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert all(gap >= SPACING for gap in gaps), gaps


async def test_every_filter_reaches_the_wire_in_the_documented_shape(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    client = phones(demo, demo_store)
    query = OrderQuery(
        statuses=frozenset({Status.COMPLETED, Status.PENDING}),
        kinds=frozenset({Kind.RECHARGE, Kind.RENEWAL}),
        product_types=frozenset({"11", "2"}),
        phone_ids=("phone-a", "phone-b"),
        order_id="20260212113455000001",
        since=datetime(2026, 2, 9, 16, 0, tzinfo=UTC),
        until=datetime(2026, 3, 18, 15, 59, 59, tzinfo=UTC),
        sort_by=SortField.AMOUNT,
        descending=False,
        page_size=200,
    )
    try:
        page = await client.list_orders(query)
    finally:
        await client.aclose()
    [request] = await recorded(sandbox, 1)
    assert request.method == "POST"
    assert request.json() == {
        "created_at_start": "2026-02-10T00:00:00+08:00",
        "created_at_end": "2026-03-18T23:59:59+08:00",
        "image_ids": ["phone-a", "phone-b"],
        "order_id": "20260212113455000001",
        "status": ["1", "5"],
        "type": ["2", "3"],
        "product_type": ["2", "11"],
        "sort_by": "total",
        "order": "asc",
        "page": 1,
        "pagesize": 200,
    }
    assert request.status == 200
    assert page.items == [] and page.total == 0 and page.is_last


async def test_dates_are_always_sent_and_the_headers_are_duoplus_s(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    spy = SpyTransport()
    client = phones(demo, demo_store, transport=spy)
    try:
        await client.list_orders(OrderQuery(page_size=5))
    finally:
        await client.aclose()
    [request] = await recorded(sandbox, 1)
    body = request.json()
    assert ISO_WITH_OFFSET.match(body["created_at_start"])
    assert ISO_WITH_OFFSET.match(body["created_at_end"])
    start = datetime.fromisoformat(body["created_at_start"])
    end = datetime.fromisoformat(body["created_at_end"])
    now = datetime.now(UTC)
    assert now <= end <= now + timedelta(hours=2)
    assert end - start >= timedelta(days=300), "the default window must reach the old orders"
    assert (body["sort_by"], body["order"], body["page"]) == ("created_at", "desc", 1)
    [sent] = spy.sent
    assert sent.headers["DuoPlus-API-Key"] == DEMO_DUOPLUS_KEY
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["Lang"] == "en"


async def test_orders_are_normalized_with_signed_money_and_english_labels(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    client = phones(demo, demo_store)
    try:
        page = await client.list_orders(OrderQuery(page_size=500))
    finally:
        await client.aclose()
    assert page.total == sandbox.state.orders_per_provider == len(page.items)
    assert {order.status for order in page.items} == set(client.capabilities.statuses)
    assert {order.kind for order in page.items} == set(client.capabilities.kinds)
    for order in page.items:
        assert order.provider == "duoplus" and order.profile == "phones"
        assert order.id == order.raw["order_id"]
        assert order.status_raw == order.raw["status"]
        assert order.amount == Money.parse(order.raw["total"])
        assert order.created_at == datetime.fromisoformat(order.raw["created_at"])
        assert order.extra == {
            "Type": order.raw["type"],
            "Product": order.raw["product"],
            "Description": order.raw["description"],
        }
        assert order.raw["product"] in order.title
    spent = [o for o in page.items if o.kind in (Kind.PURCHASE, Kind.RENEWAL) and o.amount]
    assert spent and all(o.amount.amount <= 0 for o in spent if o.amount)
    assert any(o.amount and o.amount.amount < 0 for o in page.items)
    assert any(o.amount and o.amount.amount > 0 for o in page.items)


@pytest.mark.hostile
async def test_hostile_descriptions_arrive_verbatim(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    client = phones(demo, demo_store)
    try:
        page = await client.list_orders(OrderQuery(page_size=100))
    finally:
        await client.aclose()
    descriptions = {order.extra["Description"] for order in page.items}
    assert set(DUOPLUS_DESCRIPTIONS) <= descriptions
    titles = " ".join(order.title for order in page.items)
    assert "[@click=app.quit]" in titles and "\x1b[31m" in titles


async def test_pending_orders_carry_a_live_payment_deadline(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    client = phones(demo, demo_store)
    try:
        page = await client.list_orders(OrderQuery(statuses=frozenset({Status.PENDING})))
    finally:
        await client.aclose()
    now = datetime.now(UTC)
    assert len(page.items) >= 3
    for order in page.items:
        assert order.status is Status.PENDING and order.status_raw == "Unpaid"
        assert order.expires_at is not None
        assert now < order.expires_at <= now + timedelta(minutes=30)
        assert 0 < order.raw["expired_seconds"] <= 30 * 60


async def _the_only_pending_order(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore, **fields: object
) -> Order:
    """The order the client makes of a page holding one Unpaid item, with `fields` set."""
    item = {
        "type": "Purchase",
        "order_id": "A1",
        "product": "Cloud phone",
        "description": "",
        "status": "Unpaid",
        "total": "-$0.80",
        "created_at": "2026-02-12 11:34:55",
        "expired_at": "",
        "expired_seconds": 0,
        **fields,
    }
    body = {"code": 200, "data": {"list": [item], "page": 1, "pagesize": 10, "total": 1,
                                  "total_page": 1}, "message": "Success"}  # fmt: skip
    sandbox.state.faults.arm(Fault(FaultKind.BODY, path_prefix=ORDER_LIST_PATH, body=body))
    client = phones(demo, demo_store)
    try:
        [order] = (await client.list_orders(OrderQuery())).items
    finally:
        await client.aclose()
    return order


async def test_pending_order_without_expired_at_uses_expired_seconds(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    order = await _the_only_pending_order(sandbox, demo, demo_store, expired_seconds=600)
    assert order.expires_at is not None
    left = order.expires_at - datetime.now(UTC)
    assert timedelta(seconds=590) < left <= timedelta(seconds=600)
    assert order.created_at == datetime(2026, 2, 12, 3, 34, 55, tzinfo=UTC)
    assert order.amount == Money(Decimal("-0.80"), "USD")
    assert order.title == "Cloud phone"


@pytest.mark.parametrize("seconds", [10**20, 2**70, "1e300", 10 * 366 * 24 * 3600 + 1])
@pytest.mark.parametrize("plain", [True, False], ids=["fast path", "wire models"])
async def test_an_absurd_time_left_to_pay_is_no_deadline_and_costs_nothing_else(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore, seconds: object, plain: bool
) -> None:
    # It overflowed a datetime before: the whole page failed.
    # A non-text description sends the page through the wire models instead of the fast path.
    order = await _the_only_pending_order(
        sandbox, demo, demo_store, expired_seconds=seconds, description="" if plain else 7
    )
    assert order.status is Status.PENDING and order.expires_at is None
    assert order.raw["expired_seconds"] == seconds and order.title.startswith("Cloud phone")


async def test_page_numbers_walk_to_the_last_page(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    client = phones(demo, demo_store)
    query = OrderQuery(page_size=200)
    try:
        first = await client.list_orders(query)
        second = await client.list_orders(query, first.next_cursor)
    finally:
        await client.aclose()
    assert (first.total, len(first.items), first.next_cursor) == (360, 200, 2)
    assert (second.total, len(second.items), second.next_cursor) == (360, 160, None)
    assert not {o.id for o in first.items} & {o.id for o in second.items}
    bodies = [request.json() for request in await recorded(sandbox, 2)]
    assert [(b["page"], b["pagesize"]) for b in bodies] == [(1, 200), (2, 200)]


async def test_load_all_fetches_pages_concurrently_at_the_throttled_pace(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    client = phones(demo, demo_store)
    started = time.monotonic()
    try:
        pages = [page async for page in client.iter_pages(OrderQuery(page_size=100))]
    finally:
        await client.aclose()
    elapsed = time.monotonic() - started
    orders = [order for page in pages for order in page.items]
    assert [len(page.items) for page in pages] == [100, 100, 100, 60]
    assert len({order.id for order in orders}) == 360
    created = [order.created_at for order in orders]
    assert created == sorted(created, reverse=True)  # type: ignore[type-var]
    requests = await recorded(sandbox, 4)
    assert sorted(r.json()["page"] for r in requests) == [1, 2, 3, 4]
    assert_spaced(requests)
    assert sandbox.state.rate_limit_violations == 0
    assert elapsed >= 3 * SPACING


async def test_concurrent_tasks_and_clients_with_one_key_keep_one_request_per_second(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    first, second = phones(demo, demo_store), phones(demo, demo_store)
    try:
        pages = await asyncio.gather(
            first.list_orders(OrderQuery(page_size=5)),
            first.list_orders(OrderQuery(page_size=5), 2),
            second.list_orders(OrderQuery(page_size=5), 3),
        )
    finally:
        await first.aclose()
        await second.aclose()
    assert all(len(page.items) == 5 for page in pages)
    requests = await recorded(sandbox, 3)
    assert [r.status for r in requests] == [200, 200, 200]
    assert_spaced(requests)
    assert sandbox.state.rate_limit_violations == 0


async def test_wrong_api_key_is_an_auth_error_with_the_sandbox_message(
    sandbox: SandboxServer, demo: Config
) -> None:
    client = phones(demo, MemoryStore({("phones", "api_key"): "not-the-key"}))
    try:
        with pytest.raises(AuthError) as caught:
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()
    assert caught.value.message == "Invalid or expired API key"
    assert caught.value.code == "401"
    assert "not-the-key" not in str(caught.value)
    assert len(await recorded(sandbox, 1)) == 1, "a refused key is not retried"


async def test_envelope_error_code_is_a_provider_error_with_its_message(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    body = {"code": 500, "data": None, "message": "Team balance is frozen"}
    sandbox.state.faults.arm(Fault(FaultKind.BODY, path_prefix=ORDER_LIST_PATH, body=body))
    client = phones(demo, demo_store)
    try:
        with pytest.raises(ProviderError) as caught:
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()
    error = caught.value
    assert type(error) is ProviderError
    assert (error.message, error.code, error.status) == ("Team balance is frozen", "500", 200)


async def test_sandbox_validation_error_reaches_the_user(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    client = phones(demo, demo_store)
    since = datetime(2026, 3, 1, tzinfo=UTC)
    try:
        with pytest.raises(ProviderError, match="created_at_start must be"):
            await client.list_orders(OrderQuery(since=since, until=since - timedelta(days=1)))
    finally:
        await client.aclose()


async def test_http_error_status_is_a_provider_error(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    sandbox.state.faults.arm(Fault(FaultKind.STATUS, path_prefix=ORDER_LIST_PATH, status=403))
    client = phones(demo, demo_store)
    try:
        with pytest.raises(ProviderError) as caught:
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()
    assert (caught.value.status, caught.value.message) == (403, "injected fault")


async def test_envelope_429_is_retried_like_http_429(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    limited = {"code": 429, "data": None, "message": "Too many requests"}
    sandbox.state.faults.arm(Fault(FaultKind.BODY, path_prefix=ORDER_LIST_PATH, body=limited))
    client = phones(demo, demo_store)
    try:
        page = await client.list_orders(OrderQuery(page_size=5))
    finally:
        await client.aclose()
    assert len(page.items) == 5
    requests = await recorded(sandbox, 2)
    assert len(requests) == 2
    assert_spaced(requests)


async def test_http_429_is_retried(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    sandbox.state.faults.arm(Fault(FaultKind.STATUS, path_prefix=ORDER_LIST_PATH, status=429))
    client = phones(demo, demo_store)
    try:
        page = await client.list_orders(OrderQuery(page_size=5))
    finally:
        await client.aclose()
    assert len(page.items) == 5
    assert [r.status for r in await recorded(sandbox, 2)] == [429, 200]


async def test_rate_limit_that_outlasts_the_retries_is_rate_limited(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    limited = {"code": 429, "data": None, "message": "Too many requests"}
    sandbox.state.faults.arm(
        Fault(FaultKind.BODY, path_prefix=ORDER_LIST_PATH, body=limited, times=None)
    )
    client = phones(demo, demo_store)
    try:
        with pytest.raises(RateLimited, match="Too many requests"):
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()
    assert_spaced(await recorded(sandbox, 4))


async def test_get_order_finds_one_order_through_the_list(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    oldest = sandbox.state.providers["duoplus"].orders[0]
    client = phones(demo, demo_store)
    try:
        order = await client.get_order(oldest.order_id)
    finally:
        await client.aclose()
    assert order.id == oldest.order_id
    [request] = await recorded(sandbox, 1)
    body = request.json()
    assert body["order_id"] == oldest.order_id
    start = datetime.fromisoformat(body["created_at_start"])
    assert start <= datetime.now(UTC) - timedelta(days=3 * 365)


async def test_get_order_of_an_unknown_id_is_not_found(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    client = phones(demo, demo_store)
    try:
        with pytest.raises(NotFound, match="nope"):
            await client.get_order("nope")
    finally:
        await client.aclose()


async def test_filters_narrow_the_results_on_the_server(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    data: fake.DuoPlusData = sandbox.state.providers["duoplus"]
    phone = next(order.phone_ids[0] for order in data.orders if order.phone_ids)
    with_phone = {order.order_id for order in data.orders if phone in order.phone_ids}
    client = phones(demo, demo_store)
    try:
        by_phone, refunded_by_amount = await asyncio.gather(
            client.list_orders(OrderQuery(phone_ids=(phone,), page_size=500)),
            client.list_orders(
                OrderQuery(
                    statuses=frozenset({Status.REFUNDED}),
                    kinds=frozenset({Kind.PURCHASE, Kind.RENEWAL}),
                    sort_by=SortField.AMOUNT,
                    descending=False,
                    page_size=500,
                )
            ),
        )
    finally:
        await client.aclose()
    assert {order.id for order in by_phone.items} == with_phone
    assert refunded_by_amount.items
    assert {o.status for o in refunded_by_amount.items} == {Status.REFUNDED}
    assert {o.kind for o in refunded_by_amount.items} <= {Kind.PURCHASE, Kind.RENEWAL}
    amounts = [o.amount.amount for o in refunded_by_amount.items if o.amount]
    assert amounts == sorted(amounts)


async def test_other_languages_keep_their_labels_as_raw_data(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    profile = demo.profile("phones")
    assert isinstance(profile, DuoPlusProfile)
    client = DuoPlusClient(
        profile.model_copy(update={"lang": "zh"}),
        {"api_key": demo_store.get("phones", "api_key")},  # type: ignore[dict-item]
    )
    try:
        page = await client.list_orders(OrderQuery(statuses=frozenset({Status.PENDING})))
    finally:
        await client.aclose()
    assert page.items
    assert {order.status_raw for order in page.items} == {"未支付"}
    assert {order.status for order in page.items} == {Status.UNKNOWN}


async def test_unsupported_filters_are_refused_before_anything_is_sent(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    client = phones(demo, demo_store)
    try:
        for query in (
            OrderQuery(pay_ways=frozenset({"Stripe"})),
            OrderQuery(statuses=frozenset({Status.DELETED})),
            OrderQuery(kinds=frozenset({Kind.DELIVERY})),
            OrderQuery(product_types=frozenset({"phones"})),
            OrderQuery(page_size=501),
        ):
            with pytest.raises(UnsupportedQuery):
                await client.list_orders(query)
    finally:
        await client.aclose()
    assert sandbox.state.requests_for("duoplus") == []
    caps = client.capabilities
    assert caps.filters == {
        Filter.STATUS,
        Filter.ORDER_ID,
        Filter.CREATED_RANGE,
        Filter.KIND,
        Filter.PRODUCT_TYPE,
        Filter.PHONE_IDS,
    }
    assert (caps.max_page_size, caps.has_detail, caps.can_create) == (500, False, False)
    assert caps.requests_per_second == 1 and len(caps.product_types) == 11


class ReadingTransport(httpx.AsyncBaseTransport):
    """The real network, reading each body before handing the response on (as a recording or
    caching transport does): what reaches the client has a spent network stream."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        await response.aread()
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


async def test_a_body_already_read_below_the_client_is_not_read_twice(
    sandbox: SandboxServer, demo: Config, demo_store: MemoryStore
) -> None:
    # Iterating the spent stream again waited for the server's keep-alive close (5 s), then
    # spun inside httpcore without yielding: the dashboard froze (found by the soak test).
    client = phones(demo, demo_store, transport=ReadingTransport())
    try:
        page = await asyncio.wait_for(client.list_orders(OrderQuery(page_size=20)), 3)
    finally:
        await client.aclose()
    assert len(page.items) == 20

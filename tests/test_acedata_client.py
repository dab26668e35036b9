"""The Ace Data client against the sandbox over loopback: what reaches the wire, what comes back."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.spy_transport import SpyTransport
from tui.errors import (
    AccessDenied,
    AuthError,
    InvalidResponse,
    NotFound,
    ProviderError,
    RateLimited,
    UnsupportedQuery,
)
from tui.orders import Filter, Kind, Money, OrderQuery, SortField, Status
from tui.providers import open_provider
from tui.providers.acedata.client import CONCURRENT_PAGES, AceDataClient
from tui.providers.acedata.models import (
    ORDER_STATES,
    ORDERS_PATH,
    TOKEN_ME_PATH,
)
from tui.sandbox import acedata as fake
from tui.sandbox.demo import DEMO_ACE_TOKEN, DEMO_ACE_USER_ID
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.hostile import ACEDATA_PACKAGE_TITLES
from tui.secrets import MemoryStore

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from tui.config import Config
    from tui.providers.acedata.profile import AceDataProfile
    from tui.sandbox.server import SandboxServer
    from tui.sandbox.state import RecordedRequest


@pytest.fixture
def ace_profile(demo: Config) -> AceDataProfile:
    return demo.profile("ace")  # type: ignore[return-value]


@pytest.fixture
async def ace(ace_profile: AceDataProfile, demo_store: MemoryStore) -> AsyncIterator[AceDataClient]:
    client = open_provider(ace_profile, demo_store)
    assert isinstance(client, AceDataClient)
    yield client
    await client.aclose()


def list_calls(sandbox: SandboxServer) -> list[RecordedRequest]:
    return [r for r in sandbox.state.requests_for("acedata", ORDERS_PATH) if r.path == ORDERS_PATH]


def query_of(request: RecordedRequest) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for key, value in request.query:
        values.setdefault(key, []).append(value)
    return values


def seeded(sandbox: SandboxServer) -> fake.AceData:
    return sandbox.state.providers["acedata"]


# --- the wire ----------------------------------------------------------------------------------


async def test_a_list_call_carries_user_id_ordering_limit_and_offset(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    page = await ace.list_orders(OrderQuery(page_size=25))
    assert len(page.items) == 25
    (call,) = list_calls(sandbox)
    assert query_of(call) == {
        "user_id": [DEMO_ACE_USER_ID],
        "ordering": ["-created_at"],
        "limit": ["25"],
        "offset": ["0"],
    }


async def test_token_goes_in_a_bearer_header_and_json_is_asked_for(
    ace_profile: AceDataProfile, demo_store: MemoryStore
) -> None:
    spy = SpyTransport()
    client = open_provider(ace_profile, demo_store, transport=spy)
    try:
        await client.list_orders(OrderQuery(page_size=5))
    finally:
        await client.aclose()
    assert spy.sent
    for request in spy.sent:
        assert request.headers["authorization"] == f"Bearer {DEMO_ACE_TOKEN}"
        assert request.headers["accept"] == "application/json"
        assert request.method == "GET"
    assert DEMO_ACE_TOKEN not in repr(client)


async def test_status_pay_way_and_dates_reach_the_wire_as_repeated_keys(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    since = datetime(2026, 1, 1, tzinfo=UTC)
    until = datetime.now(UTC) + timedelta(days=1)
    query = OrderQuery(
        statuses=frozenset({Status.COMPLETED, Status.PENDING}),
        pay_ways=frozenset({"Stripe", "AliPay"}),
        since=since,
        until=until,
        page_size=100,
    )
    page = await ace.list_orders(query)
    sent = query_of(list_calls(sandbox)[-1])
    assert sorted(sent["state"]) == ["Finished", "Pending"]
    assert sorted(sent["pay_way"]) == ["AliPay", "Stripe"]
    assert sent["created_at_from"] == ["2026-01-01T00:00:00Z"]
    assert sent["created_at_to"][0].endswith("Z")
    assert page.items, "the seeded data has Finished and Pending orders paid by Stripe/AliPay"
    for order in page.items:
        assert order.status_raw in ("Finished", "Pending")
        assert order.raw["pay_way"] in ("Stripe", "AliPay")
        assert order.created_at is not None and since <= order.created_at <= until


async def test_oldest_first_is_sent_as_ordering_created_at(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    page = await ace.list_orders(
        OrderQuery(sort_by=SortField.CREATED_AT, descending=False, page_size=20)
    )
    assert query_of(list_calls(sandbox)[-1])["ordering"] == ["created_at"]
    times = [order.created_at for order in page.items]
    assert times == sorted(times)  # type: ignore[type-var]


async def test_user_id_is_looked_up_once_even_when_first_calls_race(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    await asyncio.gather(*(ace.list_orders(OrderQuery(page_size=5)) for _ in range(6)))
    await ace.get_order((await ace.list_orders(OrderQuery(page_size=1))).items[0].id)
    lookups = sandbox.state.requests_for("acedata", TOKEN_ME_PATH)
    assert len(lookups) == 1
    assert all(query_of(call)["user_id"] == [DEMO_ACE_USER_ID] for call in list_calls(sandbox))


async def test_a_configured_user_id_skips_the_lookup(
    ace_profile: AceDataProfile, demo_store: MemoryStore, sandbox: SandboxServer
) -> None:
    profile = ace_profile.model_copy(update={"user_id": DEMO_ACE_USER_ID})
    client = open_provider(profile, demo_store)
    try:
        await client.list_orders(OrderQuery(page_size=5))
    finally:
        await client.aclose()
    assert sandbox.state.requests_for("acedata", TOKEN_ME_PATH) == []


async def test_a_failed_lookup_is_not_cached(ace: AceDataClient, sandbox: SandboxServer) -> None:
    sandbox.state.faults.arm(Fault(FaultKind.STATUS, path_prefix=TOKEN_ME_PATH, status=401))
    with pytest.raises(AuthError):
        await ace.list_orders(OrderQuery(page_size=5))
    page = await ace.list_orders(OrderQuery(page_size=5))
    assert len(page.items) == 5


# --- the list's shapes and pages ---------------------------------------------------------------


async def test_results_are_accepted_like_items(ace: AceDataClient, sandbox: SandboxServer) -> None:
    normal = await ace.list_orders(OrderQuery(page_size=3))
    docs_shaped = {"count": 3, "results": [dict(order.raw) for order in normal.items]}
    sandbox.state.faults.arm(
        Fault(FaultKind.BODY, path_prefix=ORDERS_PATH, method="GET", body=docs_shaped)
    )
    again = await ace.list_orders(OrderQuery(page_size=3))
    assert [order.id for order in again.items] == [order.id for order in normal.items]
    assert again.items[0].raw == normal.items[0].raw
    assert again.total == 3 and again.next_cursor is None


async def test_a_list_under_neither_key_is_an_invalid_response(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    sandbox.state.faults.arm(
        Fault(FaultKind.BODY, path_prefix=ORDERS_PATH, body={"count": 1, "data": []})
    )
    with pytest.raises(InvalidResponse, match="items"):
        await ace.list_orders(OrderQuery(page_size=3))


async def test_offset_pages_walk_every_order_once(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    total = len(seeded(sandbox).orders)
    seen: list[str] = []
    cursors: list[object] = []
    cursor = None
    while True:
        page = await ace.list_orders(OrderQuery(page_size=100), cursor)
        assert page.total == total
        seen.extend(order.id for order in page.items)
        if page.next_cursor is None:
            break
        cursors.append(page.next_cursor)
        cursor = page.next_cursor
    assert cursors == list(range(100, total, 100))
    assert len(seen) == len(set(seen)) == total
    assert [query_of(call)["offset"] for call in list_calls(sandbox)] == [
        [str(offset)] for offset in range(0, total, 100)
    ]


async def test_a_cursor_that_is_not_an_offset_is_refused(ace: AceDataClient) -> None:
    with pytest.raises(UnsupportedQuery):
        await ace.list_orders(OrderQuery(), "next-page-please")
    with pytest.raises(UnsupportedQuery):
        await ace.list_orders(OrderQuery(), -5)


class OverlapGauge(httpx.AsyncBaseTransport):
    """The real network, counting order-list calls in flight. After the first call (the page
    that tells the count) each one is held until `together` are in flight, or a second passes:
    pages fetched side by side are then seen side by side, however busy the machine is."""

    def __init__(self, together: int) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.together = together
        self.calls = 0
        self.in_flight = 0
        self.most_in_flight = 0
        self._all_in = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != ORDERS_PATH:
            return await self.inner.handle_async_request(request)
        self.calls += 1
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.in_flight >= self.together:
                self._all_in.set()
            if self.calls > 1:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._all_in.wait(), timeout=1.0)
            return await self.inner.handle_async_request(request)
        finally:
            self.in_flight -= 1

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_load_all_fetches_pages_concurrently_and_yields_them_in_order(
    ace_profile: AceDataProfile, demo_store: MemoryStore, sandbox: SandboxServer
) -> None:
    expected = [order.order_id for order in reversed(seeded(sandbox).orders)]
    gauge = OverlapGauge(together=CONCURRENT_PAGES)
    ace = open_provider(ace_profile, demo_store, transport=gauge)
    try:
        pages = [page async for page in ace.iter_pages(OrderQuery(page_size=50))]
    finally:
        await ace.aclose()
    assert [order.id for page in pages for order in page.items] == expected
    calls = list_calls(sandbox)
    offsets = [int(query_of(call)["offset"][0]) for call in calls]
    assert sorted(offsets) == list(range(0, len(expected), 50))
    # The pages after the first leave together: four were in flight at once, never more.
    assert gauge.most_in_flight == CONCURRENT_PAGES


async def test_load_all_with_one_page_makes_one_call(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    pending = OrderQuery(statuses=frozenset({Status.PENDING}), page_size=100)
    pages = [page async for page in ace.iter_pages(pending)]
    assert len(pages) == 1
    assert pages[0].next_cursor is None
    assert len(list_calls(sandbox)) == 1


# --- detail, id filter, summary ----------------------------------------------------------------


async def test_detail_returns_one_order_with_its_raw_wire_dict(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    listed = (await ace.list_orders(OrderQuery(page_size=1))).items[0]
    detail = await ace.get_order(listed.id)
    assert detail == listed
    assert sandbox.state.requests_for("acedata", f"/orders/{listed.id}/")


async def test_an_unknown_order_id_is_not_found_with_the_providers_message(
    ace: AceDataClient,
) -> None:
    with pytest.raises(NotFound) as caught:
        await ace.get_order("no-such-order")
    assert caught.value.message == "Not found."
    assert caught.value.status == 404
    assert caught.value.request_id


async def test_an_order_id_cannot_escape_its_path_segment(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    with pytest.raises(NotFound):
        await ace.get_order("../platform-tokens/me")
    assert sandbox.state.requests_for("acedata", TOKEN_ME_PATH) == []


async def test_the_order_id_filter_uses_the_detail_call(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    target = seeded(sandbox).orders[100]
    page = await ace.list_orders(OrderQuery(order_id=target.order_id))
    assert [order.id for order in page.items] == [target.order_id]
    assert page.next_cursor is None and page.total == 1
    assert list_calls(sandbox) == []
    other_status = next(s for s in ORDER_STATES.values() if s != ORDER_STATES[target.state])
    narrowed = await ace.list_orders(
        OrderQuery(order_id=target.order_id, statuses=frozenset({other_status}))
    )
    assert narrowed.items == []
    missing = await ace.list_orders(OrderQuery(order_id="no-such-order"))
    assert missing.items == [] and missing.total == 0


# --- normalization -----------------------------------------------------------------------------


async def test_pending_orders_carry_their_pay_link_and_others_do_not(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    pending = await ace.list_orders(OrderQuery(statuses=frozenset({Status.PENDING})))
    assert len(pending.items) >= 3
    for order in pending.items:
        assert order.status is Status.PENDING
        assert order.pay_url and order.pay_url.startswith("https://pay.example.invalid/")
        assert order.extra["Pay link"] == order.pay_url
        assert order.expires_at is None  # the platform has no payment deadline
    paid = pending.items[0]
    assert fake.set_order_status(sandbox.state, paid.id, "Finished")
    after = await ace.get_order(paid.id)
    assert after.status is Status.COMPLETED
    assert after.raw["pay_url"] == paid.pay_url  # the platform still sends the dead link
    assert after.pay_url is None
    assert after.extra["Pay link"] is None


async def test_an_order_normalizes_to_the_dashboards_fields(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    page = await ace.list_orders(OrderQuery(page_size=100))
    order = page.items[0]
    raw = order.raw
    assert order.provider == "acedata"
    assert order.profile == "ace"
    assert order.kind is Kind.PURCHASE
    assert order.amount == Money.of(raw["price"], "USD")
    assert order.title == (
        f"{raw['applications'][0]['service']['title']}: {raw['packages'][0]['title']}"
    )
    assert order.created_at is not None and order.created_at.tzinfo is not None
    assert order.updated_at is not None
    assert set(order.extra) == {
        "Pay way",
        "Package",
        "Credits",
        "Remaining credits",
        "Discount",
        "Pay link",
    }
    assert order.extra["Credits"] == f"{raw['amount']:,}"
    assert all(isinstance(value, str | None) for value in order.extra.values())
    order.to_json()  # JSON-ready, as the CLI and exports need


async def test_money_is_exact(ace: AceDataClient, sandbox: SandboxServer) -> None:
    sample = dict((await ace.list_orders(OrderQuery(page_size=1))).items[0].raw)
    body = {"count": 1, "items": [{**sample, "price": 49.99, "discount": 0.9}]}
    sandbox.state.faults.arm(Fault(FaultKind.BODY, path_prefix=ORDERS_PATH, body=body))
    order = (await ace.list_orders(OrderQuery(page_size=1))).items[0]
    assert order.amount == Money(Decimal("49.99"), "USD")
    assert order.extra["Discount"] == "10% off"


async def test_a_nameless_order_is_titled_credits_and_unknown_states_are_kept(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    sample = dict((await ace.list_orders(OrderQuery(page_size=1))).items[0].raw)
    nameless = {**sample, "applications": None, "packages": [], "state": "Disputed"}
    sandbox.state.faults.arm(
        Fault(FaultKind.BODY, path_prefix=ORDERS_PATH, body={"count": 1, "items": [nameless]})
    )
    order = (await ace.list_orders(OrderQuery(page_size=1))).items[0]
    assert order.title == "Credits"
    assert order.status is Status.UNKNOWN
    assert order.status_raw == "Disputed"
    assert order.pay_url is None


async def test_a_state_set_in_the_sandbox_comes_back_as_unknown_data(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    target = seeded(sandbox).orders[5].order_id
    assert fake.set_order_status(sandbox.state, target, "OnHold")
    order = await ace.get_order(target)
    assert (order.status, order.status_raw) == (Status.UNKNOWN, "OnHold")


@pytest.mark.hostile
async def test_hostile_names_come_through_verbatim(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    titles = [o.title async for page in ace.iter_pages(OrderQuery()) for o in page.items]
    for text in ACEDATA_PACKAGE_TITLES:
        assert any(title.endswith(text) for title in titles), text[:40]


# --- errors ------------------------------------------------------------------------------------


async def test_a_wrong_token_is_an_auth_error_with_the_providers_message(
    ace_profile: AceDataProfile,
) -> None:
    store = MemoryStore({("ace", "token"): "platform-v1-wrong-token"})
    client = open_provider(ace_profile, store)
    try:
        with pytest.raises(AuthError) as caught:
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()
    error = caught.value
    assert error.message == "Invalid token."
    assert error.status == 401
    assert error.provider == "Ace Data"
    assert "platform-v1-wrong-token" not in str(error)


async def test_a_list_for_another_user_is_a_permission_error(
    ace_profile: AceDataProfile, demo_store: MemoryStore
) -> None:
    profile = ace_profile.model_copy(update={"user_id": "someone-else"})
    client = open_provider(profile, demo_store)
    try:
        with pytest.raises(AccessDenied) as caught:
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()
    assert caught.value.code == "permission_denied"
    assert caught.value.status == 403
    assert "permission" in caught.value.message


async def test_garbage_json_is_an_invalid_response(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    await ace.user_id()
    sandbox.state.faults.arm(Fault(FaultKind.GARBAGE, path_prefix=ORDERS_PATH))
    with pytest.raises(InvalidResponse, match="malformed JSON"):
        await ace.list_orders(OrderQuery())


async def test_an_html_error_page_is_a_provider_error_with_its_status(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    await ace.user_id()
    sandbox.state.faults.arm(Fault(FaultKind.HTML, path_prefix=ORDERS_PATH, status=418))
    with pytest.raises(ProviderError) as caught:
        await ace.list_orders(OrderQuery())
    assert caught.value.status == 418
    assert type(caught.value) is ProviderError


async def test_a_503_is_retried_then_succeeds(ace: AceDataClient, sandbox: SandboxServer) -> None:
    await ace.user_id()
    sandbox.state.faults.arm(Fault(FaultKind.STATUS, path_prefix=ORDERS_PATH, status=503, times=2))
    page = await ace.list_orders(OrderQuery(page_size=10))
    assert len(page.items) == 10
    assert [call.status for call in list_calls(sandbox)] == [503, 503, 200]


async def test_throttling_that_outlasts_the_retries_is_rate_limited(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    await ace.user_id()
    sandbox.state.faults.arm(
        Fault(FaultKind.STATUS, path_prefix=ORDERS_PATH, status=429, times=None, retry_after=0)
    )
    with pytest.raises(RateLimited) as caught:
        await ace.list_orders(OrderQuery())
    error = caught.value
    assert (error.code, error.message, error.status) == ("too_many_requests", "injected fault", 429)
    assert error.retry_after == 0
    assert error.request_id


async def test_a_validation_error_names_the_field(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    await ace.user_id()
    body = {"state": ["Select a valid choice. Lost is not one of the available choices."]}
    sandbox.state.faults.arm(Fault(FaultKind.BODY, path_prefix=ORDERS_PATH, status=400, body=body))
    with pytest.raises(ProviderError, match="state: Select a valid choice"):
        await ace.list_orders(OrderQuery())


async def test_filters_the_platform_cannot_apply_are_refused_before_sending(
    ace: AceDataClient, sandbox: SandboxServer
) -> None:
    refused = [
        OrderQuery(kinds=frozenset({Kind.RENEWAL})),
        OrderQuery(phone_ids=("p1",)),
        OrderQuery(sort_by=SortField.AMOUNT),
        OrderQuery(statuses=frozenset({Status.CANCELLED})),
        OrderQuery(page_size=101),
    ]
    for query in refused:
        with pytest.raises(UnsupportedQuery):
            await ace.list_orders(query)
    assert list_calls(sandbox) == []


def test_capabilities_say_what_the_server_does() -> None:
    capabilities = AceDataClient.capabilities
    assert capabilities.filters == {
        Filter.STATUS,
        Filter.CREATED_RANGE,
        Filter.PAY_WAY,
        Filter.ORDER_ID,
    }
    assert capabilities.sortable == {SortField.CREATED_AT}
    assert capabilities.has_detail and not capabilities.can_create
    assert capabilities.max_page_size == 100
    assert Status.CANCELLED not in capabilities.statuses
    assert "Stripe" in capabilities.pay_ways

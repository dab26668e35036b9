"""The Huawei billing client against the fake Billing Center over loopback: what reaches the
wire, what comes back, how pending orders get their deadline, and the errors."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

from tui.config import parse_config
from tui.errors import (
    AccessDenied,
    AuthError,
    InvalidResponse,
    NotFound,
    ProviderError,
    UnsupportedQuery,
)
from tui.orders import Filter, Kind, Money, OrderQuery, SortField, Status
from tui.providers import open_provider
from tui.providers.huawei_bss.client import HuaweiBssClient
from tui.providers.huawei_bss.models import DETAILS_PATH, ORDERS_PATH
from tui.providers.huawei_bss.profile import SITE_ENDPOINTS, HuaweiBssProfile
from tui.sandbox.demo import (
    DEMO_AK,
    DEMO_IAM_ACCOUNT,
    DEMO_IAM_PASSWORD,
    DEMO_IAM_USER,
    DEMO_SK,
)
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.huawei_bss_seed import BssData
from tui.secrets import MemoryStore

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from tui.config import Config
    from tui.sandbox.server import SandboxServer
    from tui.sandbox.state import RecordedRequest


def billing_profile(demo: Config, **changes: Any) -> HuaweiBssProfile:
    profile = demo.profile("billing")
    assert isinstance(profile, HuaweiBssProfile)
    return profile.model_copy(update=changes) if changes else profile


@pytest.fixture
async def bss(demo: Config, demo_store: MemoryStore) -> AsyncIterator[HuaweiBssClient]:
    client = open_provider(billing_profile(demo), demo_store)
    assert isinstance(client, HuaweiBssClient)
    yield client
    await client.aclose()


def seeded(sandbox: SandboxServer) -> BssData:
    data: BssData = sandbox.state.providers["huawei_bss"]
    return data


def calls(sandbox: SandboxServer, path: str = ORDERS_PATH) -> list[RecordedRequest]:
    return [r for r in sandbox.state.requests_for("huawei_bss") if r.path == path]


def detail_calls(sandbox: SandboxServer) -> list[RecordedRequest]:
    return [r for r in sandbox.state.requests_for("huawei_bss") if r.path.startswith(DETAILS_PATH)]


# --- the profile -------------------------------------------------------------------------------


def test_each_site_has_its_billing_host_by_default() -> None:
    config = parse_config(
        "\n".join(
            f'[profiles.{site}]\nprovider = "huawei_bss"\nsite = "{site}"\ndomain_id = "d"\n'
            for site in ("cn", "intl", "eu")
        )
    )
    for site in ("cn", "intl", "eu"):
        assert config.profile(site).endpoint == SITE_ENDPOINTS[site]
    assert SITE_ENDPOINTS["cn"] == "https://bss.myhuaweicloud.com"
    assert SITE_ENDPOINTS["intl"] == "https://bss-intl.myhuaweicloud.com"


def test_the_profile_needs_the_account_id_and_never_creates() -> None:
    profile = parse_config('[profiles.b]\nprovider = "huawei_bss"\ndomain_id = "d"\n').profile("b")
    assert isinstance(profile, HuaweiBssProfile)
    assert profile.read_only and profile.secret_fields == ("ak", "sk")
    assert profile.endpoint == "https://bss.myhuaweicloud.com"


# --- the list ----------------------------------------------------------------------------------


async def test_a_list_call_pages_by_limit_and_offset_newest_first(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    page = await bss.list_orders(OrderQuery(page_size=25))
    assert len(page.items) == 25 and page.total == len(seeded(sandbox).orders)
    assert page.next_cursor == 25
    sent = dict(calls(sandbox)[0].query)
    assert sent == {"limit": "25", "offset": "0", "order_by": "-createTime"}
    created = [order.created_at for order in page.items]
    assert created == sorted(created, reverse=True)  # type: ignore[type-var]
    second = await bss.list_orders(OrderQuery(page_size=25), page.next_cursor)
    assert not {o.id for o in page.items} & {o.id for o in second.items}


async def test_load_all_walks_every_order_once(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    seen: list[str] = []
    async for page in bss.iter_pages(OrderQuery(page_size=100)):
        seen.extend(order.id for order in page.items)
    assert len(seen) == len(set(seen)) == len(seeded(sandbox).orders)


async def test_filters_reach_the_wire_one_value_each(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    since = datetime(2026, 1, 1, tzinfo=UTC)
    query = OrderQuery(
        statuses=frozenset({Status.COMPLETED}),
        kinds=frozenset({Kind.RENEWAL}),
        product_types=frozenset({"hws.service.type.ies"}),
        since=since,
        until=since + timedelta(days=300),
        descending=False,
    )
    page = await bss.list_orders(query)
    sent = dict(calls(sandbox)[0].query)
    assert sent["status"] == "5" and sent["order_type"] == "2"
    assert sent["service_type_code"] == "hws.service.type.ies"
    assert sent["create_time_begin"] == "2026-01-01T00:00:00Z"
    assert sent["create_time_end"] == "2026-10-28T00:00:00Z"
    assert sent["order_by"] == "createTime"
    assert page.items
    assert all(o.status is Status.COMPLETED and o.kind is Kind.RENEWAL for o in page.items)
    assert all(o.raw["service_type_code"] == "hws.service.type.ies" for o in page.items)


async def test_the_order_id_filter_finds_one_order(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    wanted = seeded(sandbox).orders[3].order_id
    page = await bss.list_orders(OrderQuery(order_id=wanted))
    assert [order.id for order in page.items] == [wanted] and page.total == 1


async def test_what_the_api_cannot_filter_is_refused_before_sending(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    two = OrderQuery(statuses=frozenset({Status.PENDING, Status.COMPLETED}))
    with pytest.raises(UnsupportedQuery, match="one status at a time"):
        await bss.list_orders(two)
    with pytest.raises(UnsupportedQuery, match="at most one year"):
        now = datetime.now(UTC)
        await bss.list_orders(OrderQuery(since=now - timedelta(days=400), until=now))
    with pytest.raises(UnsupportedQuery):
        await bss.list_orders(OrderQuery(pay_ways=frozenset({"Card"})))
    with pytest.raises(UnsupportedQuery):
        await bss.list_orders(OrderQuery(page_size=101))
    with pytest.raises(UnsupportedQuery, match="offset"):
        await bss.list_orders(OrderQuery(), "marker-x")
    assert not calls(sandbox)


async def test_the_sandbox_refuses_a_window_over_a_year_like_the_api(
    bss: HuaweiBssClient,
) -> None:
    data, _ = await bss._send(
        "GET", ORDERS_PATH, params=[("create_time_begin", "2026-01-01T00:00:00Z")]
    )
    assert "order_infos" in data
    with pytest.raises(ProviderError, match=r"CBC\.0100 \(HTTP 400\).*one year"):
        await bss._send(
            "GET",
            ORDERS_PATH,
            params=[
                ("create_time_begin", "2024-01-01T00:00:00Z"),
                ("create_time_end", "2026-01-01T00:00:00Z"),
            ],
        )


def test_capabilities_say_what_the_server_does() -> None:
    capabilities = HuaweiBssClient.capabilities
    assert capabilities.filters == {
        Filter.STATUS,
        Filter.ORDER_ID,
        Filter.CREATED_RANGE,
        Filter.KIND,
        Filter.PRODUCT_TYPE,
    }
    assert capabilities.sortable == {SortField.CREATED_AT}
    assert capabilities.statuses == {Status.PENDING, Status.CANCELLED, Status.COMPLETED}


# --- orders as the dashboard sees them ---------------------------------------------------------


async def test_pending_orders_carry_amount_and_deadline_from_their_detail_only(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    page = await bss.list_orders(OrderQuery(page_size=50))
    pending = [order for order in page.items if order.status is Status.PENDING]
    assert len(pending) >= 3
    for order in pending:
        assert order.status_raw == "pending payment (6)"
        assert order.expires_at is not None and order.expires_at > datetime.now(UTC)
        assert isinstance(order.amount, Money) and order.amount.currency == "CNY"
        assert order.pay_url and order.extra["Pay by"] == order.expires_at.isoformat()
        assert "pending_payment_end_time" not in order.raw  # the list item, as received
    others = [order for order in page.items if order.status is not Status.PENDING]
    assert all(order.expires_at is None and order.pay_url is None for order in others)
    # One detail call per pending order, none for the rest.
    assert sorted(r.path.rsplit("/", 1)[1] for r in detail_calls(sandbox)) == sorted(
        order.id for order in pending
    )


async def test_a_deadline_read_in_flight_is_shared_not_sent_again(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    # The table's refresh and the payments watch list the same pending orders at once.
    first, second = await asyncio.gather(
        bss.list_orders(OrderQuery(page_size=50)),
        bss.list_orders(OrderQuery(page_size=50, statuses=frozenset({Status.PENDING}))),
    )
    pending = [order for order in first.items if order.status is Status.PENDING]
    assert {o.id: o.expires_at for o in pending} == {o.id: o.expires_at for o in second.items}
    assert all(order.expires_at is not None for order in second.items)
    assert sorted(r.path.rsplit("/", 1)[1] for r in detail_calls(sandbox)) == sorted(
        order.id for order in pending
    )
    # Once landed, a later list reads them afresh.
    await bss.list_orders(OrderQuery(page_size=50))
    assert len(detail_calls(sandbox)) == 2 * len(pending)


async def test_an_order_normalizes_to_words_and_exact_money(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    record = next(o for o in seeded(sandbox).orders if o.status == 5 and o.order_type == 2)
    order = await bss.get_order(record.order_id)
    assert order.provider == "huawei_bss" and order.profile == "billing"
    assert order.status is Status.COMPLETED and order.status_raw == "completed (5)"
    assert order.kind is Kind.RENEWAL and order.extra["Order type"] == "renewal (2)"
    assert order.amount == Money(Decimal(record.cents) / 100, "CNY")
    assert order.title.endswith(": renewal")
    assert order.created_at == record.created and order.updated_at == record.paid
    assert order.raw["order_id"] == record.order_id and order.raw["status"] == 5
    assert order.extra["User"] and order.extra["Line items"]


async def test_an_unknown_status_and_an_unknown_unit_are_data_not_guesses(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    record = seeded(sandbox).orders[0]
    body = {
        "total_count": 1,
        "order_infos": [
            {
                "order_id": record.order_id,
                "status": 42,
                "order_type": 77,
                "amount_after_discount": 12.5,
                "measure_id": 3,
                "currency": "CNY",
                "create_time": "2026-01-01T00:00:00Z",
                "brand_new_field": {"kept": True},
            }
        ],
    }
    sandbox.state.faults.arm(Fault(FaultKind.BODY, path_prefix=ORDERS_PATH, body=body))
    (order,) = (await bss.list_orders(OrderQuery())).items
    assert order.status is Status.UNKNOWN and order.status_raw == "42"
    assert order.kind is Kind.UNKNOWN and order.extra["Order type"] == "77"
    assert order.amount is None and "unit 3" in order.extra["Amount"]
    assert order.raw["brand_new_field"] == {"kept": True}


async def test_a_cloudpond_order_opens_a_pending_billing_order_with_its_id(
    demo: Config, demo_store: MemoryStore, bss: HuaweiBssClient
) -> None:
    from tests.test_cloudpond_client import valid_order
    from tui.providers.cloudpond.client import CloudPondClient

    edge = open_provider(demo.profile("edge"), demo_store)
    assert isinstance(edge, CloudPondClient)
    try:
        created = await edge.create_order(await valid_order(edge))
    finally:
        await edge.aclose()
    (billing_id,) = created.order_ids
    order = await bss.get_order(billing_id)
    assert order.status is Status.PENDING and order.amount is not None
    assert order.amount.amount > 0 and order.expires_at is not None
    assert order.expires_at - datetime.now(UTC) > timedelta(days=6)
    assert "CloudPond" in order.title


async def test_time_pays_some_pending_orders_and_cancels_others(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    pending = OrderQuery(statuses=frozenset({Status.PENDING}))
    before = {order.id for order in (await bss.list_orders(pending)).items}
    later = datetime.now(UTC) + timedelta(days=3)
    sandbox.state.clock = lambda: later
    after = {order.id for order in (await bss.list_orders(pending)).items}
    moved = before - after
    assert moved and after < before
    statuses = {(await bss.get_order(order_id)).status for order_id in moved}
    assert statuses == {Status.COMPLETED, Status.CANCELLED}


# --- errors ------------------------------------------------------------------------------------


async def test_an_unknown_order_is_not_found_with_the_billing_centers_code(
    bss: HuaweiBssClient,
) -> None:
    with pytest.raises(NotFound, match=r"CBC\.30000010 \(HTTP 400\)"):
        await bss.get_order("CS000000000000000")


async def test_an_order_id_cannot_escape_its_path_segment(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    with pytest.raises(ProviderError):
        await bss.get_order("../../customer-orders")
    assert all(r.path.startswith(DETAILS_PATH) for r in sandbox.state.requests_for("huawei_bss"))


async def test_a_wrong_secret_key_is_an_auth_error_sent_once(
    demo: Config, sandbox: SandboxServer
) -> None:
    store = MemoryStore({("billing", "ak"): DEMO_AK, ("billing", "sk"): "wrong"})
    client = open_provider(billing_profile(demo), store)
    try:
        with pytest.raises(AuthError, match=r"Huawei billing APIGW\.0301 \(HTTP 401\)"):
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()
    assert len(calls(sandbox)) == 1  # never retried: five bad signatures lock the AK


async def test_another_accounts_domain_id_is_access_denied(
    demo: Config, demo_store: MemoryStore
) -> None:
    client = open_provider(billing_profile(demo, domain_id="f" * 32), demo_store)
    try:
        with pytest.raises(AccessDenied, match=r"CBC\.0151"):
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()


async def test_an_iam_password_profile_gets_a_token_and_reads_orders(
    demo: Config, sandbox: SandboxServer
) -> None:
    profile = billing_profile(
        demo, auth="password", username=DEMO_IAM_USER, account=DEMO_IAM_ACCOUNT
    )
    store = MemoryStore({("billing", "password"): DEMO_IAM_PASSWORD})
    client = open_provider(profile, store)
    try:
        assert (await client.list_orders(OrderQuery(page_size=5))).items
    finally:
        await client.aclose()
    bad = MemoryStore({("billing", "password"): "nope"})
    client = open_provider(profile, bad)
    try:
        with pytest.raises(AuthError, match=r"^Huawei billing IAM\.0002"):
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()


async def test_a_failed_detail_leaves_the_list_standing_without_that_deadline(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    sandbox.state.faults.arm(
        Fault(FaultKind.STATUS, path_prefix=DETAILS_PATH, status=500, times=None)
    )
    page = await bss.list_orders(OrderQuery(page_size=20))
    pending = [order for order in page.items if order.status is Status.PENDING]
    assert pending and all(order.expires_at is None for order in pending)


async def test_an_error_inside_http_200_is_a_provider_error(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    body = {"error_code": "CBC.0999", "error_msg": "Other error."}
    sandbox.state.faults.arm(Fault(FaultKind.BODY, path_prefix=ORDERS_PATH, body=body))
    with pytest.raises(ProviderError, match=r"CBC\.0999 \(HTTP 200\): Other error"):
        await bss.list_orders(OrderQuery())


async def test_a_list_of_the_wrong_shape_is_an_invalid_response(
    bss: HuaweiBssClient, sandbox: SandboxServer
) -> None:
    body = {"total_count": "many", "order_infos": {"order_id": 1}}
    sandbox.state.faults.arm(Fault(FaultKind.BODY, path_prefix=ORDERS_PATH, body=body))
    with pytest.raises(InvalidResponse, match="unexpected response shape"):
        await bss.list_orders(OrderQuery())


def test_no_secret_in_the_clients_repr(demo: Config, demo_store: MemoryStore) -> None:
    client = open_provider(billing_profile(demo), demo_store)
    text = repr(client) + repr(client.auth)
    assert DEMO_AK not in text and DEMO_SK not in text

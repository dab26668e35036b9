"""The CloudPond client against the fake service over loopback: orders, catalogue, creation,
authentication and the failures that must not be retried."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from pydantic import SecretStr

from tui.config import Config
from tui.errors import (
    AccessDenied,
    AuthError,
    ConfigError,
    InvalidResponse,
    NotFound,
    PaginationLoop,
    ProviderError,
    RateLimited,
    TransportError,
    UnsupportedQuery,
)
from tui.orders import Filter, OrderQuery, Status
from tui.providers import open_provider
from tui.providers.cloudpond import client as client_module
from tui.providers.cloudpond.auth import AkSkAuth, lookup_domain_id, utc_now
from tui.providers.cloudpond.client import CloudPondClient, error_from_response
from tui.providers.cloudpond.order_body import CreateDeliveryOrderRequest
from tui.providers.cloudpond.profile import CloudPondProfile
from tui.sandbox.cloudpond_seed import CloudPondData
from tui.sandbox.demo import (
    DEMO_AK,
    DEMO_DOMAIN_ID,
    DEMO_IAM_ACCOUNT,
    DEMO_IAM_PASSWORD,
    DEMO_IAM_USER,
    DEMO_SK,
)
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.hostile import CLOUDPOND_ORDER_NAMES
from tui.secrets import MemoryStore

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from tui.sandbox.server import SandboxServer

ORDERS_PATH = f"/v2/{DEMO_DOMAIN_ID}/delivery-orders"


def edge_profile(demo: Config, **changes: Any) -> CloudPondProfile:
    profile = demo.profile("edge")
    assert isinstance(profile, CloudPondProfile)
    return profile.model_copy(update=changes) if changes else profile


def open_cloudpond(profile: CloudPondProfile, store: MemoryStore) -> CloudPondClient:
    client = open_provider(profile, store)
    assert isinstance(client, CloudPondClient)
    return client


@pytest.fixture
async def edge(demo: Config, demo_store: MemoryStore) -> AsyncIterator[CloudPondClient]:
    client = open_cloudpond(edge_profile(demo), demo_store)
    yield client
    await client.aclose()


def sandbox_data(sandbox: SandboxServer) -> CloudPondData:
    return sandbox.state.providers["cloudpond"]


def order_gets(sandbox: SandboxServer) -> list[Any]:
    return sandbox.state.requests_for("cloudpond", "/delivery-orders", "GET")


# --- listing ----------------------------------------------------------------------------------


async def test_first_page_honours_page_size_and_the_next_page_continues_without_overlap(
    edge: CloudPondClient,
) -> None:
    first = await edge.list_orders(OrderQuery(page_size=25))
    second = await edge.list_orders(OrderQuery(page_size=25), first.next_cursor)
    assert len(first.items) == 25 and len(second.items) == 25
    assert first.next_cursor is not None
    assert not {o.id for o in first.items} & {o.id for o in second.items}
    assert first.items[0].created_at >= second.items[-1].created_at  # type: ignore[operator]


async def test_load_all_walks_every_seeded_order_once(
    edge: CloudPondClient, sandbox: SandboxServer
) -> None:
    ids = [order.id async for page in edge.iter_pages(OrderQuery()) for order in page.items]
    assert len(ids) == sandbox.state.orders_per_provider == len(set(ids))


async def test_status_filter_is_sent_as_repeated_status_parameters(
    edge: CloudPondClient, sandbox: SandboxServer
) -> None:
    page = await edge.list_orders(OrderQuery(statuses=frozenset({Status.PENDING, Status.FAILED})))
    assert page.items
    assert {order.status for order in page.items} == {Status.PENDING, Status.FAILED}
    query = order_gets(sandbox)[0].query
    assert [value for key, value in query if key == "status"] == ["ACCEPTING", "FAIL"]
    assert not any("," in value for _, value in query)


async def test_a_status_cloudpond_never_has_gives_an_empty_page_without_a_request(
    edge: CloudPondClient, sandbox: SandboxServer
) -> None:
    page = await edge.list_orders(OrderQuery(statuses=frozenset({Status.EXPIRED})))
    assert page.items == [] and page.is_last
    assert sandbox.state.requests_for("cloudpond") == []


async def test_order_id_filter_is_sent_as_id(edge: CloudPondClient, sandbox: SandboxServer) -> None:
    wanted = (await edge.list_orders(OrderQuery(page_size=5))).items[3]
    page = await edge.list_orders(OrderQuery(order_id=wanted.id))
    assert [order.id for order in page.items] == [wanted.id]
    assert ("id", wanted.id) in order_gets(sandbox)[-1].query


async def test_filters_the_api_cannot_apply_are_refused(edge: CloudPondClient) -> None:
    assert edge.capabilities.filters == {Filter.STATUS, Filter.ORDER_ID}
    with pytest.raises(UnsupportedQuery):
        await edge.list_orders(OrderQuery(since=datetime(2026, 1, 1)))


async def test_orders_are_normalized_with_labelled_extra_and_raw_wire_dict(
    edge: CloudPondClient,
) -> None:
    orders = (await edge.list_orders(OrderQuery(page_size=100))).items
    order = next(o for o in orders if o.status_raw == "SUCCESS")
    assert order.provider == "cloudpond" and order.profile == "edge"
    assert order.status is Status.COMPLETED and order.kind == "delivery"
    assert order.created_at is not None and order.created_at.tzinfo is not None
    assert order.raw["id"] == order.id and order.title == order.raw["name"]
    assert order.extra["Domain"] == DEMO_DOMAIN_ID
    assert "Effective" in order.extra
    # The edge site is named, not just an id, once the site list was looked up.
    assert order.extra["Edge site"].endswith(f"({order.raw['edge_site_id']})")
    assert len(order.extra["Edge site"]) > len(order.raw["edge_site_id"]) + 3


async def test_an_undocumented_status_is_unknown_and_keeps_its_raw_value(
    edge: CloudPondClient,
) -> None:
    orders = [o async for page in edge.iter_pages(OrderQuery()) for o in page.items]
    odd = [o for o in orders if o.status is Status.UNKNOWN]
    assert odd and all(o.status_raw == "AUDITING" for o in odd)
    assert {o.status_raw for o in orders} >= {
        "CANCELLED",
        "PROCESSING",
        "ACCEPTING",
        "SUCCESS",
        "FAIL",
        "DELETED",
    }


@pytest.mark.hostile
async def test_hostile_order_names_arrive_unchanged(edge: CloudPondClient) -> None:
    titles = {order.title for order in (await edge.list_orders(OrderQuery())).items}
    assert set(CLOUDPOND_ORDER_NAMES) <= titles


async def test_order_detail_matches_the_list_row(edge: CloudPondClient) -> None:
    listed = (await edge.list_orders(OrderQuery(page_size=3))).items[1]
    detail = await edge.get_order(listed.id)
    assert detail == listed


async def test_unknown_order_is_not_found_with_a_request_id(edge: CloudPondClient) -> None:
    with pytest.raises(NotFound) as caught:
        await edge.get_order("no-such-order")
    assert caught.value.status == 404 and caught.value.request_id


async def test_a_repeated_marker_stops_load_all_with_pagination_loop(
    edge: CloudPondClient, sandbox: SandboxServer
) -> None:
    sandbox.state.faults.arm(
        Fault(
            FaultKind.BODY,
            path_prefix=ORDERS_PATH,
            method="GET",
            times=None,
            body={"delivery_orders": [], "page_info": {"next_marker": "again", "current_count": 0}},
        )
    )
    with pytest.raises(PaginationLoop):
        async for _ in edge.iter_pages(OrderQuery()):
            pass
    assert len(order_gets(sandbox)) == 2


async def test_a_list_get_is_retried_after_a_503(
    edge: CloudPondClient, sandbox: SandboxServer
) -> None:
    sandbox.state.faults.arm(Fault(FaultKind.STATUS, path_prefix=ORDERS_PATH, status=503))
    page = await edge.list_orders(OrderQuery(page_size=5))
    assert len(page.items) == 5
    assert [r.status for r in order_gets(sandbox)] == [503, 200]


async def test_html_from_a_gateway_is_an_invalid_response(
    edge: CloudPondClient, sandbox: SandboxServer
) -> None:
    sandbox.state.faults.arm(Fault(FaultKind.GARBAGE, path_prefix=ORDERS_PATH))
    with pytest.raises(InvalidResponse):
        await edge.list_orders(OrderQuery())


# --- authentication ---------------------------------------------------------------------------


async def test_a_wrong_sk_is_an_auth_error_with_code_and_request_id_and_is_not_retried(
    demo: Config, sandbox: SandboxServer
) -> None:
    store = MemoryStore({("edge", "ak"): DEMO_AK, ("edge", "sk"): "wrong-secret-key-value"})
    client = open_cloudpond(edge_profile(demo), store)
    try:
        with pytest.raises(AuthError) as caught:
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()
    error = caught.value
    assert error.code == "APIGW.0301" and error.status == 401 and error.request_id
    assert "wrong-secret-key-value" not in str(error) + repr(error)
    assert len(sandbox.state.requests_for("cloudpond")) == 1


async def test_a_client_clock_more_than_15_minutes_off_is_refused(
    demo: Config, demo_store: MemoryStore
) -> None:
    client = open_cloudpond(edge_profile(demo), demo_store)
    assert isinstance(client.auth, AkSkAuth)
    client.auth.clock = lambda: utc_now() - timedelta(minutes=20)
    try:
        with pytest.raises(AuthError, match="15 minutes"):
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()


async def test_a_frozen_sandbox_clock_still_accepts_signatures_made_now(
    demo: Config, demo_store: MemoryStore, sandbox: SandboxServer
) -> None:
    sandbox.state.clock = lambda: datetime(2020, 1, 1, tzinfo=UTC)
    client = open_cloudpond(edge_profile(demo), demo_store)
    try:
        assert (await client.list_orders(OrderQuery(page_size=2))).items
    finally:
        await client.aclose()


async def test_another_accounts_domain_in_the_path_is_a_permission_error(
    demo: Config, demo_store: MemoryStore
) -> None:
    client = open_cloudpond(edge_profile(demo, domain_id="f" * 32), demo_store)
    try:
        with pytest.raises(AccessDenied):
            await client.list_orders(OrderQuery())
    finally:
        await client.aclose()


async def test_the_sandbox_refuses_a_space_sent_as_plus_like_the_gateway(
    sandbox: SandboxServer,
) -> None:
    url = f"{sandbox.url}{ORDERS_PATH}"
    auth = AkSkAuth(SecretStr(DEMO_AK), SecretStr(DEMO_SK), DEMO_DOMAIN_ID)
    async with httpx.AsyncClient() as http:
        good = http.build_request("GET", url, params={"id": "a b"})
        auth.sign_request(good)
        assert (await http.send(good)).status_code == 200
        bad = http.build_request("GET", url, params={"id": "a b"})
        plus_url = bad.url
        auth.sign_request(bad)
        bad.url = plus_url  # what a signer that does not rewrite the URL would send
        answer = await http.send(bad)
    assert answer.status_code == 401 and answer.json()["error_code"] == "APIGW.0301"


async def test_domain_id_is_looked_up_with_a_signed_iam_call(sandbox: SandboxServer) -> None:
    found = await lookup_domain_id(sandbox.url, SecretStr(DEMO_AK), SecretStr(DEMO_SK))
    assert found == DEMO_DOMAIN_ID
    with pytest.raises(AuthError):
        await lookup_domain_id(sandbox.url, SecretStr(DEMO_AK), SecretStr("nope"))


def password_client(demo: Config, password: str = DEMO_IAM_PASSWORD) -> CloudPondClient:
    profile = edge_profile(demo, auth="password", username=DEMO_IAM_USER, account=DEMO_IAM_ACCOUNT)
    return open_cloudpond(profile, MemoryStore({("edge", "password"): password}))


def token_posts(sandbox: SandboxServer) -> list[Any]:
    return sandbox.state.requests_for("cloudpond", "/v3/auth/tokens", "POST")


async def test_password_auth_fetches_one_token_for_concurrent_calls(
    demo: Config, sandbox: SandboxServer
) -> None:
    client = password_client(demo)
    try:
        pages = await asyncio.gather(*(client.list_orders(OrderQuery()) for _ in range(5)))
        await client.list_sale_cycles("CN")
    finally:
        await client.aclose()
    assert all(page.items for page in pages)
    assert len(token_posts(sandbox)) == 1
    body = token_posts(sandbox)[0].json()
    assert body["auth"]["scope"] == {"domain": {"id": DEMO_DOMAIN_ID}}
    assert body["auth"]["identity"]["password"]["user"]["domain"] == {"name": DEMO_IAM_ACCOUNT}


async def test_an_expired_token_is_refreshed_once_and_the_call_resent(
    demo: Config, sandbox: SandboxServer
) -> None:
    client = password_client(demo)
    try:
        await client.list_sale_cycles("CN")
        sandbox_data(sandbox).expire_tokens(utc_now())
        cycles = await client.list_sale_cycles("CN")
    finally:
        await client.aclose()
    assert cycles
    assert len(token_posts(sandbox)) == 2
    statuses = [r.status for r in sandbox.state.requests_for("cloudpond", "/sale-cycles")]
    assert statuses == [200, 401, 200]


async def test_a_token_rejected_again_after_refresh_is_an_auth_error_not_a_loop(
    demo: Config, sandbox: SandboxServer
) -> None:
    sandbox_data(sandbox).token_lifetime = timedelta(0)
    client = password_client(demo)
    try:
        with pytest.raises(AuthError) as caught:
            await client.list_sale_cycles("CN")
    finally:
        await client.aclose()
    assert caught.value.code == "APIGW.0307"
    assert len(token_posts(sandbox)) == 2
    assert len(sandbox.state.requests_for("cloudpond", "/sale-cycles")) == 2


async def test_a_wrong_iam_password_is_an_auth_error_that_never_shows_the_password(
    demo: Config, sandbox: SandboxServer
) -> None:
    client = password_client(demo, password="hunter2-wrong-password")
    try:
        with pytest.raises(AuthError) as caught:
            await client.list_sale_cycles("CN")
    finally:
        await client.aclose()
    assert "hunter2" not in str(caught.value) + repr(caught.value)
    assert sandbox.state.requests_for("cloudpond", "/sale-cycles") == []


async def test_a_pasted_token_is_used_as_is_and_never_refreshed(
    demo: Config, sandbox: SandboxServer
) -> None:
    async with httpx.AsyncClient(base_url=sandbox.url) as http:
        issued = await http.post(
            "/v3/auth/tokens",
            json={
                "auth": {
                    "identity": {
                        "methods": ["password"],
                        "password": {
                            "user": {
                                "name": DEMO_IAM_USER,
                                "password": DEMO_IAM_PASSWORD,
                                "domain": {"name": DEMO_IAM_ACCOUNT},
                            }
                        },
                    }
                }
            },
        )
    token = issued.headers["x-subject-token"]
    client = open_cloudpond(
        edge_profile(demo, auth="token"), MemoryStore({("edge", "token"): token})
    )
    try:
        assert await client.list_sale_cycles("CN")
        sandbox_data(sandbox).expire_tokens(utc_now())
        with pytest.raises(AuthError) as caught:
            await client.list_sale_cycles("CN")
    finally:
        await client.aclose()
    assert caught.value.code == "APIGW.0307"
    assert len(token_posts(sandbox)) == 1  # only the one this test made


# --- catalogue --------------------------------------------------------------------------------


async def test_edge_sites_are_listed_across_pages_with_zone_codes(
    edge: CloudPondClient, sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "CATALOGUE_PAGE_SIZE", 3)
    sites = await edge.list_edge_sites()
    assert len(sites) == len({site.id for site in sites}) == 8
    assert {site.zone_code for site in sites} == {"CN", "EU"}
    assert sum(site.status == "initial" for site in sites) > len(sites) / 2
    assert len(sandbox.state.requests_for("cloudpond", "/edge-sites")) == 3


async def test_catalogue_calls_filter_by_zone_pay_mode_and_period(
    edge: CloudPondClient, sandbox: SandboxServer
) -> None:
    cycles = await edge.list_sale_cycles("CN")
    assert {cycle.pay_mode for cycle in cycles} >= {"FULL", "HALF"}
    assert all(cycle.period_type == "year" and cycle.period_num for cycle in cycles)
    everything = await edge.list_server_offerings("CN")
    assert {o.status for o in everything} == {"ONSALE", "TESTING", "SUSPENDED", "RETIREMENT"}
    sold = await edge.list_server_offerings("CN", pay_mode="HALF", period_num=5)
    assert sold and all(o.sold_for("HALF", 5) and o.zone_code == "CN" for o in sold)
    query = sandbox.state.requests_for("cloudpond", "/server-offerings")[-1].query
    assert ("pay_mode", "HALF") in query and ("period_num", "5") in query
    devices = await edge.list_network_device_offerings("EU")
    assert devices and all(d.spec is not None and d.zone_code == "EU" for d in devices)
    storage = {t.name: t for t in await edge.list_storage_types("CN")}
    assert storage["SAS"].expand_capacity_step == 0 and storage["SAS"].supported_capacities
    assert storage["SSD"].expand_capacity_step > 0


def test_the_official_sdk_reads_edge_sites_and_server_offerings_from_the_sandbox(
    sandbox: SandboxServer,
) -> None:
    from huaweicloudsdkcloudpond.v1 import CloudPondClient as SdkV1
    from huaweicloudsdkcloudpond.v1 import ListEdgeSitesRequest
    from huaweicloudsdkcloudpond.v2 import CloudPondClient as SdkV2
    from huaweicloudsdkcloudpond.v2 import ListServerOfferingsRequest
    from huaweicloudsdkcore.auth.credentials import GlobalCredentials

    # CloudPond is a global service: its SDK builder takes GlobalCredentials(ak, sk, domain_id).
    credentials = GlobalCredentials(DEMO_AK, DEMO_SK, DEMO_DOMAIN_ID)
    v1 = SdkV1.new_builder().with_credentials(credentials).with_endpoints([sandbox.url]).build()
    v2 = SdkV2.new_builder().with_credentials(credentials).with_endpoints([sandbox.url]).build()
    sites = v1.list_edge_sites(ListEdgeSitesRequest(status=["initial"], limit=50))
    assert sites.edge_sites and all(site.status == "initial" for site in sites.edge_sites)
    zone = sites.edge_sites[0].location.zone_code
    offerings = v2.list_server_offerings(
        ListServerOfferingsRequest(zone_code=zone, pay_mode=["FULL"], period_num=[3])
    )
    assert offerings.offerings
    assert all(o.zone_code == zone for o in offerings.offerings)
    # Every one of those calls passed the sandbox's signature check.
    assert all(r.status == 200 for r in sandbox.state.requests_for("cloudpond"))


# --- creation ---------------------------------------------------------------------------------


async def valid_order(client: CloudPondClient, **overrides: Any) -> CreateDeliveryOrderRequest:
    """An order the service accepts, chosen from the catalogue as the wizard would."""
    site = next(s for s in await client.list_edge_sites() if s.status == "initial")
    zone = site.zone_code
    assert zone
    server = next(o for o in await client.list_server_offerings(zone, "FULL", 3) if o.on_sale)
    option: dict[str, Any] = {
        "edge_site_id": site.id,
        "servers": [{"offering_id": server.id, "count": 2}],
        "storage_pools": [{"storage_type": "SAS", "size": 26}],
        "market_options": {
            "charge_mode": "prepaid",
            "prepaid_options": {"period_type": "year", "period_num": 3, "pay_mode": "FULL"},
        },
    }
    option.update(overrides)
    return CreateDeliveryOrderRequest.model_validate({"delivery_order": option})


def order_posts(sandbox: SandboxServer) -> list[Any]:
    return sandbox.state.requests_for("cloudpond", "/delivery-orders", "POST")


async def test_a_created_order_is_accepting_and_shows_in_list_and_detail(
    edge: CloudPondClient, sandbox: SandboxServer
) -> None:
    request = await valid_order(edge)
    created = await edge.create_order(request)
    assert created.order.status is Status.PENDING and created.order.status_raw == "ACCEPTING"
    assert created.order_ids and created.raw["order_ids"] == created.order_ids
    assert json.loads(order_posts(sandbox)[0].body) == request.to_wire()
    newest = (await edge.list_orders(OrderQuery(page_size=1))).items[0]
    assert newest.id == created.order.id
    assert (await edge.get_order(created.order.id)).status_raw == "ACCEPTING"


async def test_an_offering_not_on_sale_is_refused_with_a_cloudpond_error(
    edge: CloudPondClient,
) -> None:
    retired = next(o for o in await edge.list_server_offerings("CN") if o.status == "RETIREMENT")
    site = next(s for s in await edge.list_edge_sites() if s.zone_code == "CN")
    request = await valid_order(
        edge, edge_site_id=site.id, servers=[{"offering_id": retired.id, "count": 1}]
    )
    with pytest.raises(ProviderError) as caught:
        await edge.create_order(request)
    assert caught.value.status == 400 and caught.value.code == "IES.0001"
    assert retired.id in caught.value.message


async def test_a_storage_size_the_type_does_not_sell_is_refused(edge: CloudPondClient) -> None:
    request = await valid_order(edge, storage_pools=[{"storage_type": "SAS", "size": 27}])
    with pytest.raises(ProviderError, match="27 TB"):
        await edge.create_order(request)


async def test_create_is_sent_once_even_when_the_server_answers_503(
    edge: CloudPondClient, sandbox: SandboxServer
) -> None:
    request = await valid_order(edge)
    sandbox.state.faults.arm(
        Fault(FaultKind.STATUS, path_prefix=ORDERS_PATH, method="POST", status=503, times=None)
    )
    with pytest.raises(ProviderError) as caught:
        await edge.create_order(request)
    assert caught.value.status == 503
    assert len(order_posts(sandbox)) == 1


async def test_a_create_that_times_out_says_the_outcome_is_unknown(
    demo: Config, demo_store: MemoryStore, sandbox: SandboxServer
) -> None:
    client = open_cloudpond(edge_profile(demo, timeout_seconds=0.5), demo_store)
    try:
        request = await valid_order(client)
        sandbox.state.faults.arm(
            Fault(FaultKind.HANG, path_prefix=ORDERS_PATH, method="POST", seconds=1.5)
        )
        with pytest.raises(TransportError) as caught:
            await client.create_order(request)
    finally:
        await client.aclose()
    assert caught.value.outcome_unknown
    assert "may have been processed" in str(caught.value)
    # The sandbox logs a request when it finishes answering: wait for the hang to end.
    for _ in range(40):
        if order_posts(sandbox):
            break
        await asyncio.sleep(0.1)
    assert len(order_posts(sandbox)) == 1


async def test_a_read_only_profile_cannot_create(
    demo: Config, demo_store: MemoryStore, sandbox: SandboxServer
) -> None:
    client = open_cloudpond(edge_profile(demo, read_only=True), demo_store)
    try:
        assert not client.capabilities.can_create
        request = await valid_order(client)
        with pytest.raises(ConfigError):
            await client.create_order(request)
    finally:
        await client.aclose()
    assert order_posts(sandbox) == []


# --- error mapping ----------------------------------------------------------------------------


def answer(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, content=content, headers=headers or {})


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (401, "APIGW.0301", AuthError),
        (401, "APIGW.0307", AuthError),
        (403, "APIGW.0302", AccessDenied),
        (404, "IES.0404", NotFound),
        (429, "APIGW.0308", RateLimited),
        (400, "APIGW.0308", RateLimited),
        (400, "IES.0001", ProviderError),
        (500, "IES.0500", ProviderError),
    ],
)
def test_cloudpond_error_bodies_map_to_the_error_hierarchy(
    status: int, code: str, kind: type[ProviderError]
) -> None:
    error = error_from_response(
        "CloudPond",
        answer(status, {"error_code": code, "error_msg": "m", "request_id": "rid-body"}),
    )
    assert type(error) is kind
    assert (error.code, error.status, error.request_id) == (code, status, "rid-body")


def test_request_id_from_the_header_when_the_body_has_none() -> None:
    error = error_from_response(
        "CloudPond",
        answer(401, {"error_code": "APIGW.0301", "error_msg": "bad"}, {"X-Request-Id": "rid-h"}),
    )
    assert error.request_id == "rid-h"
    assert "rid-h" in str(error)


def test_an_html_error_page_is_an_invalid_response() -> None:
    error = error_from_response(
        "CloudPond", answer(502, b"<html>bad gateway</html>", {"content-type": "text/html"})
    )
    assert isinstance(error, InvalidResponse) and error.status == 502

"""The official `huaweicloudsdkbss` against the sandbox's fake Billing Center, and the signer's
test vector for a BSS request: our fake and our signer speak the real API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import httpx
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from pydantic import SecretStr

from tui.providers.cloudpond.auth import AkSkAuth
from tui.sandbox.demo import DEMO_AK, DEMO_DOMAIN_ID, DEMO_SK

if TYPE_CHECKING:
    from tui.sandbox.server import SandboxServer

DOMAIN = "0123456789abcdef0123456789abcdef"
HOST = "bss.myhuaweicloud.com"
VECTOR_QUERY = [
    ("limit", "100"),
    ("offset", "0"),
    ("order_by", "-createTime"),
    ("status", "6"),
    ("create_time_begin", "2024-01-01T00:00:00Z"),
]
VECTOR_SIGNATURE = "952691f18c7f8c68761e5cea01a8515feced5f3df1b39d936e85201aacb92321"
"""Computed by the official signer (`huaweicloudsdkcore`) for the request below."""


def signed_vector() -> httpx.Request:
    request = httpx.Request("GET", f"https://{HOST}/v2/orders/customer-orders", params=VECTOR_QUERY)
    auth = AkSkAuth(
        SecretStr("AKEXAMPLE"),
        SecretStr("SKEXAMPLE"),
        DOMAIN,
        clock=lambda: datetime(2024, 1, 1, tzinfo=UTC),
    )
    auth.sign_request(request)
    return request


def test_a_bss_list_request_is_signed_like_the_official_signer() -> None:
    request = signed_vector()
    official = SdkRequest(
        method="GET",
        schema="https",
        host=HOST,
        resource_path="/v2/orders/customer-orders",
        query_params=list(VECTOR_QUERY),
        header_params={
            "Host": HOST,
            "X-Domain-Id": DOMAIN,
            "X-Sdk-Date": request.headers["x-sdk-date"],
        },
        body="",
    )
    Signer(GlobalCredentials("AKEXAMPLE", "SKEXAMPLE", DOMAIN)).sign(official)
    assert request.headers["authorization"] == official.header_params["Authorization"]
    assert request.url.raw_path.decode() == official.uri


def test_the_bss_test_vector_holds() -> None:
    """Pinned: AK `AKEXAMPLE`, SK `SKEXAMPLE`, date 20240101T000000Z, host
    bss.myhuaweicloud.com, `GET /v2/orders/customer-orders` with the query above, signed
    `host;x-domain-id;x-sdk-date`."""
    request = signed_vector()
    assert request.headers["x-sdk-date"] == "20240101T000000Z"
    assert request.headers["authorization"] == (
        "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-domain-id;x-sdk-date, "
        f"Signature={VECTOR_SIGNATURE}"
    )


def test_the_official_sdk_parses_every_sandbox_answer(sandbox: SandboxServer) -> None:
    from huaweicloudsdkbss.v2 import (
        BssClient,
        ListCustomerOrdersRequest,
        ShowCustomerOrderDetailsRequest,
    )

    client = (
        BssClient.new_builder()
        .with_credentials(GlobalCredentials(DEMO_AK, DEMO_SK, DEMO_DOMAIN_ID))
        .with_endpoints([sandbox.url])
        .build()
    )
    listed = client.list_customer_orders(ListCustomerOrdersRequest(limit=100, offset=0))
    assert listed.total_count == len(sandbox.state.providers["huawei_bss"].orders)
    assert len(listed.order_infos) == 100
    for order in listed.order_infos:
        assert order.order_id.startswith("CS") and order.currency == "CNY"
        assert order.amount_after_discount is not None and order.amount_info is not None
    pending = client.list_customer_orders(ListCustomerOrdersRequest(status=6, limit=50))
    assert pending.order_infos and all(o.status == 6 for o in pending.order_infos)
    filtered = client.list_customer_orders(
        ListCustomerOrdersRequest(
            service_type_code="HWS.SERVICE.TYPE.IES",
            order_type="1",
            create_time_begin="2020-01-01T00:00:00Z",
            order_by="createTime",
            limit=10,
            offset=5,
        )
    )
    assert all(o.service_type_code == "hws.service.type.ies" for o in filtered.order_infos)
    assert all(o.order_type == 1 for o in filtered.order_infos)
    for order in pending.order_infos:
        detail = client.show_customer_order_details(
            ShowCustomerOrderDetailsRequest(order_id=order.order_id, x_language="en_US")
        )
        assert detail.order_info.order_id == order.order_id
        assert detail.order_info.pending_payment_end_time.endswith("Z")
        assert detail.total_count == len(detail.order_line_items) >= 1
        assert detail.order_line_items[0].product_spec_desc
    # Every call passed the sandbox's signature check.
    assert all(r.status == 200 for r in sandbox.state.requests_for("huawei_bss"))


def test_the_international_sdk_reads_the_same_answers(sandbox: SandboxServer) -> None:
    from huaweicloudsdkbssintl.v2 import BssintlClient, ListCustomerOrdersRequest

    client = (
        BssintlClient.new_builder()
        .with_credentials(GlobalCredentials(DEMO_AK, DEMO_SK, DEMO_DOMAIN_ID))
        .with_endpoints([sandbox.url])
        .build()
    )
    listed = client.list_customer_orders(ListCustomerOrdersRequest(limit=20))
    assert len(listed.order_infos) == 20

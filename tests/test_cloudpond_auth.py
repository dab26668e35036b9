"""The AK/SK signer, proved against PROVIDERS.md's test vector and Huawei's official signer."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from pydantic import SecretStr

from tui.providers.cloudpond.auth import (
    AkSkAuth,
    IamPasswordAuth,
    PastedTokenAuth,
    parse_wire_time,
)
from tui.providers.cloudpond.signing import canonical_query, canonical_uri, parse_authorization

DOMAIN = "0123456789abcdef0123456789abcdef"
HOST = "ies.myhuaweicloud.com"
FIXED_NOW = datetime(2024, 1, 1, tzinfo=UTC)


def signer_auth(ak: str = "AKEXAMPLE", sk: str = "SKEXAMPLE") -> AkSkAuth:
    return AkSkAuth(SecretStr(ak), SecretStr(sk), DOMAIN, clock=lambda: FIXED_NOW)


def official_authorization(
    request: httpx.Request, query: list[tuple[str, str]], ak: str = "AKEXAMPLE"
) -> tuple[str, str]:
    """Sign the same request with the official SDK signer: (Authorization, path?query)."""
    headers = {
        "Host": request.headers["host"],
        "X-Domain-Id": request.headers["x-domain-id"],
        "X-Sdk-Date": request.headers["x-sdk-date"],
    }
    if "content-type" in request.headers:
        headers["Content-Type"] = request.headers["content-type"]
    official = SdkRequest(
        method=request.method,
        schema="https",
        host=HOST,
        resource_path=request.url.path,
        query_params=list(query),
        header_params=headers,
        body=request.content or "",
    )
    Signer(GlobalCredentials(ak, "SKEXAMPLE", DOMAIN)).sign(official)
    return official.header_params["Authorization"], official.uri


def test_signature_reproduces_the_documented_test_vector() -> None:
    body = (
        b'{"delivery_order": {"edge_site_id": "e1", '
        b'"servers": [{"offering_id": "o1", "count": 1}]}}'
    )
    request = httpx.Request(
        "POST",
        f"https://{HOST}/v2/{DOMAIN}/delivery-orders",
        content=body,
        headers={"Content-Type": "application/json"},
    )
    signer_auth().sign_request(request)
    assert request.headers["x-sdk-date"] == "20240101T000000Z"
    assert request.headers["authorization"] == (
        "SDK-HMAC-SHA256 Access=AKEXAMPLE, "
        "SignedHeaders=content-type;host;x-domain-id;x-sdk-date, "
        "Signature=b69dc224085a5b6679640019858bdcb5a6164684630af507b5c2f41049423338"
    )


ODD_VALUES = [
    "two words",
    "a+b",
    "path/like/value",
    "tilde~kept",
    "unicodé 边缘 ✓",
    "k=v",
    "x&y",
    "%41 literal percent",
    "",
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_get_signature_equals_official_signer_for_odd_query_values(value: str) -> None:
    query = [("status", "SUCCESS"), ("status", "ACCEPTING"), ("name", value), ("limit", "10")]
    request = httpx.Request("GET", f"https://{HOST}/v2/{DOMAIN}/delivery-orders", params=query)
    signer_auth().sign_request(request)
    official, official_uri = official_authorization(request, query)
    assert request.headers["authorization"] == official
    # The URL on the wire carries exactly the query the official SDK would send.
    assert request.url.raw_path.decode() == official_uri


def test_repeated_status_is_signed_like_the_official_signer_in_either_order() -> None:
    forward = [("status", "ACCEPTING"), ("status", "FAIL")]
    backward = list(reversed(forward))
    signed = []
    for query in (forward, backward):
        request = httpx.Request("GET", f"https://{HOST}/v2/{DOMAIN}/delivery-orders", params=query)
        signer_auth().sign_request(request)
        assert request.headers["authorization"] == official_authorization(request, query)[0]
        signed.append(request.headers["authorization"])
    assert signed[0] == signed[1]


def test_post_signature_with_unicode_body_equals_official_signer() -> None:
    body = '{"delivery_order": {"edge_site_id": "站点", "storage_pools": [{"size": 26}]}}'.encode()
    request = httpx.Request(
        "POST",
        f"https://{HOST}/v2/{DOMAIN}/delivery-orders",
        content=body,
        headers={"Content-Type": "application/json"},
    )
    signer_auth().sign_request(request)
    assert request.headers["authorization"] == official_authorization(request, [])[0]


def test_path_with_reserved_characters_is_canonicalized_like_the_official_signer() -> None:
    request = httpx.Request("GET", f"https://{HOST}/v2/{DOMAIN}/delivery-orders/id%20with:colon")
    signer_auth().sign_request(request)
    assert request.headers["authorization"] == official_authorization(request, [])[0]
    assert canonical_uri("/v2/a b/x:y") == "/v2/a%20b/x%3Ay/"


def test_space_is_sent_as_percent_20_never_plus() -> None:
    request = httpx.Request("GET", f"https://{HOST}/x", params={"name": "a b+c"})
    assert b"a+b%2Bc" in request.url.raw_path  # what httpx alone would send
    signer_auth().sign_request(request)
    assert request.url.raw_path == b"/x?name=a%20b%2Bc"
    assert canonical_query([("b", "2"), ("a", "1")]) == "a=1&b=2"


def test_authorization_header_parses_back() -> None:
    request = httpx.Request("GET", f"https://{HOST}/x")
    signer_auth().sign_request(request)
    ak, signed, signature = parse_authorization(request.headers["authorization"]) or ("", [], "")
    assert ak == "AKEXAMPLE"
    assert signed == ["host", "x-domain-id", "x-sdk-date"]
    assert len(signature) == 64


def test_no_secret_appears_in_any_repr() -> None:
    aksk = AkSkAuth(SecretStr("AK-VISIBLE"), SecretStr("SK-SECRET-VALUE"), DOMAIN)
    iam = IamPasswordAuth(
        iam_endpoint="https://iam.example",
        username="ops",
        password=SecretStr("PASSWORD-SECRET"),
        account="acct",
        domain_id=DOMAIN,
    )
    pasted = PastedTokenAuth(SecretStr("TOKEN-SECRET"))
    text = " ".join(repr(obj) for obj in (aksk, iam, pasted)) + str(vars(iam)) + str(vars(aksk))
    for secret in ("SK-SECRET-VALUE", "PASSWORD-SECRET", "TOKEN-SECRET"):
        assert secret not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-23T08:48:16Z", datetime(2026, 11, 23, 8, 48, 16, tzinfo=UTC)),
        ("2026-01-04T07:05:14.405839Z", datetime(2026, 1, 4, 7, 5, 14, 405839, tzinfo=UTC)),
        ("2026-01-04T07:05:14.4Z", datetime(2026, 1, 4, 7, 5, 14, 400000, tzinfo=UTC)),
        ("2026-01-04T07:05:14.123456789Z", datetime(2026, 1, 4, 7, 5, 14, 123456, tzinfo=UTC)),
        ("2026-01-04T15:05:14+08:00", datetime(2026, 1, 4, 7, 5, 14, tzinfo=UTC)),
        ("2026-01-04 07:05:14", datetime(2026, 1, 4, 7, 5, 14, tzinfo=UTC)),
    ],
)
def test_wire_timestamps_of_any_precision_become_aware_utc(text: str, expected: datetime) -> None:
    assert parse_wire_time(text) == expected

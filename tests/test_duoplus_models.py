"""DuoPlus wire models: timestamps in every format, money with its sign, labels as data."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import httpx
import pydantic
import pytest

from tui.orders import Kind, Money, Status
from tui.providers.duoplus.client import EnvelopeRateLimitTransport
from tui.providers.duoplus.models import (
    ORDER_TYPES,
    PRODUCT_TYPES,
    STATUSES,
    Envelope,
    OrderItem,
    OrderListData,
    OrderListRequest,
    kind_of,
    parse_timestamp,
    status_of,
)

SEED_ITEM = {
    "type": "Renewal",
    "order_id": "xxxx",
    "product": "Cloud phone",
    "description": "xxxx",
    "status": "Unpaid",
    "total": "-$21.91",
    "created_at": "2026-02-12T11:34:55+08:00",
    "expired_at": "2026-02-12T12:04:55+08:00",
    "expired_seconds": 1795,
}
"""The first order of seed 003's response example."""

SAME_MOMENT = datetime(2026, 2, 12, 3, 34, 55, tzinfo=UTC)


def test_iso_timestamp_with_offset_keeps_its_offset() -> None:
    moment = parse_timestamp("2026-02-12T11:34:55+08:00")
    assert moment == SAME_MOMENT
    assert moment is not None and moment.utcoffset() == timedelta(hours=8)


def test_iso_timestamp_in_utc_with_z() -> None:
    assert parse_timestamp("2026-02-12T03:34:55Z") == SAME_MOMENT


def test_wall_clock_timestamp_is_read_as_gmt_plus_8() -> None:
    moment = parse_timestamp("2026-02-12 11:34:55")
    assert moment == SAME_MOMENT
    assert moment is not None and moment.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("value", [1770867295, "1770867295", "1770867295000", 1770867295.0])
def test_unix_seconds_as_int_or_string(value: object) -> None:
    assert parse_timestamp(value) == SAME_MOMENT


@pytest.mark.parametrize("value", ["", None, 0, "0", "0000-00-00 00:00:00"])
def test_empty_timestamps_mean_none(value: object) -> None:
    assert parse_timestamp(value) is None


@pytest.mark.parametrize("value", ["yesterday", "12/02/2026", True, [1]])
def test_garbage_timestamp_is_a_value_error(value: object) -> None:
    with pytest.raises(ValueError):
        parse_timestamp(value)


def test_seed_item_parses_money_with_sign_and_both_times() -> None:
    item = OrderItem.model_validate(SEED_ITEM)
    assert item.total == Money(Decimal("-21.91"), "USD")
    assert item.created_at == SAME_MOMENT
    assert item.expired_at == SAME_MOMENT + timedelta(minutes=30)
    assert item.expired_seconds == 1795


def test_empty_expired_at_and_positive_money() -> None:
    item = OrderItem.model_validate({**SEED_ITEM, "expired_at": "", "total": "$0.80"})
    assert item.expired_at is None
    assert item.total == Money(Decimal("0.80"), "USD")


def test_odd_values_are_data_not_a_crash() -> None:
    item = OrderItem.model_validate(
        {
            "order_id": 123456,
            "type": "Mystery",
            "status": "Pending review",
            "product": None,
            "description": None,
            "total": "Free",
            "created_at": "not a time",
            "expired_seconds": "oops",
            "brand_new_field": {"kept": True},
        }
    )
    assert item.order_id == "123456"
    assert (item.total, item.created_at, item.expired_seconds) == (None, None, 0)
    assert (item.product, item.description) == ("", "")
    assert item.model_extra == {"brand_new_field": {"kept": True}}
    assert status_of(item.status) is Status.UNKNOWN
    assert kind_of(item.type) is Kind.UNKNOWN


def test_english_labels_map_to_the_section_4_statuses_and_kinds() -> None:
    assert {label: status_of(label) for label in STATUSES.values()} == {
        "Unpaid": Status.PENDING,
        "Cancelled": Status.CANCELLED,
        "Paid": Status.PROCESSING,
        "Failed": Status.FAILED,
        "Finished": Status.COMPLETED,
        "Expired": Status.EXPIRED,
        "Refunded": Status.REFUNDED,
    }
    assert [kind_of(label) for label in ORDER_TYPES.values()] == [
        Kind.PURCHASE,
        Kind.RENEWAL,
        Kind.RECHARGE,
        Kind.DEDUCTION,
        Kind.REDEEM,
        Kind.GIFT,
        Kind.REFUND,
        Kind.TRANSFER,
        Kind.RECEIVE,
    ]
    assert status_of(" finished ") is Status.COMPLETED


def test_code_tables_cover_the_documented_codes() -> None:
    assert list(STATUSES) == [str(code) for code in range(1, 8)]
    assert list(ORDER_TYPES) == [str(code) for code in range(1, 10)]
    assert list(PRODUCT_TYPES) == [str(code) for code in range(1, 12)]
    assert PRODUCT_TYPES["2"] == "Cloud Phone" and PRODUCT_TYPES["11"] == "AI Credits"


def test_request_body_drops_unset_filters_and_caps_pagesize() -> None:
    request = OrderListRequest(
        created_at_start="2026-02-10T00:00:00+08:00",
        created_at_end="2026-03-18T23:59:59+08:00",
        status=["1", "2"],
        pagesize=200,
    )
    assert request.body() == {
        "created_at_start": "2026-02-10T00:00:00+08:00",
        "created_at_end": "2026-03-18T23:59:59+08:00",
        "status": ["1", "2"],
        "page": 1,
        "pagesize": 200,
    }
    with pytest.raises(pydantic.ValidationError):
        OrderListRequest(created_at_start="a", created_at_end="b", pagesize=501)


def test_list_data_accepts_a_null_list_and_keeps_its_counts() -> None:
    data = OrderListData.model_validate(
        {"list": None, "page": 3, "pagesize": 200, "total": 401, "total_page": 3}
    )
    assert (data.orders, data.page, data.total, data.total_page) == ([], 3, 401, 3)
    envelope = Envelope.model_validate({"code": "401", "data": None, "message": None})
    assert (envelope.code, envelope.message) == (401, "")


def _handler(body: bytes, headers: dict[str, str] | None = None):
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers or {}, content=body)

    return handle


async def test_envelope_429_inside_http_200_becomes_http_429() -> None:
    body = json.dumps({"code": 429, "data": None, "message": "slow down"}).encode()
    transport = EnvelopeRateLimitTransport(httpx.MockTransport(_handler(body)))
    async with httpx.AsyncClient(transport=transport, base_url="http://duoplus.test") as client:
        response = await client.post("/api/v1/team/order", json={})
    assert response.status_code == 429
    assert response.json()["message"] == "slow down"


async def test_gzipped_envelope_429_is_seen_and_still_decodes() -> None:
    body = gzip.compress(json.dumps({"code": 429, "data": None, "message": "x"}).encode())
    transport = EnvelopeRateLimitTransport(
        httpx.MockTransport(_handler(body, {"content-encoding": "gzip"}))
    )
    async with httpx.AsyncClient(transport=transport, base_url="http://duoplus.test") as client:
        response = await client.post("/api/v1/team/order", json={})
    assert response.status_code == 429
    assert response.json()["code"] == 429


async def test_successful_envelope_passes_through_untouched() -> None:
    payload = {"code": 200, "data": {"list": [SEED_ITEM]}, "message": "Success"}
    transport = EnvelopeRateLimitTransport(
        httpx.MockTransport(_handler(json.dumps(payload).encode()))
    )
    async with httpx.AsyncClient(transport=transport, base_url="http://duoplus.test") as client:
        response = await client.post("/api/v1/team/order", json={})
    assert response.status_code == 200
    assert response.json() == payload


def test_naive_seed_offset_is_beijing() -> None:
    moment = parse_timestamp("2026-03-16 00:00:00")
    assert moment is not None
    assert moment.utcoffset() == timezone(timedelta(hours=8)).utcoffset(None)

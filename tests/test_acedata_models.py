"""Ace Data wire models: what the platform may send, and what must survive parsing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pydantic
import pytest

from tui.orders import Status
from tui.providers.acedata.models import (
    ORDER_STATES,
    STATE_OF_STATUS,
    AceOrder,
    OrderList,
    TokenSubject,
    status_of,
)

SEED_ORDER = {
    # The example of seed 004, with the `[...]` lists filled in.
    "id": "order-uuid-1234",
    "user_id": "b87f67c1-b04f-4332-99a1-7a5e651331c6",
    "application_id": "107f8d0f-e465-4a7e-a49e-d633d26f7aa2",
    "package_id": "pkg-uuid",
    "amount": 500,
    "price": 49.99,
    "discount": 1.0,
    "pay_way": "Stripe",
    "pay_id": "pi_xxxxxx",
    "pay_url": None,
    "state": "Finished",
    "remaining_amount": 500,
    "applications": [{"id": "107f8d0f", "service": {"title": "Midjourney Imagine"}}],
    "packages": [{"id": "pkg-uuid", "title": "Basic 500 credits"}],
    "tags": None,
    "metadata": None,
    "created_at": "2024-06-15T10:00:00.000000Z",
    "updated_at": "2024-06-15T10:05:00.000000Z",
}


def test_the_seed_example_parses_with_exact_money() -> None:
    order = AceOrder.model_validate(SEED_ORDER)
    assert order.price == Decimal("49.99")
    assert order.amount == Decimal(500)
    assert order.discount == Decimal("1.0")
    assert order.created_at == datetime(2024, 6, 15, 10, 0, tzinfo=UTC)
    assert order.created_at.tzinfo is UTC


def test_unknown_fields_are_kept() -> None:
    order = AceOrder.model_validate({**SEED_ORDER, "invoice_id": "inv-1", "scope": "team"})
    assert order.model_extra == {"invoice_id": "inv-1", "scope": "team"}


def test_an_unknown_state_and_pay_way_are_data_not_errors() -> None:
    order = AceOrder.model_validate({**SEED_ORDER, "state": "Disputed", "pay_way": "Crypto"})
    assert order.state == "Disputed"
    assert order.pay_way == "Crypto"
    assert status_of(order.state) is Status.UNKNOWN


def test_pay_way_may_be_null() -> None:
    assert AceOrder.model_validate({**SEED_ORDER, "pay_way": None}).pay_way is None


def test_a_zone_less_timestamp_is_taken_as_utc_and_offsets_are_kept() -> None:
    naive = AceOrder.model_validate({**SEED_ORDER, "created_at": "2024-06-15T10:00:00"})
    assert naive.created_at == datetime(2024, 6, 15, 10, 0, tzinfo=UTC)
    shifted = AceOrder.model_validate({**SEED_ORDER, "created_at": "2024-06-15T18:00:00+08:00"})
    assert shifted.created_at is not None
    assert shifted.created_at.utcoffset() == timedelta(hours=8)
    assert shifted.created_at == datetime(2024, 6, 15, 10, 0, tzinfo=UTC)


def test_integer_ids_become_text() -> None:
    assert AceOrder.model_validate({**SEED_ORDER, "id": 42}).id == "42"
    assert TokenSubject.model_validate({"id": 7}).id == "7"


def test_an_order_without_a_state_is_refused() -> None:
    without_state = {key: value for key, value in SEED_ORDER.items() if key != "state"}
    with pytest.raises(pydantic.ValidationError):
        AceOrder.model_validate(without_state)


@pytest.mark.parametrize("key", ["items", "results"])
def test_the_list_is_read_from_items_or_results(key: str) -> None:
    listing = OrderList.model_validate({"count": 1, key: [SEED_ORDER]})
    assert [order.id for order in listing.orders] == ["order-uuid-1234"]
    assert OrderList.raw_orders({"count": 1, key: [SEED_ORDER]}) == [SEED_ORDER]


def test_items_win_when_both_keys_are_present() -> None:
    other = {**SEED_ORDER, "id": "other"}
    listing = OrderList.model_validate({"count": 1, "items": [SEED_ORDER], "results": [other]})
    assert [order.id for order in listing.orders] == ["order-uuid-1234"]
    assert OrderList.raw_orders({"items": [SEED_ORDER], "results": [other]}) == [SEED_ORDER]


def test_a_list_with_neither_key_is_refused() -> None:
    with pytest.raises(pydantic.ValidationError, match="items"):
        OrderList.model_validate({"count": 0, "data": []})


def test_an_empty_list_is_fine() -> None:
    assert OrderList.model_validate({"count": 0, "items": []}).orders == []


def test_token_subject_keeps_username_email_and_extras() -> None:
    subject = TokenSubject.model_validate(
        {"id": "u-1", "username": "ops", "email": "ops@example.invalid", "nickname": "Ops"}
    )
    assert (subject.id, subject.username, subject.email) == ("u-1", "ops", "ops@example.invalid")
    assert subject.model_extra == {"nickname": "Ops"}


def test_every_state_maps_as_the_vocabulary_table_says() -> None:
    assert {state: status.value for state, status in ORDER_STATES.items()} == {
        "Pending": "pending",
        "Paid": "processing",
        "Finished": "completed",
        "Failed": "failed",
        "Expired": "expired",
        "Refunded": "refunded",
    }
    assert Status.CANCELLED not in STATE_OF_STATUS
    assert status_of(" finished ") is Status.COMPLETED

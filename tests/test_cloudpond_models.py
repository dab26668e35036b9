"""CloudPond wire models: tolerant on the way in, exact on the way out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pydantic
import pytest

from tui.providers.cloudpond.catalogue import ListSaleCyclesResponse, ServerOffering, StorageType
from tui.providers.cloudpond.models import ListDeliveryOrdersResponse
from tui.providers.cloudpond.order_body import CreateDeliveryOrderRequest

SEED_000_EXAMPLE = {
    "delivery_orders": [
        {
            "id": "00000000-0000-000-0000-000000000000",
            "name": "delivery_order-zurcq",
            "domain_id": "00000000000000000000000000000000",
            "status": "PROCESSING",
            "edge_site_id": "00000000-0000-000-0000-000000000000",
            "effected_at": "2026-11-23T08:48:16Z",
            "created_at": "2026-01-04T07:05:14.405839Z",
            "updated_at": "2026-01-04T07:05:14.405839Z",
        }
    ]
}


def minimal_order(**changes: Any) -> dict[str, Any]:
    option: dict[str, Any] = {
        "edge_site_id": "site-1",
        "servers": [{"offering_id": "o1", "count": 2}],
        "market_options": {"prepaid_options": {"period_num": 3, "pay_mode": "FULL"}},
    }
    option.update(changes)
    return {"delivery_order": option}


def test_the_documented_list_example_parses_without_page_info() -> None:
    parsed = ListDeliveryOrdersResponse.model_validate(SEED_000_EXAMPLE)
    order = parsed.delivery_orders[0]
    assert parsed.page_info is None
    assert order.effected_at == datetime(2026, 11, 23, 8, 48, 16, tzinfo=UTC)
    assert order.created_at == datetime(2026, 1, 4, 7, 5, 14, 405839, tzinfo=UTC)


def test_numeric_edge_site_id_unknown_status_and_extra_fields_are_kept() -> None:
    wire = dict(SEED_000_EXAMPLE["delivery_orders"][0], edge_site_id=0, status="AUDITING")
    wire["brand_new_field"] = {"x": 1}
    order = ListDeliveryOrdersResponse.model_validate({"delivery_orders": [wire]}).delivery_orders[
        0
    ]
    assert order.edge_site_id == "0"
    assert order.status == "AUDITING"
    assert order.model_extra == {"brand_new_field": {"x": 1}}


def test_sale_cycle_period_num_is_a_list_even_when_sent_as_a_number() -> None:
    parsed = ListSaleCyclesResponse.model_validate(
        {"sale_cycles": [{"pay_mode": "FULL", "period_type": "year", "period_num": 3}]}
    )
    assert parsed.sale_cycles[0].period_num == [3]


def test_offering_knows_whether_it_is_sold_for_a_pay_mode_and_period() -> None:
    offering = ServerOffering.model_validate(
        {
            "id": "o1",
            "status": "ONSALE",
            "sale_cycles": [{"pay_mode": "FULL", "period_type": "year", "period_num": 3}],
        }
    )
    assert offering.on_sale
    assert offering.sold_for("FULL", 3)
    assert not offering.sold_for("HALF", 3)
    assert not offering.sold_for("FULL", 5)


def test_storage_sizes_follow_step_or_supported_capacities() -> None:
    fixed = StorageType(name="SAS", expand_capacity_step=0, supported_capacities=[26, 52])
    stepped = StorageType(name="SSD", expand_capacity_step=13)
    assert fixed.allows(26) and not fixed.allows(27)
    assert stepped.allows(39) and not stepped.allows(40) and not stepped.allows(0)


def test_create_body_serializes_to_the_exact_documented_json() -> None:
    request = CreateDeliveryOrderRequest.model_validate(
        minimal_order(storage_pools=[{"storage_type": "SAS", "size": 26}])
    )
    assert request.to_wire() == {
        "delivery_order": {
            "edge_site_id": "site-1",
            "servers": [{"offering_id": "o1", "count": 2}],
            "storage_pools": [{"storage_type": "SAS", "size": 26}],
            "market_options": {
                "charge_mode": "prepaid",
                "prepaid_options": {"period_type": "year", "period_num": 3, "pay_mode": "FULL"},
            },
        }
    }
    json.dumps(request.to_wire())  # plain JSON types only


def test_create_body_keeps_discounts_when_given() -> None:
    order = minimal_order()
    order["delivery_order"]["market_options"]["discounts"] = [{"id": "d1", "type": 300}]
    wire = CreateDeliveryOrderRequest.model_validate(order).to_wire()
    assert wire["delivery_order"]["market_options"]["discounts"] == [{"id": "d1", "type": "300"}]


@pytest.mark.parametrize(
    "changes",
    [
        {"servers": []},
        {"servers": [{"offering_id": "o1", "count": 0}]},
        {"servers": [{"offering_id": "o1", "count": 1000}]},
        {"servers": [{"offering_id": "", "count": 1}]},
        {"storage_pools": [{"storage_type": "SAS", "size": 0}]},
        {"edge_site_id": ""},
        {"sever": [{"offering_id": "o1", "count": 1}]},
        {"market_options": {"charge_mode": "postpaid", "prepaid_options": {"period_num": 1}}},
    ],
)
def test_create_body_refuses_what_the_service_would_refuse(changes: dict[str, Any]) -> None:
    with pytest.raises(pydantic.ValidationError):
        CreateDeliveryOrderRequest.model_validate(minimal_order(**changes))

"""The fake CloudPond itself: a deterministic, fast, faithful data set."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from tui.sandbox.cloudpond_seed import seed_data
from tui.sandbox.cloudpond_validation import validate_order
from tui.sandbox.hostile import CLOUDPOND_ORDER_NAMES
from tui.sandbox.state import SandboxState

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def state(**changes: object) -> SandboxState:
    return SandboxState(clock=lambda: NOW, **changes)  # type: ignore[arg-type]


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not() -> None:
    first, again, other = seed_data(state()), seed_data(state()), seed_data(state(seed=7))
    assert first.orders == again.orders and first.edge_sites == again.edge_sites
    assert [o["id"] for o in first.orders] != [o["id"] for o in other.orders]


def test_seeded_orders_cover_every_status_with_several_awaiting_acceptance() -> None:
    data = seed_data(state())
    counts = Counter(order["status"] for order in data.orders)
    assert set(counts) >= {"CANCELLED", "PROCESSING", "ACCEPTING", "SUCCESS", "FAIL", "DELETED"}
    assert counts["ACCEPTING"] >= 3
    assert all(order["created_at"] <= order["updated_at"] for order in data.orders)
    assert max(order["created_at"] for order in data.orders) < NOW.strftime("%Y-%m-%dT%H:%M:%S")


def test_a_tiny_data_set_still_has_pending_orders() -> None:
    data = seed_data(state(orders_per_provider=8))
    assert sum(order["status"] == "ACCEPTING" for order in data.orders) >= 3


def test_hostile_names_sit_on_the_first_page() -> None:
    newest = [order["name"] for order in reversed(seed_data(state(hostile=True)).orders)][:20]
    assert set(CLOUDPOND_ORDER_NAMES) <= set(newest)


def test_five_thousand_orders_seed_each_found_by_its_position() -> None:
    """Seeding time is for `benchmarks/`; what makes a look-up cheap is the position index."""
    data = seed_data(state(orders_per_provider=5000))
    assert len(data.orders) == len(data.position) == 5000
    assert all(data.orders[data.position[order["id"]]] is order for order in data.orders)


def test_catalogue_has_two_zones_and_storage_of_both_kinds() -> None:
    data = seed_data(state())
    assert {zone["code"] for zone in data.zones} == {"CN", "EU"}
    assert {site["location"]["zone_code"] for site in data.edge_sites} == {"CN", "EU"}
    steps = {t["expand_capacity_step"] == 0 for t in data.storage_types}
    assert steps == {True, False}
    for zone in ("CN", "EU"):
        on_sale = [
            o for o in data.server_offerings if o["zone_code"] == zone and o["status"] == "ONSALE"
        ]
        assert len(on_sale) >= 3


def test_an_order_for_a_deploying_site_is_refused() -> None:
    data = seed_data(state())
    site = next(s for s in data.edge_sites if s["status"] == "deploying")
    body = {
        "delivery_order": {
            "edge_site_id": site["id"],
            "storage_pools": [{"storage_type": "SAS", "size": 26}],
            "market_options": {
                "charge_mode": "prepaid",
                "prepaid_options": {"period_type": "year", "period_num": 3, "pay_mode": "FULL"},
            },
        }
    }
    assert "deploying" in (validate_order(body, data) or "")
    body["delivery_order"]["edge_site_id"] = next(
        s["id"] for s in data.edge_sites if s["status"] == "initial"
    )
    assert validate_order(body, data) is None

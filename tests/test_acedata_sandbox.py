"""The fake Ace Data platform: its data set, its checks and its answers, spoken to over HTTP
the way any client would (no orderdeck client code involved)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tui.sandbox import acedata as fake
from tui.sandbox.demo import DEMO_ACE_TOKEN, DEMO_ACE_USER_ID
from tui.sandbox.hostile import ACEDATA_PACKAGE_TITLES
from tui.sandbox.state import SandboxState

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from tui.sandbox.server import SandboxServer

FROZEN_NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
AUTH = {"authorization": f"Bearer {DEMO_ACE_TOKEN}", "accept": "application/json"}
OWNER = {"user_id": DEMO_ACE_USER_ID}


def frozen_state(**kwargs: Any) -> SandboxState:
    return SandboxState(clock=lambda: FROZEN_NOW, **kwargs)


@pytest.fixture
async def http(sandbox: SandboxServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=sandbox.url, headers=AUTH) as client:
        yield client


async def all_orders(http: httpx.AsyncClient, params: list[tuple[str, str]]) -> list[dict]:
    orders: list[dict] = []
    offset = 0
    while True:
        response = await http.get(
            fake.ORDERS_PATH,
            params=[
                *params,
                ("user_id", DEMO_ACE_USER_ID),
                ("limit", "100"),
                ("offset", str(offset)),
            ],
        )
        assert response.status_code == 200, response.text
        body = response.json()
        orders.extend(body["items"])
        offset += 100
        if offset >= body["count"]:
            return orders


# --- the data set ------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_orders_and_another_seed_does_not() -> None:
    first = fake.seed_data(frozen_state())
    again = fake.seed_data(frozen_state())
    other = fake.seed_data(frozen_state(seed=7))
    assert [o.order_id for o in first.orders] == [o.order_id for o in again.orders]
    assert [fake.render(first, o) for o in first.orders[:20]] == [
        fake.render(again, o) for o in again.orders[:20]
    ]
    assert first.orders[0].order_id != other.orders[0].order_id


def test_the_data_set_has_every_state_pay_way_and_a_missing_pay_way() -> None:
    data = fake.seed_data(frozen_state())
    assert len(data.orders) == 360
    assert {o.state for o in data.orders} == set(fake.STATES)
    assert {o.pay_way for o in data.orders} >= {*fake.PAY_WAYS, None}


def test_orders_span_the_last_300_days_and_are_sorted_oldest_first() -> None:
    data = fake.seed_data(frozen_state())
    created = [datetime.fromisoformat(fake.render(data, o)["created_at"]) for o in data.orders]
    assert created == sorted(created)
    assert FROZEN_NOW - created[0] <= timedelta(days=301)
    assert FROZEN_NOW - created[0] >= timedelta(days=250)
    assert created[-1] <= FROZEN_NOW


def test_pending_orders_are_recent_and_have_a_pay_link_and_no_other_order_is_pending() -> None:
    data = fake.seed_data(frozen_state())
    pending = [fake.render(data, o) for o in data.orders if o.state == "Pending"]
    assert len(pending) >= 3
    for order in pending:
        assert order["pay_url"].startswith("https://pay.example.invalid/")
        assert order["pay_way"] is not None
        age = FROZEN_NOW - datetime.fromisoformat(order["created_at"])
        assert timedelta(0) < age <= fake.PENDING_AGE
    never_pending = [o for o in data.orders if o.state == "Expired"]
    assert all(o.pay_url is None for o in never_pending)


def test_even_a_tiny_data_set_has_pending_orders() -> None:
    data = fake.seed_data(frozen_state(orders_per_provider=5))
    assert len(data.orders) == 5
    assert sum(o.state == "Pending" for o in data.orders) >= 3


def test_hostile_strings_are_seeded_in_package_names_and_metadata() -> None:
    data = fake.seed_data(frozen_state(hostile=True))
    rendered = [fake.render(data, o) for o in data.orders]
    titles = {order["packages"][0]["title"] for order in rendered}
    notes = {(order["metadata"] or {}).get("note") for order in rendered}
    for text in ACEDATA_PACKAGE_TITLES:
        assert text in titles
        assert text in notes
    assert any(len(title) > 4000 for title in titles)


def test_an_order_renders_every_documented_field_with_exact_money() -> None:
    data = fake.seed_data(frozen_state())
    order = fake.render(data, data.orders[-1])
    assert set(order) >= {
        "id",
        "user_id",
        "application_id",
        "package_id",
        "amount",
        "price",
        "discount",
        "pay_way",
        "pay_id",
        "pay_url",
        "state",
        "remaining_amount",
        "applications",
        "packages",
        "tags",
        "metadata",
        "created_at",
        "updated_at",
    }
    assert order["user_id"] == DEMO_ACE_USER_ID
    assert order["created_at"].endswith("Z")
    for seeded in data.orders:
        price = fake.render(data, seeded)["price"]
        assert round(price, 2) == price
        assert str(price) == f"{seeded.price_cents / 100}"


def test_a_hundred_thousand_orders_are_held_as_sorted_slotted_records() -> None:
    """What keeps seeding 100,000 orders cheap (how cheap is for `benchmarks/` to time): one
    small record each, JSON made per request, sorted once by creation."""
    data = fake.seed_data(frozen_state(orders_per_provider=100_000))
    assert len(data.orders) == len(data.by_id) == 100_000
    assert not hasattr(data.orders[0], "__dict__"), "a slotted record, not a dict per order"
    assert data.created_keys == [order.created_us for order in data.orders]
    assert data.created_keys == sorted(data.created_keys)


def test_a_filtered_page_of_a_hundred_thousand_orders_renders_only_that_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = frozen_state(orders_per_provider=100_000)
    data = fake.seed_data(state)
    rendered: list[str] = []
    render = fake.render
    monkeypatch.setattr(fake, "render", lambda d, o: rendered.append(o.order_id) or render(d, o))
    body = fake.list_orders(
        state,
        data,
        [("state", "Finished,Paid"), ("pay_way", "Stripe"), ("limit", "100"), ("offset", "5000")],
    )
    newest_first = reversed(data.orders)
    matching = [
        o for o in newest_first if o.state in ("Finished", "Paid") and o.pay_way == "Stripe"
    ]
    assert body["count"] == len(matching) > 5100
    assert [item["id"] for item in body["items"]] == [o.order_id for o in matching[5000:5100]]
    assert rendered == [o.order_id for o in matching[5000:5100]], "only the page became JSON"


# --- set_order_status and error_body -----------------------------------------------------------


def test_set_order_status_takes_wire_states_normalized_names_and_unknown_text() -> None:
    state = frozen_state()
    state.providers["acedata"] = data = fake.seed_data(state)
    target = next(o for o in data.orders if o.state == "Expired")
    assert fake.set_order_status(state, target.order_id, "completed")
    assert target.state == "Finished"
    assert fake.set_order_status(state, target.order_id, "pending")
    assert target.state == "Pending" and target.pay_url
    assert fake.set_order_status(state, target.order_id, "Chargeback")
    assert target.state == "Chargeback"
    assert not fake.set_order_status(state, "no-such-order", "Finished")


def test_error_bodies_use_drf_detail_for_client_errors_and_the_gateway_shape_otherwise() -> None:
    body, headers = fake.error_body(403, "nope")
    assert body == {"detail": "nope"}
    assert dict(headers)[b"x-request-id"]
    body, _ = fake.error_body(503, "down")
    assert body == {"error": {"code": "server_error", "message": "down"}}
    body, _ = fake.error_body(429, "slow down")
    assert body["error"]["code"] == "too_many_requests"


# --- over HTTP ---------------------------------------------------------------------------------


async def test_no_token_and_a_wrong_token_are_refused_in_drf_words(sandbox: SandboxServer) -> None:
    async with httpx.AsyncClient(base_url=sandbox.url) as anonymous:
        missing = await anonymous.get(fake.ORDERS_PATH, params=OWNER)
        wrong = await anonymous.get(
            fake.ORDERS_PATH, params=OWNER, headers={"authorization": "Bearer platform-v1-nope"}
        )
        me = await anonymous.get(fake.TOKEN_ME_PATH)
    assert missing.status_code == wrong.status_code == me.status_code == 401
    assert missing.json() == {"detail": "Authentication credentials were not provided."}
    assert wrong.json() == {"detail": "Invalid token."}
    assert wrong.headers["www-authenticate"].startswith("Bearer")


async def test_a_list_or_summary_without_user_id_is_permission_denied(
    http: httpx.AsyncClient,
) -> None:
    for path in (fake.ORDERS_PATH, fake.SUMMARY_PATH):
        response = await http.get(path)
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
        assert "permission" in response.json()["detail"]
    other = await http.get(fake.ORDERS_PATH, params={"user_id": "someone-else"})
    assert other.status_code == 403


async def test_token_me_names_the_demo_account(http: httpx.AsyncClient) -> None:
    response = await http.get(fake.TOKEN_ME_PATH)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == DEMO_ACE_USER_ID
    assert {"username", "email"} <= set(body)
    assert response.headers["x-request-id"]


async def test_the_list_answers_count_and_items_newest_first(http: httpx.AsyncClient) -> None:
    response = await http.get(fake.ORDERS_PATH, params={**OWNER, "limit": "20"})
    body = response.json()
    assert set(body) == {"count", "items"}
    assert body["count"] == 360
    created = [order["created_at"] for order in body["items"]]
    assert len(created) == 20
    assert created == sorted(created, reverse=True)


async def test_ordering_created_at_is_oldest_first_and_unknown_orderings_are_ignored(
    http: httpx.AsyncClient,
) -> None:
    oldest = (await http.get(fake.ORDERS_PATH, params={**OWNER, "ordering": "created_at"})).json()
    newest = (await http.get(fake.ORDERS_PATH, params=OWNER)).json()
    bogus = (await http.get(fake.ORDERS_PATH, params={**OWNER, "ordering": "-nonsense"})).json()
    times = [order["created_at"] for order in oldest["items"]]
    assert times == sorted(times)
    assert bogus["items"] == newest["items"]


async def test_limit_defaults_and_is_clamped_like_limit_offset_pagination(
    http: httpx.AsyncClient,
) -> None:
    default = (await http.get(fake.ORDERS_PATH, params=OWNER)).json()
    huge = (await http.get(fake.ORDERS_PATH, params={**OWNER, "limit": "5000"})).json()
    junk = (await http.get(fake.ORDERS_PATH, params={**OWNER, "limit": "ten"})).json()
    past_the_end = (await http.get(fake.ORDERS_PATH, params={**OWNER, "offset": "9999"})).json()
    assert len(default["items"]) == fake.DEFAULT_LIMIT
    assert len(huge["items"]) == fake.MAX_LIMIT
    assert len(junk["items"]) == fake.DEFAULT_LIMIT
    assert past_the_end == {"count": 360, "items": []}


async def test_offset_pages_cover_every_order_once(http: httpx.AsyncClient) -> None:
    orders = await all_orders(http, [])
    assert len(orders) == len({order["id"] for order in orders}) == 360


async def test_comma_separated_and_repeated_states_select_the_same_orders(
    http: httpx.AsyncClient,
) -> None:
    commas = await all_orders(http, [("state", "Pending,Refunded")])
    repeated = await all_orders(http, [("state", "Pending"), ("state", "Refunded")])
    assert commas == repeated
    assert {order["state"] for order in commas} == {"Pending", "Refunded"}


async def test_pay_way_and_date_filters_narrow_the_list(http: httpx.AsyncClient) -> None:
    everything = await all_orders(http, [])
    cutoff = sorted(order["created_at"] for order in everything)[200]
    stripe_since = await all_orders(http, [("pay_way", "Stripe"), ("created_at_from", cutoff)])
    expected = [
        order
        for order in everything
        if order["pay_way"] == "Stripe" and order["created_at"] >= cutoff
    ]
    assert stripe_since == expected
    assert expected
    window = await all_orders(
        http, [("created_at_from", "2026-01-01T00:00:00Z"), ("created_at_to", cutoff)]
    )
    assert all("2026-01-01" <= order["created_at"] <= cutoff for order in window)


async def test_invalid_filters_answer_400_per_field(http: httpx.AsyncClient) -> None:
    bad_state = await http.get(fake.ORDERS_PATH, params={**OWNER, "state": "Pending,Lost"})
    bad_date = await http.get(fake.ORDERS_PATH, params={**OWNER, "created_at_from": "yesterday"})
    assert bad_state.status_code == bad_date.status_code == 400
    assert "Lost is not one of the available choices" in bad_state.json()["state"][0]
    assert bad_date.json() == {"created_at_from": ["Enter a valid date/time."]}


async def test_detail_finds_an_order_and_404s_in_drf_words(http: httpx.AsyncClient) -> None:
    listed = (await http.get(fake.ORDERS_PATH, params={**OWNER, "limit": "1"})).json()["items"][0]
    detail = await http.get(f"{fake.ORDERS_PATH}{listed['id']}/")
    assert detail.json() == listed
    missing = await http.get(f"{fake.ORDERS_PATH}no-such-order/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found."}


async def test_summary_is_not_mistaken_for_an_order_id_and_matches_the_list(
    http: httpx.AsyncClient,
) -> None:
    response = await http.get(fake.SUMMARY_PATH, params={**OWNER, "pay_way": "Stripe"})
    assert response.status_code == 200
    summary = response.json()
    stripe = await all_orders(http, [("pay_way", "Stripe")])
    assert summary["total_count"] == len(stripe)
    assert sum(summary["state_counts"].values()) == len(stripe)
    spent_cents = sum(round(o["price"] * 100) for o in stripe if o["state"] == "Finished")
    assert round(summary["total_spent"] * 100) == spent_cents


async def test_a_status_change_shows_in_the_next_answer(
    http: httpx.AsyncClient, sandbox: SandboxServer
) -> None:
    pending = await all_orders(http, [("state", "Pending")])
    target = pending[0]["id"]
    changed = await http.post(
        f"{sandbox.url}/_sandbox/orders/acedata/{target}/status", json={"status": "Finished"}
    )
    assert changed.json() == {"updated": True}
    detail = (await http.get(f"{fake.ORDERS_PATH}{target}/")).json()
    assert detail["state"] == "Finished"
    assert detail["updated_at"] > pending[0]["updated_at"]

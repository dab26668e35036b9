"""The fast order-list paths give exactly what the wire models give.

Each provider's list answer is converted straight from the decoded JSON when its items are
plain, and through the pydantic wire models otherwise. These tests hold the two side by side:
every seeded sandbox order (hostile strings, every status and label language, live deadlines)
must take the fast path and come out identical, field for field, `repr` for `repr`; generated
and mutated items must come out identical or be refused by both; a bad item must fail with the
wire model's own error.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.strategies import json_values
from tui.errors import InvalidResponse
from tui.orders import Order, OrderQuery
from tui.providers import open_provider
from tui.providers.acedata.models import AceOrder
from tui.providers.cloudpond.client import CloudPondClient
from tui.providers.cloudpond.models import DeliveryOrder
from tui.providers.duoplus.client import DuoPlusClient
from tui.providers.duoplus.models import OrderItem
from tui.sandbox import acedata as ace_sandbox
from tui.sandbox import duoplus as duoplus_sandbox
from tui.sandbox.app import create_app
from tui.sandbox.demo import DEMO_ACE_USER_ID, demo_config, demo_secrets
from tui.sandbox.state import SandboxState

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
"""One clock for both paths: DuoPlus turns `expired_seconds` into a deadline from "now"."""

CONFIG = demo_config("http://127.0.0.1:9")

EXAMPLES = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
"""A few seconds per provider: the seeded orders are the broad check, these the odd corners."""


def _seeded() -> dict[str, list[dict[str, Any]]]:
    """The hostile sandbox's orders as each provider writes them on the wire (DuoPlus in all
    four label languages)."""
    state = SandboxState(clock=lambda: NOW, hostile=True)
    create_app(state)
    now = int(NOW.timestamp())
    duoplus = state.providers["duoplus"]
    ace = state.providers["acedata"]
    return {
        "cloudpond": [copy.deepcopy(order) for order in state.providers["cloudpond"].orders],
        "duoplus": [
            duoplus_sandbox._render(order, labels, now)
            for labels in duoplus_sandbox.LABELS.values()
            for order in duoplus.orders
        ],
        "acedata": [ace_sandbox.render(ace, order) for order in ace.orders],
        "site_ids": [site["id"] for site in state.providers["cloudpond"].edge_sites],
    }


SEEDED = _seeded()


@functools.cache
def _client(provider: str, role: str = "fast") -> Any:
    """One client per provider and role for the whole module: opening one builds a TLS
    context, which would be most of an example's time."""
    profile = next(p for p in CONFIG.profiles.values() if p.provider == provider)
    if provider == "acedata":
        profile = profile.model_copy(update={"user_id": DEMO_ACE_USER_ID})
    client = open_provider(profile, demo_secrets(), clock=lambda: NOW)
    if provider == "cloudpond":
        # Half the sites named, half not: both labels of "Edge site" are exercised.
        client._site_names.update(
            {site: f"site {index}" for index, site in enumerate(SEEDED["site_ids"][::2])}
        )
    return client


def _fast(client: Any, items: list[Any]) -> list[Order] | None:
    """The fast path's orders for a page of `items`, or None when it hands the page to the
    wire models."""
    items = copy.deepcopy(items)
    if isinstance(client, CloudPondClient):
        page = client._plain_listing({"delivery_orders": items, "page_info": {}})
        return None if page is None else page[0]
    if isinstance(client, DuoPlusClient):
        listing = client._plain_listing({"list": items, "page": 1, "total": len(items)})
        return None if listing is None else listing[0]
    listing = client._plain_listing({"count": len(items), "items": items})
    return None if listing is None else listing[0]


def _modelled(client: Any, items: list[Any]) -> list[Order] | None:
    """Each item through its wire model and the client's own conversion; None when the model
    refuses one."""
    items = copy.deepcopy(items)
    try:
        if isinstance(client, CloudPondClient):
            return [client.to_order(DeliveryOrder.model_validate(item), item) for item in items]
        if isinstance(client, DuoPlusClient):
            return [client.to_order(OrderItem.model_validate(item), item) for item in items]
        return [client.to_order(AceOrder.model_validate(item), item) for item in items]
    except ValueError:  # pydantic's ValidationError
        return None


def _assert_same(fast: list[Order], modelled: list[Order]) -> None:
    # repr shows what == hides: the time zone of equal instants, Decimal('1') against
    # Decimal('1.0'), key order, NaN.
    assert [repr(order) for order in fast] == [repr(order) for order in modelled]
    assert [order.to_json() for order in fast] == [order.to_json() for order in modelled]


def _never_falls_back(client: Any) -> None:
    def refuse(item: Any) -> Any:
        raise AssertionError(f"a seeded order left the fast path: {item!r}")

    client._modelled_order = refuse


@pytest.mark.parametrize("provider", ["cloudpond", "duoplus", "acedata"])
def test_every_seeded_order_takes_the_fast_path_and_matches_the_wire_model(provider: str) -> None:
    items = SEEDED[provider]
    fast_client = _client(provider, "seeded")
    _never_falls_back(fast_client)
    fast = _fast(fast_client, items)
    modelled = _modelled(_client(provider, "modelled"), items)
    assert fast is not None and modelled is not None
    assert len(fast) == len(items)
    assert fast == modelled
    _assert_same(fast, modelled)
    for order, item in zip(fast, items, strict=True):
        # The raw order is the wire object exactly: same keys in the same order, same JSON.
        assert json.dumps(order.raw) == json.dumps(item)


@pytest.mark.parametrize("provider", ["cloudpond", "duoplus", "acedata"])
def test_a_second_page_shares_the_first_pages_values_and_still_matches(provider: str) -> None:
    client = _client(provider, "seeded")
    _never_falls_back(client)
    first = _fast(client, SEEDED[provider][:50])
    again = _fast(client, SEEDED[provider][:50])
    assert first is not None and again is not None
    _assert_same(again, first)
    assert first[0].status_raw is again[0].status_raw


# --- generated and mutated items -----------------------------------------------------------

DELETE = object()
"""A mutation that leaves the field out."""


zones = st.sampled_from([UTC, UTC, timezone(timedelta(hours=8)), timezone(timedelta(0))])
moments = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1), timezones=st.none() | zones
)
time_texts = (
    st.builds(
        lambda moment, shape, zulu: moment.isoformat(timespec=shape).replace(
            "+00:00", "Z" if zulu else "+00:00"
        ),
        moments,
        st.sampled_from(["auto", "seconds", "milliseconds", "microseconds", "minutes"]),
        st.booleans(),
    )
    | st.builds(lambda moment: moment.isoformat(sep=" "), moments)
    | st.builds(lambda moment: str(int(moment.timestamp())), moments)
    | st.sampled_from(
        [
            "",
            " ",
            "0",
            "2026-11-20T05:05:32.000000Z",
            "2026-11-20T05:05:32.631341Z",
            "2026-11-20T05:05:32.631341123Z",
            "2026-11-20X05:05:32Z",
            "2026-W47-4T05:05:32Z",
            "2026-11-20T050532.5Z",
            "2026-11-20T05:05:32,5Z",
            " 2026-11-20T05:05:32Z",
            "2026-11-20T05:05:32+08:00",
            "2026-11-20 05:05:32",
            "2026-02-30T00:00:00Z",
        ]
    )
)
money_texts = st.builds(
    lambda sign, symbol, number: f"{sign}{symbol}{number}",
    st.sampled_from(["", "-", "+", " -"]),
    st.sampled_from(["$", "", "¥", "$ "]),
    st.from_regex(r"[0-9]{1,6}(\.[0-9]{0,3})?|\.[0-9]|1,024\.00|٣|1e5|NaN", fullmatch=True),
)
numbers = (
    st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([0, -0.0, 0.0, 1, 1.0, 0.9, 0.95, True, False])
)
texts = st.text(max_size=6)


def mutated(items: list[dict[str, Any]], fields: dict[str, Any]) -> Any:
    """A seeded item with any of `fields` replaced (by its own strategy or any JSON) or left
    out, and maybe an unknown field added."""
    changes = st.fixed_dictionaries(
        {},
        optional={
            **{name: strategy | json_values | st.just(DELETE) for name, strategy in fields.items()},
            "brand_new_field": json_values,
        },
    )

    def apply(item: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
        result = copy.deepcopy(item)
        for name, value in change.items():
            if value is DELETE:
                result.pop(name, None)
            else:
                result[name] = value
        return result

    return st.builds(apply, st.sampled_from(items), changes)


def _outcome(convert: Callable[[Any, list[Any]], Any], client: Any, item: Any) -> Any:
    try:
        return convert(client, [item])
    except Exception as error:  # the same crash on both paths is the same behaviour
        return f"{type(error).__name__}: {error}"


def _check_item(provider: str, item: Any) -> None:
    fast = _outcome(_fast, _client(provider), item)
    modelled = _outcome(_modelled, _client(provider, "modelled"), item)
    if isinstance(fast, str) or isinstance(modelled, str):
        assert fast == modelled
    elif fast is None:
        # Handed to the wire models, which the client then uses: it must be one they refuse
        # (else the fast path threw away an item it should have converted or passed on).
        assert modelled is None
    else:
        assert modelled is not None
        _assert_same(fast, modelled)


CLOUDPOND_ITEMS = mutated(
    SEEDED["cloudpond"][:60],
    {
        "id": texts | numbers,
        "name": texts,
        "domain_id": texts,
        "status": st.sampled_from(["SUCCESS", "success ", " ACCEPTING", "Fail", "AUDITING", ""]),
        "edge_site_id": st.sampled_from(SEEDED["site_ids"]) | texts | numbers,
        "effected_at": time_texts,
        "created_at": time_texts,
        "updated_at": time_texts,
    },
)

DUOPLUS_ITEMS = mutated(
    SEEDED["duoplus"][:: max(1, len(SEEDED["duoplus"]) // 80)],
    {
        "order_id": texts | numbers,
        "type": st.sampled_from(["Renewal", " renewal", "Gift", "续费"]) | texts,
        "product": texts,
        "description": texts,
        "status": st.sampled_from(["Unpaid", "unpaid ", "Finished", "未支付"]) | texts,
        "total": money_texts | numbers,
        "created_at": time_texts | numbers,
        "expired_at": time_texts | numbers,
        "expired_seconds": numbers | texts | st.sampled_from([0, 59, 2**53, 2**53 + 1]),
    },
)

ACE_ITEMS = mutated(
    SEEDED["acedata"][:60],
    {
        "id": texts | numbers,
        "user_id": texts | numbers,
        "state": st.sampled_from(["Pending", " pending", "Finished", "Vaporised"]) | texts,
        "price": numbers | money_texts,
        "amount": numbers,
        "remaining_amount": numbers,
        "discount": numbers,
        "pay_way": texts,
        "pay_url": texts,
        "applications": st.lists(json_values, max_size=2),
        "packages": st.lists(
            st.fixed_dictionaries({"title": texts}) | st.fixed_dictionaries({"name": texts}),
            max_size=2,
        ),
        "created_at": time_texts,
        "updated_at": time_texts,
    },
)


@EXAMPLES
@given(item=CLOUDPOND_ITEMS | json_values)
def test_any_cloudpond_item_converts_as_the_wire_model_does(item: Any) -> None:
    _check_item("cloudpond", item)


@EXAMPLES
@given(item=DUOPLUS_ITEMS | json_values)
def test_any_duoplus_item_converts_as_the_wire_model_does(item: Any) -> None:
    _check_item("duoplus", item)


@EXAMPLES
@given(item=ACE_ITEMS | json_values)
def test_any_ace_data_item_converts_as_the_wire_model_does(item: Any) -> None:
    _check_item("acedata", item)


@pytest.mark.parametrize("provider", ["cloudpond", "duoplus", "acedata"])
def test_odd_items_among_plain_ones_take_the_wire_model_and_keep_their_place(
    provider: str,
) -> None:
    items = copy.deepcopy(SEEDED[provider][:6])
    id_field = {"cloudpond": "id", "duoplus": "order_id", "acedata": "id"}[provider]
    items[1][id_field] = 4242  # a number where a string is documented: the model converts it
    items[4]["created_at"] = "2026-11-20 05:05:32+08:00"
    fast = _fast(_client(provider), items)
    modelled = _modelled(_client(provider, "modelled"), items)
    assert fast is not None and modelled is not None
    _assert_same(fast, modelled)
    assert fast[1].id == "4242"


# --- errors ---------------------------------------------------------------------------------


def _answer(provider: str, items: list[Any]) -> bytes:
    if provider == "cloudpond":
        return json.dumps({"delivery_orders": items}).encode()
    if provider == "duoplus":
        return json.dumps({"code": 200, "message": "ok", "data": {"list": items}}).encode()
    return json.dumps({"count": len(items), "items": items}).encode()


def _list_error(provider: str, items: list[Any]) -> InvalidResponse:
    body = _answer(provider, items)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/edge-sites"):
            return httpx.Response(200, json={"edge_sites": []})
        return httpx.Response(200, content=body, headers={"x-request-id": "req-7"})

    async def run() -> InvalidResponse:
        profile = next(p for p in CONFIG.profiles.values() if p.provider == provider)
        if provider == "acedata":
            profile = profile.model_copy(update={"user_id": DEMO_ACE_USER_ID})
        client = open_provider(profile, demo_secrets(), transport=httpx.MockTransport(answer))
        try:
            await client.list_orders(OrderQuery(page_size=10))
        except InvalidResponse as error:
            return error
        finally:
            await client.aclose()
        raise AssertionError("the bad item was accepted")

    return asyncio.run(run())


BAD_ITEMS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("cloudpond", lambda item: item.pop("id"), "delivery_orders.1.id: Field required"),
    (
        "cloudpond",
        lambda item: item.update(created_at="yesterday"),
        "delivery_orders.1.created_at: Value error, not a timestamp: 'yesterday'",
    ),
    ("duoplus", lambda item: item.pop("order_id"), "list.1.order_id: Field required"),
    ("acedata", lambda item: item.update(price="lots"), "items.1.price: Input should be a"),
    ("acedata", lambda item: item.update(state=None), "items.1.state: Input should be a"),
]


@pytest.mark.parametrize(("provider", "spoil", "where"), BAD_ITEMS)
def test_a_bad_item_fails_the_page_with_the_wire_models_own_error(
    provider: str, spoil: Callable[[dict[str, Any]], None], where: str
) -> None:
    items = copy.deepcopy(SEEDED[provider][:3])
    spoil(items[1])
    error = _list_error(provider, items)
    assert f"unexpected response shape at {where}" in error.message
    assert error.request_id == "req-7" and error.status == 200


def test_ace_data_money_keeps_the_json_numbers_own_precision() -> None:
    client = _client("acedata", "money")
    prices = [1, 1.0, 1.5, -0.0, 0.0, 1]
    items = [{**SEEDED["acedata"][0], "price": price} for price in prices]
    fast = _fast(client, items)
    assert fast is not None
    # One client, one money table: 1 and 1.0 are equal keys, yet "1" and "1.0" on the wire.
    assert [str(order.amount.amount) for order in fast if order.amount] == [
        "1",
        "1.0",
        "1.5",
        "-0.0",
        "0.0",
        "1",
    ]
    assert [json.dumps(order.raw["price"]) for order in fast] == [json.dumps(p) for p in prices]

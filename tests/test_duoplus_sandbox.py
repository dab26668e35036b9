"""The fake DuoPlus API: its data, its filters and its rules, checked without the client.

Filter semantics are checked by calling the router's `list_orders` directly (no throttle to
wait for); auth and the rate limit over loopback, because they live in the HTTP layer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.wall_clock import WALL_CLOCK
from tui.sandbox import duoplus as fake
from tui.sandbox.demo import DEMO_DUOPLUS_KEY
from tui.sandbox.hostile import DUOPLUS_DESCRIPTIONS
from tui.sandbox.state import SandboxState

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.sandbox.server import SandboxServer

NOW = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
EVERYTHING = {
    "created_at_start": "2020-01-01T00:00:00+08:00",
    "created_at_end": "2030-01-01T00:00:00+08:00",
    "pagesize": 500,
}


class Clock:
    """A sandbox clock tests move by hand."""

    def __init__(self, start: datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def seeded(
    count: int = 360,
    seed: int = 7,
    clock: Callable[[], datetime] | None = None,
    hostile: bool = False,
) -> SandboxState:
    state = SandboxState(
        seed=seed, orders_per_provider=count, clock=clock or Clock(), hostile=hostile
    )
    state.providers["duoplus"] = fake.seed_data(state)
    return state


def answer(state: SandboxState, body: dict, lang: str = "en") -> dict:
    return fake.list_orders(state, state.providers["duoplus"], body, lang)


def test_same_seed_same_orders_and_another_seed_others() -> None:
    ids = [o.order_id for o in seeded(seed=1).providers["duoplus"].orders]
    assert ids == [o.order_id for o in seeded(seed=1).providers["duoplus"].orders]
    assert ids != [o.order_id for o in seeded(seed=2).providers["duoplus"].orders]
    assert len(set(ids)) == len(ids) == 360


def test_seed_covers_every_status_type_and_product_over_about_300_days() -> None:
    data = answer(seeded(), EVERYTHING)
    orders = data["list"]
    assert data["total"] == len(orders) == 360
    assert {o["status"] for o in orders} == set(fake.LABELS["en"]["status"][1:])
    assert {o["type"] for o in orders} == set(fake.LABELS["en"]["type"][1:])
    assert {o["product"] for o in orders} == set(fake.LABELS["en"]["product"][1:])
    created = [datetime.fromisoformat(o["created_at"]) for o in orders]
    assert all(c.utcoffset() == timedelta(hours=8) for c in created)
    assert NOW - min(created) > timedelta(days=250)
    assert max(created) <= NOW
    assert all(o["total"].lstrip("-").startswith("$") for o in orders)
    assert any(o["total"].startswith("-$") for o in orders)


def test_unpaid_orders_have_a_deadline_and_seconds_counted_from_the_clock() -> None:
    clock = Clock()
    state = seeded(clock=clock)
    unpaid = answer(state, {**EVERYTHING, "status": ["1"]})["list"]
    assert len(unpaid) >= 3
    for order in unpaid:
        deadline = datetime.fromisoformat(order["expired_at"])
        created = datetime.fromisoformat(order["created_at"])
        assert deadline - created == timedelta(minutes=30)
        assert order["expired_seconds"] == int((deadline - NOW).total_seconds()) > 0
    others = answer(state, {**EVERYTHING, "status": ["2", "3", "4", "5", "6", "7"]})["list"]
    assert all(o["expired_at"] == "" and o["expired_seconds"] == 0 for o in others)

    clock.now = NOW + timedelta(minutes=4)
    later = {o["order_id"]: o["expired_seconds"] for o in answer(state, EVERYTHING)["list"]}
    assert all(later[o["order_id"]] == o["expired_seconds"] - 240 for o in unpaid)

    clock.now = NOW + timedelta(minutes=31)
    assert answer(state, {**EVERYTHING, "status": ["1"]})["total"] == 0
    expired = {o["order_id"]: o for o in answer(state, {**EVERYTHING, "status": ["6"]})["list"]}
    assert all(expired[o["order_id"]]["status"] == "Expired" for o in unpaid)


def test_missing_dates_default_to_the_last_7_days() -> None:
    data = answer(seeded(), {"pagesize": 500})
    created = [datetime.fromisoformat(o["created_at"]) for o in data["list"]]
    assert created and all(NOW - timedelta(days=7) <= c <= NOW for c in created)
    assert data["total"] < 360
    assert (data["page"], data["pagesize"]) == (1, 500)
    assert answer(seeded(), {})["pagesize"] == 10


def test_filters_sorting_and_pages_follow_the_docs() -> None:
    state = seeded()
    data: fake.DuoPlusData = state.providers["duoplus"]
    target = data.orders[100]
    assert [o["order_id"] for o in answer(state, {**EVERYTHING, "order_id": target.order_id})[
        "list"
    ]] == [target.order_id]  # fmt: skip
    kinds = answer(state, {**EVERYTHING, "type": ["2", "3"], "product_type": ["2", "3"]})
    assert {o["type"] for o in kinds["list"]} <= {"Renewal", "Recharge"}
    assert {o["product"] for o in kinds["list"]} <= {"Cloud phone", "Balance"}
    phone = target.phone_ids[0] if target.phone_ids else data.phone_ids[0]
    by_phone = answer(state, {**EVERYTHING, "image_ids": [phone, "no-such-phone"]})["list"]
    assert {o["order_id"] for o in by_phone} == {
        o.order_id for o in data.orders if phone in o.phone_ids
    }
    ascending = answer(state, {**EVERYTHING, "sort_by": "total", "order": "asc"})["list"]
    cents = [float(o["total"].replace("$", "")) for o in ascending]
    assert cents == sorted(cents)
    oldest_first = answer(state, {**EVERYTHING, "sort_by": "created_at", "order": "asc"})["list"]
    assert oldest_first[0]["order_id"] == data.orders[0].order_id
    page = answer(state, {**EVERYTHING, "pagesize": 100, "page": 4})
    assert (len(page["list"]), page["total"], page["total_page"]) == (60, 360, 4)
    assert answer(state, {**EVERYTHING, "pagesize": 100, "page": 5})["list"] == []


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ({"pagesize": 501}, "pagesize cannot exceed 500"),
        ({"page": 0}, "page must be at least 1"),
        ({"status": [1, 2]}, "status must be an array of strings"),
        ({"type": ["10"]}, "type values must be numeric strings from 1 to 9"),
        ({"product_type": "2"}, "product_type must be an array of strings"),
        ({"created_at_start": "2026-03-16"}, "created_at_start must be ISO 8601"),
        ({"created_at_end": "2026-03-16T00:00:00Z"}, "created_at_end must be ISO 8601"),
        (
            {
                "created_at_start": "2026-03-17T00:00:00+08:00",
                "created_at_end": "2026-03-16T00:00:00+08:00",
            },
            "same as or earlier",
        ),
        ({"sort_by": "amount"}, "sort_by must be created_at or total"),
        ({"order": "up"}, "order must be asc or desc"),
    ],
)
def test_invalid_requests_are_refused_like_the_real_api(body: dict, complaint: str) -> None:
    with pytest.raises(fake.BadRequest, match=complaint):
        answer(seeded(count=20), body)


def test_labels_follow_the_lang_header() -> None:
    state = seeded()
    chinese = answer(state, {**EVERYTHING, "status": ["1"]}, lang="zh")["list"]
    assert {o["status"] for o in chinese} == {"未支付"}
    assert fake._language("zh-TW") == "zh-TW" and fake._language("ru") == "en"


def test_hostile_descriptions_are_seeded_among_recent_orders() -> None:
    recent = answer(seeded(hostile=True), {"pagesize": 500})["list"]
    assert set(DUOPLUS_DESCRIPTIONS) <= {o["description"] for o in recent}
    assert max(len(o["description"]) for o in recent) > 4000


def test_set_order_status_moves_an_order_and_its_deadline() -> None:
    state = seeded()
    unpaid = answer(state, {**EVERYTHING, "status": ["1"]})["list"][0]["order_id"]
    assert fake.set_order_status(state, unpaid, "Paid")
    [paid] = answer(state, {**EVERYTHING, "order_id": unpaid})["list"]
    assert (paid["status"], paid["expired_at"], paid["expired_seconds"]) == ("Paid", "", 0)
    assert fake.set_order_status(state, unpaid, "pending")
    [again] = answer(state, {**EVERYTHING, "order_id": unpaid})["list"]
    assert again["status"] == "Unpaid" and again["expired_seconds"] == 30 * 60
    assert not fake.set_order_status(state, "no-such-order", "Paid")
    with pytest.raises(ValueError):
        fake.set_order_status(state, unpaid, "Teleported")


def test_a_hundred_thousand_orders_are_held_as_sorted_slotted_records() -> None:
    """What keeps 100,000 orders cheap to seed (how cheap is for `benchmarks/` to time): one
    small record each, no JSON and no labels until asked, sorted once by creation."""
    data = seeded(count=100_000).providers["duoplus"]
    assert len(data.orders) == len(data.by_id) == 100_000
    assert not hasattr(data.orders[0], "__dict__"), "a slotted record, not a dict per order"
    assert data.created_keys == [order.created for order in data.orders]
    assert data.created_keys == sorted(data.created_keys)


def test_a_query_on_a_hundred_thousand_orders_reads_its_window_and_renders_one_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The date window is cut from the sorted keys by bisection (only orders inside it are
    looked at), and only the page answered is turned into JSON."""
    state = seeded(count=100_000)
    data = state.providers["duoplus"]
    looked_at: list[str] = []
    rendered: list[str] = []
    status_now, render = fake._status_now, fake._render
    monkeypatch.setattr(
        fake, "_status_now", lambda o, now: looked_at.append(o.order_id) or status_now(o, now)
    )
    monkeypatch.setattr(
        fake, "_render", lambda o, *rest: rendered.append(o.order_id) or render(o, *rest)
    )

    whole = answer(state, {**EVERYTHING, "status": ["5"], "sort_by": "total", "page": 3})
    assert whole["total"] > 50_000 and len(whole["list"]) == 500
    assert rendered == [order["order_id"] for order in whole["list"]]

    looked_at.clear()
    rendered.clear()
    start, end = NOW - timedelta(days=30), NOW - timedelta(days=29)
    window = {
        "created_at_start": start.astimezone(fake.SERVER_ZONE).isoformat(timespec="seconds"),
        "created_at_end": end.astimezone(fake.SERVER_ZONE).isoformat(timespec="seconds"),
        "status": ["5"],
        "pagesize": 20,
    }
    day = answer(state, window)
    inside = [o for o in data.orders if start.timestamp() <= o.created <= end.timestamp()]
    assert 0 < len(inside) < 1_000, "a day of 300 days of history"
    assert len(rendered) == len(day["list"]) == min(20, day["total"])
    # Each order in the window is filtered by its status once, and each one rendered once more.
    assert set(looked_at) == {o.order_id for o in inside}, "nothing outside the window"
    assert len(looked_at) == len(inside) + len(rendered)


@WALL_CLOCK
async def test_auth_and_one_request_per_second_are_enforced_over_http(
    sandbox: SandboxServer,
) -> None:
    url = f"{sandbox.url}{fake.ORDER_LIST_PATH}"
    good = {"DuoPlus-API-Key": DEMO_DUOPLUS_KEY}
    async with httpx.AsyncClient() as http:
        refused = await http.post(url, json={}, headers={"DuoPlus-API-Key": "wrong"})
        first = await http.post(url, json={"status": ["1"]}, headers=good)
        second = await http.post(url, json={}, headers=good)
    assert refused.json() == {"code": 401, "data": None, "message": "Invalid or expired API key"}
    assert first.status_code == 200 and first.json()["code"] == 200
    assert first.json()["message"] == "Success"
    assert first.json()["data"]["list"][0]["status"] == "Unpaid"
    assert second.status_code == 429 and second.json()["code"] == 429
    assert sandbox.state.rate_limit_violations == 1


def test_error_body_is_the_duoplus_envelope() -> None:
    assert fake.error_body(503, "down") == ({"code": 503, "data": None, "message": "down"}, [])

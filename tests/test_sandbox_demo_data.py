"""The sandbox's seeded data reads like an operator's own account, and `SandboxState.hostile`
puts the hostile strings into the same orders' text without moving anything else."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import pytest

from tui.sandbox import acedata, cloudpond_seed, duoplus, server
from tui.sandbox.hostile import (
    ACEDATA_PACKAGE_TITLES,
    CLOUDPOND_ORDER_NAMES,
    DUOPLUS_DESCRIPTIONS,
)
from tui.sandbox.state import SandboxState

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)

LONGEST_DEMO_TEXT = 120
"""No seeded name or description of the demo is longer: the hostile set has one of 4,000."""


def seeded(hostile: bool = False, **changes: Any) -> SandboxState:
    """Every provider's data set, seeded as `create_app` seeds it."""
    state = SandboxState(clock=lambda: NOW, hostile=hostile, **changes)
    state.providers["cloudpond"] = cloudpond_seed.seed_data(state)
    state.providers["duoplus"] = duoplus.seed_data(state)
    state.providers["acedata"] = acedata.seed_data(state)
    return state


def free_texts(state: SandboxState) -> list[str]:
    """The free text of every seeded order: CloudPond names, DuoPlus descriptions, Ace Data
    package titles and metadata notes."""
    ace = state.providers["acedata"]
    rendered = [acedata.render(ace, order) for order in ace.orders]
    return [
        *(order["name"] for order in state.providers["cloudpond"].orders),
        *(order.description for order in state.providers["duoplus"].orders),
        *(order["packages"][0]["title"] for order in rendered),
        *((order["metadata"] or {}).get("note") or "" for order in rendered),
    ]


def looks_plain(text: str) -> bool:
    """No markup, no control or invisible formatting character, not absurdly long."""
    return (
        "[" not in text
        and len(text) <= LONGEST_DEMO_TEXT
        and all(unicodedata.category(char)[0] != "C" for char in text)
    )


def test_the_demo_seed_holds_no_hostile_text_anywhere() -> None:
    texts = free_texts(seeded())
    hostile = {*CLOUDPOND_ORDER_NAMES, *DUOPLUS_DESCRIPTIONS, *ACEDATA_PACKAGE_TITLES}
    assert not hostile & set(texts)
    assert [text for text in texts if not looks_plain(text)] == []


def test_the_hostile_seed_puts_every_hostile_string_in_the_first_rows() -> None:
    state = seeded(hostile=True)
    newest_names = [order["name"] for order in reversed(state.providers["cloudpond"].orders)]
    assert set(CLOUDPOND_ORDER_NAMES) <= set(newest_names[:10])
    assert set(DUOPLUS_DESCRIPTIONS) <= set(free_texts(state))
    assert set(ACEDATA_PACKAGE_TITLES) <= set(free_texts(state))


def test_hostile_on_or_off_the_orders_are_the_same_but_for_their_text() -> None:
    plain, hostile = seeded(), seeded(hostile=True)

    def cloudpond(state: SandboxState) -> list[dict[str, Any]]:
        return [{**o, "name": None} for o in state.providers["cloudpond"].orders]

    def phones(state: SandboxState) -> list[dict[str, Any]]:
        return [{**asdict(o), "description": None} for o in state.providers["duoplus"].orders]

    def ace(state: SandboxState) -> list[dict[str, Any]]:
        return [
            {**asdict(o), "package_title": None, "metadata": None}
            for o in state.providers["acedata"].orders
        ]

    for view in (cloudpond, phones, ace):
        assert view(plain) == view(hostile), view.__name__
    assert free_texts(plain) != free_texts(hostile)


def test_cloudpond_order_names_read_like_an_operators_and_vary() -> None:
    newest = [order["name"] for order in reversed(seeded().providers["cloudpond"].orders)][:20]
    assert len(set(newest)) == len(newest)
    assert not any(name.startswith("delivery_order-") for name in newest)
    projects = {project for row in cloudpond_seed._SITE_PROJECTS for project in row}
    assert all(any(name.startswith(project) for project in projects) for name in newest)


def test_phone_orders_name_their_plan_region_and_phones() -> None:
    orders = seeded().providers["duoplus"].orders
    phone_orders = [order for order in orders if order.phone_ids and order.description]
    assert phone_orders
    for order in phone_orders:
        assert any(region in order.description for region in duoplus._PHONE_REGIONS)
        assert all(phone in order.description for phone in order.phone_ids)


def test_the_same_seed_gives_the_same_names_and_another_seed_others() -> None:
    assert free_texts(seeded()) == free_texts(seeded())
    assert free_texts(seeded()) != free_texts(seeded(seed=7))


@pytest.mark.parametrize("hostile", [False, True])
def test_serve_forever_seeds_what_it_is_asked_for(
    hostile: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(app))
    server.serve_forever(hostile=hostile)
    names = {order["name"] for order in served[0].state.providers["cloudpond"].orders}
    assert (set(CLOUDPOND_ORDER_NAMES) <= names) is hostile

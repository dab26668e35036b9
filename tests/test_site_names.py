"""The edge-site names behind the CloudPond order list's labels: a plain page of the site list
is read without the wire models and names what `ListEdgeSitesResponse` names; any other page
goes through the model."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.strategies import json_values, shaped, times
from tui.orders import OrderQuery
from tui.providers import open_provider
from tui.providers.cloudpond import client as client_module
from tui.providers.cloudpond.client import CloudPondClient
from tui.providers.cloudpond.models import ListEdgeSitesResponse
from tui.providers.cloudpond.site_names import plain_site_names
from tui.sandbox.app import create_app
from tui.sandbox.demo import demo_config, demo_secrets
from tui.sandbox.server import SandboxServer
from tui.sandbox.state import SandboxState

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def _seeded_sites(hostile: bool) -> list[dict[str, Any]]:
    state = SandboxState(clock=lambda: NOW, hostile=hostile)
    create_app(state)
    return copy.deepcopy(state.providers["cloudpond"].edge_sites)


def _modelled(data: Any) -> tuple[list[tuple[str, str]], str | None]:
    parsed = ListEdgeSitesResponse.model_validate(data)
    named = [(site.id, site.name) for site in parsed.edge_sites if site.name]
    return named, parsed.page_info.next_marker if parsed.page_info else None


@pytest.mark.parametrize("hostile", [False, True])
def test_every_seeded_site_page_is_plain_and_names_what_the_model_names(hostile: bool) -> None:
    sites = _seeded_sites(hostile)
    page = {"edge_sites": sites, "page_info": {"current_count": 3, "next_marker": sites[2]["id"]}}
    plain = plain_site_names(copy.deepcopy(page))
    assert plain is not None and plain == _modelled(page)
    assert len(plain[0]) == len(sites)


@pytest.mark.parametrize(
    "page",
    [
        [],
        {"edge_sites": None},
        {"edge_sites": [["site"]]},
        {"edge_sites": [{"id": 7, "name": "Yard"}]},  # the model turns the number into "7"
        {"edge_sites": [{"id": "s-1", "name": None}]},  # the model refuses it
        {"edge_sites": [], "page_info": []},
        {"edge_sites": [], "page_info": {"next_marker": 3}},
    ],
)
def test_a_page_that_is_not_plain_is_left_to_the_wire_model(page: Any) -> None:
    assert plain_site_names(page) is None


def test_a_field_the_labels_do_not_use_cannot_cost_the_names() -> None:
    page = {"edge_sites": [{"id": "s-1", "name": "Yard", "created_at": "yesterday"}]}
    with pytest.raises(ValueError, match="not a timestamp"):
        _modelled(page)
    assert plain_site_names(page) == ([("s-1", "Yard")], None)


site = shaped(
    {
        "id": st.text(max_size=6),
        "name": st.text(max_size=6),
        "status": st.sampled_from(["initial", "available", ""]),
        "created_at": times,
    }
)
site_page = shaped(
    {
        "edge_sites": st.lists(site, max_size=3),
        "page_info": shaped({"next_marker": st.text(max_size=4), "current_count": st.integers()}),
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(site_page | json_values)
def test_a_page_both_paths_read_gives_the_same_names(page: Any) -> None:
    plain = plain_site_names(copy.deepcopy(page))
    try:
        modelled = _modelled(page)
    except ValueError:  # pydantic's ValidationError: only the plain path may read it
        return
    assert plain is None or plain == modelled


async def test_the_order_list_names_its_sites_across_the_site_lists_pages(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "CATALOGUE_PAGE_SIZE", 3)
    client = open_provider(demo_config(sandbox.url).profile("edge"), demo_secrets())
    try:
        orders = (await client.list_orders(OrderQuery())).items
    finally:
        await client.aclose()
    labels = {order.extra["Edge site"] for order in orders}
    assert labels and all(label.endswith(")") and " (" in label for label in labels)
    assert len(sandbox.state.requests_for("cloudpond", "/edge-sites")) == 3


def test_a_page_that_is_not_plain_still_names_its_sites_through_the_model() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/edge-sites"):
            return httpx.Response(200, json={"edge_sites": [{"id": 7, "name": "Yard"}]})
        order = {"id": "o-1", "name": "Rack", "status": "SUCCESS", "edge_site_id": "7"}
        return httpx.Response(200, json={"delivery_orders": [order]})

    async def labels() -> list[str]:
        profile = demo_config("http://127.0.0.1:9").profile("edge")
        client = open_provider(profile, demo_secrets(), transport=httpx.MockTransport(answer))
        assert isinstance(client, CloudPondClient)
        try:
            page = await client.list_orders(OrderQuery())
        finally:
            await client.aclose()
        return [order.extra["Edge site"] for order in page.items]

    assert asyncio.run(labels()) == ["Yard (7)"]

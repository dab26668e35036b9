"""Any JSON a provider could send, through the real client (wire models, envelope, normalizer):
either orders come out, or our own error type. Never a KeyError, a ValidationError, a crash."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.strategies import (
    ace_list,
    ace_order,
    cloudpond_detail,
    cloudpond_list,
    duoplus_envelope,
    json_values,
)
from tui.errors import OrderdeckError
from tui.orders import Order, OrderQuery
from tui.providers import open_provider
from tui.sandbox.demo import DEMO_ACE_USER_ID, demo_config, demo_secrets

FUZZ = settings(
    max_examples=int(os.environ.get("ORDERDECK_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
"""Modest: a few seconds per property in the default suite; CI finds regressions, not proofs."""

CONFIG = demo_config("http://127.0.0.1:9")


def answering(body: Any, status: int = 200) -> httpx.MockTransport:
    """Every call gets `body`; CloudPond's edge-site lookup gets an empty list."""
    content = json.dumps(body, allow_nan=True).encode()

    def answer(request: httpx.Request) -> httpx.Response:
        if "/edge-sites" in request.url.path:
            return httpx.Response(200, json={"edge_sites": []})
        return httpx.Response(status, content=content, headers={"content-type": "application/json"})

    return httpx.MockTransport(answer)


def outcome(
    profile: str, body: Any, operation: str, status: int = 200
) -> list[Order] | OrderdeckError:
    async def run() -> list[Order] | OrderdeckError:
        chosen = CONFIG.profiles[profile]
        if profile == "ace":
            chosen = chosen.model_copy(update={"user_id": DEMO_ACE_USER_ID})
        client = open_provider(chosen, demo_secrets(), transport=answering(body, status))
        try:
            if operation == "list":
                return list((await client.list_orders(OrderQuery(page_size=10))).items)
            if operation == "detail":
                return [await client.get_order("some-id")]
            loaded: list[Order] = []
            async for page in client.iter_pages(OrderQuery(page_size=10)):
                loaded.extend(page.items)
                assert len(loaded) < 1000
            return loaded
        except OrderdeckError as error:
            return error
        finally:
            await client.aclose()

    return asyncio.run(run())


def check(result: list[Order] | OrderdeckError) -> None:
    if isinstance(result, OrderdeckError):
        assert str(result).strip()
        return
    for order in result:
        order.to_json()  # what export and "copy JSON" do with it
        json.dumps(order.to_json(), default=str)
        str(order.amount) if order.amount is not None else None


operations = st.sampled_from(["list", "detail", "load all"])


@FUZZ
@given(body=cloudpond_list | cloudpond_detail | json_values, operation=operations)
def test_any_cloudpond_answer_parses_or_raises_our_error(body: Any, operation: str) -> None:
    check(outcome("edge", body, operation))


@FUZZ
@given(body=duoplus_envelope | json_values, operation=operations)
def test_any_duoplus_answer_parses_or_raises_our_error(body: Any, operation: str) -> None:
    check(outcome("phones", body, operation))


@FUZZ
@given(body=ace_list | ace_order | json_values, operation=operations)
def test_any_ace_data_answer_parses_or_raises_our_error(body: Any, operation: str) -> None:
    check(outcome("ace", body, operation))


@FUZZ
@given(
    body=json_values,
    profile=st.sampled_from(["edge", "phones", "ace"]),
    status=st.sampled_from([400, 401, 403, 404, 409, 418, 429, 500, 503]),
)
def test_any_error_answer_becomes_our_error(body: Any, profile: str, status: int) -> None:
    result = outcome(profile, body, "list", status)
    assert isinstance(result, OrderdeckError)

"""Parsing: 100,000 orders from JSON bytes through each provider's real client, against a bare
`json.loads` of the same bytes (issue 6, target 4b: within 3x).

Each provider's sandbox renders its seeded orders into one list answer (its own wire format);
the client's `list_orders` reads it from an `httpx.MockTransport`, so the whole path runs:
JSON decoding, wire-model validation, conversion to `Order`. The side calls a client makes
(Ace Data's user id, CloudPond's edge-site names) answer instantly and are part of the time.

Run: `uv run python -m benchmarks.parse [ORDERS]`; `--memory [ORDERS]` instead prints what the
parsed orders themselves hold (tracemalloc), loaded a page at a time as "load all" does.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
import tracemalloc
from typing import Any, Final

import httpx

from benchmarks._common import RUNS, Row, median, print_table
from tui.orders import Order, OrderQuery
from tui.providers import open_provider
from tui.providers.http import THROTTLES
from tui.providers.registry import display_name
from tui.sandbox import acedata as ace_sandbox
from tui.sandbox import duoplus as duoplus_sandbox
from tui.sandbox.app import create_app
from tui.sandbox.demo import DEMO_ACE_USER_ID, demo_config, demo_secrets
from tui.sandbox.state import SandboxState

ORDERS: Final = 100_000
PAGE_SIZES: Final = {"cloudpond": 100, "duoplus": 500, "acedata": 100}
"""The page sizes "load all" uses (each provider's maximum)."""
MAX_RATIO: Final = 3.0
"""The issue's budget: validation and conversion may cost twice what decoding does."""


def wire_orders(count: int) -> dict[str, list[dict[str, Any]]]:
    """`count` orders per provider as its sandbox writes them on the wire."""
    state = SandboxState(orders_per_provider=count)
    create_app(state)
    duoplus = state.providers["duoplus"]
    ace = state.providers["acedata"]
    now = int(state.clock().timestamp())
    labels = duoplus_sandbox.LABELS["en"]
    return {
        "cloudpond": list(state.providers["cloudpond"].orders),
        "duoplus": [duoplus_sandbox._render(order, labels, now) for order in duoplus.orders],
        "acedata": [ace_sandbox.render(ace, order) for order in ace.orders],
    }


def list_body(provider: str, items: list[dict[str, Any]]) -> bytes:
    """One list answer holding `items`, in the provider's envelope."""
    count = len(items)
    if provider == "cloudpond":
        answer: dict[str, Any] = {"delivery_orders": items, "page_info": {"current_count": count}}
    elif provider == "duoplus":
        answer = {
            "code": 200,
            "message": "Success",
            "data": {"list": items, "page": 1, "pagesize": count, "total": count, "total_page": 1},
        }
    else:
        answer = {"count": count, "items": items}
    return json.dumps(answer).encode()


def list_bodies(count: int) -> dict[str, bytes]:
    """One list answer holding `count` orders, per provider."""
    return {provider: list_body(provider, items) for provider, items in wire_orders(count).items()}


def _transport(body: bytes) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/edge-sites"):
            return httpx.Response(200, json={"edge_sites": [], "page_info": {}})
        if path.endswith("/platform-tokens/me/"):
            return httpx.Response(200, json={"id": DEMO_ACE_USER_ID, "username": "demo"})
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    return httpx.MockTransport(answer)


def client_parse_time_and_orders(provider: str, body: bytes) -> tuple[float, list[Order]]:
    """One `list_orders` over the body with a fresh client: its time and its orders."""
    config = demo_config("http://127.0.0.1:9")
    profile = next(p for p in config.profiles.values() if p.provider == provider)

    async def once() -> tuple[float, list[Order]]:
        # A fresh client and fresh throttles each run: DuoPlus's 1 request/s (shared by every
        # client holding the key) would otherwise make the next run wait out the second.
        THROTTLES.clear()
        client = open_provider(profile, demo_secrets(), transport=_transport(body))
        try:
            query = OrderQuery(page_size=client.capabilities.max_page_size)
            started = time.perf_counter()
            page = await client.list_orders(query)
            return time.perf_counter() - started, page.items
        finally:
            await client.aclose()

    return asyncio.run(once())


def bare_loads_seconds(body: bytes) -> float:
    started = time.perf_counter()
    json.loads(body)
    return time.perf_counter() - started


def measure(orders: int = ORDERS, runs: int = RUNS) -> list[Row]:
    rows = []
    for provider, body in list_bodies(orders).items():
        ours: list[float] = []
        bare: list[float] = []
        for _ in range(runs):
            # Side by side, each from a collected heap: a busy neighbour, or a collection the
            # run before left owing, then weighs on both alike rather than on one of them.
            gc.collect()
            seconds, parsed = client_parse_time_and_orders(provider, body)
            if len(parsed) != orders:
                raise AssertionError(f"{provider}: parsed {len(parsed)} orders, not {orders}")
            ours.append(seconds)
            del parsed
            gc.collect()
            bare.append(bare_loads_seconds(body))
        rows.append(
            Row(
                f"4b parse {orders:,} {display_name(provider)} orders",
                median(ours),
                median(bare),
                "s",
                MAX_RATIO,
                f"bare json.loads of the same {len(body) / 1e6:.0f} MB",
            )
        )
    return rows


def orders_memory(orders: int = ORDERS) -> dict[str, float]:
    """Bytes per order the parsed orders hold, per provider (a third of `orders` each), parsed
    one page-sized answer at a time. Only what the orders keep is counted: the answers are
    made before tracing starts and the decoded JSON they leave behind is garbage."""
    each = -(-orders // 3)
    pages = [
        (provider, list_body(provider, items[start : start + PAGE_SIZES[provider]]))
        for provider, items in wire_orders(each).items()
        for start in range(0, len(items), PAGE_SIZES[provider])
    ]
    for provider in PAGE_SIZES:  # imports and first-call caches out of the count
        client_parse_time_and_orders(provider, next(body for p, body in pages if p == provider))
    held: dict[str, list[Order]] = {provider: [] for provider in PAGE_SIZES}
    per_order: dict[str, float] = {}
    gc.collect()
    tracemalloc.start()
    try:
        for provider in PAGE_SIZES:
            before = tracemalloc.get_traced_memory()[0]
            for name, body in pages:
                if name == provider:
                    held[provider].extend(client_parse_time_and_orders(provider, body)[1])
            gc.collect()
            per_order[provider] = (tracemalloc.get_traced_memory()[0] - before) / len(
                held[provider]
            )
    finally:
        tracemalloc.stop()
    return per_order


def main(argv: list[str]) -> int:
    if argv[:1] == ["--memory"]:
        orders = int(argv[1]) if len(argv) > 1 else ORDERS
        per_order = orders_memory(orders)
        for provider, size in per_order.items():
            print(f"{display_name(provider):<10} {size:7,.0f} bytes per order")
        average = sum(per_order.values()) / len(per_order)
        print(f"{orders:,} orders, a third each: {average * orders / 1e6:,.1f} MB")
        return 0
    orders = int(argv[0]) if argv else ORDERS
    return 0 if print_table(measure(orders)) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

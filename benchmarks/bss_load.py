"""Loading 1,000 Huawei billing orders from the sandbox, against its protocol floor.

The client: `iter_pages` with 100 a page, four pages at once, and the detail call of every
order pending payment (for its deadline), four at a time. The floor: the very same requests
(the list pages and the pending orders' detail calls, in the same order and concurrency), sent
by a bare `httpx.AsyncClient` with the same AK/SK signer, bodies read and never parsed. Both
run against one sandbox in its own process, with and without a simulated round trip; the
median of `RUNS` each. Run: `uv run python -m benchmarks.bss_load`.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from typing import TYPE_CHECKING, Final

import httpx

from benchmarks._common import sandbox_process
from tui.orders import OrderQuery, Status
from tui.providers import open_provider
from tui.providers.cloudpond.auth import AkSkAuth
from tui.providers.huawei_bss.client import CONCURRENT_PAGES, DETAIL_CONCURRENCY
from tui.sandbox.demo import DEMO_DOMAIN_ID, demo_config, demo_secrets

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

ORDERS: Final = 1_000
"""The issue's measure: a thousand billing orders (ten pages)."""
PAGE_SIZE: Final = 100
RUNS: Final = 5
"""Median of five: one run is at the mercy of a GC pause."""
LATENCIES: Final = (0.0, 0.05)
"""Loopback as is (all CPU), and a 50 ms round trip standing in for a near region."""


async def ours(url: str) -> tuple[int, list[str]]:
    """Load every order with the client; (orders, ids of the pending ones)."""
    client = open_provider(demo_config(url).profile("billing"), demo_secrets())
    orders = []
    try:
        async for page in client.iter_pages(OrderQuery(page_size=PAGE_SIZE)):
            orders.extend(page.items)
    finally:
        await client.aclose()
    return len(orders), [o.id for o in orders if o.status is Status.PENDING]


async def floor(url: str, pending: list[str]) -> None:
    """The same requests with bare httpx and the signer: read, not parsed."""
    store = demo_secrets()
    ak, sk = store.get("billing", "ak"), store.get("billing", "sk")
    assert ak is not None and sk is not None
    async with httpx.AsyncClient(base_url=url, auth=AkSkAuth(ak, sk, DEMO_DOMAIN_ID)) as bare:
        details = asyncio.Semaphore(DETAIL_CONCURRENCY)

        async def detail(order_id: str) -> None:
            async with details:
                path = f"/v2/orders/customer-orders/details/{order_id}"
                response = await bare.get(path, params={"limit": "100", "offset": "0"})
                response.raise_for_status()

        async def page(offset: int, pending_on_page: list[str]) -> None:
            params = {"limit": str(PAGE_SIZE), "offset": str(offset), "order_by": "-createTime"}
            response = await bare.get("/v2/orders/customer-orders", params=params)
            response.raise_for_status()
            await asyncio.gather(*(detail(order_id) for order_id in pending_on_page))

        # The newest orders are the pending ones: all on the first page, as the client finds.
        await page(0, pending)
        pages = asyncio.Semaphore(CONCURRENT_PAGES)

        async def later_page(offset: int) -> None:
            async with pages:
                await page(offset, [])

        await asyncio.gather(*(later_page(o) for o in range(PAGE_SIZE, ORDERS, PAGE_SIZE)))


def median_time(run: Callable[[], Awaitable[object]]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        asyncio.run(run())  # type: ignore[arg-type]
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> int:
    print(f"load {ORDERS:,} Huawei billing orders ({ORDERS // PAGE_SIZE} pages), median of {RUNS}")
    for latency in LATENCIES:
        with sandbox_process(ORDERS, latency=latency) as url:
            count, pending = asyncio.run(ours(url))  # warm-up, and what the floor replays
            assert count == ORDERS, count
            client = median_time(lambda: ours(url))
            bare = median_time(lambda url=url, pending=pending: floor(url, pending))
        print(
            f"  round trip {latency * 1000:>3.0f} ms: orderdeck {client * 1000:7.1f} ms, "
            f"floor {bare * 1000:7.1f} ms ({len(pending)} detail calls), "
            f"ratio {client / bare:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

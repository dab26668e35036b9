"""Side by side with the official SDK: 50 pages of edge sites from the sandbox, orderdeck's
client against `huaweicloudsdkcloudpond`'s sync client walking the same pages (issue 6,
target 5: ours must not be slower).

The sandbox runs in its own process with 5,000 edge sites (100 a page) and no added delay,
so the number is the clients' own cost: signing, HTTP, decoding and models. Each client walks
every page once to warm up, then median of 5 walks; both must see every site.

Run: `uv run python -m benchmarks.sdk_compare [PAGES]`.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Final

from benchmarks._common import RUNS, Row, median, print_table, sandbox_process
from tui.providers import open_provider
from tui.providers.cloudpond.client import CATALOGUE_PAGE_SIZE, CloudPondClient
from tui.sandbox.demo import DEMO_AK, DEMO_DOMAIN_ID, DEMO_SK, demo_config, demo_secrets

PAGES: Final = 50
MAX_RATIO: Final = 1.0
"""Not slower than the official SDK."""


def sdk_walk(url: str) -> tuple[float, int]:
    """One walk of every edge-site page with the official sync client."""
    from huaweicloudsdkcloudpond.v1 import CloudPondClient as SdkClient
    from huaweicloudsdkcloudpond.v1 import ListEdgeSitesRequest
    from huaweicloudsdkcore.auth.credentials import GlobalCredentials

    credentials = GlobalCredentials(DEMO_AK, DEMO_SK, DEMO_DOMAIN_ID)
    client = SdkClient.new_builder().with_credentials(credentials).with_endpoints([url]).build()
    started = time.perf_counter()
    sites = 0
    marker = None
    while True:
        response = client.list_edge_sites(
            ListEdgeSitesRequest(limit=CATALOGUE_PAGE_SIZE, marker=marker)
        )
        sites += len(response.edge_sites or [])
        marker = response.page_info.next_marker if response.page_info else None
        if not marker:
            return time.perf_counter() - started, sites


def ours_walk(url: str) -> tuple[float, int]:
    """One walk with orderdeck's client (`list_edge_sites` follows every marker)."""
    profile = demo_config(url).profiles["edge"]

    async def walk() -> tuple[float, int]:
        client = open_provider(profile, demo_secrets())
        assert isinstance(client, CloudPondClient)
        try:
            started = time.perf_counter()
            sites = await client.list_edge_sites()
            return time.perf_counter() - started, len(sites)
        finally:
            await client.aclose()

    return asyncio.run(walk())


def measure(pages: int = PAGES, runs: int = RUNS) -> list[Row]:
    expected = pages * CATALOGUE_PAGE_SIZE
    with sandbox_process(orders_per_provider=10, edge_sites=expected) as url:
        timings: dict[str, list[float]] = {"ours": [], "sdk": []}
        walks = {"ours": ours_walk, "sdk": sdk_walk}
        for walk in walks.values():
            walk(url)  # warm-up: imports, connection pools
        for _ in range(runs):  # alternately, so a noisy moment hits both
            for name, walk in walks.items():
                seconds, sites = walk(url)
                if sites != expected:
                    raise AssertionError(f"{name} saw {sites} edge sites, expected {expected}")
                timings[name].append(seconds)
    return [
        Row(
            f"5 {pages} pages of edge sites (ours)",
            median(timings["ours"]),
            median(timings["sdk"]),
            "s",
            MAX_RATIO,
            "huaweicloudsdkcloudpond sync client, same pages",
        )
    ]


def main(argv: list[str]) -> int:
    return 0 if print_table(measure(int(argv[0]) if argv else PAGES)) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

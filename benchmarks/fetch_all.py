""" "Load all" of 5,000 orders per provider, timed against the floor each protocol allows.

Runs the real clients against a local sandbox that adds a fixed delay to every answer (a
stand-in for the internet's round trip), so the numbers measure the client (paging,
concurrency, throttling, parsing) and not a real network. For each provider it prints the time to
walk every page with `iter_pages`, one request's latency, the floor, and their ratio:

- CloudPond (marker pages, strictly one after another): pages x one round trip.
- Ace Data (offset pages, fetched concurrently): the first page, then the rest in waves of
  the client's concurrency: (1 + ceil((pages - 1) / concurrency)) x one round trip.
- DuoPlus (page numbers, but 1 request/s per endpoint): pages x 1 s.

Exits 1 when any ratio exceeds `MAX_RATIO`. Run: `uv run python benchmarks/fetch_all.py`.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from tui.orders import OrderQuery
from tui.providers import PROVIDER_NAMES, open_provider
from tui.sandbox.demo import demo_config, demo_secrets
from tui.sandbox.faults import Fault, FaultKind
from tui.sandbox.server import SandboxServer
from tui.sandbox.state import SandboxState

if TYPE_CHECKING:
    from tui.config import Profile
    from tui.providers.base import Provider
    from tui.secrets import SecretStore

ORDERS_PER_PROVIDER: Final = 5_000
"""Enough pages (50 on CloudPond) that per-page overhead shows, small enough to run in ~30 s."""
MAX_RATIO: Final = 1.3
"""Load-all may take 30% over its floor: room for parsing and scheduling, not for a lost
concurrency or an extra round trip per page."""
LATENCY_SAMPLES: Final = 5
"""Median of this many single-page requests: one sample is at the mercy of a GC pause."""
WAN_DELAY: Final = 0.05
"""Seconds the sandbox waits before each answer, standing in for an internet round trip.
Without it a loopback request is all server CPU, which one sandbox thread serves one at a
time, so concurrent pages could not beat sequential ones and the floor would be fiction."""
DUOPLUS_INTERVAL: Final = 1.0
"""DuoPlus allows one request per second per endpoint (PROVIDERS.md section 2)."""


@dataclass(frozen=True, slots=True)
class Measurement:
    profile: str
    provider: str
    orders: int
    expected: int
    pages: int
    latency: float
    load_all: float
    floor: float
    floor_rule: str

    @property
    def ratio(self) -> float:
        return self.load_all / self.floor if self.floor else math.inf


async def one_request_latency(provider: Provider, query: OrderQuery, throttled: bool) -> float:
    """Median time of a first-page request, the same size as a load-all page."""
    samples: list[float] = []
    for _ in range(LATENCY_SAMPLES if not throttled else 2):
        if throttled:
            # Wait out the throttle so the sample is the round trip, not the queue.
            await asyncio.sleep(DUOPLUS_INTERVAL * 1.1)
        started = time.perf_counter()
        await provider.list_orders(query, None)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def measure(profile: Profile, store: SecretStore, expected: int) -> Measurement:
    provider = open_provider(profile, store)
    try:
        capabilities = provider.capabilities
        query = OrderQuery(page_size=capabilities.max_page_size)
        throttled = capabilities.requests_per_second is not None
        # A warm-up call: connection set-up and lookups a client caches (CloudPond's site
        # names, Ace Data's user id) belong to neither number.
        await provider.list_orders(query, None)
        latency = await one_request_latency(provider, query, throttled)
        if throttled:
            await asyncio.sleep(DUOPLUS_INTERVAL * 1.1)
        started = time.perf_counter()
        orders = pages = 0
        async for page in provider.iter_pages(query):
            pages += 1
            orders += len(page.items)
        load_all = time.perf_counter() - started
    finally:
        await provider.aclose()
    if throttled:
        interval = 1 / (capabilities.requests_per_second or 1)
        floor, rule = pages * interval, f"{pages} pages x {interval:g} s"
    elif capabilities.concurrent_pages > 1:
        waves = 1 + math.ceil((pages - 1) / capabilities.concurrent_pages)
        floor = waves * latency
        rule = f"{waves} waves ({capabilities.concurrent_pages} at once) x round trip"
    else:
        floor, rule = pages * latency, f"{pages} pages x round trip"
    return Measurement(
        profile.name,
        PROVIDER_NAMES[profile.provider],
        orders,
        expected,
        pages,
        latency,
        load_all,
        floor,
        rule,
    )


async def run_all(url: str, state: SandboxState) -> list[Measurement]:
    config = demo_config(url)
    store = demo_secrets()
    results = []
    # One after another: concurrent runs would share the sandbox's one thread and skew both.
    for profile in config.profiles.values():
        expected = len(state.providers[profile.provider].orders)
        results.append(await measure(profile, store, expected))
    return results


def report(results: list[Measurement]) -> bool:
    header = (
        f"{'provider':<10} {'orders':>7} {'pages':>5} {'1 request':>10} "
        f"{'load all':>9} {'floor':>8} {'ratio':>6}  floor rule"
    )
    print(header)
    print("-" * len(header))
    ok = True
    for m in results:
        complete = m.orders == m.expected
        good = complete and m.ratio <= MAX_RATIO
        ok &= good
        print(
            f"{m.provider:<10} {m.orders:>7,} {m.pages:>5} {m.latency * 1000:>8.1f}ms "
            f"{m.load_all:>8.2f}s {m.floor:>7.2f}s {m.ratio:>6.2f}  {m.floor_rule}"
            + ("" if complete else f"  INCOMPLETE: expected {m.expected:,}")
            + ("" if good else "  FAIL")
        )
    print(f"\nlimit: ratio <= {MAX_RATIO}; {'all within' if ok else 'REGRESSION'}")
    return ok


def main() -> int:
    state = SandboxState(orders_per_provider=ORDERS_PER_PROVIDER)
    state.faults.arm(Fault(FaultKind.LATENCY, seconds=WAN_DELAY, times=None))
    with SandboxServer(state) as server:
        results = asyncio.run(run_all(server.url, state))
    return 0 if report(results) else 1


if __name__ == "__main__":
    sys.exit(main())

""" "Load all" of 5,000 orders per provider, timed against the floor each protocol allows
(issue 6, target 4a: within 1.3x).

Runs the real clients against a sandbox in its own process that adds a fixed delay to every
answer (a stand-in for the internet's round trip). The floor is measured in the same run: one
round trip is the median of single first-page requests sent by a *bare* httpx client (signed
where the protocol says so, answer read but not parsed), so the client's own parsing and
bookkeeping count against it, never in its favour:

- CloudPond (marker pages, strictly one after another): pages x one round trip.
- Ace Data (offset pages, fetched concurrently): the first page, then the rest in waves of
  the client's documented concurrency: (1 + ceil((pages - 1) / concurrency)) x one round trip.
- DuoPlus (page numbers, but 1 request/s per endpoint): pages x 1 s, never faster.
- Huawei billing (offset pages, concurrently, as Ace Data): the list lacks a pending order's
  pay-by time, which only its detail call gives, so each pending order costs one more request
  after its page, `DETAIL_CONCURRENCY` at a time: the waves, plus
  ceil(pending / concurrency) round trips.

Exits 1 when any ratio exceeds `MAX_RATIO`. Run: `uv run python -m benchmarks.fetch_all`.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import httpx
from pydantic import SecretStr

from benchmarks._common import Row, sandbox_process
from tui.orders import OrderQuery
from tui.providers import open_provider
from tui.providers.cloudpond.auth import AkSkAuth
from tui.providers.huawei_bss.client import DETAIL_CONCURRENCY
from tui.providers.registry import display_name
from tui.sandbox.demo import DEMO_ACE_USER_ID, DEMO_DOMAIN_ID, demo_config, demo_secrets

if TYPE_CHECKING:
    from tui.config import Profile
    from tui.secrets import SecretStore

ORDERS_PER_PROVIDER: Final = 5_000
"""Enough pages (50 on CloudPond) that per-page overhead shows, small enough to run in ~30 s."""
MAX_RATIO: Final = 1.3
"""Load-all may take 30% over its floor: room for parsing and scheduling, not for a lost
concurrency or an extra round trip per page."""
LATENCY_SAMPLES: Final = 5
"""Median of this many single-page requests: one sample is at the mercy of a GC pause."""
WAN_DELAY: Final = 0.05
"""Seconds the sandbox waits before each answer, standing in for an internet round trip (a
near region; farther ones only make the client's share smaller). Without it a loopback request
is all server CPU, which one sandbox thread serves one at a time, so concurrent pages could not
beat sequential ones and the floor would be fiction. The parse benchmark covers the client's
CPU with no delay to hide behind."""
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


def _secret(store: SecretStore, profile: str, field: str) -> SecretStr:
    value = store.get(profile, field)
    assert value is not None, f"the demo store has no {profile}:{field}"
    return value


def bare_request(profile: Profile, store: SecretStore, page_size: int) -> httpx.Request:
    """A first-page list request as the protocol writes it, without any of our client code."""
    base = str(profile.endpoint).rstrip("/")
    if profile.provider == "cloudpond":
        return httpx.Request(
            "GET",
            f"{base}/v2/{DEMO_DOMAIN_ID}/delivery-orders",
            params={"limit": str(page_size)},
        )
    if profile.provider == "huawei_bss":
        return httpx.Request(
            "GET",
            f"{base}/v2/orders/customer-orders",
            params={"limit": str(page_size), "offset": "0", "order_by": "-createTime"},
        )
    token = _secret(store, profile.name, "token").get_secret_value()
    return httpx.Request(
        "GET",
        f"{base}/api/v1/orders/",
        params={"user_id": DEMO_ACE_USER_ID, "limit": str(page_size), "offset": "0"},
        headers={"authorization": f"Bearer {token}"},
    )


async def bare_round_trip(profile: Profile, store: SecretStore, page_size: int) -> float:
    """Median time of a bare first-page request (a warm connection, answer read not parsed)."""
    auth = None
    if profile.provider in ("cloudpond", "huawei_bss"):
        auth = AkSkAuth(
            _secret(store, profile.name, "ak"), _secret(store, profile.name, "sk"), DEMO_DOMAIN_ID
        )
    async with httpx.AsyncClient(auth=auth) as bare:
        await bare.send(bare_request(profile, store, page_size))  # connect once
        samples: list[float] = []
        for _ in range(LATENCY_SAMPLES):
            started = time.perf_counter()
            response = await bare.send(bare_request(profile, store, page_size))
            response.raise_for_status()
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def measure_profile(profile: Profile, store: SecretStore, expected: int) -> Measurement:
    provider = open_provider(profile, store)
    try:
        capabilities = provider.capabilities
        query = OrderQuery(page_size=capabilities.max_page_size)
        throttled = capabilities.requests_per_second is not None
        # A warm-up call: connection set-up and lookups a client caches (CloudPond's site
        # names, Ace Data's user id) belong to neither number.
        await provider.list_orders(query, None)
        latency = 0.0
        if throttled:
            await asyncio.sleep(DUOPLUS_INTERVAL * 1.1)  # the warm-up's throttle slot
        else:
            latency = await bare_round_trip(profile, store, query.page_size)
        started = time.perf_counter()
        orders = pages = with_deadline = 0
        async for page in provider.iter_pages(query):
            pages += 1
            orders += len(page.items)
            with_deadline += sum(1 for order in page.items if order.expires_at is not None)
        load_all = time.perf_counter() - started
    finally:
        await provider.aclose()
    if throttled:
        interval = 1 / (capabilities.requests_per_second or 1)
        floor, rule = pages * interval, f"{pages} pages x {interval:g} s"
    elif capabilities.concurrent_pages > 1:
        waves = 1 + math.ceil((pages - 1) / capabilities.concurrent_pages)
        rule = f"{waves} waves ({capabilities.concurrent_pages} at once)"
        if profile.provider == "huawei_bss":  # each pending order's deadline: one detail call
            waves += math.ceil(with_deadline / DETAIL_CONCURRENCY)
            rule += f" + {with_deadline} pending orders' details ({DETAIL_CONCURRENCY} at once)"
        floor = waves * latency
        rule += " x round trip"
    else:
        floor, rule = pages * latency, f"{pages} pages x round trip"
    return Measurement(
        profile.name,
        display_name(profile.provider),
        orders,
        expected,
        pages,
        latency,
        load_all,
        floor,
        rule,
    )


async def run_all(url: str, expected: int) -> list[Measurement]:
    config = demo_config(url)
    store = demo_secrets()
    results = []
    # One after another: concurrent runs would share the sandbox's one thread and skew both.
    for profile in config.profiles.values():
        results.append(await measure_profile(profile, store, expected))
    return results


def measure(orders: int = ORDERS_PER_PROVIDER) -> list[Row]:
    with sandbox_process(orders, latency=WAN_DELAY) as url:
        results = asyncio.run(run_all(url, orders))
    rows = []
    for m in results:
        if m.orders != m.expected:
            raise AssertionError(f"{m.provider}: loaded {m.orders:,} of {m.expected:,}")
        rows.append(
            Row(
                f"4a load all {m.orders:,} {m.provider} ({m.pages} pages)",
                m.load_all,
                m.floor,
                "s",
                MAX_RATIO,
                f"floor: {m.floor_rule}"
                + (f", bare round trip {m.latency * 1000:.0f} ms" if m.latency else ""),
            )
        )
    return rows


def report(results: list[Measurement]) -> bool:
    header = (
        f"{'provider':<14} {'orders':>7} {'pages':>5} {'1 request':>10} "
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
            f"{m.provider:<14} {m.orders:>7,} {m.pages:>5} {m.latency * 1000:>8.1f}ms "
            f"{m.load_all:>8.2f}s {m.floor:>7.2f}s {m.ratio:>6.2f}  {m.floor_rule}"
            + ("" if complete else f"  INCOMPLETE: expected {m.expected:,}")
            + ("" if good else "  FAIL")
        )
    print(f"\nlimit: ratio <= {MAX_RATIO}; {'all within' if ok else 'REGRESSION'}")
    return ok


def main(argv: list[str]) -> int:
    orders = int(argv[0]) if argv else ORDERS_PER_PROVIDER
    with sandbox_process(orders, latency=WAN_DELAY) as url:
        results = asyncio.run(run_all(url, orders))
    return 0 if report(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

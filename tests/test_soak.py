"""Soak: the dashboard on All profiles, auto-refreshing every second, with the payments monitor
polling, against a sandbox in its own process on loopback (its real rate limit, its own memory).

Checked over the run: the test process's memory after warm-up grows less than 10%, no call of
one profile is sent again while the same call is still in flight (a refresh never piles onto
the last one; the table and the payments monitor ask different questions and may each have
one request out), and the sandbox recorded no rate-limit violation.
The default run is short; the long one (`-m slow`) runs just under two minutes:

    uv run pytest -m slow tests/test_soak.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.wall_clock import WALL_CLOCK
from tui.config import PaymentsConfig, Profile
from tui.deck import Deck
from tui.sandbox.demo import demo_config, demo_secrets
from tui.ui.app import OrderDeckApp
from tui.ui.widgets.profile_list import ALL_PROFILES

SHORT_SECONDS = 12.0
"""The default run: a dozen refresh cycles and two payment polls, inside the CI budget."""

LONG_SECONDS = 110.0
"""The `slow` run: just under the two minutes the soak may take."""

POLL_SECONDS = 5.0
"""The payments monitor's fastest allowed poll (the config's floor)."""

MEMORY_GROWTH = 1.10

pytestmark = WALL_CLOCK


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def sandbox_process() -> str:
    """`orderdeck sandbox` in a child process: its memory is not ours, its clock is real."""
    port = free_port()
    child = subprocess.Popen(
        [sys.executable, "-m", "tui", "sandbox", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/_sandbox/requests", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or child.poll() is not None:
                    raise
                time.sleep(0.1)
        yield url  # type: ignore[misc]
    finally:
        child.terminate()
        child.wait(10)


def rss_bytes() -> int:
    """Resident memory of this process (Linux `/proc`)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


@dataclass
class Flights:
    """Requests in flight per profile, and the worst overlap seen."""

    in_flight: dict[str, int] = field(default_factory=dict)
    overlaps: list[str] = field(default_factory=list)
    count: dict[str, int] = field(default_factory=dict)


class RecordingTransport(httpx.AsyncBaseTransport):
    """The real network, noting when each of one profile's requests starts and ends."""

    def __init__(self, profile: str, flights: Flights) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._profile = profile
        self._flights = flights

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        flights, name = self._flights, self._profile
        # One call of one profile: the same path, query and body. The table's refresh and the
        # payments monitor ask different questions and may each have one in flight.
        call = f"{name} {request.method} {request.url.path}?{request.url.query.decode()}"
        call += f" {request.content!r}"
        if flights.in_flight.get(call, 0):
            flights.overlaps.append(call)
        flights.in_flight[call] = flights.in_flight.get(call, 0) + 1
        flights.count[name] = flights.count.get(name, 0) + 1
        try:
            response = await self._inner.handle_async_request(request)
            body = await response.aread()
            # A fresh stream: the one read above is spent, and a transport above this one (the
            # DuoPlus envelope check) reads the body again.
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                stream=httpx.ByteStream(body),
                extensions=response.extensions,
            )
        finally:
            flights.in_flight[call] -= 1

    async def aclose(self) -> None:
        await self._inner.aclose()


async def soak(url: str, seconds: float) -> None:
    if not Path("/proc/self/statm").exists():
        pytest.skip("memory is read from /proc")
    config = demo_config(url, refresh_seconds=1, timezone="UTC")
    config = config.model_copy(update={"payments": PaymentsConfig(poll_seconds=POLL_SECONDS)})
    flights = Flights()

    def transport(profile: Profile) -> httpx.AsyncBaseTransport:
        return RecordingTransport(profile.name, flights)

    deck = Deck(config, demo_secrets(), transport_factory=transport)
    app = OrderDeckApp(deck, initial_view=ALL_PROFILES)
    async with app.run_test(size=(140, 40)) as pilot:
        warm_up = min(10.0, seconds / 3)
        await pilot.pause(warm_up)
        baseline = rss_bytes()
        await pilot.pause(seconds - warm_up)
        final = rss_bytes()
        assert app.is_running
    print(f"soak {seconds:g} s: requests {flights.count}, memory {final / baseline:.1%}")
    requests = httpx.get(f"{url}/_sandbox/requests", timeout=5).json()
    assert requests["rate_limit_violations"] == 0
    assert not flights.overlaps, f"overlapping requests: {flights.overlaps[:5]}"
    # Liveness: a refresh is skipped while the last one runs, and DuoPlus's 1 request/s is
    # shared with the payments monitor, so a cycle takes two to three seconds, not one.
    for name in ("edge", "phones", "ace"):
        assert flights.count.get(name, 0) >= seconds / 5, (name, flights.count)
    assert final <= baseline * MEMORY_GROWTH, f"memory grew {final / baseline:.2%}"


async def test_a_short_soak_keeps_memory_requests_and_rate_limits_in_bounds(
    sandbox_process: str,
) -> None:
    await soak(sandbox_process, SHORT_SECONDS)


@pytest.mark.slow
async def test_a_two_minute_soak_keeps_memory_requests_and_rate_limits_in_bounds(
    sandbox_process: str,
) -> None:
    await soak(sandbox_process, LONG_SECONDS)
